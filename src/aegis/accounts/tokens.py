"""API token authentication: digest look-up, expiry, revocation, password stamp, scopes.

Which scope a request needs is declared here once, from the URL name of the endpoint:
the carrier doors need ``carrier``; other ``travel-*`` endpoints ``piu`` (a scope only a
session verified by the second factor can issue); ``me``, the schema and sign-out any
scope; everything else is the office (``office:read`` for reading, ``office`` to write).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.request import Request

from aegis.accounts.models import ApiToken

CARRIER_ENDPOINTS = frozenset(
    {
        "travel-messages",
        "travel-message",
        "travel-iapi",
        "travel-iapi-answer",
        "travel-iapi-paxlst",
        "travel-iapi-cusres",
    }
)
ANY_SCOPE_ENDPOINTS = frozenset({"me", "token-logout", "schema", "docs", "not-found"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LAST_USED_EVERY = dt.timedelta(minutes=5)


def token_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def password_stamp(user: Any) -> str:
    """A fingerprint of the user's password hash: it changes when the password does."""
    return salted_hmac("aegis.accounts.api-token", user.password).hexdigest()


def scope_needed(url_name: str, method: str) -> frozenset[str]:
    """The scopes of which a token needs one to call endpoint ``url_name`` with ``method``."""
    if url_name in ANY_SCOPE_ENDPOINTS:
        return frozenset(ApiToken.Scope.values)
    if url_name in CARRIER_ENDPOINTS:
        return frozenset({ApiToken.Scope.CARRIER})
    if url_name.startswith("travel-"):
        return frozenset({ApiToken.Scope.PIU})
    if method in SAFE_METHODS:
        return frozenset({ApiToken.Scope.OFFICE_READ, ApiToken.Scope.OFFICE})
    return frozenset({ApiToken.Scope.OFFICE})


class ApiTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>`` against ``ApiToken``; the endpoint must be in scope."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        result = super().authenticate(request)
        if result is not None:
            match = request._request.resolver_match
            url_name = match.url_name if match is not None else ""
            token: ApiToken = result[1]
            if not set(token.scope_list) & scope_needed(url_name or "", request.method or ""):
                raise exceptions.PermissionDenied(_("This token's scopes do not cover this."))
        return result

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        now = timezone.now()
        token = ApiToken.objects.select_related("user").filter(digest=token_digest(key)).first()
        if (
            token is None
            or token.revoked_at is not None
            or token.expires_at <= now
            or not token.user.is_active
            or not constant_time_compare(token.password_stamp, password_stamp(token.user))
        ):
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        user = token.user
        # A token carries the second factor only with the PIU scope it was issued under.
        verified = token.second_factor and ApiToken.Scope.PIU in token.scope_list
        user.is_verified = lambda: verified  # type: ignore[attr-defined]
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return user, token
