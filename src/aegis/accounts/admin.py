"""Second-factor devices in the admin: names and dates, never a key; reset, never edit.

django-otp's own admin shows the key and its QR code and lets staff type a key in; it is
replaced here. An administrator can only reset devices (delete them, so their owner must
enrol again with a new enrolment code), which is recorded as a ``SecurityEvent``.
"""

from __future__ import annotations

from typing import Any

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from aegis.accounts import services
from aegis.accounts.models import SecurityEvent
from aegis.core.permissions import signed_in_user

for replaced in (TOTPDevice, AccessAttempt):
    if admin.site.is_registered(replaced):
        admin.site.unregister(replaced)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("user", "name", "confirmed", "created_at", "last_used_at")
    list_filter = ("confirmed",)
    search_fields = ("user__username", "name")
    fields = ("user", "name", "confirmed", "created_at", "last_used_at")
    readonly_fields = fields
    actions = ("reset_devices",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Deletion goes through the audited reset action only.
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    @admin.action(description=_("Reset (the owner enrols again)"))
    def reset_devices(self, request: HttpRequest, queryset: QuerySet[TOTPDevice]) -> None:
        actor = signed_in_user(request)
        count = 0
        for device in queryset.select_related("user"):
            services.device_reset(actor=actor, device=device)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d device reset.", "%(count)d devices reset.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("at", "action", "subject", "actor", "detail")
    list_filter = ("action",)
    search_fields = ("subject__username", "actor__username")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AccessAttempt)
class LockoutAdmin(AccessAttemptAdmin):  # type: ignore[misc]
    """django-axes' failed sign-ins, lifted through the audited action only (no deletion)."""

    actions = ("lift_lockouts", "cleanup_expired_attempts")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Lift the lockout of these accounts (from every address)"))
    def lift_lockouts(self, request: HttpRequest, queryset: QuerySet[AccessAttempt]) -> None:
        actor = signed_in_user(request)
        usernames = sorted({name for name in queryset.values_list("username", flat=True) if name})
        lifted = [name for name in usernames if services.lockout_lift(actor=actor, username=name)]
        self.message_user(
            request,
            ngettext("Lockout lifted for %(names)s.", "Lockouts lifted for %(names)s.", len(lifted))
            % {"names": ", ".join(lifted) or "-"},
            messages.SUCCESS if lifted else messages.WARNING,
        )
