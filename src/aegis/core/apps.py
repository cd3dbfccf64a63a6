"""Users, roles, audit and reference data shared by every domain."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "aegis.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.urls import register_converter

        from aegis.core import figures_cache
        from aegis.core.converters import IdConverter

        register_converter(IdConverter, "id")
        figures_cache.connect()
