"""Every write to activities, agreements and results, whichever door (page, API, import)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from aegis.activities import selectors
from aegis.activities.models import (
    NOT_IN_NEWSLETTER,
    Activity,
    ActivityKind,
    ActivityPeriod,
    Agreement,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    OfficeUnit,
    Principal,
)
from aegis.activities.periods import Period, format_periods, merge_periods
from aegis.activities.selectors import activity_can_change
from aegis.core.audit import save_audited
from aegis.core.locking import claim_version
from aegis.core.models import Organisation, ReviewComment, User
from aegis.core.permissions import SYSTEM, Actor, acting_user, require_permission
from aegis.core.review import require_second_person, review_comment_add
from aegis.core.roles import Role, user_roles

# Scalar fields a service may set, and the many-to-many ones set after saving.
SCALAR_FIELDS = (
    "title",
    "kind",
    "narrative",
    "month_only",
    "modality",
    "lead_organisation",
    "office_unit",
    "programme",
    "participants_total",
    "participants_women",
    "participants_men",
    "organisations_represented",
    "member_states_represented",
    "member_states_qualifier",
    "meetings",
    "newsletter_section",
    "source",
    "external_id",
)
INDICATOR_FIELDS = ("code", "name", "unit_of_measure", "office_unit", "computed_from")
RELATED_FIELDS = (
    "organisers",
    "partners",
    "beneficiary_countries",
    "beneficiary_regions",
    "pillars",
    "mandate_functions",
    "principals",
    "compact_bodies",
)


def _check_lead_organisation(actor: Actor, organisation: Organisation) -> None:
    user = acting_user(actor)
    if user is None or user_roles(user) & {Role.ADMINISTRATOR, Role.OFFICE_EDITOR}:
        return
    if organisation.pk != user.organisation_id:
        raise ValidationError(
            {"lead_organisation": _("You may record activities of your own organisation only.")}
        )


def kind_for(value: ActivityKind | str, *, current: str | None = None) -> ActivityKind:
    """The kind an activity is given, from the kind itself or its code (imports, API).

    Raises ValidationError naming the field when the code is unknown, or when the kind is
    inactive and not already the activity's (``current`` code)."""
    if isinstance(value, ActivityKind):
        kind = value
    else:
        code = value.strip()
        kind_found = ActivityKind.objects.filter(code=code).first()
        if kind_found is None:
            known = ", ".join(
                ActivityKind.objects.filter(active=True).values_list("code", flat=True)
            )
            raise ValidationError(
                {
                    "kind": _("%(code)r is not a kind of activity; the kinds are: %(known)s.")
                    % {"code": code, "known": known}
                }
            )
        kind = kind_found
    if not kind.active and kind.code != current:
        raise ValidationError(
            {"kind": _("The kind “%(name)s” is no longer in use.") % {"name": kind.name}}
        )
    return kind


KIND_FIELDS = ("code", "name", "proposed_section", "active")
PRINCIPAL_FIELDS = ("name", "title", "short_title", "organisation")


def _set_fields(record: Any, changes: dict[str, Any]) -> None:
    for name, value in changes.items():
        setattr(record, name, value.strip() if isinstance(value, str) else value)


@transaction.atomic
def kind_create(
    *, actor: User, code: str, name: str, proposed_section: str = "", active: bool = True
) -> ActivityKind:
    """Add a kind of activity. Raises ValidationError naming the field (a malformed or taken
    code, a taken name) and PermissionDenied for roles that do not keep reference data."""
    require_permission(actor, "activities.add_activitykind")
    kind = ActivityKind()
    _set_fields(
        kind, {"code": code, "name": name, "proposed_section": proposed_section, "active": active}
    )
    kind.full_clean()
    save_audited(kind, actor=actor)
    return kind


