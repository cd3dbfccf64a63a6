"""Permission checks that services call before they write."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from rest_framework.permissions import BasePermission

from aegis.core.models import User


def require_permission(user: User, permission: str) -> None:
    """Raise PermissionDenied unless ``user`` holds ``permission`` ("app_label.codename")."""
    if not user.has_perm(permission):
        raise PermissionDenied(_("Your role does not allow this action."))


def signed_in_user(request: Any) -> User:
    """The request's user, known to be signed in (views behind login, API behind auth)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied(_("Sign in first."))
    return user


def api_requires(permission: str) -> type[BasePermission]:
    """An API permission class admitting users who hold ``permission`` ("app_label.codename")."""

    class Requires(BasePermission):
        message = _("Your role does not allow this action.")

        def has_permission(self, request: Any, view: Any) -> bool:
            return bool(request.user and request.user.has_perm(permission))

    Requires.__name__ = f"Requires_{permission.replace('.', '_')}"
    return Requires
