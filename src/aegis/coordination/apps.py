"""The Global Counter-Terrorism Coordination Compact: entities, working groups, committees."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "aegis.coordination"
    verbose_name = _("Coordination")
