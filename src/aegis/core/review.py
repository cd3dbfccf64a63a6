"""The four-eyes rule of the office's publications: a second person approves.

Which roles may approve their own work is a setting (``AEGIS_SELF_REVIEW_ROLES``),
empty by default.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from aegis.core.models import User
from aegis.core.roles import user_roles


def require_second_person(*, actor: User, authors: Iterable[int | None], what: str) -> None:
    """Raise PermissionDenied when ``actor`` is one of ``authors`` (user ids) and holds no
    role allowed to review their own work."""
    if actor.pk not in {author for author in authors if author is not None}:
        return
    allowed = set(settings.AEGIS_SELF_REVIEW_ROLES)
    if allowed & {str(role) for role in user_roles(actor)}:
        return
    raise PermissionDenied(
        _("Four eyes: someone other than its author must approve %(what)s.") % {"what": what}
    )
