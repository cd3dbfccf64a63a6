"""Reads for the newsletter pages and the dashboards."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from aegis.activities.models import Activity, Indicator, MandateFunction, OfficeUnit, Pillar
from aegis.activities.selectors import indicators_progress
from aegis.coordination.models import Body
from aegis.core.models import Country, User
from aegis.reporting.models import Issue


def issue_list(*, user: User) -> QuerySet[Issue]:
    if not user.has_perm("reporting.view_issue"):
        raise PermissionDenied(_("Your role has no access to the newsletter."))
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


def _bar(
    title: str, labels: list[str], values: list[int], *, horizontal: bool = False
) -> dict[str, Any]:
    trace: dict[str, Any] = {"type": "bar", "marker": {"color": "#00689d"}}
    trace |= (
        {"y": labels, "x": values, "orientation": "h"} if horizontal else {"x": labels, "y": values}
    )
    return {
        "data": [trace],
        "layout": {
            "title": {"text": title, "font": {"size": 14}},
            "margin": {"l": 230 if horizontal else 50, "r": 20, "t": 40, "b": 60},
            "height": 320,
        },
    }  # fmt: skip


def _published(since: date | None) -> QuerySet[Activity]:
    activities = Activity.objects.filter(status=Activity.Status.PUBLISHED)
    return activities.filter(start_date__gte=since) if since else activities


def activity_charts(*, since: date | None = None) -> list[Chart]:
    """Activities over time by kind and by unit; balance across pillars and mandate functions;
    countries reached. Published activities only, so the public dashboard may use them too."""
    activities = _published(since)
    by_month: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    by_unit: Counter[str] = Counter()
    for start, kind, unit in activities.values_list("start_date", "kind", "office_unit__acronym"):
        by_month[f"{start:%Y-%m}"] += 1
        by_kind[str(Activity.Kind(kind).label)] += 1
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
                "text": [c[1] for c in countries],
                "colorscale": [[0, "#d6eefa"], [1, "#00689d"]],
                "marker": {"line": {"color": "#ffffff", "width": 0.5}},
                "colorbar": {"title": {"text": "Activities"}},
            }
        ],
        "layout": {
            "geo": {"showframe": False, "projection": {"type": "natural earth"}},
            "margin": {"l": 0, "r": 0, "t": 10, "b": 0},
            "height": 380,
        },
    }
    return [
        Chart(
            "by-month",
            _("Activities per month"),
            (_("Month"), _("Activities")),
            [(m, by_month[m]) for m in months],
            _bar("", months, [by_month[m] for m in months]),
        ),
        Chart(
            "by-kind",
            _("Activities by kind"),
            (_("Kind"), _("Activities")),
            by_kind.most_common(),
            _bar("", *_split(by_kind.most_common()), horizontal=True),
        ),
        Chart(
            "by-unit",
            _("Activities by office unit"),
            (_("Unit"), _("Activities")),
            by_unit.most_common(),
            _bar("", *_split(by_unit.most_common())),
        ),
        Chart(
            "pillars",
            _("Balance across the four pillars"),
            (_("Pillar"), _("Title"), _("Activities")),
            pillars,
            _bar("", [p[0] for p in pillars], [p[2] for p in pillars]),
        ),
        Chart(
            "functions",
            _("Balance across the five mandate functions"),
            (_("Function"), _("Activities")),
            functions,
            _bar("", *_split(functions), horizontal=True),
        ),
        Chart(
            "countries",
            _("Countries reached"),
            (_("ISO code"), _("Country"), _("Activities")),
            countries,
            world,
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
    labels = [f"{r[0]} · {r[1]}" for r in rows]
    share = [round(100 * value / target) if target else 0 for _, _, value, target in rows]
    figure = {
        "data": [{"type": "bar", "x": labels, "y": share, "marker": {"color": "#00689d"},
                  "text": [f"{v:,} / {t:,}" if t else f"{v:,}" for _, _, v, t in rows],
                  "textposition": "auto"}],
        "layout": {"height": 320, "margin": {"t": 20, "b": 80},
                   "yaxis": {"title": {"text": _("% of the year's target")}, "range": [0, 100]}},
    }  # fmt: skip
    return Chart(
        "results",
        _("Capacity-building indicators year to date against targets"),
        (_("Unit"), _("Indicator"), _("Year to date"), _("Target")),
        rows,
        figure,
    )


def working_group_chart(*, since: date | None = None) -> Chart:
    """Published activities involving each working group's members, as a proxy of activity."""
    rows = []
    activities = _published(since)
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
        _bar("", [r[0][:40] for r in rows], [r[2] for r in rows], horizontal=True),
    )
