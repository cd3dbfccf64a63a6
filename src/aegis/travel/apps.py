"""The Passenger Information Unit: carrier messages, screening, hits and cases."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TravelConfig(AppConfig):
    name = "aegis.travel"
    verbose_name = _("Travel")
