"""Every write to an account's security, each recorded as a ``SecurityEvent``.

Enrolment is not trust-on-first-use: the password alone never sets up a second factor.
A supervisor (for PIU accounts) or an administrator (for anyone) issues a one-time
enrolment code; its owner types it before the set-up page shows a key. Enrolling hands out
single-use recovery codes. Codes are random, shown once and stored as digests only.
"""

from __future__ import annotations

import datetime as dt
import secrets

from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from aegis.accounts.models import (
    ApiToken,
    EnrolmentCode,
    RecoveryCode,
    SecurityEvent,
    code_digest,
)
from aegis.accounts.otp import needs_second_factor
from aegis.accounts.tokens import password_stamp, token_digest
from aegis.core.models import User
from aegis.core.permissions import SYSTEM, Actor, acting_user
from aegis.core.roles import PIU_ROLES, user_roles

_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"  # base32: no 0/1/8/9 to mistake for O/I/B/g
RECOVERY_CODE_COUNT = 10


def _random_code(groups: int, size: int) -> str:
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(size)) for _ in range(groups))


def _record(actor: Actor, subject: User, action: str, detail: str = "") -> None:
    SecurityEvent.objects.create(
        actor=acting_user(actor), subject=subject, action=action, detail=detail
    )


def may_issue_enrolment_code(actor: User, account: User) -> bool:
    """Administrators for anyone; PIU supervisors for PIU accounts that are not staff."""
    if actor.is_superuser:
        return True
    return (
        actor.has_perm("travel.supervise_case")
        and bool(user_roles(account) & PIU_ROLES)
        and not (account.is_staff or account.is_superuser)
    )


@transaction.atomic
def enrolment_code_issue(*, actor: Actor, account: User) -> str:
    """A new one-time enrolment code for ``account`` (earlier unused ones stop working).

    ``actor`` SYSTEM is the command line (whoever runs it holds the server). Raises
    PermissionDenied when ``actor`` may not issue codes for ``account``.
    """
    issuer = acting_user(actor)
    if issuer is not None and not may_issue_enrolment_code(issuer, account):
        raise PermissionDenied(_("You may not issue an enrolment code for this account."))
    EnrolmentCode.objects.filter(user=account, used_at__isnull=True).delete()
    code = _random_code(4, 4)
    EnrolmentCode.objects.create(
        user=account,
        digest=code_digest(account.pk, code),
        issued_by=issuer,
        expires_at=timezone.now() + dt.timedelta(hours=settings.AEGIS_ENROLMENT_CODE_HOURS),
    )
    _record(actor, account, SecurityEvent.Action.ENROLMENT_CODE_ISSUED)
    return code


def enrolment_code_valid(*, account: User, code: str) -> EnrolmentCode | None:
    """The unused, unexpired enrolment code ``code`` of ``account``, or None."""
    return EnrolmentCode.objects.filter(
        user=account,
        digest=code_digest(account.pk, code),
        used_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).first()


@transaction.atomic
def enrolment_complete(
    *, account: User, enrolment: EnrolmentCode, device: TOTPDevice
) -> list[str] | None:
    """Confirm ``device`` with the enrolment code spent; returns the new recovery codes.

    None when the code was spent or expired meanwhile (nothing is changed then).
    """
    spent = EnrolmentCode.objects.filter(
        pk=enrolment.pk, user=account, used_at__isnull=True, expires_at__gt=timezone.now()
    ).update(used_at=timezone.now())
    if spent != 1:
        return None
    TOTPDevice.objects.filter(user=account).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    _record(account, account, SecurityEvent.Action.ENROLLED, device.name)
    return recovery_codes_issue(user=account)


@transaction.atomic
def recovery_codes_issue(*, user: User) -> list[str]:
    """Ten new single-use recovery codes for ``user``; the earlier ones stop working."""
    RecoveryCode.objects.filter(user=user).delete()
    codes = [_random_code(2, 5) for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, digest=code_digest(user.pk, code)) for code in codes
    )
    _record(user, user, SecurityEvent.Action.RECOVERY_CODES_ISSUED)
    return codes


@transaction.atomic
def recovery_code_redeem(*, user: User, code: str) -> bool:
    """Spend ``code`` if it is one of ``user``'s unused recovery codes; True when it was."""
    spent = RecoveryCode.objects.filter(
        user=user, digest=code_digest(user.pk, code), used_at__isnull=True
    ).update(used_at=timezone.now())
    if spent:
        _record(user, user, SecurityEvent.Action.RECOVERY_CODE_USED)
    return spent == 1


