"""The PIU's doors: the switch, a PIU role and a confirmed second factor.

A user of a PIU role who has not confirmed a second factor in this session is sent to
``second_factor`` (pages) or refused with 403 (API); who needs one is decided in
``aegis.accounts.otp``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from aegis.accounts.otp import needs_second_factor, second_factor_missing, to_second_factor
from aegis.core.roles import PIU_ROLES, user_roles

View = TypeVar("View", bound=Callable[..., HttpResponse])

__all__ = ["CarrierDoor", "PiuVerified", "piu_page", "second_factor_missing"]


def piu_page(view: View) -> View:
    """Sign-in, the PIU switch and the second factor, before any PIU page."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.AEGIS_PIU_ENABLED:
            raise PermissionDenied(_("The PIU is not enabled on this installation."))
        if not (user_roles(request.user) & PIU_ROLES):
            raise PermissionDenied(_("Your role has no access to the PIU."))
        if second_factor_missing(request.user):
            return to_second_factor(request)
        return view(request, *args, **kwargs)

    return cast(View, login_required(wrapped))


class PiuVerified(BasePermission):
    """API: a PIU role with a confirmed second factor in a session (a token alone is not)."""

    message = _("The PIU needs two-factor authentication: confirm a code in the web pages.")

    def has_permission(self, request: Request, view: Any) -> bool:
        if not settings.AEGIS_PIU_ENABLED:
            return False
        return not second_factor_missing(request.user)


class CarrierDoor(BasePermission):
    """API: a carrier's submitting account, which sees no personal data.

    An account that needs a second factor (a PIU role, staff, an administrator) never
    passes a carrier door, whatever its permissions: its token alone would otherwise
    write into the PIU without the second factor.
    """

    message = _("Carrier doors are for carriers' submitting accounts only.")

    def has_permission(self, request: Request, view: Any) -> bool:
        if not settings.AEGIS_PIU_ENABLED:
            return False
        user = request.user
        return bool(user and user.is_authenticated and not needs_second_factor(user))
