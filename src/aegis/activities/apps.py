"""Programmes, capacity-building activities and their results."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "aegis.activities"
    verbose_name = _("Activities")
