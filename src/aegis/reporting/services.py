"""Every write to newsletter issues: generate, edit, reorder, approve, publish."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aegis.core.audit import save_audited
from aegis.core.models import ReviewComment, User
from aegis.core.permissions import Actor, acting_user, require_permission
from aegis.core.review import require_second_person, review_comment_add
from aegis.reporting.composition import (
    DEFAULT_FOOTER,
    compose_figures,
    compose_introduction,
    content_for_issue_draft,
    content_for_translation,
    default_boxes,
    draft_items,
)
from aegis.reporting.models import (
    TRANSLATION_LANGUAGES,
    Box,
    Issue,
    IssueTranslation,
    IssueVersion,
    ItemTranslation,
    NewsletterItem,
    Photo,
)


@transaction.atomic
def issue_generate(*, actor: Actor, month: date) -> Issue:
    """Compose the draft issue of ``month`` from published records.

    Raises ValidationError when the month already has an issue.
    """
    require_permission(actor, "reporting.add_issue")
    month = month.replace(day=1)
    if Issue.objects.filter(month=month).exists():
        raise ValidationError({"month": _("This month already has an issue.")})
    figures = compose_figures(month, acting_user(actor))
    introduction = compose_introduction(figures)
    # The standing text (footer, hashtags, boxes) carries over from the latest earlier issue.
    previous = Issue.objects.filter(month__lt=month).order_by("-month").first()
    issue = Issue(
        month=month,
        figures=figures,
        generated_at=timezone.now(),
        created_by=acting_user(actor),
        introduction=introduction,
        composed_introduction=introduction,
        footer=previous.footer if previous else DEFAULT_FOOTER,
        hashtags=previous.hashtags if previous else "",
    )
    issue.full_clean()
    save_audited(issue, actor=actor, reason="generated")
    for item in draft_items(month):
        item.issue = issue
        _composed(item)
        save_audited(item, actor=actor)
    boxes = list(previous.boxes.all()) if previous else default_boxes()
    for box in boxes:
        box.pk, box.issue = None, issue
        save_audited(box, actor=actor, reason="generated")
    return issue


@dataclass(frozen=True, slots=True)
class BoxText:
    """A box as the editor wrote it: ``pk`` None for a new one; ``delete`` to remove it."""

    title: str
    body: str = ""
    link: str = ""
    placement: str = Box.Placement.AFTER_HIGHLIGHTS
    pk: int | None = None
    delete: bool = False


@transaction.atomic
def issue_text_update(
    *,
    actor: User,
    issue: Issue,
    introduction: str,
    footer: str,
    hashtags: str,
    boxes: Sequence[BoxText] = (),
) -> Issue:
    """The issue's own text: introduction, footer, hashtags and boxes (a draft only)."""
    require_permission(actor, "reporting.change_issue")
    locked = Issue.objects.select_for_update().get(pk=issue.pk)
    _require_draft(locked)
    locked.introduction = introduction.strip()
    locked.footer, locked.hashtags = footer.strip(), " ".join(hashtags.split())
    locked.full_clean()
    save_audited(locked, actor=actor, reason="issue text edited")
    existing = {box.pk: box for box in locked.boxes.all()}
    position = 0
    for text in boxes:
        box = existing.get(text.pk) if text.pk is not None else None
        if text.pk is not None and box is None:
            raise ValidationError(_("A box of another issue cannot be edited here."))
        if text.delete:
            if box is not None:
                box.delete()
            continue
        if not text.title.strip():
            continue  # an empty row of the form
        position += 1
        box = box or Box(issue=locked)
        box.title, box.body, box.link = text.title.strip(), text.body.strip(), text.link.strip()
        box.placement, box.position = text.placement, position
        box.full_clean()
        save_audited(box, actor=actor, reason="issue text edited")
    return locked


def _require_draft(issue: Issue) -> None:
    if issue.status != Issue.Status.DRAFT:
        raise ValidationError(_("Only a draft issue can be changed; return it to draft first."))


@dataclass(frozen=True, slots=True)
class Regeneration:
    """What regenerating a draft did, in the editor's words."""

    added: list[str]
    removed: list[str]
    updated: list[str]
    proposed: list[str]  # reworded items kept; new text of the record proposed

    def __str__(self) -> str:
        if not (self.added or self.removed or self.updated or self.proposed):
            return _("Regenerated: the items already matched the records; figures refreshed.")
        parts = []
        for label, titles in (
            (_("added"), self.added),
            (_("removed"), self.removed),
            (_("updated from their records"), self.updated),
            (_("kept your wording; the record's new text is proposed beside them"), self.proposed),
        ):
            if titles:
                parts.append(f"{len(titles)} {label} ({'; '.join(titles)})")
        return _("Regenerated: %(changes)s. Figures refreshed.") % {"changes": ", ".join(parts)}