@transaction.atomic
def kind_update(
    *, actor: User, kind: ActivityKind, version: int | None = None, **changes: Any
) -> ActivityKind:
    """Rename a kind, change its proposed section or (de)activate it; raises EditConflict when
    saved by someone since ``version``. The code of a kind in use stays (records store it)."""
    require_permission(actor, "activities.change_activitykind")
    unknown = set(changes) - set(KIND_FIELDS)
    if unknown:
        raise TypeError(f"Not an activity kind field: {', '.join(sorted(unknown))}")
    claim_version(kind, version=version, submitted=changes)
    code = changes.get("code")
    if code is not None and code.strip() != kind.code and kind.activities.exists():
        raise ValidationError(
            {"code": _("Activities of this kind store its code: rename the kind instead.")}
        )
    _set_fields(kind, changes)
    kind.full_clean()
    save_audited(kind, actor=actor)
    return kind


@transaction.atomic
def principal_create(
    *, actor: User, name: str, title: str, organisation: Organisation, short_title: str = ""
) -> Principal:
    """Add a principal. Raises ValidationError (one name per organisation) or
    PermissionDenied."""
    require_permission(actor, "activities.add_principal")
    principal = Principal()
    _set_fields(
        principal,
        {"name": name, "title": title, "short_title": short_title, "organisation": organisation},
    )
    principal.full_clean()
    save_audited(principal, actor=actor)
    return principal


@transaction.atomic
def principal_update(
    *, actor: User, principal: Principal, version: int | None = None, **changes: Any
) -> Principal:
    """Change a principal's name, titles or organisation; raises EditConflict when saved by
    someone since ``version``."""
    require_permission(actor, "activities.change_principal")
    unknown = set(changes) - set(PRINCIPAL_FIELDS)
    if unknown:
        raise TypeError(f"Not a principal field: {', '.join(sorted(unknown))}")
    claim_version(principal, version=version, submitted=changes)
    _set_fields(principal, changes)
    principal.full_clean()
    save_audited(principal, actor=actor)
    return principal


def _apply(
    activity: Activity,
    *,
    actor: Actor,
    periods: Sequence[Period] | None,
    fields: dict[str, Any],
    reason: str = "",
) -> Activity:
    unknown = set(fields) - set(SCALAR_FIELDS) - set(RELATED_FIELDS)
    if unknown:
        raise TypeError(f"Not an activity field: {', '.join(sorted(unknown))}")
    if "lead_organisation" in fields:
        _check_lead_organisation(actor, fields["lead_organisation"])
    if "kind" in fields:
        fields = {**fields, "kind": kind_for(fields["kind"], current=activity.kind_id)}
    for name in SCALAR_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(activity, name, value.strip() if isinstance(value, str) else value)
    if activity.external_id == "":
        activity.external_id = None
    merged: list[Period] = []
    if periods is not None:
        merged = merge_periods(periods)
        if not merged:
            raise ValidationError({"periods": _("An activity needs at least one date.")})
        activity.start_date, activity.end_date = merged[0].start, merged[-1].end
    activity.full_clean()
    save_audited(activity, actor=actor, reason=reason)
    if periods is not None:
        activity.periods.all().delete()
        ActivityPeriod.objects.bulk_create(
            ActivityPeriod(activity=activity, start=p.start, end=p.end) for p in merged
        )
    for name in RELATED_FIELDS:
        if name in fields:
            getattr(activity, name).set(fields[name])
    return activity


@transaction.atomic
def activity_create(
    *,
    actor: Actor,
    title: str,
    kind: ActivityKind | str,
    lead_organisation: Organisation,
    periods: Sequence[Period],
    **fields: Any,
) -> Activity:
    """Record a draft activity. ``actor`` SYSTEM is the installation (demo data, imports).

    ``fields`` takes any of SCALAR_FIELDS and RELATED_FIELDS. Raises ValidationError
    on bad values and PermissionDenied when the role may not record activities.
    """
    require_permission(actor, "activities.add_activity")
    activity = Activity(created_by=acting_user(actor))
    return _apply(
        activity,
        actor=actor,
        periods=periods,
        fields={"title": title, "kind": kind, "lead_organisation": lead_organisation, **fields},
    )


