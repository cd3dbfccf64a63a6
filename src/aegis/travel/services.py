"""Every write of the PIU, whichever door it comes through (page, API, command line).

Intake lives in ``intake`` and screening in ``screening``; this module holds the
decisions people take: watchlist and rule versions, the case workflow, referrals,
re-identification, and the access log every view of personal data writes to.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from aegis.core.audit import save_audited
from aegis.core.models import Organisation, User
from aegis.core.permissions import SYSTEM, Actor, acting_user, require_permission
from aegis.core.roles import PIU_ROLES, Role, user_roles
from aegis.travel import access, screening, tasks
from aegis.travel import rules as rule_engine
from aegis.travel.models import (
    AccessLog,
    Case,
    CaseComment,
    CaseNotification,
    CaseTask,
    Referral,
    Rule,
    RuleVersion,
    ScreeningRun,
    Suppression,
    Traveller,
    Watchlist,
    WatchlistVersion,
)
from aegis.travel.sealing import unseal
from paxscreen.watchlists import WatchlistEntry, WatchlistFormatError

__all__ = [
    "access_record",
    "case_assign_many",
    "case_comment_add",
    "case_notifications_read",
    "case_task_answer",
    "case_task_create",
    "case_transition",
    "referral_answer",
    "referral_create",
    "rescreen_expire",
    "rescreen_start",
    "rule_create",
    "rule_set_active",
    "rule_update",
    "suppression_review",
    "suppression_revoke",
    "suppressions_reevaluate",
    "traveller_reidentify",
    "watchlist_file",
    "watchlist_load",
]


def access_record(
    *,
    user: User,
    what: str,
    object_id: object = "",
    action: str = AccessLog.Action.VIEW,
    purpose: str = "",
    path: str = "",
    kind: str = "",
) -> AccessLog:
    """Record that ``user`` saw or exported personal data (kept whatever the outcome);
    ``kind``: the kind of record ``object_id`` is (``AccessLog.RecordKind``), by default the
    one ``what`` names."""
    if not kind and what in AccessLog.RecordKind.values:
        kind = what
    return access.record(
        user=user,
        action=action,
        what=what,
        kind=kind,
        object_id=object_id,
        purpose=purpose,
        path=path,
    )


# ----------------------------------------------------------------------------- watchlists


def watchlist_file(content: str | bytes, file_format: str) -> tuple[str, str]:
    """A watchlist file as ``WatchlistVersion.content`` keeps it, and its real format:
    text for XML and CSV; an XLSX workbook (whatever format was chosen) as base64."""
    if isinstance(content, bytes):
        if content.startswith(b"PK\x03\x04"):
            return base64.b64encode(content).decode("ascii"), Watchlist.Format.XLSX
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValidationError(
                {"content": _("The file is not UTF-8 text (byte %(at)d).") % {"at": error.start}}
            ) from error
    if file_format == Watchlist.Format.XLSX:
        raise ValidationError({"file": _("This file is not an XLSX workbook.")})
    return content, file_format


@transaction.atomic
def watchlist_load(
    *,
    actor: Actor,
    name: str,
    content: str | bytes,
    file_format: str,
    rescreen: bool = True,
    file_name: str = "",
) -> WatchlistVersion:
    """Store a new version of watchlist ``name`` (created on first load).

    The file must parse with the paxscreen loaders (ValidationError otherwise, naming
    ``file_name``, the file as the user knows it). Rows it could not load are kept on the
    version (``rejected``) with their line and reason. Loading the same bytes again returns
    the current version without a new one. ``rescreen`` queues a re-screening of every
    retained traveller.
    """
    require_permission(actor, "travel.add_watchlistversion")
    content, file_format = watchlist_file(content, file_format)
    try:
        parsed = screening.parse_watchlist(
            name=name, content=content, file_format=file_format, file_name=file_name
        )
    except (WatchlistFormatError, ValueError) as error:
        raise ValidationError({"content": _("Not a readable watchlist: %s") % error}) from error
    watchlist, _created = Watchlist.objects.get_or_create(
        name=name, defaults={"format": file_format}
    )
    if watchlist.format != file_format:
        watchlist.format = file_format
        watchlist.save(update_fields=["format"])
    digest = hashlib.sha256(content.encode()).hexdigest()
    latest = watchlist.versions.order_by("-number").first()
    if latest is not None and latest.sha256 == digest:
        return latest
    counts = parsed.counts()
    version = WatchlistVersion(
        watchlist=watchlist,
        number=(latest.number + 1) if latest else 1,
        source_version=str(parsed.version)[:100],
        sha256=digest,
        content=content,
        persons=counts["persons"],
        entities=counts["entities"],
        documents=counts["listed_documents"],
        rejected=[
            {"line": row.line, "where": row.where, "reason": row.reason, "reference": row.reference}
            for row in parsed.rejected
        ],
        loaded_by=acting_user(actor),
    )
    version.full_clean()
    version.save()
    if latest is not None:
        suppressions_reevaluate(previous=latest, current=version, current_list=parsed)
    if rescreen:
        rescreen_start(actor=SYSTEM, reason=f"watchlist {version}")
    return version


def _entry_change(old: WatchlistEntry, new: WatchlistEntry) -> str:
    """What changed in a listed entry of what identifies a person ("" when nothing did)."""
    parts = []
    facets: list[tuple[str, Callable[[WatchlistEntry], list[str]]]] = [
        (_("names"), lambda e: sorted({name.text for name in e.names})),
        (_("date of birth"), lambda e: sorted(str(date) for date in e.dates_of_birth)),
        (_("nationality"), lambda e: sorted(e.nationalities)),
        (_("documents"), lambda e: sorted(d.number for d in e.documents)),
        (_("gender"), lambda e: [e.gender] if e.gender else []),
    ]
    for label, values in facets:
        before, after = values(old), values(new)
        if before != after:
            parts.append(f"{label} {', '.join(before) or '—'} → {', '.join(after) or '—'}")
    return "; ".join(parts)


def suppressions_reevaluate(
    *, previous: WatchlistVersion, current: WatchlistVersion, current_list: Any
) -> tuple[int, int]:
    """A new version of a list: the suppressions of its entries that changed what identifies
    the person (names, date of birth, nationality, documents, gender) are put out of force
    until a supervisor reviews them; those of entries removed lapse. Both say why on the
    suppressions page. Returns (put up for review, lapsed)."""
    in_force = Suppression.objects.filter(
        watchlist_version__watchlist_id=current.watchlist_id, revoked_at__isnull=True
    )
    keys = set(in_force.values_list("key", flat=True))
    if not keys:
        return 0, 0  # nothing to compare: the previous version is not even read
    content = WatchlistVersion.objects.values_list("content", flat=True).get(pk=previous.pk)
    before_list = screening.parse_watchlist(
        name=current_list.name, content=content, file_format=previous.watchlist.format
    )
    before = {e.reference: e for e in before_list.entries if e.reference in keys}
    after = {e.reference: e for e in current_list.entries if e.reference in keys}
    now = timezone.now()
    changed = lapsed = 0
    for key, old in before.items():
        new = after.get(key)
        if new is None:
            why = _("Entry %(key)s is not in %(version)s: the suppression lapsed.") % {
                "key": key,
                "version": current,
            }
            lapsed += in_force.filter(key=key).update(
                lapsed_at=now, revoked_at=now, revoke_reason=why, entry_change=why
            )
            continue
        change = _entry_change(old, new)
        if change:
            why = _("Entry %(key)s changed in %(version)s: %(change)s.") % {
                "key": key,
                "version": current,
                "change": change,
            }
            changed += in_force.filter(key=key).update(entry_changed_at=now, entry_change=why)
    return changed, lapsed


# ----------------------------------------------------------------------------- rules


def _conditions(raw: Any) -> dict[str, Any]:
    """The stored form of a rule's conditions (see ``rules.parse_rule``); every fault at once."""
    try:
        return rule_engine.parse_rule(raw).to_json()
    except rule_engine.RuleDefinitionError as error:
        raise ValidationError(
            {"conditions": [problem.message for problem in error.problems]}
        ) from error


