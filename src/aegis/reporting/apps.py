"""The Monthly Highlights newsletter, dashboards and public pages."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "aegis.reporting"
    verbose_name = _("Reporting")