@transaction.atomic
def device_reset(*, actor: User, device: TOTPDevice) -> None:
    """Delete ``device``: its owner must enrol again. Administrators only."""
    if not actor.is_superuser:
        raise PermissionDenied(_("Only an administrator can reset a second factor."))
    _record(actor, device.user, SecurityEvent.Action.DEVICE_RESET, device.name)
    device.delete()


@transaction.atomic
def lockout_lift(*, actor: User, username: str) -> int:
    """Forget the failed sign-ins of ``username`` from every address (the pairs' locks and
    the username's delay); returns how many failures were forgotten. Administrators only;
    recorded on the account (a username with no account has nobody to let in: 0)."""
    if not actor.is_superuser:
        raise PermissionDenied(_("Only an administrator can lift a sign-in lockout."))
    account = User.objects.filter(username=username).first()
    attempts = AccessAttempt.objects.filter(username=username)
    if account is None:
        return 0
    failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
    addresses = attempts.values("ip_address").distinct().count()
    attempts.delete()
    plural = "address" if addresses == 1 else "addresses"
    _record(
        actor,
        account,
        SecurityEvent.Action.LOCKOUT_LIFTED,
        f"{failures} failed sign-ins from {addresses} {plural}",
    )
    return int(failures)


def enrolment_candidates(*, actor: User) -> QuerySet[User]:
    """The active accounts ``actor`` may issue enrolment codes for."""
    piu = Q(groups__name__in=[role.value for role in PIU_ROLES])
    accounts = User.objects.filter(is_active=True)
    if actor.is_superuser:
        accounts = accounts.filter(piu | Q(is_staff=True) | Q(is_superuser=True))
    elif actor.has_perm("travel.supervise_case"):
        accounts = accounts.filter(piu, is_staff=False, is_superuser=False)
    else:
        accounts = accounts.none()
    return accounts.distinct().order_by("username")


@transaction.atomic
def api_token_issue(
    *,
    actor: Actor,
    user: User,
    name: str,
    scopes: list[str],
    second_factor: bool = False,
) -> str:
    """A new API token of ``user``; returns its key (shown once, stored as a digest).

    ``second_factor`` says the request that asks for it was verified by one (a session
    after the second-factor page). Raises PermissionDenied when ``actor`` may not issue it:
    someone else's token (administrators excepted); a ``carrier`` token for an account that
    sees personal data; a ``piu`` token without the second factor. ValidationError for
    unknown, missing or mixed carrier scopes.
    """
    if actor is not SYSTEM and actor.pk != user.pk and not actor.is_superuser:
        raise PermissionDenied(_("You may issue tokens for your own account only."))
    wanted = sorted(set(scopes))
    if not wanted or not set(wanted) <= set(ApiToken.Scope.values):
        choices = ", ".join(ApiToken.Scope.values)
        raise ValidationError({"scopes": [_("Choose scopes among: %s.") % choices]})
    if ApiToken.Scope.CARRIER in wanted:
        if needs_second_factor(user):
            raise PermissionDenied(_("No carrier token for an account that sees personal data."))
        if len(wanted) > 1:
            raise ValidationError({"scopes": [_("A carrier token has no other scope.")]})
    if ApiToken.Scope.PIU in wanted and not (second_factor and user_roles(user) & PIU_ROLES):
        raise PermissionDenied(_("A PIU token is issued under the second factor only."))
    key = secrets.token_urlsafe(32)
    now = timezone.now()
    ApiToken.objects.create(
        user=user,
        name=name.strip()[:100] or "API",
        prefix=key[:8],
        digest=token_digest(key),
        scopes=" ".join(wanted),
        second_factor=second_factor and ApiToken.Scope.PIU in wanted,
        password_stamp=password_stamp(user),
        created_at=now,
        expires_at=now + dt.timedelta(days=settings.AEGIS_API_TOKEN_DAYS),
    )
    _record(actor, user, SecurityEvent.Action.TOKEN_ISSUED, f"{name} [{' '.join(wanted)}]"[:200])
    return key


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken) -> None:
    """Revoke ``token`` (its owner or an administrator); revoking twice changes nothing."""
    if actor is not SYSTEM and actor.pk != token.user_id and not actor.is_superuser:
        raise PermissionDenied(_("You may revoke your own tokens only."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        _record(actor, token.user, SecurityEvent.Action.TOKEN_REVOKED, token.name)


def api_tokens_revoke_on_sign_out(*, user: User) -> None:
    """Signing out of the pages ends the tokens whose second factor came from a session."""
    for token in ApiToken.objects.filter(user=user, second_factor=True, revoked_at__isnull=True):
        api_token_revoke(actor=user, token=token)
