"""Users, roles, audit and reference data shared by every domain."""

from typing import Any

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_after_last_app(sender: AppConfig, **kwargs: Any) -> None:
    # Permissions are created app by app on post_migrate; the roles can only be
    # synchronised once the last app's permissions exist (apps without models get no signal).
    # Flushes between transactional tests send post_migrate too, which restores this data.
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender.label != with_models[-1].label:
        return
    from aegis.core.reference import reference_data_sync
    from aegis.core.roles import roles_sync

    roles_sync()
    reference_data_sync()


class CoreConfig(AppConfig):
    name = "aegis.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.urls import register_converter

        from aegis.core import figures_cache
        from aegis.core.converters import IdConverter

        register_converter(IdConverter, "id")
        figures_cache.connect()
        post_migrate.connect(_sync_after_last_app, dispatch_uid="aegis-reference-sync")
