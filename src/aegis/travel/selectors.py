"""What the PIU's users may see.

Scoping rule: PIU analysts and supervisors (and administrators) see every flight,
traveller, booking and case; an agency liaison officer sees only the cases referred to
their own agency, and nothing else; office roles see nothing of the PIU (403).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Case as Conditional
from django.db.models import Count, F, Max, Prefetch, Q, QuerySet, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from aegis.core.models import User
from aegis.travel.models import (
    AccessLog,
    Booking,
    CarrierMessage,
    Case,
    CaseNotification,
    CaseTask,
    Flight,
    Hit,
    Identifier,
    Referral,
    RetentionRun,
    Rule,
    ScreeningRun,
    SuppressedMatch,
    Suppression,
    Traveller,
    Watchlist,
    WatchlistVersion,
)
from paxscreen.airports import Airport, airport


def _require(user: User, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied(_("Your role has no access to this part of the PIU."))


def flight_board(*, user: User, since: dt.datetime | None = None) -> QuerySet[Flight]:
    """Flights from ``since`` (default: six hours ago) on, with their counts."""
    _require(user, "travel.view_flight")
    since = since or timezone.now() - dt.timedelta(hours=6)
    return (
        Flight.objects.filter(departure__gte=since)
        .select_related("carrier")
        .annotate(
            traveller_count=Count("travellers", distinct=True),
            hit_count=Count("travellers__hits", distinct=True),
            open_case_count=Count(
                "cases", filter=~Q(cases__status=Case.Status.CLOSED), distinct=True
            ),
        )
        .order_by("departure", "carrier__code", "number")
    )


def flight_get(*, user: User, pk: int) -> Flight:
    _require(user, "travel.view_flight")
    try:
        return Flight.objects.select_related("carrier").prefetch_related("legs").get(pk=pk)
    except Flight.DoesNotExist:
        raise Http404(_("No such flight.")) from None


def flight_travellers(
    *, user: User, flight: Flight, documents: bool = False
) -> QuerySet[Traveller]:
    """The passengers of ``flight``, those with hits first; ``documents``: with their travel
    documents (the CSV export lists them, the page does not)."""
    _require(user, "travel.view_personal_data")
    travellers = (
        flight.travellers.select_related("case")
        .annotate(hit_count=Count("hits"))
        .order_by("-hit_count", "surname", "given_names")
    )
    return travellers.prefetch_related("documents") if documents else travellers


def traveller_get(*, user: User, pk: int) -> Traveller:
    _require(user, "travel.view_personal_data")
    try:
        return (
            Traveller.objects.select_related("flight__carrier", "booking__carrier")
            .prefetch_related("documents", "hits", "identifiers")
            .get(pk=pk)
        )
    except Traveller.DoesNotExist:
        raise Http404(_("No such traveller.")) from None


def traveller_search(
    *, user: User, flight_id: int | None = None, surname: str = ""
) -> QuerySet[Traveller]:
    """Travellers of one flight and/or of one surname (exact, any case), with their hits."""
    _require(user, "travel.view_personal_data")
    travellers = Traveller.objects.prefetch_related("hits")
    if flight_id is not None:
        travellers = travellers.filter(flight_id=flight_id)
    if surname:
        travellers = travellers.filter(surname__iexact=surname)
    return travellers.order_by("flight_id", "surname", "given_names", "pk")


def case_visible(*, user: User) -> QuerySet[Case]:
    """Every case ``user`` may see: all for the PIU, the referred ones for a liaison."""
    cases = Case.objects.select_related("traveller", "flight__carrier", "assignee")
    if user.has_perm("travel.view_case"):
        return cases
    if user.has_perm("travel.answer_referral") and user.organisation_id:
        # A subquery, not a join: a join would count a case's hits once per referral.
        referred = Referral.objects.filter(agency_id=user.organisation_id).values("case_id")
        return cases.filter(pk__in=referred)
    raise PermissionDenied(_("Your role has no access to cases."))


CASE_ORDERS = ("departure", "score", "severity", "age")
OPEN_STATUS = "open"  # new, in review, or closed with new hits to review


@dataclass(frozen=True, slots=True)
class CaseFilters:
    """The case list's filters (each one narrows; empty ones do not)."""

    status: str = ""  # a Case.Status or OPEN_STATUS
    hit_kind: str = ""  # a Hit.Kind: cases with at least one hit of that kind
    flight: str = ""  # a flight designator, "ZZ101" or "101"
    flight_id: int | None = None
    departure_from: dt.date | None = None
    departure_to: dt.date | None = None  # inclusive
    assignee_id: int | None = None
    unassigned: bool = False
    mine: bool = False
    watchlist_id: int | None = None
    rule_id: int | None = None
    order: str = "departure"


