"""Every write to an account's security, each recorded as a ``SecurityEvent``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from aegis.accounts.models import SecurityEvent
from aegis.core.models import User


@transaction.atomic
def device_reset(*, actor: User, device: TOTPDevice) -> None:
    """Delete ``device``: its owner must enrol again. Administrators only."""
    if not actor.is_superuser:
        raise PermissionDenied(_("Only an administrator can reset a second factor."))
    SecurityEvent.objects.create(
        actor=actor,
        subject=device.user,
        action=SecurityEvent.Action.DEVICE_RESET,
        detail=device.name,
    )
    device.delete()
