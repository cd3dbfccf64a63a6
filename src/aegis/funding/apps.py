"""The Counter-Terrorism Trust Fund: donors, pledges, receipts, in-kind contributions."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "aegis.funding"
    verbose_name = _("Funding")