@transaction.atomic
def rule_create(
    *,
    actor: Actor,
    name: str,
    conditions: Sequence[Mapping[str, Any]] | Mapping[str, Any],
    severity: int = Rule.Severity.MEDIUM,
    description: str = "",
) -> Rule:
    """A new, inactive rule with its first version; test it, then activate it."""
    require_permission(actor, "travel.add_rule")
    rule = Rule(
        name=name.strip(),
        description=description.strip(),
        severity=severity,
        created_by=acting_user(actor),
    )
    rule.full_clean()
    save_audited(rule, actor=actor, reason="created")
    RuleVersion.objects.create(
        rule=rule, number=1, conditions=_conditions(conditions), created_by=acting_user(actor)
    )
    return rule


@transaction.atomic
def rule_update(
    *,
    actor: User,
    rule: Rule,
    conditions: Sequence[Mapping[str, Any]] | Mapping[str, Any],
    severity: int | None = None,
    description: str | None = None,
) -> RuleVersion:
    """A new version of ``rule``; an active rule re-screens the retained travellers."""
    require_permission(actor, "travel.change_rule")
    locked = Rule.objects.select_for_update().get(pk=rule.pk)
    number = (locked.versions.order_by("-number").values_list("number", flat=True).first()) or 0
    version = RuleVersion.objects.create(
        rule=locked,
        number=number + 1,
        conditions=_conditions(conditions),
        created_by=acting_user(actor),
    )
    if severity is not None:
        locked.severity = severity
    if description is not None:
        locked.description = description.strip()
    locked.full_clean()
    save_audited(locked, actor=actor, reason=f"version {version.number}")
    if locked.is_active:
        rescreen_start(actor=SYSTEM, reason=f"rule {locked.name} v{version.number}")
    return version


