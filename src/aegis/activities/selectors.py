"""Which activities a user may see and change.

Scoping rule: office editors, viewers and administrators see every activity; an
entity focal point sees published activities and every activity of their own
organisation, and changes only their own organisation's. PIU roles see none.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from aegis.activities.models import (
    Activity,
    Agreement,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    OfficeUnit,
)
from aegis.core.models import Country, Organisation, User
from aegis.core.permissions import require_permission
from aegis.core.roles import Role, user_roles

# Codes of the kinds whose participants count as "individuals trained", and of those that
# are "workshops" (kinds the office keeps from its first migration).
TRAINING_KINDS = ("training", "workshop", "webinar")
WORKSHOP_KINDS = ("training", "workshop")

# Office staff see every activity; a Compact entity's focal point only its own and published ones.
_SEES_ALL = frozenset(
    {Role.ADMINISTRATOR, Role.OFFICE_EDITOR, Role.VIEWER, Role.RESOURCE_MOBILISATION_OFFICER}
)
_CHANGES_ALL = frozenset({Role.ADMINISTRATOR, Role.OFFICE_EDITOR})


@dataclass(frozen=True, slots=True)
class ActivityFilters:
    """What a list of activities is narrowed to; every field empty means no narrowing.

    ``starts_from``/``starts_until`` keep the activities that take place (in part)
    within the range; ``organisation_id`` matches the lead, an organiser or a partner.
    """

    search: str = ""
    kind: str = ""
    status: str = ""
    organisation_id: int | None = None
    unit_id: int | None = None
    programme_id: int | None = None
    pillar: int | None = None
    country: str = ""
    starts_from: date | None = None
    starts_until: date | None = None


def activity_visible(*, user: User) -> QuerySet[Activity]:
    """Every activity ``user`` may see; raises PermissionDenied for roles without office access."""
    require_permission(
        user, "activities.view_activity", _("Your role has no access to activities.")
    )
    activities = Activity.objects.select_related("lead_organisation", "kind")
    if user_roles(user) & _SEES_ALL:
        return activities
    own = Q(lead_organisation_id=user.organisation_id) if user.organisation_id else Q(pk__in=[])
    return activities.filter(Q(status=Activity.Status.PUBLISHED) | own)


def _search(activities: QuerySet[Activity], text: str) -> QuerySet[Activity]:
    if connection.vendor == "postgresql":
        # Full-text search with stemming on PostgreSQL; plain containment elsewhere.
        from django.contrib.postgres.search import SearchQuery, SearchVector

        vector = SearchVector("title", weight="A") + SearchVector("narrative", weight="B")
        matching = Activity.objects.annotate(search=vector).filter(
            search=SearchQuery(text, search_type="websearch")
        )
        return activities.filter(
            Q(pk__in=matching.values("pk"))
            | Q(title__icontains=text)
            | Q(lead_organisation__acronym__iexact=text)
        )
    return activities.filter(
        Q(title__icontains=text)
        | Q(narrative__icontains=text)
        | Q(lead_organisation__acronym__iexact=text)
    )


def activity_list(*, user: User, filters: ActivityFilters | None = None) -> QuerySet[Activity]:
    """Visible activities narrowed by ``filters``, newest first, with what lists show."""
    filters = filters or ActivityFilters()
    activities = activity_visible(user=user)
    if filters.search:
        activities = _search(activities, filters.search)
    if filters.kind:
        activities = activities.filter(kind__code=filters.kind)
    if filters.status:
        activities = activities.filter(status=filters.status)
    if filters.organisation_id:
        org = filters.organisation_id
        involved = Activity.objects.filter(
            Q(lead_organisation_id=org) | Q(organisers__id=org) | Q(partners__id=org)
        )
        activities = activities.filter(pk__in=involved.values("pk"))
    if filters.unit_id:
        activities = activities.filter(office_unit_id=filters.unit_id)
    if filters.programme_id:
        activities = activities.filter(programme_id=filters.programme_id)
    if filters.pillar:
        activities = activities.filter(
            pk__in=Activity.objects.filter(pillars=filters.pillar).values("pk")
        )
    if filters.country:
        in_country = Activity.objects.filter(beneficiary_countries=filters.country.upper())
        activities = activities.filter(pk__in=in_country.values("pk"))
    if filters.starts_from:
        activities = activities.filter(
            Q(end_date__gte=filters.starts_from)
            | Q(end_date__isnull=True, start_date__gte=filters.starts_from)
        )
    if filters.starts_until:
        activities = activities.filter(start_date__lte=filters.starts_until)
    return (
        activities.select_related("office_unit", "programme")
        .prefetch_related("pillars", "beneficiary_countries", "periods")
        .order_by("-start_date", "title")
    )


def activity_get(*, user: User, pk: int) -> Activity:
    """The activity, or Http404 when it does not exist or ``user`` may not see it."""
    try:
        return (
            activity_visible(user=user)
            .select_related("office_unit", "programme")
            .prefetch_related(
                "periods",
                "pillars",
                "mandate_functions",
                "beneficiary_countries",
                "beneficiary_regions",
                "organisers",
                "partners",
                "principals",
                "compact_bodies",
            )
            .get(pk=pk)
        )
    except Activity.DoesNotExist:
        raise Http404(_("No such activity.")) from None


def activity_can_change(*, user: User, activity: Activity) -> bool:
    if not user.has_perm("activities.change_activity"):
        return False
    roles = user_roles(user)
    if roles & _CHANGES_ALL:
        return True
    return Role.FOCAL_POINT in roles and activity.lead_organisation_id == user.organisation_id


def activity_get_for_change(*, user: User, pk: int) -> Activity:
    """The activity if ``user`` may change it: Http404 if unseen, PermissionDenied if read-only."""
    activity = activity_get(user=user, pk=pk)
    if not activity_can_change(user=user, activity=activity):
        raise PermissionDenied(_("You may not change this activity."))
    return activity


def first_agreement_with(*, kind: str) -> Agreement | None:
    """The earliest agreement one of whose parties is an organisation of ``kind``."""
    return (
        Agreement.objects.filter(parties__kind=kind)
        .order_by("signed_on", "pk")
        .prefetch_related("parties")
        .first()
    )


@dataclass(frozen=True, slots=True)
class WhoWhatWhere:
    organisation: Organisation
    pillars: dict[int, int]
    countries: list[str]
    activities: int


def who_does_what_where(
    *, user: User, since: date | None = None, until: date | None = None
) -> list[WhoWhatWhere]:
    """Per organisation involved (lead, organiser or partner) in visible published activities:
    how many activities under each pillar, and which beneficiary countries.

    Reads ids and names only (six queries): the page covers every published activity, and
    building each activity with its related records cost more than the sums themselves.
    """
    activities = activity_list(
        user=user,
        filters=ActivityFilters(
            status=Activity.Status.PUBLISHED, starts_from=since, starts_until=until
        ),
    )
    leads = list(activities.values_list("pk", "lead_organisation_id"))
    chosen = activities.values("pk")

    def related(through: Any, field: str, order: tuple[str, ...] = ()) -> dict[int, list[Any]]:
        by_activity: dict[int, list[Any]] = defaultdict(list)
        rows = through._default_manager.filter(activity__in=chosen).order_by(*order)
        for activity_id, value in rows.values_list("activity_id", field):
            by_activity[activity_id].append(value)
        return by_activity

    pillars = related(Activity.pillars.through, "pillar_id")  # a pillar's key is its number
    countries = related(
        Activity.beneficiary_countries.through,
        "country__name",
        tuple(f"country__{key}" for key in Country._meta.ordering or ()),
    )
    organisers = related(Activity.organisers.through, "organisation_id")
    partners = related(Activity.partners.through, "organisation_id")
    organisations = Organisation.objects.in_bulk(
        {lead for _, lead in leads}
        | {org for orgs in (*organisers.values(), *partners.values()) for org in orgs}
    )
    rows: dict[int, WhoWhatWhere] = {}
    for activity_id, lead in leads:
        involved = dict.fromkeys((lead, *organisers[activity_id], *partners[activity_id]))
        for organisation_id in involved:
            row = rows.get(organisation_id) or WhoWhatWhere(
                organisations[organisation_id], {}, [], 0
            )
            for number in pillars[activity_id]:
                row.pillars[number] = row.pillars.get(number, 0) + 1
            row.countries.extend(c for c in countries[activity_id] if c not in row.countries)
            rows[organisation_id] = WhoWhatWhere(
                row.organisation, row.pillars, row.countries, row.activities + 1
            )
    return sorted(rows.values(), key=lambda row: (-row.activities, row.organisation.name))


@dataclass(frozen=True, slots=True)
class MonthFigure:
    """One month of an indicator: its own figure and the year to date at its end.

    ``value`` is None for a month whose figure only a later cumulative value includes;
    a cumulative value's own month carries the difference from the last known total,
    over the months from ``first`` (several when the months between were not known).
    ``women`` and ``men`` are of ``value`` (and ``*_to_date`` of ``year_to_date``), derived
    the same way, and None where a source did not say.
    """

    month: date
    first: date
    value: int | None
    year_to_date: int | None
    source: str
    women: int | None = None
    men: int | None = None
    women_to_date: int | None = None
    men_to_date: int | None = None

    def __iter__(self) -> Any:  # (month, value, source), as the results table reads it
        return iter((self.month, self.value, self.source))


@dataclass(frozen=True, slots=True)
class IndicatorProgress:
    """An indicator's year to date for one unit; ``women`` and ``men`` are of ``value``,
    None unless every figure it adds up says (e.g. "2,754 trained, of whom 1,020 women")."""

    indicator: Indicator
    unit: OfficeUnit
    year: int
    through_month: int
    value: int
    target: int | None
    months: tuple[MonthFigure, ...]
    women: int | None = None
    men: int | None = None

    def year_to_date(self, month: int) -> int:
        """The total from January to the end of ``month`` (1–12, at most ``through_month``)."""
        return _year_to_date(self.months[:month])


def _year_to_date(months: Iterable[MonthFigure]) -> int:
    known = [figure.year_to_date for figure in months if figure.year_to_date is not None]
    return known[-1] if known else 0


def _last_known(months: Sequence[MonthFigure]) -> MonthFigure | None:
    known = [figure for figure in months if figure.year_to_date is not None]
    return known[-1] if known else None


def _month_after(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def month_span(first: date, last: date) -> str:
    """ "July 2020", or "January to July 2020" for several months."""
    if first == last:
        return f"{last:%B %Y}"
    return f"{first:%B} to {last:%B %Y}"


def _added(total: int | None, part: int | None) -> int | None:
    return None if total is None or part is None else total + part


def _less(total: int | None, part: int | None) -> int | None:
    return None if total is None or part is None else total - part


def _series(
    *,
    year: int,
    through_month: int,
    entered: dict[date, IndicatorValue],
    computed: dict[date, int] | None,
) -> list[MonthFigure]:
    """The months of one indicator and unit: entered monthly values add up, a cumulative
    value resets the total to itself, and months without an entered value are computed
    from activities, unless a later cumulative value already includes them. Women and men
    follow the totals; a month computed from activities says neither (unless it is zero)."""
    cumulative_months = [
        month
        for month, value in entered.items()
        if value.basis == IndicatorValue.Basis.CUMULATIVE and month.month <= through_month
    ]
    figures: list[MonthFigure] = []
    total = 0
    women: int | None = 0  # the year to date of each, None once a figure did not say
    men: int | None = 0
    first_unknown = date(year, 1, 1)
    for number in range(1, through_month + 1):
        month = date(year, number, 1)
        value = entered.get(month)
        if value is not None and value.basis == IndicatorValue.Basis.CUMULATIVE:
            figures.append(
                MonthFigure(
                    month=month,
                    first=first_unknown,
                    value=value.value - total,
                    year_to_date=value.value,
                    source=f"entered, January to {month:%B} {value.value}: {value.source_note}",
                    women=_less(value.women, women),
                    men=_less(value.men, men),
                    women_to_date=value.women,
                    men_to_date=value.men,
                )
            )
            total, women, men = value.value, value.women, value.men
        elif value is not None:
            total += value.value
            women, men = _added(women, value.women), _added(men, value.men)
            figures.append(
                MonthFigure(
                    month,
                    month,
                    value.value,
                    total,
                    f"entered: {value.source_note}",
                    value.women,
                    value.men,
                    women,
                    men,
                )
            )
        elif any(later > month for later in cumulative_months):
            figures.append(MonthFigure(month, month, None, None, "in a later cumulative figure"))
            continue
        elif computed is not None:
            figure = computed.get(month, 0)
            total += figure
            nobody = 0 if figure == 0 else None
            women, men = _added(women, nobody), _added(men, nobody)
            figures.append(
                MonthFigure(
                    month,
                    month,
                    figure,
                    total,
                    "computed from activities",
                    nobody,
                    nobody,
                    women,
                    men,
                )
            )
        else:
            figures.append(MonthFigure(month, month, None, None, "not entered"))
            continue
        first_unknown = _month_after(month)
    return figures


def indicators_progress(
    *, pairs: Iterable[tuple[Indicator, OfficeUnit]], year: int, through_month: int
) -> list[IndicatorProgress]:
    """Year-to-date value of each ``(indicator, unit)`` of ``pairs``, in their order (see
    ``_series``: entered monthly and cumulative values, else the figure computed from
    published activities). Three queries whatever the number of pairs and months."""
    pairs = list(pairs)
    if not pairs:
        return []
    indicator_ids = {indicator.pk for indicator, _ in pairs}
    unit_ids = {unit.pk for _, unit in pairs}
    entered: dict[tuple[int, int], dict[date, IndicatorValue]] = defaultdict(dict)
    for value in IndicatorValue.objects.filter(
        indicator_id__in=indicator_ids,
        unit_id__in=unit_ids,
        month__year=year,
        month__month__lte=through_month,
    ):
        entered[(value.indicator_id, value.unit_id)][value.month] = value
    targets = {
        (target.indicator_id, target.unit_id): target.target
        for target in IndicatorTarget.objects.filter(
            indicator_id__in=indicator_ids, unit_id__in=unit_ids, year=year
        )
    }
    # Per unit and month: workshops held, and participants of training kinds.
    workshops: dict[int, Counter[date]] = defaultdict(Counter)
    participants: dict[int, Counter[date]] = defaultdict(Counter)
    if any(indicator.computed_from for indicator, _ in pairs):
        for unit_id, start, kind, total in Activity.objects.filter(
            status=Activity.Status.PUBLISHED,
            office_unit_id__in=unit_ids,
            start_date__gte=date(year, 1, 1),
            start_date__lt=_month_after(date(year, through_month, 1)),
            kind__code__in=TRAINING_KINDS,
        ).values_list("office_unit_id", "start_date", "kind__code", "participants_total"):
            workshops[unit_id][start.replace(day=1)] += kind in WORKSHOP_KINDS
            participants[unit_id][start.replace(day=1)] += total or 0
    progress = []
    for indicator, unit in pairs:
        computed: dict[date, int] | None = None
        if indicator.computed_from == Indicator.Computation.COUNT_OF_WORKSHOPS:
            computed = workshops[unit.pk]
        elif indicator.computed_from:
            computed = participants[unit.pk]
        months = _series(
            year=year,
            through_month=through_month,
            entered=entered[(indicator.pk, unit.pk)],
            computed=computed,
        )
        progress.append(
            IndicatorProgress(
                indicator=indicator,
                unit=unit,
                year=year,
                through_month=through_month,
                value=_year_to_date(months),
                target=targets.get((indicator.pk, unit.pk)),
                months=tuple(months),
                women=last.women_to_date if (last := _last_known(months)) else None,
                men=last.men_to_date if last else None,
            )
        )
    return progress


def indicator_progress(
    *, indicator: Indicator, unit: OfficeUnit, year: int, through_month: int
) -> IndicatorProgress:
    """Year-to-date value of ``indicator`` for ``unit`` (see ``indicators_progress``)."""
    [progress] = indicators_progress(
        pairs=[(indicator, unit)], year=year, through_month=through_month
    )
    return progress
