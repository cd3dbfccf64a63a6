"""The PIU dashboard (issue 21): today and the week in figures, for the unit's head.

Traffic (flights, travellers, messages per carrier with missing or late manifests), hits by
list and rule, open cases by age, decisions and the false-match rate of each rule and list
(a rule that mostly flags the wrong people shows at the top), time from hit to decision,
referrals per agency and their answers. Counts only, no personal data. Every figure is a
plain ORM aggregate or a count made in Python over the period's rows, so it reads the same
on SQLite and PostgreSQL. Charts are Plotly figures drawn by ``charts.js``; each has its
table beside it and a CSV download.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aegis.core.chart_labels import HOVER, chart_label, hover_text
from aegis.core.models import User
from aegis.core.permissions import signed_in_user
from aegis.core.tabular import table_response
from aegis.travel.models import (
    CarrierMessage,
    Case,
    Flight,
    Hit,
    Referral,
    Traveller,
)
from aegis.travel.otp import piu_page

BLUE = "#00689d"
LIGHT_BLUE = "#8fd3f4"
RED = "#b3261e"
AMBER = "#c98a00"
GREEN = "#1f7a3f"

PERIODS = {"today": gettext_lazy("Today"), "week": gettext_lazy("Last 7 days")}
MANIFEST = "PAXLST"
# Open cases by how long they have waited, and decisions by how long they took.
AGE_BUCKETS = (
    (dt.timedelta(hours=24), gettext_lazy("under a day")),
    (dt.timedelta(days=3), gettext_lazy("1 to 3 days")),
    (dt.timedelta(days=7), gettext_lazy("3 to 7 days")),
    (None, gettext_lazy("over a week")),
)
DECISION_BUCKETS = (
    (dt.timedelta(hours=1), gettext_lazy("under an hour")),
    (dt.timedelta(hours=4), gettext_lazy("1 to 4 hours")),
    (dt.timedelta(hours=24), gettext_lazy("4 to 24 hours")),
    (dt.timedelta(days=3), gettext_lazy("1 to 3 days")),
    (None, gettext_lazy("over 3 days")),
)


@dataclass(frozen=True, slots=True)
class Period:
    """From ``start`` (midnight, site time) to ``end`` (the next midnight: today's later
    flights count today); ``now`` tells departed flights from those still to leave."""

    key: str
    start: dt.datetime
    end: dt.datetime
    now: dt.datetime

    @property
    def label(self) -> str:
        return str(PERIODS[self.key])


def period_of(key: str, *, now: dt.datetime | None = None) -> Period:
    """Today, or the week: the last seven days, today included."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    first = today if key == "today" else today - dt.timedelta(days=6)
    # From local dates, so that a day of 23 or 25 hours still runs midnight to midnight.
    start = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=1), dt.time.min))
    return Period(key=key, start=start, end=end, now=now)


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart and the table it is drawn from: ``columns`` head ``rows``."""

    key: str
    title: str
    note: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    figure: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Traffic:
    flights: int
    travellers: int
    messages: int
    hits: int
    decisions: int
    referrals: int


def _require(user: User) -> None:
    if not user.has_perm("travel.view_case"):
        raise PermissionDenied(_("Your role has no access to the PIU dashboard."))


def _in(period: Period, field: str) -> Q:
    return Q(**{f"{field}__gte": period.start, f"{field}__lt": period.end})


def traffic(*, user: User, period: Period) -> Traffic:
    """How much came in and was done in ``period``: flights departing, their travellers,
    messages received, hits found, decisions taken, referrals sent."""
    _require(user)
    return Traffic(
        flights=Flight.objects.filter(_in(period, "departure")).count(),
        travellers=Traveller.objects.filter(_in(period, "flight__departure")).count(),
        messages=CarrierMessage.objects.filter(_in(period, "received_at")).count(),
        hits=Hit.objects.filter(_in(period, "created_at")).count(),
        decisions=Case.objects.filter(_in(period, "decided_at")).count(),
        referrals=Referral.objects.filter(_in(period, "referred_at")).count(),
    )


def _layout(height: int, **axes: Any) -> dict[str, Any]:
    return {
        "margin": {"l": 10, "r": 20, "t": 10, "b": 10},
        "height": height,
        "hoverlabel": {"align": "left"},
        "legend": {"orientation": "h", "y": -0.2},
        "barmode": axes.pop("barmode", "group"),
        "bargap": axes.pop("bargap", 0.2),
        **axes,
    }


def _bars(
    labels: list[str], series: list[tuple[str, list[float], str]], hover: list[list[str]]
) -> dict[str, Any]:
    """Horizontal bars, first label on top, one trace per series (name, values, colour)."""
    shown = [chart_label(label, width=30) for label in labels]
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "name": name,
            "y": shown,
            "x": values,
            "marker": {"color": colour},
            "customdata": [hover_text(text) for text in texts],
            "hovertemplate": HOVER,
        }
        for (name, values, colour), texts in zip(series, hover, strict=True)
    ]
    return {
        "data": data,
        "layout": _layout(
            # A category's bars share one row: grouped series make it a little taller.
            max(220, 90 + (10 + 8 * len(series)) * len(labels)),
            bargap=0.15,
            yaxis={"autorange": "reversed", "automargin": True, "type": "category"},
            xaxis={"automargin": True, "rangemode": "tozero"},
        ),
    }


def _columns(labels: list[str], values: list[int], hover: list[str], colour: str = BLUE) -> Any:
    """Vertical bars over ordered categories (ages, durations)."""
    return {
        "data": [
            {
                "type": "bar",
                "x": [chart_label(label) for label in labels],
                "y": values,
                "marker": {"color": colour},
                "customdata": [hover_text(text) for text in hover],
                "hovertemplate": HOVER,
            }
        ],
        "layout": _layout(
            260,
            xaxis={"automargin": True, "type": "category"},
            yaxis={"automargin": True, "rangemode": "tozero"},
        ),
    }


def carriers_chart(*, period: Period) -> Chart:
    """Per carrier: messages received, flights departing, and among those already departed
    the ones with no passenger manifest (PAXLST) at all or one received after departure."""
    # A message counts for its sender's carrier or, from a door that names none (the drop
    # folder with '*', the command line), for the carriers of the flights it loaded.
    carriers_of: dict[int, set[str]] = defaultdict(set)
    for pk, sender, loaded in (
        CarrierMessage.objects.filter(_in(period, "received_at"))
        .values_list("pk", "carrier__code", "parts__flight__carrier__code")
        .distinct()
    ):
        carriers_of[pk].add(sender or loaded or "")
    received: Counter[str] = Counter()
    for codes in carriers_of.values():
        received.update({code for code in codes if code} or {""})
    flights = (
        Flight.objects.filter(_in(period, "departure"))
        .annotate(
            first_manifest=Min(
                "messages__interchange__received_at",
                filter=Q(messages__message_type=MANIFEST),
            )
        )
        .values_list("carrier__code", "departure", "first_manifest")
    )
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for code, departure, first in flights:
        counts[code]["flights"] += 1
        if departure <= period.now and first is None:
            counts[code]["missing"] += 1
        elif first is not None and first > departure:
            counts[code]["late"] += 1
    carrier_codes = sorted(set(received) | set(counts), key=lambda code: (code == "", code))
    rows = [
        (
            code or _("unknown"),
            received.get(code, 0),
            counts[code]["flights"],
            counts[code]["missing"],
            counts[code]["late"],
        )
        for code in carrier_codes
    ]
    labels = [str(row[0]) for row in rows]
    figure = _bars(
        labels,
        [
            (_("Messages received"), [row[1] for row in rows], BLUE),
            (_("Manifest missing"), [row[3] for row in rows], RED),
            (_("Manifest late"), [row[4] for row in rows], AMBER),
        ],
        [
            [_("%(c)s: %(n)s messages received") % {"c": r[0], "n": r[1]} for r in rows],
            [
                _("%(c)s: %(n)s of %(f)s flights departed without a manifest")
                % {"c": r[0], "n": r[3], "f": r[2]}
                for r in rows
            ],
            [
                _("%(c)s: %(n)s of %(f)s flights with the manifest after departure")
                % {"c": r[0], "n": r[4], "f": r[2]}
                for r in rows
            ],
        ],
    )
    return Chart(
        key="carriers",
        title=_("Messages per carrier, missing and late manifests"),
        note=_(
            "A manifest is missing when a flight has departed and no passenger list (PAXLST) "
            "loaded it; late when the first one came after departure."
        ),
        columns=(_("Carrier"), _("Messages"), _("Flights"), _("Missing"), _("Late")),
        rows=rows,
        figure=figure,
    )


def _source(kind: str, list_name: str | None, rule_name: str | None, label: str) -> str:
    if kind == Hit.Kind.RULE:
        return _("Rule: %(name)s") % {"name": rule_name or label}
    return list_name or _("Unknown list")


def hits_chart(*, period: Period) -> Chart:
    """Hits found in ``period`` by the list or rule that made them."""
    counts: Counter[str] = Counter()
    for kind, list_name, rule_name, label, count in (
        Hit.objects.filter(_in(period, "created_at"))
        .values("kind", "watchlist_version__watchlist__name", "rule_version__rule__name")
        .annotate(count=Count("pk"), any_label=Min("label"))
        .values_list(
            "kind",
            "watchlist_version__watchlist__name",
            "rule_version__rule__name",
            "any_label",
            "count",
        )
    ):
        counts[_source(kind, list_name, rule_name, label)] += count
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    labels = [name for name, _count in rows]
    figure = _bars(
        labels,
        [(_("Hits"), [count for _name, count in rows], BLUE)],
        [[_("%(n)s hits from %(s)s") % {"n": n, "s": s} for s, n in rows]],
    )
    return Chart(
        key="hits",
        title=_("Hits by list and rule"),
        note="",
        columns=(_("List or rule"), _("Hits")),
        rows=rows,
        figure=figure,
    )


def _bucket(delay: dt.timedelta, buckets: Any) -> str:
    for limit, label in buckets:
        if limit is None or delay < limit:
            return str(label)
    raise AssertionError  # the last bucket has no limit


def open_cases_chart(*, now: dt.datetime) -> Chart:
    """The cases waiting now (new, in review, or closed with new hits), by how long since
    they were opened."""
    waiting = Case.objects.filter(
        ~Q(status=Case.Status.CLOSED) | Q(new_hits_at__isnull=False)
    ).values_list("opened_at", flat=True)
    counts = Counter(_bucket(now - opened, AGE_BUCKETS) for opened in waiting)
    labels = [str(label) for _limit, label in AGE_BUCKETS]
    rows = [(label, counts[label]) for label in labels]
    figure = _columns(
        labels,
        [count for _label, count in rows],
        [_("%(n)s open cases opened %(a)s ago") % {"n": n, "a": a} for a, n in rows],
    )
    return Chart(
        key="open-cases",
        title=_("Open cases by age"),
        note=_("Every case still waiting for a decision, whatever the period."),
        columns=(_("Waiting for"), _("Open cases")),
        rows=rows,
        figure=figure,
    )


def decisions_chart(*, period: Period) -> Chart:
    """Decisions taken in ``period`` per list and per rule, with the share that were false
    matches: a case counts once for each list or rule among its hits."""
    outcomes: dict[str, Counter[str]] = defaultdict(Counter)
    seen: set[tuple[str, int]] = set()
    for case_id, outcome, kind, list_name, rule_name, label in Hit.objects.filter(
        _in(period, "case__decided_at")
    ).values_list(
        "case_id",
        "case__outcome",
        "kind",
        "watchlist_version__watchlist__name",
        "rule_version__rule__name",
        "label",
    ):
        source = _source(kind, list_name, rule_name, label)
        if (source, case_id) in seen:
            continue
        seen.add((source, case_id))
        outcomes[source][outcome] += 1
    rows = []
    for source, counted in outcomes.items():
        decided = sum(counted.values())
        false = counted[Case.Outcome.FALSE_MATCH]
        rows.append(
            (
                source,
                decided,
                counted[Case.Outcome.TRUE_MATCH],
                false,
                counted[Case.Outcome.NO_ACTION],
                round(100 * false / decided),
            )
        )
    rows.sort(key=lambda row: (-row[5], -row[1], row[0]))
    figure = _bars(
        [row[0] for row in rows],
        [(_("False-match rate (%)"), [row[5] for row in rows], RED)],
        [
            [
                _("%(s)s: %(f)s false matches in %(d)s decisions (%(r)s %%)")
                % {"s": r[0], "f": r[3], "d": r[1], "r": r[5]}
                for r in rows
            ]
        ],
    )
    figure["layout"]["xaxis"]["range"] = [0, 100]
    return Chart(
        key="decisions",
        title=_("Decisions and false-match rate per list and rule"),
        note=_("Highest false-match rate first: a rule at the top mostly flags the wrong people."),
        columns=(
            _("List or rule"),
            _("Decisions"),
            _("True match"),
            _("False match"),
            _("No action"),
            _("False-match rate (%)"),
        ),
        rows=rows,
        figure=figure,
    )


@dataclass(frozen=True, slots=True)
class DecisionTimes:
    chart: Chart
    median: dt.timedelta | None
    p90: dt.timedelta | None


def _quantile(delays: list[dt.timedelta], q: int) -> dt.timedelta | None:
    if not delays:
        return None
    if len(delays) == 1:
        return delays[0]
    seconds = statistics.quantiles([d.total_seconds() for d in delays], n=10, method="inclusive")
    return dt.timedelta(seconds=round(seconds[q - 1]))


def decision_times(*, period: Period) -> DecisionTimes:
    """From a case's first hit to its decision, for the decisions of ``period``."""
    delays = [
        max(dt.timedelta(0), decided - first)
        for decided, first in Case.objects.filter(_in(period, "decided_at"))
        .annotate(first_hit=Min("hits__created_at"))
        .values_list("decided_at", "first_hit")
        if first is not None
    ]
    counts = Counter(_bucket(delay, DECISION_BUCKETS) for delay in delays)
    labels = [str(label) for _limit, label in DECISION_BUCKETS]
    rows = [(label, counts[label]) for label in labels]
    figure = _columns(
        labels,
        [count for _label, count in rows],
        [_("%(n)s decisions taken %(a)s after the hit") % {"n": n, "a": a} for a, n in rows],
        GREEN,
    )
    chart = Chart(
        key="decision-time",
        title=_("Time from hit to decision"),
        note="",
        columns=(_("Decided"), _("Cases")),
        rows=rows,
        figure=figure,
    )
    median = (
        dt.timedelta(seconds=round(statistics.median(d.total_seconds() for d in delays)))
        if delays
        else None
    )
    return DecisionTimes(chart=chart, median=median, p90=_quantile(delays, 9))