def _composed(item: NewsletterItem) -> None:
    item.composed_headline, item.composed_blurb = item.headline, item.blurb


def _reworded(item: NewsletterItem) -> bool:
    return (item.headline, item.blurb) != (item.composed_headline, item.composed_blurb)


@transaction.atomic
def issue_refresh(*, actor: User, issue: Issue) -> Regeneration:
    """Compose the draft again from the records as they are now, keeping the editor's work.

    New records are added at the end of their section and items whose record left the
    month are removed; an item the editor did not reword takes the record's new text,
    and a reworded item keeps its wording with the record's new text proposed beside it
    (``item_accept_proposal``). Positions set by the editor are kept.
    """
    require_permission(actor, "reporting.change_issue")
    # Read afresh: the caller's copy may predate the editor's last save of the issue's text.
    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    _require_draft(issue)
    fresh = {item.activity_id: item for item in draft_items(issue.month)}
    report = Regeneration(added=[], removed=[], updated=[], proposed=[])
    kept: set[int | None] = set()
    for item in issue.items.select_for_update().order_by("section", "position"):
        new = fresh.get(item.activity_id) if item.activity_id else None
        if new is None or new.section != item.section:
            report.removed.append(item.headline)
            item.delete()
            continue
        kept.add(item.activity_id)
        item.group, item.dates_text = new.group, new.dates_text
        changed = (new.headline, new.blurb) != (item.composed_headline, item.composed_blurb)
        if changed and _reworded(item):
            item.proposed_headline, item.proposed_blurb = new.headline, new.blurb
            report.proposed.append(item.headline)
        elif changed:
            item.headline, item.blurb = new.headline, new.blurb
            item.proposed_headline = item.proposed_blurb = ""
            report.updated.append(item.headline)
        if changed:
            item.composed_headline, item.composed_blurb = new.headline, new.blurb
        save_audited(item, actor=actor, reason="regenerated")
    last = {
        section: max(
            issue.items.filter(section=section).values_list("position", flat=True), default=0
        )
        for section in NewsletterItem.Section.values
    }
    for activity_id, new in fresh.items():
        if activity_id in kept:
            continue
        last[new.section] += 1
        new.issue, new.position = issue, last[new.section]
        _composed(new)
        save_audited(new, actor=actor, reason="regenerated: added")
        report.added.append(new.headline)
    issue.figures = compose_figures(issue.month, actor)
    introduction = compose_introduction(issue.figures)
    if issue.introduction == issue.composed_introduction:  # not reworded: take the records'
        issue.introduction = introduction
    issue.composed_introduction = introduction
    issue.generated_at = timezone.now()
    save_audited(issue, actor=actor, reason="regenerated")
    return report


@transaction.atomic
def item_accept_proposal(*, actor: User, item: NewsletterItem) -> NewsletterItem:
    """Take the record's new wording proposed by the last regeneration."""
    require_permission(actor, "reporting.change_newsletteritem")
    _require_draft(item.issue)
    if not (item.proposed_headline or item.proposed_blurb):
        raise ValidationError(_("This item has no proposed wording."))
    item.headline, item.blurb = item.proposed_headline, item.proposed_blurb
    _composed(item)
    item.proposed_headline = item.proposed_blurb = ""
    save_audited(item, actor=actor, reason="took the record's new wording")
    return item


_KEEP = object()


@transaction.atomic
def item_update(
    *,
    actor: User,
    item: NewsletterItem,
    headline: str,
    blurb: str,
    photo_caption: str = "",
    photo_credit: str = "",
    photo: Photo | object | None = _KEEP,
) -> NewsletterItem:
    """Re-word an item for this issue only; the activity record is left as it is.

    ``photo``: a stored photo (``photos.photo_store``), None to take it off, or left out
    to keep the item's.
    """
    require_permission(actor, "reporting.change_newsletteritem")
    _require_draft(item.issue)
    item.headline, item.blurb, item.photo_caption, item.photo_credit = (
        headline.strip(),
        blurb.strip(),
        photo_caption.strip(),
        photo_credit.strip(),
    )
    if photo is not _KEEP:
        item.photo = photo  # type: ignore[assignment]
    if not _reworded(item):
        item.proposed_headline = item.proposed_blurb = ""
    item.full_clean()
    save_audited(item, actor=actor, reason="edited for this issue")
    return item


@transaction.atomic
def item_move(*, actor: User, item: NewsletterItem, offset: int) -> NewsletterItem:
    """Move ``item`` up (offset -1) or down (+1) within its section."""
    require_permission(actor, "reporting.change_newsletteritem")
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