def _flight_designator(text: str) -> Q:
    text = text.strip().upper().replace(" ", "")
    carrier, number = "", text
    if len(text) > 2 and text[:2].isalnum() and not text[:2].isdigit():
        carrier, number = text[:2], text[2:]
    number = number.lstrip("0") or number
    query = Q(flight__number__iexact=number)
    return query & Q(flight__carrier__code__iexact=carrier) if carrier else query


def case_list(
    *, user: User, filters: CaseFilters | None = None, now: dt.datetime | None = None
) -> QuerySet[Case]:
    """The cases ``user`` may see, filtered, for triage: open ones first, then by departure
    (upcoming flights soonest first, past flights after them, latest first) unless another
    ``order`` is asked for. Each case carries ``hit_count``, ``watchlist_hits``,
    ``rule_hits``, ``best_score`` and ``rule_severity`` (None without a rule hit)."""
    filters = filters or CaseFilters()
    now = now or timezone.now()
    cases = case_visible(user=user).annotate(
        hit_count=Count("hits"),
        watchlist_hits=Count("hits", filter=Q(hits__kind=Hit.Kind.WATCHLIST)),
        rule_hits=Count("hits", filter=Q(hits__kind=Hit.Kind.RULE)),
        best_score=Max("hits__score"),
        rule_severity=Max("hits__severity", filter=Q(hits__kind=Hit.Kind.RULE)),
    )
    if filters.status == OPEN_STATUS:
        cases = cases.filter(~Q(status=Case.Status.CLOSED) | Q(new_hits_at__isnull=False))
    elif filters.status:
        cases = cases.filter(status=filters.status)
    # Conditions on hits go through subqueries so that the counts above stay whole.
    hits = Hit.objects.all()
    if filters.hit_kind:
        hits = hits.filter(kind=filters.hit_kind)
    if filters.watchlist_id is not None:
        hits = hits.filter(watchlist_version__watchlist_id=filters.watchlist_id)
    if filters.rule_id is not None:
        hits = hits.filter(rule_version__rule_id=filters.rule_id)
    if filters.hit_kind or filters.watchlist_id is not None or filters.rule_id is not None:
        cases = cases.filter(pk__in=hits.values("case_id"))
    if filters.flight:
        cases = cases.filter(_flight_designator(filters.flight))
    if filters.flight_id:
        cases = cases.filter(flight_id=filters.flight_id)
    zone = timezone.get_current_timezone()
    if filters.departure_from is not None:
        start = dt.datetime.combine(filters.departure_from, dt.time.min, tzinfo=zone)
        cases = cases.filter(flight__departure__gte=start)
    if filters.departure_to is not None:
        end = dt.datetime.combine(filters.departure_to + dt.timedelta(days=1), dt.time.min)
        cases = cases.filter(flight__departure__lt=end.replace(tzinfo=zone))
    if filters.mine:
        cases = cases.filter(assignee=user)
    if filters.unassigned:
        cases = cases.filter(assignee__isnull=True)
    elif filters.assignee_id is not None:
        cases = cases.filter(assignee_id=filters.assignee_id)
    closed_last = Conditional(
        When(status=Case.Status.CLOSED, new_hits_at__isnull=True, then=1), default=0
    )
    if filters.order == "score":
        return cases.order_by(closed_last, F("best_score").desc(nulls_last=True), "-severity", "pk")
    if filters.order == "severity":
        return cases.order_by(closed_last, "-severity", "flight__departure", "pk")
    if filters.order == "age":
        return cases.order_by(closed_last, "opened_at", "pk")
    # Upcoming departures ascending (past ones have no key here), then past ones descending.
    upcoming = Conditional(When(flight__departure__gte=now, then=F("flight__departure")))
    return cases.order_by(
        closed_last, upcoming.asc(nulls_last=True), F("flight__departure").desc(), "pk"
    )