@transaction.atomic
def rule_set_active(*, actor: Actor, rule: Rule, active: bool, rescreen: bool = True) -> Rule:
    """Put a rule in or out of force; activating it re-screens the retained travellers."""
    require_permission(actor, "travel.change_rule")
    locked = Rule.objects.select_for_update().get(pk=rule.pk)
    if locked.is_active == active:
        return locked
    locked.is_active = active
    save_audited(locked, actor=actor, reason="activated" if active else "deactivated")
    if active and rescreen:
        rescreen_start(actor=SYSTEM, reason=f"rule {locked.name} activated")
    return locked


# ----------------------------------------------------------------------------- re-screening


@transaction.atomic
def rescreen_start(*, actor: Actor, reason: str) -> ScreeningRun:
    """Queue a background re-screening of every retained, unmasked traveller.

    One run waits at a time (a database constraint): while one waits, it is returned, and
    it will screen against the lists and rules in force when it starts.
    """
    require_permission(actor, "travel.add_screeningrun")
    waiting = ScreeningRun.objects.filter(status=ScreeningRun.Status.QUEUED).first()
    if waiting is not None:
        return waiting
    try:
        with transaction.atomic():
            run = ScreeningRun.objects.create(reason=reason[:200])
    except IntegrityError:  # queued by someone else since the line above
        return ScreeningRun.objects.get(status=ScreeningRun.Status.QUEUED)
    tasks.enqueue(tasks.rescreen, run_id=run.pk)
    return run