# step: (statuses it starts from, status it leads to, permission)
_STEPS = {
    "submit": ((Issue.Status.DRAFT,), Issue.Status.IN_REVIEW, "reporting.change_issue"),
    "approve": ((Issue.Status.IN_REVIEW,), Issue.Status.APPROVED, "reporting.publish_issue"),
    "return": (
        (Issue.Status.IN_REVIEW, Issue.Status.APPROVED),
        Issue.Status.DRAFT,
        "reporting.publish_issue",
    ),
    "publish": ((Issue.Status.APPROVED,), Issue.Status.PUBLISHED, "reporting.publish_issue"),
}
STEP_NAMES = tuple(_STEPS)


@transaction.atomic
def issue_transition(
    *, actor: User, issue: Issue, step: str, confirmed: bool = False, note: str = ""
) -> Issue:
    """Submit, approve, return or publish.

    Four eyes: who generated or submitted the issue may not approve or publish it
    (``core.review``). Publishing must be ``confirmed``; it freezes the content as a
    snapshot and keeps it as a new published version (with the erratum of a correction).
    """
    try:
        sources, target, permission = _STEPS[step]
    except KeyError:
        raise ValidationError(_("Unknown step: %(step)s.") % {"step": step}) from None
    require_permission(actor, permission)
    locked = Issue.objects.select_for_update().get(pk=issue.pk)
    if locked.status not in sources:
        raise ValidationError(
            _("Cannot %(step)s an issue that is %(status)s.")
            % {"step": step, "status": locked.get_status_display().lower()}
        )
    if step in {"approve", "publish"}:
        require_second_person(
            actor=actor,
            authors=(locked.created_by_id, locked.submitted_by_id),
            what=_("this issue"),
        )
    if step == "submit":
        locked.submitted_by = actor
    elif step == "approve":
        locked.approved_by = actor
    elif step == "return":
        locked.approved_by = None
    elif step == "publish":
        if not confirmed:
            raise ValidationError(_("Confirm that the issue may be published."))
        _publish(locked)
    locked.status = target
    reason = f"{step}: {note.strip()}" if note.strip() else step
    save_audited(locked, actor=actor, reason=reason)
    return locked


# An issue is "in review" from its submission until it is published: comments are written then.
COMMENTING_STATUSES = (Issue.Status.IN_REVIEW, Issue.Status.APPROVED)


def issue_can_comment(*, user: User, issue: Issue) -> bool:
    """Whether ``user`` may write in the issue's review thread now: its authors (who may
    change issues) and its reviewers (who may publish them), while it is in review."""
    writes = user.has_perm("reporting.change_issue") or user.has_perm("reporting.publish_issue")
    return writes and issue.status in COMMENTING_STATUSES


def issue_comment(*, actor: User, issue: Issue, text: str) -> ReviewComment:
    """Add to the review thread of an issue in review. Raises PermissionDenied or
    ValidationError; audited."""
    if not (actor.has_perm("reporting.change_issue") or actor.has_perm("reporting.publish_issue")):
        raise PermissionDenied(_("Only the issue's authors and reviewers comment on it."))
    if issue.status not in COMMENTING_STATUSES:
        raise ValidationError({"text": _("Comments are written while the issue is in review.")})
    return review_comment_add(actor=actor, item=issue, text=text)


def _publish(issue: Issue) -> None:
    issue.snapshot = content_for_issue_draft(issue)
    Photo.objects.filter(
        pk__in=issue.items.exclude(photo=None).values("photo"), public=False
    ).update(public=True)
    if issue.erratum:
        issue.snapshot["erratum"] = issue.erratum
    issue.published_at = timezone.now()
    number = issue.versions.count() + 1
    issue.snapshot["version"] = number
    IssueVersion.objects.create(
        issue=issue,
        number=number,
        snapshot=issue.snapshot,
        published_at=issue.published_at,
        erratum=issue.erratum,
    )
    issue.erratum = ""


@transaction.atomic
def issue_correct(*, actor: User, issue: Issue, erratum: str) -> Issue:
    """Open a published issue for correction: it becomes a draft again, its published
    version stays public until the correction is published with ``erratum`` printed."""
    require_permission(actor, "reporting.change_issue")
    if not erratum.strip():
        raise ValidationError({"erratum": _("Say what the correction changes (the erratum).")})
    locked = Issue.objects.select_for_update().get(pk=issue.pk)
    if locked.status != Issue.Status.PUBLISHED:
        raise ValidationError(_("Only a published issue is corrected; edit the draft instead."))
    locked.status = Issue.Status.DRAFT
    locked.erratum = erratum.strip()
    locked.submitted_by = locked.approved_by = None
    save_audited(locked, actor=actor, reason=f"correction: {locked.erratum}")
    return locked


# Translations: the translators (who may change issues) write each language's words; a
# reviewer (who may publish issues), not one of them, approves, which publishes that language.


def _require_language(language: str) -> None:
    if language not in TRANSLATION_LANGUAGES:
        raise ValidationError(
            _("%(language)s is not a language issues are translated into.") % {"language": language}
        )