def case_notifications(*, user: User) -> list[CaseNotification]:
    """``user``'s notifications not yet read (opening the case reads them), newest first."""
    return list(
        CaseNotification.objects.filter(user=user, read_at__isnull=True)
        .select_related("case")
        .order_by("-created_at", "-pk")[:50]
    )


def case_get(*, user: User, pk: int) -> Case:
    try:
        return (
            case_visible(user=user)
            .prefetch_related("hits", "referrals__agency", "referrals__referred_by")
            .get(pk=pk)
        )
    except Case.DoesNotExist:
        raise Http404(_("No such case.")) from None


def case_tasks(*, user: User, case: Case) -> list[CaseTask]:
    """The questions put about ``case``, soonest due first (the PIU's own work)."""
    _require(user, "travel.view_case")
    return list(case.tasks.select_related("created_by", "assignee", "done_by"))


def case_task_get(*, user: User, pk: int) -> CaseTask:
    _require(user, "travel.view_case")
    try:
        return CaseTask.objects.select_related("case", "created_by").get(pk=pk)
    except CaseTask.DoesNotExist:
        raise Http404(_("No such question.")) from None


@dataclass(frozen=True, slots=True)
class CaseEvent:
    """One line of a case's History: a change of the case (its audit trail), a comment,
    a question and its answer, a referral and the agency's answer."""

    when: dt.datetime
    who: str
    action: str
    reason: str = ""
    changes: tuple[Any, ...] = ()
    text: str = ""


def case_history(
    *, user: User, case: Case, tasks: list[CaseTask], limit: int = 50
) -> list[CaseEvent]:
    """Everything that happened to ``case``, newest first, in a fixed number of queries."""
    from aegis.core.audit import audit_trail

    _require(user, "travel.view_case")
    nobody = _("system")
    events = [
        CaseEvent(e.when, e.who, e.action, e.reason, e.changes)
        for e in audit_trail(case, limit=limit)
    ]
    for comment in case.comments.select_related("author"):
        events.append(
            CaseEvent(comment.created_at, str(comment.author or nobody), _("commented"),
                      text=comment.text)
        )  # fmt: skip
    for task in tasks:
        due = date_format(timezone.localtime(task.due_at), "j M Y, H:i")
        events.append(
            CaseEvent(
                task.created_at,
                str(task.created_by or nobody),
                _("asked %(whom)s, to answer by %(due)s") % {"whom": task.assignee, "due": due},
                text=task.question,
            )
        )
        if task.done_at is not None:
            events.append(
                CaseEvent(task.done_at, str(task.done_by or nobody), _("answered"),
                          text=task.answer)
            )  # fmt: skip
    for referral in case.referrals.all():
        events.append(
            CaseEvent(
                referral.referred_at,
                str(referral.referred_by or nobody),
                _("referred the case to %(agency)s (%(kind)s)")
                % {"agency": referral.agency, "kind": referral.get_agency_kind_display()},
                text=referral.reason,
            )
        )
        if referral.answered_at is not None:
            events.append(
                CaseEvent(
                    referral.answered_at,
                    str(referral.agency),
                    _("answered the referral"),
                    text=referral.answer,
                )
            )
    events.sort(key=lambda event: event.when, reverse=True)
    return events[:limit]


def referrals_for(*, user: User, case: Case) -> list[Referral]:
    """A liaison officer sees their own agency's referrals of the case only."""
    referrals = list(case.referrals.all())
    if user.has_perm("travel.view_case"):
        return referrals
    return [r for r in referrals if r.agency_id == user.organisation_id]


def referral_get_for_answer(*, user: User, pk: int) -> Referral:
    _require(user, "travel.answer_referral")
    try:
        return Referral.objects.select_related("case").get(pk=pk, agency_id=user.organisation_id)
    except Referral.DoesNotExist:
        raise Http404(_("No such referral.")) from None


def booking_get(*, user: User, pk: int) -> Booking:
    _require(user, "travel.view_personal_data")
    try:
        return (
            Booking.objects.select_related("carrier")
            .prefetch_related("versions", "itinerary", "identifiers", "travellers__flight")
            .get(pk=pk)
        )
    except Booking.DoesNotExist:
        raise Http404(_("No such booking.")) from None


@dataclass(frozen=True, slots=True)
class BookingIdentifier:
    """A phone, e-mail, card… of a booking, once, with the travellers it is recorded for."""

    kind: str
    value: str
    travellers: list[str]