def rescreen_expire(*, now: dt.datetime | None = None) -> int:
    """Mark failed, with the reason, the runs no worker took in time and the runs whose
    worker stopped writing progress; returns how many. A failed run whose message comes back
    to a worker later is resumed by it (``tasks.rescreen`` takes it again)."""
    now = now or timezone.now()
    queued_since = now - dt.timedelta(seconds=settings.AEGIS_TASK_QUEUED_TIMEOUT)
    stalled_since = now - dt.timedelta(seconds=settings.AEGIS_TASK_STALLED_TIMEOUT)
    status = ScreeningRun.Status
    waited_too_long = Q(status=status.QUEUED, created_at__lt=queued_since)
    stalled = Q(status=status.RUNNING) & (
        Q(heartbeat_at__lt=stalled_since)
        | Q(heartbeat_at__isnull=True, created_at__lt=stalled_since)
    )
    # One statement: the watchlists page calls this on every view.
    expired = ScreeningRun.objects.filter(waited_too_long | stalled).update(
        status=status.FAILED,
        finished_at=now,
        error=models.Case(
            models.When(
                status=status.QUEUED,
                then=models.Value(
                    _(
                        "No worker took this run within %(minutes)d minutes: "
                        "is `aegis worker` running?"
                    )
                    % {"minutes": settings.AEGIS_TASK_QUEUED_TIMEOUT // 60}
                ),
            ),
            default=models.Value(
                _(
                    "Its worker stopped (no progress for %(minutes)d minutes); "
                    "a restarted worker resumes it."
                )
                % {"minutes": settings.AEGIS_TASK_STALLED_TIMEOUT // 60}
            ),
        ),
    )
    return expired


# ----------------------------------------------------------------------------- cases


def _piu_user(user: User) -> bool:
    return bool(user_roles(user) & (PIU_ROLES - {Role.AGENCY_LIAISON}))


_TRANSITIONS: dict[str, tuple[frozenset[str], str, str]] = {
    # name: (from, to, permission)
    "review": (frozenset({Case.Status.NEW}), Case.Status.IN_REVIEW, "travel.review_case"),
    "close": (frozenset({Case.Status.IN_REVIEW}), Case.Status.CLOSED, "travel.review_case"),
    "reopen": (frozenset({Case.Status.CLOSED}), Case.Status.IN_REVIEW, "travel.supervise_case"),
    "reassign": (
        frozenset({Case.Status.NEW, Case.Status.IN_REVIEW}),
        "",
        "travel.supervise_case",
    ),
}
CASE_TRANSITIONS = tuple(_TRANSITIONS)


@transaction.atomic
def case_transition(
    *,
    actor: User,
    case: Case,
    transition: str,
    justification: str = "",
    outcome: str = "",
    assignee: User | None = None,
) -> Case:
    """Move a case: review (new → in review), close (with an outcome), reopen, reassign.

    Closing and re-opening need a justification; closing as a false match suppresses
    the same listed entries for the same identity (document, or name + date of birth +
    nationality) in future screening, re-opening revokes that again.
    Raises PermissionDenied for a role without the step, ValidationError otherwise.
    """
    try:
        sources, target, permission = _TRANSITIONS[transition]
    except KeyError:
        raise ValidationError(_("Unknown step: %(name)s.") % {"name": transition}) from None
    require_permission(actor, permission)
    locked = Case.objects.select_for_update().select_related("traveller").get(pk=case.pk)
    if locked.status not in sources:
        raise ValidationError(
            _("Cannot %(step)s a case that is %(status)s.")
            % {"step": transition, "status": locked.get_status_display().lower()}
        )
    justification = justification.strip()
    if transition in {"close", "reopen"} and not justification:
        raise ValidationError({"justification": _("Give the reason for this decision.")})
    fields = ["status", "updated_at"]
    if transition == "review":
        if locked.assignee_id is None:
            locked.assignee = actor
            fields.append("assignee")
    elif transition == "close":
        if outcome not in Case.Outcome.values:
            raise ValidationError({"outcome": _("Choose the outcome.")})
        locked.outcome = outcome
        locked.justification = justification
        locked.decided_at = timezone.now()
        fields += ["outcome", "justification", "decided_at"]
        if outcome == Case.Outcome.FALSE_MATCH:
            _suppress(case=locked, actor=actor, reason=justification)
    elif transition == "reopen":
        _revoke(
            Suppression.objects.filter(case=locked, revoked_at__isnull=True),
            actor=actor,
            reason=_("case re-opened: %(why)s") % {"why": justification},
        )
        locked.outcome = ""
        locked.justification = justification
        locked.new_hits_at = None
        locked.decided_at = None
        fields += ["outcome", "justification", "new_hits_at", "decided_at"]
    elif transition == "reassign":
        if assignee is None or not _piu_user(assignee):
            raise ValidationError({"assignee": _("Choose an analyst or supervisor of the PIU.")})
        locked.assignee = assignee
        fields = ["assignee", "updated_at"]
    if target:
        locked.status = target
    reason = f"{transition}: {justification}" if justification else transition
    if outcome:
        reason = f"{transition} as {Case.Outcome(outcome).label.lower()}: {justification}"
    save_audited(locked, actor=actor, reason=reason[:500], update_fields=fields)
    return locked


@dataclass(frozen=True, slots=True)
class Assignment:
    """What a bulk assignment did: the cases assigned, and those left as they were."""

    assigned: list[int]
    closed: list[int]  # closed cases are not assigned (re-open them first)


@transaction.atomic
def case_assign_many(*, actor: User, cases: Sequence[Case], assignee: User) -> Assignment:
    """A supervisor assigns several open cases at once, each recorded in its history as a
    reassignment; closed ones are left as they are and named in the result."""
    require_permission(actor, "travel.supervise_case")
    if not _piu_user(assignee):
        raise ValidationError({"assignee": _("Choose an analyst or supervisor of the PIU.")})
    assigned, closed = [], []
    for case in sorted(cases, key=lambda case: case.pk):
        if case.status == Case.Status.CLOSED:
            closed.append(case.pk)
            continue
        case_transition(actor=actor, case=case, transition="reassign", assignee=assignee)
        assigned.append(case.pk)
    if assigned and assignee.pk != actor.pk:
        CaseNotification.objects.bulk_create(
            CaseNotification(
                user=assignee,
                case_id=pk,
                text=_("Case %(case)s assigned to you by %(who)s.") % {"case": pk, "who": actor},
            )
            for pk in assigned
        )
    return Assignment(assigned=assigned, closed=closed)


@transaction.atomic
def case_comment_add(*, actor: User, case: Case, text: str) -> CaseComment:
    """A comment on ``case`` by a PIU analyst or supervisor (never shown to an agency)."""
    require_permission(actor, "travel.review_case")
    comment = CaseComment(case=case, author=actor, text=text.strip())
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def case_task_create(
    *, actor: User, case: Case, assignee: User, question: str, due_at: dt.datetime
) -> CaseTask:
    """Ask another PIU analyst or supervisor a question about ``case``, to answer by
    ``due_at``; they are notified on their case list until they open the case."""
    require_permission(actor, "travel.review_case")
    if assignee.pk == actor.pk or not _piu_user(assignee) or not assignee.is_active:
        raise ValidationError({"assignee": _("Ask another analyst or supervisor of the PIU.")})
    if due_at <= timezone.now():
        raise ValidationError({"due_at": _("The due time has passed already.")})
    task = CaseTask(
        case=case,
        created_by=acting_user(actor),
        assignee=assignee,
        question=question.strip(),
        due_at=due_at,
    )
    task.full_clean()
    task.save()
    CaseNotification.objects.create(
        user=assignee,
        case=case,
        text=_("%(who)s asks you about case %(case)s, by %(due)s.")
        % {
            "who": actor,
            "case": case.pk,
            "due": timezone.localtime(due_at).strftime("%d %b %Y %H:%M"),
        },
    )
    return task


@transaction.atomic
def case_task_answer(*, actor: User, task: CaseTask, answer: str) -> CaseTask:
    """The analyst asked (or a supervisor) answers a task, once."""
    require_permission(actor, "travel.review_case")
    locked = CaseTask.objects.select_for_update().get(pk=task.pk)
    if locked.assignee_id != actor.pk and not actor.has_perm("travel.supervise_case"):
        raise PermissionDenied(_("This question was put to another analyst."))
    if locked.done_at is not None:
        raise ValidationError(_("This question has been answered already."))
    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer.")})
    locked.answer = answer.strip()
    locked.done_by = actor
    locked.done_at = timezone.now()
    locked.save(update_fields=["answer", "done_by", "done_at"])
    return locked


def case_notifications_read(*, user: User, case: Case) -> int:
    """``user`` opened ``case``: their notifications about it are read. Returns how many."""
    return int(
        CaseNotification.objects.filter(user=user, case=case, read_at__isnull=True).update(
            read_at=timezone.now()
        )
    )


# ----------------------------------------------------------------------------- suppressions

SUPPRESSION_DAYS = 365


def _suppress(*, case: Case, actor: User, reason: str) -> list[Suppression]:
    """Suppress the case's hits for the traveller's identities (none: nothing suppressed)."""
    identities = screening.identities_of(case.traveller)
    expires = timezone.now() + dt.timedelta(days=SUPPRESSION_DAYS)
    made = []
    for key, label, version_id in case.hits.values_list("key", "label", "watchlist_version_id"):
        for identity in identities:
            suppression, created = Suppression.objects.get_or_create(
                identity=identity.digest,
                key=key,
                revoked_at__isnull=True,
                defaults={
                    "identity_kind": identity.kind,
                    "label": label[:300],
                    "case": case,
                    "reason": reason,
                    "created_by": actor,
                    "expires_at": expires,
                    "watchlist_version_id": version_id,
                },
            )
            if created:
                made.append(suppression)
            elif suppression.entry_changed_at is not None:
                # A decision on the changed entry replaces the one the change put aside;
                # a supervisor reviews it as any new one.
                Suppression.objects.filter(pk=suppression.pk).update(
                    case=case,
                    reason=reason,
                    created_by=acting_user(actor),
                    expires_at=expires,
                    watchlist_version_id=version_id,
                    entry_changed_at=None,
                    reviewed_at=None,
                    reviewed_by=None,
                )
                made.append(suppression)
    return made


def _revoke(suppressions: Any, *, actor: User, reason: str) -> int:
    return int(
        suppressions.update(revoked_at=timezone.now(), revoked_by=actor, revoke_reason=reason)
    )


@transaction.atomic
def suppression_review(*, actor: User, suppression: Suppression) -> Suppression:
    """A supervisor confirms a suppression an analyst's decision made."""
    require_permission(actor, "travel.supervise_case")
    locked = Suppression.objects.select_for_update().get(pk=suppression.pk)
    if locked.lapsed_at is not None:
        raise ValidationError(_("This suppression lapsed: its listed entry was removed."))
    if locked.revoked_at is not None:
        raise ValidationError(_("This suppression has been revoked."))
    # Reviewed after its listed entry changed, it is in force again (Suppression.in_force).
    locked.reviewed_by = actor
    locked.reviewed_at = timezone.now()
    locked.save(update_fields=["reviewed_by", "reviewed_at"])
    return locked


@transaction.atomic
def suppression_revoke(*, actor: User, suppression: Suppression, reason: str) -> Suppression:
    """A supervisor lifts a suppression: the entry hits the identity again from the next
    screening (a re-screening is queued)."""
    require_permission(actor, "travel.supervise_case")
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for revoking.")})
    locked = Suppression.objects.select_for_update().get(pk=suppression.pk)
    if locked.revoked_at is not None:
        raise ValidationError(_("This suppression has been revoked already."))
    _revoke(Suppression.objects.filter(pk=locked.pk), actor=actor, reason=reason.strip())
    rescreen_start(actor=SYSTEM, reason=f"suppression {locked.pk} revoked")
    locked.refresh_from_db()
    return locked


# ----------------------------------------------------------------------------- referrals


def minimum_data(case: Case) -> dict[str, Any]:
    """What an agency needs to act on a referral, and nothing more."""
    traveller = case.traveller
    flight = case.flight
    return {
        "name": traveller.full_name,
        "date_of_birth": traveller.date_of_birth.isoformat() if traveller.date_of_birth else "",
        "nationality": traveller.nationality,
        "documents": [d.number for d in traveller.documents.all()],
        "flight": str(flight),
        "route": f"{flight.origin}-{flight.destination}",
        "departure": flight.departure.isoformat(),
        "hits": [hit.label for hit in case.hits.all()],
    }


@transaction.atomic
def referral_create(
    *, actor: User, case: Case, agency: Organisation, agency_kind: str, reason: str
) -> Referral:
    """Refer ``case`` to a national agency with a reason and the minimum data."""
    require_permission(actor, "travel.add_referral")
    if case.status == Case.Status.NEW:
        raise ValidationError(_("Review the case before referring it."))
    referral = Referral(
        case=case,
        agency=agency,
        agency_kind=agency_kind,
        reason=reason.strip(),
        shared_data=minimum_data(case),
        referred_by=actor,
    )
    referral.full_clean()
    save_audited(referral, actor=actor, reason="referred")
    return referral


@transaction.atomic
def referral_answer(*, actor: User, referral: Referral, answer: str) -> Referral:
    """The agency's outcome; only a liaison officer of the referred agency answers."""
    require_permission(actor, "travel.answer_referral")
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.agency_id != actor.organisation_id:
        raise PermissionDenied(_("This referral is for another agency."))
    if locked.status == Referral.Status.ANSWERED:
        raise ValidationError(_("This referral has been answered already."))
    if not answer.strip():
        raise ValidationError({"answer": _("Write the outcome.")})
    locked.answer = answer.strip()
    locked.status = Referral.Status.ANSWERED
    locked.answered_at = timezone.now()
    save_audited(locked, actor=actor, reason="answered")
    return locked


# ----------------------------------------------------------------------------- data protection


@transaction.atomic
def traveller_reidentify(
    *, actor: User, traveller: Traveller, authorisation: str
) -> dict[str, Any]:
    """The sealed personal data of a masked traveller, for a supervisor with an authorisation.

    The authorisation (who approved, reference) is recorded in the access log.
    """
    require_permission(actor, "travel.reidentify_traveller")
    if not authorisation.strip():
        raise ValidationError({"authorisation": _("Record the authorisation (reference).")})
    if traveller.masked_at is None or traveller.sealed is None:
        raise ValidationError(_("This traveller's data is not masked."))
    access_record(
        user=actor,
        what="traveller",
        object_id=traveller.pk,
        action=AccessLog.Action.REIDENTIFY,
        purpose=authorisation,
    )
    return unseal(traveller.sealed)
