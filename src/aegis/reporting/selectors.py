"""Reads for the newsletter pages and the dashboards."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aegis.activities.models import (
    Activity,
    Indicator,
    IndicatorValue,
    MandateFunction,
    OfficeUnit,
    Pillar,
)
from aegis.activities.selectors import indicators_progress
from aegis.coordination.models import Body
from aegis.core.chart_labels import HOVER, chart_label, hover_text
from aegis.core.figures_cache import cached_figures
from aegis.core.models import Country, User
from aegis.core.permissions import require_permission
from aegis.reporting.models import Issue


def issue_list(*, user: User) -> QuerySet[Issue]:
    require_permission(
        user, "reporting.view_issue", _("Your role has no access to the newsletter.")
    )
    return Issue.objects.annotate(item_count=Count("items")).order_by("-month")


def issue_get(*, user: User, pk: int) -> Issue:
    try:
        return issue_list(user=user).prefetch_related("items").get(pk=pk)
    except Issue.DoesNotExist:
        raise Http404(_("No such issue.")) from None


def published_issues() -> QuerySet[Issue]:
    """What the public may read: issues published at least once (one under correction keeps
    its last published version public), newest month first."""
    ever = Issue.objects.filter(
        Q(status=Issue.Status.PUBLISHED) | Q(versions__isnull=False)
    ).values("pk")
    return Issue.objects.filter(pk__in=ever).exclude(snapshot={}).order_by("-month")


def published_issue(slug: str) -> Issue:
    try:
        year, month = (int(part) for part in slug.split("-"))
        return published_issues().get(month=date(year, month, 1))
    except (ValueError, Issue.DoesNotExist):
        raise Http404(_("No published issue for this month.")) from None


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart and the table it is drawn from: ``columns`` head ``rows``."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    figure: dict[str, Any]
    wide: bool = False  # spans the page's width (the world map)


BLUE = "#00689d"


def _activities(count: int) -> str:
    return ngettext("%(count)s activity", "%(count)s activities", count) % {"count": f"{count:,}"}


def _bar(
    labels: list[str], values: list[int], hover: list[str], *, horizontal: bool = False
) -> dict[str, Any]:
    shown = [chart_label(label) for label in labels]
    trace: dict[str, Any] = {
        "type": "bar",
        "marker": {"color": BLUE},
        "customdata": [hover_text(text) for text in hover],
        "hovertemplate": HOVER,
    }
    trace |= (
        {"y": shown, "x": values, "orientation": "h"} if horizontal else {"x": shown, "y": values}
    )
    if horizontal:  # first category on top, one line of bar per label line
        axes = {
            "yaxis": {
                "autorange": "reversed",
                "automargin": True,
                "type": "category",
                "ticklabelstandoff": 6,
            },
            "xaxis": {"automargin": True, "rangemode": "tozero"},
        }
        height = 80 + 34 * max(len(labels), 1)
    else:
        axes = {
            "xaxis": {
                "automargin": True,
                "type": "category",
                "tickangle": 0 if len(labels) <= 6 else -40,
            },
            "yaxis": {"automargin": True, "rangemode": "tozero"},
        }
        height = 340
    return {
        "data": [trace],
        "layout": {"margin": {"l": 10, "r": 20, "t": 10, "b": 10}, "height": max(height, 240),
                   "hoverlabel": {"align": "left"}, **axes},
    }  # fmt: skip


@dataclass(frozen=True, slots=True)
class Period:
    """What a dashboard shows: one calendar year, or everything (``year`` None)."""

    year: int | None = None

    @property
    def slug(self) -> str:
        return str(self.year) if self.year else "all"


def _published(period: Period) -> QuerySet[Activity]:
    activities = Activity.objects.filter(status=Activity.Status.PUBLISHED)
    return activities.filter(start_date__year=period.year) if period.year else activities


def activity_years() -> list[int]:
    """Years in which published activities started, oldest first (the filter's choices)."""

    def compute() -> list[int]:
        return sorted({d.year for d in _published(Period()).dates("start_date", "year")})

    return cached_figures(("activities",), "activity-years", compute)


def _in_country(count: int, country: str) -> str:
    return _("%(activities)s in %(country)s") % {
        "activities": _activities(count),
        "country": country,
    }


def activity_charts(*, period: Period = Period()) -> list[Chart]:
    """Activities over time by kind and by unit; balance across pillars and mandate functions;
    countries reached. Published activities only, so the public dashboard may use them too."""
    activities = _published(period)
    by_month: Counter[date] = Counter()
    by_kind: Counter[str] = Counter()
    by_unit: Counter[str] = Counter()
    for start, kind, unit in activities.values_list(
        "start_date", "kind__name", "office_unit__acronym"
    ):
        by_month[start.replace(day=1)] += 1
        by_kind[kind] += 1
        by_unit[unit or "—"] += 1
    months = sorted(by_month)
    per_pillar = _per_related(Activity.pillars.through, "pillar", activities)
    pillars = [
        (f"Pillar {p.roman}", p.title, per_pillar.get(p.pk, 0)) for p in Pillar.objects.all()
    ]
    per_function = _per_related(Activity.mandate_functions.through, "mandatefunction", activities)
    functions = [
        (f"{f.number}. {f.title}", per_function.get(f.pk, 0)) for f in MandateFunction.objects.all()
    ]
    countries = list(
        Country.objects.filter(activities__in=activities)
        .annotate(activities_count=Count("activities"))
        .order_by("-activities_count", "name")
        .values_list("alpha_3", "name", "activities_count")
    )
    world = {
        "data": [
            {
                "type": "choropleth",
                "locations": [c[0] for c in countries],
                "z": [c[2] for c in countries],
                "customdata": [hover_text(_in_country(c[2], c[1])) for c in countries],
                "hovertemplate": HOVER,
                "colorscale": [[0, "#d6eefa"], [1, BLUE]],
                "marker": {"line": {"color": "#ffffff", "width": 0.5}},
                "colorbar": {"title": {"text": _("Activities")}, "thickness": 14, "len": 0.8},
            }
        ],
        "layout": {
            "geo": {"showframe": False, "showcoastlines": False, "showcountries": True,
                    "countrycolor": "#c8d3dc", "landcolor": "#f1f4f7", "showland": True,
                    "projection": {"type": "natural earth"}, "lataxis": {"range": [-58, 85]}},
            "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
            "height": 560,
        },
    }  # fmt: skip
    month_names = [f"{m:%b %Y}" for m in months]
    return [
        Chart(
            "by-month",
            _("Activities per month"),
            (_("Month"), _("Activities")),
            [(f"{m:%Y-%m}", by_month[m]) for m in months],
            _bar(
                month_names,
                [by_month[m] for m in months],
                [
                    _("%(activities)s started in %(month)s")
                    % {"activities": _activities(by_month[m]), "month": f"{m:%B %Y}"}
                    for m in months
                ],
            ),
        ),
        Chart(
            "by-kind",
            _("Activities by kind"),
            (_("Kind"), _("Activities")),
            by_kind.most_common(),
            _bar(
                *_split(by_kind.most_common()),
                [f"{kind}: {_activities(n)}" for kind, n in by_kind.most_common()],
                horizontal=True,
            ),
        ),
        Chart(
            "by-unit",
            _("Activities by office unit"),
            (_("Unit"), _("Activities")),
            by_unit.most_common(),
            _bar(
                *_split(by_unit.most_common()),
                [f"{unit}: {_activities(n)}" for unit, n in by_unit.most_common()],
            ),
        ),
        Chart(
            "pillars",
            _("Balance across the four pillars"),
            (_("Pillar"), _("Title"), _("Activities")),
            pillars,
            _bar(
                [f"{p[0]}: {p[1]}" for p in pillars],
                [p[2] for p in pillars],
                [f"{p[0]} ({p[1]}): {_activities(p[2])}" for p in pillars],
                horizontal=True,  # the pillars' names are long: one line of bar per name
            ),
        ),
        Chart(
            "functions",
            _("Balance across the five mandate functions"),
            (_("Function"), _("Activities")),
            functions,
            _bar(
                *_split(functions),
                [f"{name}: {_activities(n)}" for name, n in functions],
                horizontal=True,
            ),
        ),
        Chart(
            "countries",
            _("Countries reached"),
            (_("ISO code"), _("Country"), _("Activities")),
            countries,
            world,
            wide=True,
        ),
    ]


def _per_related(
    through: type[models.Model], field: str, activities: QuerySet[Activity]
) -> dict[Any, int]:
    """How many of ``activities`` each related record (pillar, function …) has: one query."""
    return dict(
        through._default_manager.filter(activity__in=activities)
        .values(field)
        .annotate(activities=Count("activity", distinct=True))
        .values_list(field, "activities")
    )


def _split(pairs: list[tuple[str, int]]) -> tuple[list[str], list[int]]:
    return [label for label, _ in pairs], [value for _, value in pairs]


def results_period(year: int | None) -> tuple[int, int]:
    """The year and last month of the results chart: the chosen year through its last month
    with figures, else the latest year with figures (today's when none was entered)."""
    values = IndicatorValue.objects.order_by("-month").values_list("month", flat=True)
    if year is not None:
        latest = values.filter(month__year=year).first()
        return year, latest.month if latest else 12
    latest = values.first()
    if latest is None:
        today = date.today()  # noqa: DTZ011 — the office reports by calendar month
        return today.year, today.month
    return latest.year, latest.month


def results_chart(*, year: int, through_month: int) -> Chart:
    indicators = list(Indicator.objects.all())
    rows: list[tuple[str, str, int, int | None]] = [
        (str(progress.unit), progress.indicator.name, progress.value, progress.target)
        for progress in indicators_progress(
            pairs=[
                (indicator, unit)
                for unit in OfficeUnit.objects.filter(indicator_values__month__year=year).distinct()
                for indicator in indicators
            ],
            year=year,
            through_month=through_month,
        )
    ]
    span = f"{date(year, 1, 1):%B}–{date(year, through_month, 1):%B %Y}"
    hover = [
        _("%(unit)s · %(indicator)s: %(value)s in %(span)s, %(share)s%% of the target, %(target)s")
        % {"unit": u, "indicator": i, "value": f"{v:,}", "span": span,
           "share": round(100 * v / t), "target": f"{t:,}"}
        if t else
        _("%(unit)s · %(indicator)s: %(value)s in %(span)s, no target set")
        % {"unit": u, "indicator": i, "value": f"{v:,}", "span": span}
        for u, i, v, t in rows
    ]  # fmt: skip
    share = [round(100 * value / target) if target else 0 for _, _, value, target in rows]
    figure = _bar([f"{r[0]} · {r[1]}" for r in rows], share, hover, horizontal=True)
    figure["data"][0] |= {
        "text": [f"{v:,} / {t:,}" if t else f"{v:,}" for _, _, v, t in rows],
        "textposition": "auto",
    }
    figure["layout"]["xaxis"] |= {
        "title": {"text": _("% of the year's target")},
        "range": [0, max([100, *share])],
    }
    return Chart(
        "results",
        _("Capacity-building indicators, %(span)s, against the year's targets") % {"span": span},
        (_("Unit"), _("Indicator"), _("Year to date"), _("Target")),
        rows,
        figure,
    )


def working_group_chart(*, period: Period = Period()) -> Chart:
    """Published activities involving each working group's members, as a proxy of activity."""
    rows = []
    activities = _published(period)
    # (activity, organisation) of every partnership and organisation: two queries in all.
    partners = list(
        Activity.partners.through._default_manager.filter(activity__in=activities).values_list(
            "activity_id", "organisation_id"
        )
    )
    organisers = list(
        Activity.organisers.through._default_manager.filter(activity__in=activities).values_list(
            "activity_id", "organisation_id"
        )
    )
    for group in Body.objects.filter(kind=Body.Kind.WORKING_GROUP).prefetch_related("memberships"):
        members = [m.organisation_id for m in group.memberships.all()]
        involved = set(members)
        count = len({activity for activity, org in partners if org in involved}) + len(
            {activity for activity, org in organisers if org in involved}
        )
        rows.append((group.name, len(members), count))
    return Chart(
        "working-groups",
        _("Compact working groups: members and their partnerships in activities"),
        (_("Working group"), _("Members"), _("Partnerships in activities")),
        rows,
        _bar(
            [r[0] for r in rows],
            [r[2] for r in rows],
            [
                ngettext(
                    "%(group)s: %(members)s member, %(count)s partnerships in activities",
                    "%(group)s: %(members)s members, %(count)s partnerships in activities",
                    r[1],
                )
                % {"group": r[0], "members": r[1], "count": r[2]}
                for r in rows
            ],
            horizontal=True,
        ),
    )


def office_dashboard(*, period: Period) -> list[Chart]:
    """The office dashboard's charts, from the cache while their records are unchanged."""

    def compute() -> list[Chart]:
        year, through = results_period(period.year)
        return [
            *activity_charts(period=period),
            results_chart(year=year, through_month=through),
            working_group_chart(period=period),
        ]

    return cached_figures(("activities",), f"office-dashboard:{period.slug}", compute)


PUBLIC_CHARTS = ("by-kind", "pillars", "countries")


def public_dashboard(*, period: Period) -> list[Chart]:
    """The public dashboard's charts (published activities only), cached like the office's."""

    def compute() -> list[Chart]:
        return [c for c in activity_charts(period=period) if c.key in PUBLIC_CHARTS]

    return cached_figures(("activities",), f"public-dashboard:{period.slug}", compute)