def _translation_for_writing(issue: Issue, language: str) -> IssueTranslation:
    _require_language(language)
    translation, _created = IssueTranslation.objects.select_for_update().get_or_create(
        issue=issue, language=language
    )
    if translation.status != IssueTranslation.Status.DRAFT:
        raise ValidationError(
            _("Only a draft translation can be changed; return it to draft first.")
        )
    return translation


@transaction.atomic
def translation_text_update(
    *, actor: Actor, issue: Issue, language: str, introduction: str, footer: str
) -> IssueTranslation:
    """The introduction and footer of ``issue`` in ``language``."""
    require_permission(actor, "reporting.change_issue")
    translation = _translation_for_writing(issue, language)
    translation.introduction, translation.footer = introduction.strip(), footer.strip()
    translation.translated_by = acting_user(actor)
    translation.full_clean()
    save_audited(translation, actor=actor, reason=f"translated ({language})")
    return translation


@transaction.atomic
def item_translation_update(
    *,
    actor: Actor,
    item: NewsletterItem,
    language: str,
    headline: str,
    blurb: str,
    group: str = "",
    dates_text: str = "",
    photo_caption: str = "",
) -> ItemTranslation:
    """``item`` in ``language``: a draft until the language's translation is approved.
    Left blank, a text prints in English marked ``[EN]``."""
    require_permission(actor, "reporting.change_newsletteritem")
    translation = _translation_for_writing(item.issue, language)
    if translation.translated_by_id is None:
        translation.translated_by = acting_user(actor)
        save_audited(translation, actor=actor, reason=f"translated ({language})")
    words, _created = ItemTranslation.objects.get_or_create(item=item, language=language)
    words.headline, words.blurb, words.group = headline.strip(), blurb.strip(), group.strip()
    words.dates_text, words.photo_caption = dates_text.strip(), photo_caption.strip()
    written = any((words.headline, words.blurb, words.group, words.photo_caption))
    words.status = ItemTranslation.Status.DRAFT if written else ItemTranslation.Status.UNTRANSLATED
    words.full_clean()
    save_audited(words, actor=actor, reason=f"translated ({language})")
    return words


# step: (statuses it starts from, status it leads to, permission)
_TRANSLATION_STEPS = {
    "submit": (
        (IssueTranslation.Status.DRAFT,),
        IssueTranslation.Status.IN_REVIEW,
        "reporting.change_issue",
    ),
    "approve": (
        (IssueTranslation.Status.IN_REVIEW,),
        IssueTranslation.Status.PUBLISHED,
        "reporting.publish_issue",
    ),
    "return": (
        (IssueTranslation.Status.IN_REVIEW, IssueTranslation.Status.PUBLISHED),
        IssueTranslation.Status.DRAFT,
        "reporting.publish_issue",
    ),
}


@transaction.atomic
def translation_transition(
    *, actor: Actor, issue: Issue, language: str, step: str, note: str = ""
) -> IssueTranslation:
    """Submit, approve or return ``issue``'s translation into ``language``.

    Approving publishes that language: the English issue must be published, and the
    approver may not be its translator or submitter (four eyes, ``core.review``). Its items'
    translations become reviewed and the content is frozen as a snapshot.
    """
    try:
        sources, target, permission = _TRANSLATION_STEPS[step]
    except KeyError:
        raise ValidationError(_("Unknown step: %(step)s.") % {"step": step}) from None
    require_permission(actor, permission)
    _require_language(language)
    translation, _created = IssueTranslation.objects.select_for_update().get_or_create(
        issue=issue, language=language
    )
    if translation.status not in sources:
        raise ValidationError(
            _("Cannot %(step)s a translation that is %(status)s.")
            % {"step": step, "status": translation.get_status_display().lower()}
        )
    user = acting_user(actor)
    if step == "submit":
        translation.submitted_by = user
    elif step == "approve":
        if user is not None:
            require_second_person(
                actor=user,
                authors=(translation.translated_by_id, translation.submitted_by_id),
                what=_("this translation"),
            )
        english = Issue.objects.get(pk=issue.pk)
        if english.status != Issue.Status.PUBLISHED:
            raise ValidationError(
                _("Publish the English issue first: a translation is published after it.")
            )
        translation.approved_by = user
        ItemTranslation.objects.filter(
            item__issue=english, language=language, status=ItemTranslation.Status.DRAFT
        ).update(status=ItemTranslation.Status.REVIEWED)
        translation.snapshot = content_for_translation(english, language)
        translation.published_at = timezone.now()
    elif step == "return":
        translation.approved_by = None
    translation.status = target
    reason = f"{step} ({language}): {note.strip()}" if note.strip() else f"{step} ({language})"
    save_audited(translation, actor=actor, reason=reason)
    return translation
