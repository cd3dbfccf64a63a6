"""The site: pages and commands that compose the domain apps (home, search, the
organisation registry's pages, health), the demo, and the reference data every
installation holds. It sits above every app; ``core`` sits below them all."""

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
    from aegis.core.roles import roles_sync
    from aegis.site.reference import reference_data_sync

    roles_sync()
    reference_data_sync()


class SiteConfig(AppConfig):
    name = "aegis.site"
    label = "site"
    verbose_name = _("Site")

    def ready(self) -> None:
        post_migrate.connect(_sync_after_last_app, dispatch_uid="aegis-reference-sync")
