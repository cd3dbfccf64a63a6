"""Two-factor authentication (TOTP) for the PIU: required on every PIU page and endpoint.

A user of a PIU role who has not confirmed a second factor in this session is sent to
``travel:second_factor`` (pages) or refused with 403 (API). The office half is untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from aegis.core.roles import PIU_ROLES, user_roles

View = TypeVar("View", bound=Callable[..., HttpResponse])


def second_factor_missing(user: Any) -> bool:
    """True when ``user`` must still confirm a TOTP code to use the PIU."""
    if not settings.AEGIS_PIU_REQUIRE_2FA:
        return False
    if not (user_roles(user) & PIU_ROLES):
        return False
    is_verified = getattr(user, "is_verified", None)
    return not (is_verified is not None and is_verified())


def piu_page(view: View) -> View:
    """Sign-in, the PIU switch and the second factor, before any PIU page."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.AEGIS_PIU_ENABLED:
            raise PermissionDenied(_("The PIU is not enabled on this installation."))
        if not (user_roles(request.user) & PIU_ROLES):
            raise PermissionDenied(_("Your role has no access to the PIU."))
        if second_factor_missing(request.user):
            target = reverse("travel:second_factor")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return view(request, *args, **kwargs)

    return cast(View, login_required(wrapped))


class PiuVerified(BasePermission):
    """API: a PIU role with a confirmed second factor (token clients: carrier accounts)."""

    message = _("The PIU needs two-factor authentication: confirm a code in the web pages.")

    def has_permission(self, request: Request, view: Any) -> bool:
        if not settings.AEGIS_PIU_ENABLED:
            return False
        return not second_factor_missing(request.user)
