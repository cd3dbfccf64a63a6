"""Security records of accounts: events, enrolment codes, recovery codes."""

from __future__ import annotations

import hashlib
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SecurityEvent(models.Model):
    """Who did what to whose account's security (device reset, codes issued, tokens revoked)."""

    class Action(models.TextChoices):
        DEVICE_RESET = "device_reset", _("second-factor device reset")
        ENROLMENT_CODE_ISSUED = "enrolment_code_issued", _("enrolment code issued")
        ENROLLED = "enrolled", _("second factor enrolled")
        RECOVERY_CODES_ISSUED = "recovery_codes_issued", _("recovery codes issued")
        RECOVERY_CODE_USED = "recovery_code_used", _("recovery code used")
        TOKEN_ISSUED = "token_issued", _("API token issued")
        TOKEN_REVOKED = "token_revoked", _("API token revoked")
        LOCKOUT_LIFTED = "lockout_lifted", _("sign-in lockout lifted")

    at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="security_events",
        verbose_name=_("account"),
    )
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    class Meta:
        ordering: ClassVar = ["-at", "-pk"]
        verbose_name = _("security event")
        verbose_name_plural = _("security events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.subject}"


class EnrolmentCode(models.Model):
    """A one-time code, issued by a supervisor or an administrator, to set up a second factor.

    Only its digest is stored; the code itself is shown once to whoever issued it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolment_codes"
    )
    digest = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment code")
        verbose_name_plural = _("enrolment codes")

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"


class RecoveryCode(models.Model):
    """A single-use recovery code of an account (stored as a digest), for a lost phone."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")

    def __str__(self) -> str:
        return f"{self.user} {'used' if self.used_at else 'unused'}"


def code_digest(user_id: int, code: str) -> str:
    """SHA-256 of a code (case, spaces and dashes ignored) bound to its account."""
    normal = "".join(code.split()).replace("-", "").upper()
    return hashlib.sha256(f"{user_id}:{normal}".encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token of the API: named, scoped, expiring, revocable; stored as a digest.

    It dies on its expiry date, when revoked (account page, API sign-out, an administrator)
    and when its owner's password changes (``password_stamp`` no longer matches).
    """

    class Scope(models.TextChoices):
        CARRIER = "carrier", _("carrier intake and interactive API")
        OFFICE_READ = "office:read", _("office records, read only")
        OFFICE = "office", _("office records, read and write")
        PIU = "piu", _("PIU records (issued under the second factor)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("begins with"), max_length=8)
    digest = models.CharField(max_length=64, unique=True)
    scopes = models.CharField(_("scopes"), max_length=100, help_text=_("space-separated"))
    second_factor = models.BooleanField(_("issued under the second factor"), default=False)
    password_stamp = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()