def referrals_chart(*, period: Period) -> Chart:
    """Referrals sent in ``period`` per agency: answered (and how fast) or still awaited."""
    per_agency: dict[str, list[dt.timedelta | None]] = defaultdict(list)
    for agency, acronym, referred_at, answered_at in Referral.objects.filter(
        _in(period, "referred_at")
    ).values_list("agency__name", "agency__acronym", "referred_at", "answered_at"):
        name = f"{acronym} — {agency}" if acronym else agency
        per_agency[name].append(answered_at - referred_at if answered_at else None)
    rows = []
    for agency, delays in sorted(per_agency.items()):
        answered = [delay for delay in delays if delay is not None]
        median = (
            _duration(dt.timedelta(seconds=statistics.median(d.total_seconds() for d in answered)))
            if answered
            else "—"
        )
        rows.append((agency, len(delays), len(answered), len(delays) - len(answered), median))
    labels = [row[0] for row in rows]
    figure = _bars(
        labels,
        [
            (_("Answered"), [row[2] for row in rows], GREEN),
            (_("Awaiting an answer"), [row[3] for row in rows], AMBER),
        ],
        [
            [_("%(a)s answered %(n)s referrals") % {"a": r[0], "n": r[2]} for r in rows],
            [_("%(a)s has %(n)s referrals to answer") % {"a": r[0], "n": r[3]} for r in rows],
        ],
    )
    figure["layout"]["barmode"] = "stack"
    return Chart(
        key="referrals",
        title=_("Referrals per agency and their answers"),
        note="",
        columns=(_("Agency"), _("Referred"), _("Answered"), _("Awaiting"), _("Median answer")),
        rows=rows,
        figure=figure,
    )