@transaction.atomic
def activity_update(
    *,
    actor: Actor,
    activity: Activity,
    periods: Sequence[Period] | None = None,
    version: int | None = None,
    **fields: Any,
) -> Activity:
    """Change the given fields (and the dates when ``periods`` is given).

    ``version`` is the one the editor read (None: a door without one, e.g. an import);
    raises EditConflict when someone saved the activity since.
    """
    editor = acting_user(actor)
    if editor is not None and not activity_can_change(user=editor, activity=activity):
        raise PermissionDenied(_("You may not change this activity."))
    submitted = dict(fields)
    if periods is not None:
        submitted["periods"] = _periods_text(merge_periods(periods))
    claim_version(
        activity,
        version=version,
        submitted=submitted,
        stored_values=lambda stored: {
            "periods": _periods_text([Period(p.start, p.end) for p in stored.periods.all()])
        },
    )
    return _apply(activity, actor=actor, periods=periods, fields=fields)


def _periods_text(periods: Sequence[Period]) -> str:
    return f"{format_periods(list(periods))} {periods[0].start.year}" if periods else ""


@transaction.atomic
def activity_comment(*, actor: User, activity: Activity, text: str) -> ReviewComment:
    """Add to the review thread of an activity in review: its author (whoever may change
    it) or a reviewer writes. Raises PermissionDenied or ValidationError."""
    is_reviewer = actor.has_perm("activities.publish_activity")
    if not (is_reviewer or activity_can_change(user=actor, activity=activity)):
        raise PermissionDenied(_("Only its author or a reviewer comments on this activity."))
    if activity.status != Activity.Status.IN_REVIEW:
        raise ValidationError({"text": _("Comments are written while the activity is in review.")})
    return review_comment_add(actor=actor, item=activity, text=text)


# transition: (status it starts from, status it leads to, permission needed)
_TRANSITIONS = {
    "submit": (Activity.Status.DRAFT, Activity.Status.IN_REVIEW, "activities.change_activity"),
    "publish": (
        Activity.Status.IN_REVIEW,
        Activity.Status.PUBLISHED,
        "activities.publish_activity",
    ),
    "return": (Activity.Status.IN_REVIEW, Activity.Status.DRAFT, "activities.publish_activity"),
    "unpublish": (Activity.Status.PUBLISHED, Activity.Status.DRAFT, "activities.publish_activity"),
}
TRANSITION_NAMES = tuple(_TRANSITIONS)


@transaction.atomic
def activity_transition(
    *,
    actor: User,
    activity: Activity,
    transition: str,
    note: str = "",
    confirmed: bool = False,
    section: str | None = None,
) -> Activity:
    """Move ``activity`` along its workflow (submit, publish, return, unpublish).

    Publishing takes four eyes (``core.review``: not the author nor who submitted it) and
    ``confirmed``. Raises PermissionDenied when the role or person may not take this step
    and ValidationError when the activity is not in the state the step starts from or
    publishing is not confirmed. Submitting asks for the newsletter ``section`` (one of
    ``Activity.Section`` or ``NOT_IN_NEWSLETTER``) unless the editor already chose one.
    """
    try:
        source, target, permission = _TRANSITIONS[transition]
    except KeyError:
        raise ValidationError(_("Unknown transition: %(name)s.") % {"name": transition}) from None
    require_permission(actor, permission)
    if transition == "submit" and not activity_can_change(user=actor, activity=activity):
        raise PermissionDenied(_("You may not change this activity."))
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    if locked.status != source:
        raise ValidationError(
            _("Cannot %(step)s an activity that is %(status)s.")
            % {"step": transition, "status": locked.get_status_display().lower()}
        )
    fields = ["status", "updated_at"]
    if transition == "publish":
        require_second_person(
            actor=actor,
            authors=(locked.created_by_id, locked.submitted_by_id),
            what=_("this activity"),
        )
        if not confirmed:
            raise ValidationError(_("Confirm that the activity may be published."))
    if transition == "submit":
        locked.submitted_by = actor
        fields += ["submitted_by", "newsletter_section", "version"]
        locked.newsletter_section = _submitted_section(locked, section)
        locked.version += 1  # held by select_for_update: an open edit form now conflicts
    locked.status = target
    reason = f"{transition}: {note.strip()}" if note.strip() else transition
    save_audited(locked, actor=actor, reason=reason, update_fields=fields)
    return locked