def booking_identifiers(*, booking: Booking) -> list[BookingIdentifier]:
    """The booking's identifiers, each value once: a card that paid two travellers' tickets
    is stored for each (link analysis follows either), but is one card."""
    labels = dict(Identifier.Kind.choices)
    names = {traveller.pk: traveller.full_name for traveller in booking.travellers.all()}
    grouped: dict[tuple[str, str], list[str]] = {}
    for identifier in booking.identifiers.all():
        whose = grouped.setdefault((identifier.kind, identifier.value), [])
        name = names.get(identifier.traveller_id or 0)
        if name and name not in whose:
            whose.append(name)
    return [
        BookingIdentifier(kind=str(labels.get(kind, kind)), value=value, travellers=whose)
        for (kind, value), whose in grouped.items()
    ]


@dataclass(frozen=True, slots=True)
class RemovedAtIntake:
    """Sensitive items removed at intake: how many of each category, never their content."""

    total: int
    by_category: dict[str, int]


def removed_at_intake(*, booking: Booking | None) -> RemovedAtIntake:
    """The sensitive items removed at intake from the pushes of ``booking``, by category."""
    counts: Counter[str] = Counter()
    for version in booking.versions.all() if booking is not None else ():
        counts.update(version.removed_sensitive or {})
    return RemovedAtIntake(sum(counts.values()), dict(sorted(counts.items())))


def retention_runs(*, user: User) -> QuerySet[RetentionRun]:
    """The runs of ``aegis retention``, newest first."""
    _require(user, "travel.view_retentionrun")
    return RetentionRun.objects.all()


# ----------------------------------------------------------------------------- link analysis


@dataclass(slots=True)
class Link:
    traveller: Traveller
    reasons: set[str] = field(default_factory=set)
    hit_count: int = 0


@dataclass(slots=True)
class Network:
    centre: Traveller
    links: list[Link]

    def with_hits(self) -> list[Link]:
        return [link for link in self.links if link.hit_count]


def traveller_network(*, user: User, traveller: Traveller, limit: int = 40) -> Network:
    """Travellers linked to ``traveller`` by a shared phone, e-mail, address, card,
    ticket or agency (through their bookings), or by travelling in the same booking."""
    _require(user, "travel.view_personal_data")
    reasons: dict[int, set[str]] = defaultdict(set)
    if traveller.booking_id is not None and traveller.masked_at is None:
        for other in (
            Traveller.objects.filter(booking_id=traveller.booking_id)
            .exclude(identity_key=traveller.identity_key)
            .values_list("pk", flat=True)[:limit]
        ):
            reasons[other].add(_("same booking"))
        values = list(
            Identifier.objects.filter(booking_id=traveller.booking_id)
            .filter(Q(traveller__isnull=True) | Q(traveller=traveller))
            .values_list("kind", "value")
        )
        labels = dict(Identifier.Kind.choices)
        for kind, value in values:
            shared = (
                Identifier.objects.filter(kind=kind, value=value)
                .exclude(booking_id=traveller.booking_id)
                .values_list("booking_id", "traveller_id")[:limit]
            )
            booking_ids = {b for b, t in shared if t is None}
            traveller_ids = {t for b, t in shared if t is not None}
            others = Traveller.objects.filter(
                Q(booking_id__in=booking_ids) | Q(pk__in=traveller_ids)
            ).values_list("pk", flat=True)[:limit]
            for other in others:
                reasons[other].add(f"{labels.get(kind, kind)} {value}")
    if traveller.masked_at is None:
        # Co-travel: the same people on two or more of this person's flights.
        flights = Traveller.objects.filter(identity_key=traveller.identity_key).values("flight_id")
        companions = (
            Traveller.objects.filter(flight_id__in=flights, masked_at__isnull=True)
            .exclude(identity_key=traveller.identity_key)
            .values("identity_key")
            .annotate(trips=Count("flight_id", distinct=True))
            .filter(trips__gte=2)
            .values_list("identity_key", "trips")[:limit]
        )
        trips = dict(companions)
        for other_pk, key in Traveller.objects.filter(
            identity_key__in=list(trips), flight_id__in=flights
        ).values_list("pk", "identity_key")[:limit]:
            reasons[other_pk].add(_("travelled together %(n)s times") % {"n": trips[key]})
    reasons.pop(traveller.pk, None)
    linked = (
        Traveller.objects.filter(pk__in=list(reasons)[:limit])
        .select_related("flight__carrier")
        .annotate(hit_count=Count("hits"))
    )
    links = [
        Link(traveller=other, reasons=reasons[other.pk], hit_count=other.hit_count)
        for other in linked
    ]
    links.sort(key=lambda link: (-link.hit_count, str(link.traveller)))
    return Network(centre=traveller, links=links)


