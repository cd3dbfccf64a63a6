"""The accounts app, and the admin site that needs a confirmed second factor."""

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True
    name = "aegis.accounts"
    verbose_name = _("Accounts")


class AegisAdminConfig(admin_apps.AdminConfig):
    """``django.contrib.admin`` with ``aegis.accounts.admin_site.AegisAdminSite`` as its site."""

    default = False
    default_site = "aegis.accounts.admin_site.AegisAdminSite"