def _submitted_section(activity: Activity, section: str | None) -> str:
    if not section:  # nothing chosen (an empty choice on the page counts as none)
        if activity.newsletter_section:
            return activity.newsletter_section
        proposed = activity.kind.proposed_section
        raise ValidationError(
            {
                "section": _(
                    "Choose the newsletter section before submitting (proposed for a "
                    "%(kind)s: %(proposed)s), or choose “Not in the newsletter” on purpose."
                )
                % {
                    "kind": activity.kind.name.lower(),
                    "proposed": Activity.Section(proposed).label if proposed else "—",
                }
            }
        )
    if section == NOT_IN_NEWSLETTER:
        return ""
    if section not in Activity.Section.values:
        raise ValidationError(
            {"section": _("%(section)s is not a newsletter section.") % {"section": section}}
        )
    return section


@transaction.atomic
def activity_publish_as_system(*, activity: Activity, reason: str) -> Activity:
    """Publish a record that enters the system already public (a published newsletter's facts)."""
    activity.status = Activity.Status.PUBLISHED
    save_audited(activity, actor=SYSTEM, reason=reason, update_fields=["status", "updated_at"])
    return activity


@transaction.atomic
def agreement_record(
    *,
    actor: Actor,
    title: str,
    kind: str,
    parties: Iterable[Organisation],
    signed_on: date,
    scope: str = "",
    programme: Any = None,
    source: str = "",
) -> Agreement:
    require_permission(actor, "activities.add_agreement")
    parties = list(parties)
    if len(parties) < 2:
        raise ValidationError({"parties": _("An agreement has at least two parties.")})
    agreement = Agreement(
        title=title.strip(),
        kind=kind,
        signed_on=signed_on,
        scope=scope.strip(),
        programme=programme,
        source=source,
    )
    agreement.full_clean()
    save_audited(agreement, actor=actor)
    agreement.parties.set(parties)
    return agreement


class ChangeNeedsConfirmation(ValidationError):
    """The change alters year-to-date figures of months that issues report; ``affected``
    names each issue and the figure before and after. Saving again with ``confirm`` proceeds
    (a published issue keeps its frozen figures either way)."""

    def __init__(self, affected: Sequence[str]) -> None:
        self.affected = list(affected)
        super().__init__(
            _("This changes figures already used by: %(issues)s. Confirm to save anyway.")
            % {"issues": "; ".join(self.affected)}
        )


def _affected_issues(
    before: selectors.IndicatorProgress, after: selectors.IndicatorProgress
) -> list[str]:
    from aegis.reporting.models import Issue  # reporting composes from activities

    changed = {
        number: (before.year_to_date(number), after.year_to_date(number))
        for number in range(1, 13)
        if before.year_to_date(number) != after.year_to_date(number)
    }
    affected = []
    for issue in Issue.objects.filter(month__year=before.year).order_by("month"):
        if issue.month.month in changed:
            old, new = changed[issue.month.month]
            state = (
                _("published; its published copy stays as it is")
                if issue.status == Issue.Status.PUBLISHED
                else issue.get_status_display().lower()
            )
            affected.append(
                _("%(issue)s (%(state)s): %(indicator)s year to date %(old)s → %(new)s")
                % {
                    "issue": issue,
                    "state": state,
                    "indicator": before.indicator.name,
                    "old": f"{old:,}",
                    "new": f"{new:,}",
                }
            )
    return affected