# ----------------------------------------------------------------------------- administration


def rule_list(*, user: User) -> QuerySet[Rule]:
    _require(user, "travel.view_rule")
    return Rule.objects.prefetch_related("versions")


def rule_get(*, user: User, pk: int) -> Rule:
    _require(user, "travel.view_rule")
    try:
        return Rule.objects.prefetch_related("versions").get(pk=pk)
    except Rule.DoesNotExist:
        raise Http404(_("No such rule.")) from None


def watchlist_list(*, user: User) -> QuerySet[Watchlist]:
    _require(user, "travel.view_watchlist")
    # A version's content is the whole list file (1.5 MB for the UN list): not for a page.
    versions = WatchlistVersion.objects.defer("content")
    return Watchlist.objects.prefetch_related(Prefetch("versions", queryset=versions))


def screening_runs(*, user: User) -> QuerySet[ScreeningRun]:
    _require(user, "travel.view_screeningrun")
    return ScreeningRun.objects.all()


def message_list(*, user: User, status: str = "") -> QuerySet[CarrierMessage]:
    _require(user, "travel.view_carriermessage")
    messages = CarrierMessage.objects.select_related("carrier").defer("content")
    return messages.filter(status=status) if status else messages


def message_detail(*, user: User, pk: int) -> CarrierMessage:
    """One received interchange with its messages (loaded or quarantined) and warnings."""
    _require(user, "travel.view_carriermessage")
    return get_object_or_404(
        CarrierMessage.objects.select_related("carrier").prefetch_related("parts"), pk=pk
    )


def suppression_list(*, user: User, state: str = "") -> QuerySet[Suppression]:
    """Suppressions, newest first, with how many matches each suppressed and the last one;
    ``state``: "in_force", "review" (listed entry changed, awaiting a supervisor),
    "revoked" (lapsed ones included) or "expired" (all when empty)."""
    _require(user, "travel.view_case")
    suppressions = Suppression.objects.select_related(
        "case", "created_by", "reviewed_by", "revoked_by"
    ).annotate(suppressed_count=Count("suppressed"), last_suppressed=Max("suppressed__at"))
    now = timezone.now()
    if state == "in_force":
        suppressions = suppressions.filter(Suppression.in_force(now))
    elif state == "review":
        suppressions = suppressions.filter(
            Q(revoked_at__isnull=True, entry_changed_at__isnull=False)
            & (Q(reviewed_at__isnull=True) | Q(reviewed_at__lt=F("entry_changed_at")))
        )
    elif state == "revoked":
        suppressions = suppressions.filter(revoked_at__isnull=False)
    elif state == "expired":
        suppressions = suppressions.filter(revoked_at__isnull=True, expires_at__lte=now)
    return suppressions.order_by("-created_at", "-pk")


def suppression_get(*, user: User, pk: int) -> Suppression:
    _require(user, "travel.view_case")
    try:
        return Suppression.objects.select_related("case").get(pk=pk)
    except Suppression.DoesNotExist:
        raise Http404(_("No such suppression.")) from None


def suppressed_for(*, user: User, traveller: Traveller) -> list[SuppressedMatch]:
    """The matches of ``traveller`` that a false-match decision suppressed."""
    _require(user, "travel.view_personal_data")
    return list(
        SuppressedMatch.objects.filter(traveller=traveller)
        .select_related("suppression__case")
        .order_by("-at")
    )


@dataclass(frozen=True, slots=True)
class AccessLogFilters:
    user_id: int | None = None
    action: str = ""
    kind: str = ""
    object_id: int | None = None
    since: dt.date | None = None
    until: dt.date | None = None  # inclusive


