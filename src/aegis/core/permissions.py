"""Who acts (a user or the system itself) and the one permission check services and
selectors call before they read or write."""

from __future__ import annotations

from typing import Any, Final, TypeAlias

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from rest_framework.permissions import BasePermission

from aegis.core.models import User


class System:
    """The installation acting on its own: demo data, reference data, imports and refreshes run
    by the operator from the command line, scheduled retention. No person asked for the change,
    so no role limits it; audit trails name no user for it ("system").

    Services take ``actor: Actor``; ``None`` is refused, so a forgotten actor can never skip a
    permission check the way ``actor=None`` once did.
    """

    pk: Final = None
    is_superuser: Final = True

    def __repr__(self) -> str:
        return "SYSTEM"

    def has_perm(self, permission: str) -> bool:
        return True


SYSTEM: Final = System()
Actor: TypeAlias = "User | System"


def acting_user(actor: Actor) -> User | None:
    """The user to record as author of a change (``None`` for the system)."""
    if actor is None:
        raise TypeError("A service needs an actor: a user, or SYSTEM for the installation.")
    return None if isinstance(actor, System) else actor


def require_permission(actor: Actor, permission: str, message: str | None = None) -> None:
    """Raise PermissionDenied, saying ``message`` (default: a general refusal), unless
    ``actor`` holds ``permission`` ("app_label.codename"). The system holds every one."""
    acting_user(actor)  # refuses a missing actor
    if not actor.has_perm(permission):
        raise PermissionDenied(message or _("Your role does not allow this action."))


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