@transaction.atomic
def indicator_value_enter(
    *,
    actor: Actor,
    indicator: Indicator,
    unit: OfficeUnit,
    month: date,
    value: int,
    source_note: str,
    basis: str = IndicatorValue.Basis.MONTHLY,
    women: int | None = None,
    men: int | None = None,
    confirm: bool = False,
    version: int | None = None,
) -> IndicatorValue:
    """Enter (or correct) one unit's figure for a month: that month alone (``monthly``) or
    January to the end of that month (``cumulative``), with its mandatory source.

    Raises ValidationError when the figure contradicts the others (a month would come out
    negative), and ChangeNeedsConfirmation, unless ``confirm``, when it changes a figure
    of a month that has an issue. ``women`` and ``men``, where the source says, are of
    ``value`` on the same basis (at most ``value`` together). ``version``, when given for
    a month that has a figure, is the version of it the person corrects: EditConflict if
    someone changed it since.
    """
    require_permission(actor, "activities.add_indicatorvalue")
    if not source_note.strip():
        raise ValidationError({"source_note": _("Say where the figure comes from.")})
    month = month.replace(day=1)
    before = selectors.indicator_progress(
        indicator=indicator, unit=unit, year=month.year, through_month=12
    )
    record = IndicatorValue.objects.filter(indicator=indicator, unit=unit, month=month).first()
    if record is not None and version is not None:
        claim_version(
            record,
            version=version,
            submitted={
                "value": value,
                "women": women,
                "men": men,
                "basis": basis,
                "source_note": source_note.strip(),
            },
        )
    elif record is not None:
        record.version += 1
    record = record or IndicatorValue(indicator=indicator, unit=unit, month=month)
    record.value, record.source_note, record.basis = value, source_note.strip(), basis
    record.women, record.men = women, men
    record.full_clean()
    save_audited(record, actor=actor)
    after = selectors.indicator_progress(
        indicator=indicator, unit=unit, year=month.year, through_month=12
    )
    for figure in after.months:
        for field, derived in (
            ("value", figure.value),
            ("women", figure.women),
            ("men", figure.men),
        ):
            if derived is not None and derived < 0:
                raise ValidationError(
                    {
                        field: _(
                            "%(span)s would come out at %(value)s: a year-to-date figure is "
                            "less than the total of the months before it."
                        )
                        % {
                            "span": selectors.month_span(figure.first, figure.month),
                            "value": derived,
                        }
                    }
                )
    affected = _affected_issues(before, after)
    if affected and not confirm:
        raise ChangeNeedsConfirmation(affected)
    return record


@transaction.atomic
def indicator_save(
    *, actor: Actor, indicator: Indicator | None, version: int | None = None, **fields: Any
) -> Indicator:
    """Create an indicator (``indicator`` None) or change one, from INDICATOR_FIELDS.

    An empty code is made from the name. ``version`` is the one the editor read: raises
    EditConflict when someone saved the indicator since.
    """
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"Not indicator fields: {', '.join(sorted(unknown))}")
    require_permission(
        actor, "activities.add_indicator" if indicator is None else "activities.change_indicator"
    )
    if indicator is None:
        indicator = Indicator()
    else:
        claim_version(indicator, version=version, submitted=fields)
    for name, value in fields.items():
        setattr(indicator, name, value)
    if not indicator.code:
        indicator.code = slugify(indicator.name)[:50]
    indicator.full_clean()
    save_audited(indicator, actor=actor)
    return indicator


@transaction.atomic
def indicator_target_set(
    *,
    actor: Actor,
    indicator: Indicator,
    unit: OfficeUnit,
    year: int,
    target: int,
    new: bool = False,
    version: int | None = None,
) -> IndicatorTarget:
    """Set an indicator's target for a unit and year. ``new`` refuses a year that already
    has one (a form for a new target must not silently replace it); ``version`` is the one
    the editor read of an existing target (EditConflict if someone saved it since)."""
    record = IndicatorTarget.objects.filter(indicator=indicator, unit=unit, year=year).first()
    require_permission(
        actor,
        "activities.add_indicatortarget" if record is None else "activities.change_indicatortarget",
    )
    if record is not None and new:
        raise ValidationError(
            {
                "year": _(
                    "%(unit)s already has a target of %(target)s for %(year)s: correct that one."
                )
                % {"unit": unit, "target": f"{record.target:,}", "year": year}
            }
        )
    if record is not None:
        claim_version(record, version=version, submitted={"target": target})
    record = record or IndicatorTarget(indicator=indicator, unit=unit, year=year)
    record.target = target
    record.full_clean()
    save_audited(record, actor=actor)
    return record