def access_log(*, user: User, filters: AccessLogFilters | None = None) -> QuerySet[AccessLog]:
    """Access-log entries, newest first, filtered by who, what action, which record (kind
    and id) and which days (``since`` to ``until``, both included, in the site's time)."""
    _require(user, "travel.view_accesslog")
    filters = filters or AccessLogFilters()
    entries = AccessLog.objects.select_related("user")
    if filters.user_id is not None:
        entries = entries.filter(user_id=filters.user_id)
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.kind:
        entries = entries.filter(record_kind=filters.kind)
    if filters.object_id is not None:
        entries = entries.filter(object_id=str(filters.object_id))
    zone = timezone.get_current_timezone()
    if filters.since is not None:
        start = dt.datetime.combine(filters.since, dt.time.min, tzinfo=zone)
        entries = entries.filter(at__gte=start)
    if filters.until is not None:
        end = dt.datetime.combine(filters.until + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        entries = entries.filter(at__lt=end)
    return entries.order_by("-at", "-pk")


def piu_summary(*, user: User) -> dict[str, Any]:
    _require(user, "travel.view_case")
    return {
        "open_cases": Case.objects.filter(
            ~Q(status=Case.Status.CLOSED) | Q(new_hits_at__isnull=False)
        ).count(),
        "quarantined": CarrierMessage.objects.filter(
            status=CarrierMessage.Status.QUARANTINED
        ).count(),
        "running": ScreeningRun.objects.filter(
            status__in=[ScreeningRun.Status.QUEUED, ScreeningRun.Status.RUNNING]
        ).first(),
    }


@dataclass(frozen=True, slots=True)
class RouteAirport:
    code: str
    airport: Airport | None  # None: not in the airport reference, so its country is unknown


def route_airports(traveller: Traveller) -> list[RouteAirport]:
    """Where ``traveller`` boards and leaves, with each airport as the reference knows it."""
    flight = traveller.flight
    codes = [traveller.embarkation or flight.origin, traveller.debarkation or flight.destination]
    return [RouteAirport(code=code, airport=airport(code)) for code in codes if code]


@dataclass(frozen=True, slots=True)
class Backtest:
    days: int
    screened: int
    matched: int
    sample: list[tuple[Traveller, list[str]]]
    # Travellers a condition could not judge because the fact it tests is unknown (an airport
    # missing from the reference, no date of birth…): field label → how many.
    unknown: dict[str, int] = field(default_factory=dict)


def rule_backtest(
    *,
    user: User,
    conditions: Any,
    rule: Rule | None = None,
    name: str = "",
    path: str = "",
    days: int = 7,
    sample_size: int = 10,
    now: dt.datetime | None = None,
) -> Backtest:
    """Who the conditions (stored JSON or builder rows, read by ``rules.parse_rule`` as live
    screening reads them) would have hit among the travellers who departed in the past
    ``days`` days. Raises ``rules.RuleDefinitionError``.

    An ad-hoc query over personal data: logged with the rule (``rule``, or the ``name`` of
    one being written), its conditions in words and the number of travellers it selected.
    """
    from aegis.travel import access
    from aegis.travel import rules as rule_engine
    from aegis.travel.screening import facts

    _require(user, "travel.view_rule")
    parsed = rule_engine.parse_rule(conditions)
    now = now or timezone.now()
    travellers = (
        Traveller.objects.filter(
            flight__departure__gte=now - dt.timedelta(days=days),
            flight__departure__lte=now,
            masked_at__isnull=True,
        )
        .select_related("flight", "booking")
        .prefetch_related("documents")
        .order_by("flight__departure", "pk")
    )
    screened = matched = 0
    sample: list[tuple[Traveller, list[str]]] = []
    used = rule_engine.fields_used(parsed)
    unknown: dict[str, int] = {}
    for traveller in travellers.iterator(chunk_size=1000):
        screened += 1
        known = facts(traveller)
        for tested in used:
            if known.get(tested) in (None, ""):
                label = str(rule_engine.FIELDS[tested].label)
                unknown[label] = unknown.get(label, 0) + 1
        result = rule_engine.evaluate(parsed, known)
        if result is not None:
            matched += 1
            if len(sample) < sample_size:
                sample.append((traveller, result))
    access.record(
        user=user,
        action=AccessLog.Action.BACKTEST,
        what="rule back-test",
        kind=AccessLog.RecordKind.RULE if rule is not None else "",
        object_id=rule.pk if rule is not None else "",
        label=rule.name if rule is not None else name,
        count=matched,
        purpose="\n".join(rule_engine.describe_rule(parsed)),
        path=path,
    )
    return Backtest(days=days, screened=screened, matched=matched, sample=sample, unknown=unknown)
