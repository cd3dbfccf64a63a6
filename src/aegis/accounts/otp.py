"""Who needs a confirmed second factor, and where they go to confirm it.

Every account that can reach personal data needs one: the PIU roles and administrators
(staff and superusers, who can reach everything through the admin). Their pages and the
admin send them to ``second_factor`` until they have confirmed a code in this session; the
API refuses them (403) unless the session is verified. A token never carries a session's
verification, so a token alone opens no PIU endpoint.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from aegis.core.roles import PIU_ROLES, user_roles


def needs_second_factor(user: Any) -> bool:
    """True when ``user`` can reach personal data: a PIU role, staff or superuser."""
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_staff", False) or getattr(user, "is_superuser", False):
        return True
    return bool(user_roles(user) & PIU_ROLES)


def second_factor_missing(user: Any) -> bool:
    """True when ``user`` needs a second factor and has not confirmed one in this session."""
    if not settings.AEGIS_PIU_REQUIRE_2FA or not needs_second_factor(user):
        return False
    is_verified = getattr(user, "is_verified", None)
    return not (is_verified is not None and is_verified())


def to_second_factor(request: HttpRequest) -> HttpResponseRedirect:
    """Send the visitor to the second-factor page, coming back to this page afterwards."""
    target = reverse("second_factor")
    return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
