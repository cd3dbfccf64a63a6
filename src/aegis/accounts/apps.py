"""The accounts app, and the admin site that needs a confirmed second factor."""

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True
    name = "aegis.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed

        from aegis.accounts.lockout import slow_down_failed_sign_in

        # After django-axes' receiver ("axes" comes first in INSTALLED_APPS): the failure
        # at hand is already counted.
        user_login_failed.connect(slow_down_failed_sign_in, dispatch_uid="aegis-sign-in-delay")


class AegisAdminConfig(admin_apps.AdminConfig):
    """``django.contrib.admin`` with ``aegis.accounts.admin_site.AegisAdminSite`` as its site."""

    default = False
    default_site = "aegis.accounts.admin_site.AegisAdminSite"