def _duration(delay: dt.timedelta | None) -> str:
    """A delay in words an analyst reads at a glance: "35 min", "5 h 10 min", "2 d 3 h"."""
    if delay is None:
        return "—"
    minutes = int(delay.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min"


@dataclass(frozen=True, slots=True)
class Dashboard:
    period: Period
    today: Traffic
    week: Traffic
    charts: list[Chart]
    median_decision: str
    p90_decision: str


def piu_dashboard(*, user: User, key: str = "week", now: dt.datetime | None = None) -> Dashboard:
    """Every figure of the dashboard for ``key`` ("today" or "week")."""
    _require(user)
    now = now or timezone.now()
    period = period_of(key, now=now)
    times = decision_times(period=period)
    return Dashboard(
        period=period,
        today=traffic(user=user, period=period_of("today", now=now)),
        week=traffic(user=user, period=period_of("week", now=now)),
        charts=[
            carriers_chart(period=period),
            hits_chart(period=period),
            open_cases_chart(now=now),
            decisions_chart(period=period),
            times.chart,
            referrals_chart(period=period),
        ],
        median_decision=_duration(times.median),
        p90_decision=_duration(times.p90),
    )


@piu_page
def dashboard(request: HttpRequest) -> HttpResponse:
    """The dashboard page; ``?period=today`` or ``week``, ``&csv=<chart>`` for a table."""
    user = signed_in_user(request)
    _require(user)
    key = request.GET.get("period") or "week"
    if key not in PERIODS:
        return render(
            request,
            "400.html",
            {"problem": _("period: choose today or week.")},
            status=400,
        )
    figures = piu_dashboard(user=user, key=key)
    wanted = request.GET.get("csv", "")
    for chart in figures.charts:
        if chart.key == wanted:
            return table_response(
                columns=chart.columns, rows=chart.rows, fmt="csv", filename=f"piu-{chart.key}-{key}"
            )
    return render(
        request,
        "travel/dashboard.html",
        {"dashboard": figures, "periods": PERIODS, "chosen": key},
    )
