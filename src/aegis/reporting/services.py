"""Every write to newsletter issues: generate, edit, reorder, approve, publish."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aegis.core.audit import save_audited
from aegis.core.models import User
from aegis.core.permissions import require_permission
from aegis.reporting.composition import compose_figures, content_for_issue, draft_items
from aegis.reporting.models import Issue, Item


@transaction.atomic
def issue_generate(*, actor: User | None, month: date) -> Issue:
    """Compose the draft issue of ``month`` from published records.

    Raises ValidationError when the month already has an issue.
    """
    if actor is not None:
        require_permission(actor, "reporting.add_issue")
    month = month.replace(day=1)
    if Issue.objects.filter(month=month).exists():
        raise ValidationError({"month": _("This month already has an issue.")})
    issue = Issue(
        month=month,
        figures=compose_figures(month, actor),
        generated_at=timezone.now(),
        created_by=actor,
    )
    issue.full_clean()
    save_audited(issue, actor=actor, reason="generated")
    for item in draft_items(month):
        item.issue = issue
        save_audited(item, actor=actor)
    return issue


def _require_draft(issue: Issue) -> None:
    if issue.status != Issue.Status.DRAFT:
        raise ValidationError(_("Only a draft issue can be changed; return it to draft first."))


@transaction.atomic
def issue_refresh(*, actor: User, issue: Issue) -> Issue:
    """Compose the draft again from the records as they are now (edits to items are lost)."""
    require_permission(actor, "reporting.change_issue")
    _require_draft(issue)
    issue.items.all().delete()
    for item in draft_items(issue.month):
        item.issue = issue
        save_audited(item, actor=actor)
    issue.figures = compose_figures(issue.month, actor)
    issue.generated_at = timezone.now()
    save_audited(issue, actor=actor, reason="regenerated")
    return issue


@transaction.atomic
def item_update(
    *, actor: User, item: Item, headline: str, blurb: str, photo_caption: str = ""
) -> Item:
    """Re-word an item for this issue only; the activity record is left as it is."""
    require_permission(actor, "reporting.change_item")
    _require_draft(item.issue)
    item.headline, item.blurb, item.photo_caption = (
        headline.strip(),
        blurb.strip(),
        photo_caption.strip(),
    )
    item.full_clean()
    save_audited(item, actor=actor, reason="edited for this issue")
    return item


@transaction.atomic
def item_move(*, actor: User, item: Item, offset: int) -> Item:
    """Move ``item`` up (offset -1) or down (+1) within its section."""
    require_permission(actor, "reporting.change_item")
    _require_draft(item.issue)
    siblings = list(item.issue.items.filter(section=item.section).order_by("position", "pk"))
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
    target = index + offset
    if not 0 <= target < len(siblings):
        return item
    siblings[index], siblings[target] = siblings[target], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.position != position:
            sibling.position = position
            save_audited(sibling, actor=actor, reason="reordered", update_fields=["position"])
    item.refresh_from_db()
    return item


# transition: (status it starts from, status it leads to, permission)
_STEPS = {
    "approve": (Issue.Status.DRAFT, Issue.Status.APPROVED, "reporting.publish_issue"),
    "return": (Issue.Status.APPROVED, Issue.Status.DRAFT, "reporting.publish_issue"),
    "publish": (Issue.Status.APPROVED, Issue.Status.PUBLISHED, "reporting.publish_issue"),
}
STEP_NAMES = tuple(_STEPS)


@transaction.atomic
def issue_transition(*, actor: User, issue: Issue, step: str) -> Issue:
    """Approve, return or publish. Publishing freezes the content as a snapshot."""
    try:
        source, target, permission = _STEPS[step]
    except KeyError:
        raise ValidationError(_("Unknown step: %(step)s.") % {"step": step}) from None
    require_permission(actor, permission)
    locked = Issue.objects.select_for_update().get(pk=issue.pk)
    if locked.status != source:
        raise ValidationError(
            _("Cannot %(step)s an issue that is %(status)s.")
            % {"step": step, "status": locked.get_status_display().lower()}
        )
    if target == Issue.Status.PUBLISHED:
        locked.snapshot = content_for_issue(locked)
        locked.published_at = timezone.now()
    locked.status = target
    save_audited(locked, actor=actor, reason=step)
    return locked
