"""The PIU dashboard (issue 21, deliverable 4): today and the week in figures, each chart
with its table, on SQLite and PostgreSQL alike (run with DATABASE_URL for the latter).

Given a week with a carrier's manifest received two days after its flight left, a flight
that left without one, hits of a national list and of a noisy rule, decisions on them and a
referral answered by the agency, every table says exactly what happened."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aegis.core.models import Organisation, User
from aegis.core.permissions import SYSTEM
from aegis.core.roles import Role
from aegis.travel import dashboard, services
from aegis.travel.intake import message_receive
from aegis.travel.models import Case, Flight, Hit, Rule, WatchlistVersion
from tests.aegis.travel.conftest import MIRIAM, paxlst
from tests.aegis.travel.factories import CarrierFactory, FlightFactory, HitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def week(
    national_list: WatchlistVersion, make_user: Callable[..., User], organisation: Organisation
) -> dict[str, object]:
    now = timezone.now()
    analyst = make_user(Role.PIU_ANALYST, username="nadia")
    liaison = make_user(Role.AGENCY_LIAISON, username="officer")
    # Through the intake: twelve travellers, one of them listed, on a flight that left two
    # days ago; its manifest arrives now, so it is late.
    message_receive(content=paxlst(MIRIAM), door="command", actor=SYSTEM)
    Flight.objects.update(departure=now - dt.timedelta(days=2))
    listed = Case.objects.get()
    carrier = listed.flight.carrier.code
    # A flight of another carrier that left an hour ago with no manifest, one leaving later.
    FlightFactory(carrier=CarrierFactory(code="QQ"), departure=now - dt.timedelta(hours=1))
    later = now + dt.timedelta(days=20)  # the factories' flights: outside both periods
    noisy = services.rule_create(
        actor=SYSTEM, name="Noisy rule", conditions=[{"field": "age", "op": "lt", "value": "90"}]
    )
    version = noisy.versions.get()
    rule_cases = [
        HitFactory(kind=Hit.Kind.RULE, key=f"rule:{noisy.pk}", rule_version=version, severity=2,
                   case__traveller__flight__departure=later).case
        for _ in range(3)
    ]  # fmt: skip
    Hit.objects.update(created_at=now - dt.timedelta(hours=5))
    for case, outcome in zip(
        [listed, *rule_cases],
        ["true_match", "false_match", "false_match", "no_action"],
        strict=True,
    ):
        services.case_transition(actor=analyst, case=case, transition="review")
        services.case_transition(
            actor=analyst, case=case, transition="close", outcome=outcome, justification="Checked."
        )
    waiting = HitFactory(case__traveller__flight__departure=later).case
    Case.objects.filter(pk=waiting.pk).update(opened_at=now - dt.timedelta(days=4))
    referral = services.referral_create(
        actor=analyst,
        case=Case.objects.get(pk=listed.pk),
        agency=organisation,
        agency_kind="police",
        reason="Listed.",
    )
    services.referral_answer(actor=liaison, referral=referral, answer="Interviewed.")
    return {"carrier": carrier, "analyst": analyst}


def _table(figures: dashboard.Dashboard, key: str) -> list[tuple[object, ...]]:
    return next(chart.rows for chart in figures.charts if chart.key == key)


def test_the_week_in_figures(week: dict[str, object]) -> None:
    figures = dashboard.piu_dashboard(user=week["analyst"], key="week")  # type: ignore[arg-type]

    in_week = figures.week
    assert (in_week.flights, in_week.travellers, in_week.messages, in_week.hits) == (2, 12, 1, 5)
    assert (in_week.decisions, in_week.referrals) == (4, 1)
    carriers = {row[0]: row[1:] for row in _table(figures, "carriers")}
    assert carriers[week["carrier"]] == (1, 1, 0, 1)  # messages, flights, missing, late
    assert carriers["QQ"] == (0, 1, 1, 0)
    # The waiting case's hit names no list version (a factory's): counted, not dropped.
    assert _table(figures, "hits") == [
        ("Rule: Noisy rule", 3),
        ("National list", 1),
        ("Unknown list", 1),
    ]
    assert _table(figures, "decisions") == [
        ("Rule: Noisy rule", 3, 0, 2, 1, 67),
        ("National list", 1, 1, 0, 0, 0),
    ]
    assert _table(figures, "decision-time") == [
        ("under an hour", 0),
        ("1 to 4 hours", 0),
        ("4 to 24 hours", 4),
        ("1 to 3 days", 0),
        ("over 3 days", 0),
    ]
    assert figures.median_decision.startswith("5 h")
    assert _table(figures, "open-cases") == [
        ("under a day", 0),
        ("1 to 3 days", 0),
        ("3 to 7 days", 1),
        ("over a week", 0),
    ]
    [(agency, referred, answered, awaiting, median)] = _table(figures, "referrals")
    assert (agency, referred, answered, awaiting) == (
        "IAEA — International Atomic Energy Agency",
        1,
        1,
        0,
    )
    assert median == "0 min"


def test_today_counts_only_today(week: dict[str, object]) -> None:
    figures = dashboard.piu_dashboard(user=week["analyst"], key="today")  # type: ignore[arg-type]

    carriers = {row[0]: row[1:] for row in _table(figures, "carriers")}
    # The late manifest's flight left two days ago: not today's; its message came today.
    assert carriers[week["carrier"]] == (1, 0, 0, 0)
    assert figures.today.messages == 1
    assert _table(figures, "decisions")[0] == ("Rule: Noisy rule", 3, 0, 2, 1, 67)


def test_the_page_draws_each_chart_beside_its_table_and_gives_its_csv(
    week: dict[str, object], piu_client: Callable[..., Client]
) -> None:
    client = piu_client(None, user=week["analyst"])

    page = client.get(reverse("travel:dashboard"))
    csv = client.get(f"{reverse('travel:dashboard')}?period=today&csv=decisions")
    bad = client.get(f"{reverse('travel:dashboard')}?period=month")

    html = page.content.decode()
    for key in ("carriers", "hits", "open-cases", "decisions", "decision-time", "referrals"):
        assert f'data-chart="figure-{key}"' in html
        assert f'id="figure-{key}"' in html
    assert "<td>Rule: Noisy rule</td>" in html
    assert csv.content.decode("utf-8-sig").splitlines() == [
        "List or rule,Decisions,True match,False match,No action,False-match rate (%)",
        "Rule: Noisy rule,3,0,2,1,67",
        "National list,1,1,0,0,0",
    ]
    assert bad.status_code == 400


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.PIU_ANALYST, 200),
        (Role.PIU_SUPERVISOR, 200),
        (Role.ADMINISTRATOR, 200),
        (Role.AGENCY_LIAISON, 403),
        (Role.OFFICE_EDITOR, 403),
        (Role.VIEWER, 403),
        (Role.FOCAL_POINT, 403),
        (Role.RESOURCE_MOBILISATION_OFFICER, 403),
    ],
)
def test_who_sees_the_dashboard(role: Role, status: int, piu_client: Callable[..., Client]) -> None:
    assert piu_client(role).get(reverse("travel:dashboard")).status_code == status


def test_rules_without_a_version_still_have_a_name_on_the_dashboard(
    make_user: Callable[..., User],
) -> None:
    HitFactory(kind=Hit.Kind.RULE, key="rule:404", label="Deleted rule", rule_version=None)

    figures = dashboard.piu_dashboard(user=make_user(Role.PIU_ANALYST), key="today")

    assert _table(figures, "hits") == [("Rule: Deleted rule", 1)]
    assert Rule.objects.count() == 0
