"""The four-eyes rule of the office's publications: a second person approves, and the
author and the reviewer talk in a comment thread on the item.

Which roles may approve their own work is a setting (``AEGIS_SELF_REVIEW_ROLES``),
empty by default.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from aegis.core.audit import save_audited
from aegis.core.models import ReviewComment, User
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


def review_thread(item: models.Model) -> models.QuerySet[ReviewComment]:
    """The comments on ``item``, oldest first, with their authors."""
    return ReviewComment.objects.filter(
        item_type=ContentType.objects.get_for_model(item), item_id=item.pk
    ).select_related("author")


@transaction.atomic
def review_comment_add(*, actor: User, item: models.Model, text: str) -> ReviewComment:
    """Add ``actor``'s comment to ``item``'s thread; the caller has checked that ``actor``
    is its author or a reviewer and that the item is in review. Audited.

    Raises ValidationError on an empty or over-long comment.
    """
    comment = ReviewComment(
        item_type=ContentType.objects.get_for_model(item),
        item_id=item.pk,
        author=actor,
        text=text.strip(),
    )
    if not comment.text:
        raise ValidationError({"text": _("Write the comment first.")})
    comment.full_clean()
    save_audited(comment, actor=actor)
    return comment
