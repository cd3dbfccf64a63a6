import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.db import connections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aegis.settings.production")
application = get_wsgi_application()

if settings.AEGIS_SCREENING_WARM:
    from aegis.travel.screening import active_index

    active_index()
    # Workers forked after this (gunicorn --preload) must open their own connections.
    connections.close_all()
