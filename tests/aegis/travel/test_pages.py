"""PIU pages beyond the role matrix: rule builder with its test on past data, referral,
network of linked travellers, query counts of the flights board."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from aegis.core.models import Organisation, User
from aegis.core.permissions import SYSTEM
from aegis.core.roles import Role
from aegis.travel.intake import message_receive
from aegis.travel.models import AccessLog, Case, Referral, Rule, Traveller
from tests.aegis.travel.conftest import GTAS
from tests.aegis.travel.factories import FlightFactory, HitFactory, TravellerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(piu_client: Callable[..., Client]) -> Client:
    return piu_client(Role.PIU_ANALYST)


def test_the_rule_builder_tests_on_past_data_then_saves_a_version(analyst: Client) -> None:
    yesterday = timezone.now() - dt.timedelta(days=1)
    TravellerFactory(nationality="SYR", flight__departure=yesterday)
    TravellerFactory(nationality="FRA", flight__departure=yesterday)
    TravellerFactory(nationality="SYR", flight__departure=yesterday - dt.timedelta(days=30))
    form = {
        "name": "Syrian nationals",
        "severity": "2",
        "description": "",
        "field_1": "nationality",
        "op_1": "eq",
        "value_1": "syr",
    }

    tested = analyst.post(reverse("travel:rule_create"), {**form, "test": "1"})
    saved = analyst.post(reverse("travel:rule_create"), form)

    backtest = tested.context["backtest"]
    assert (backtest.screened, backtest.matched) == (2, 1)
    assert "Would have hit 1 of 2 travellers of the last 7 days." in tested.content.decode()
    assert list(AccessLog.objects.values_list("action", "what", "label", "count", "purpose")) == [
        ("backtest", "rule back-test", "Syrian nationals", 1, "Nationality is SYR")
    ]
    rule = Rule.objects.get()
    assert saved["Location"] == reverse("travel:rule", args=[rule.pk])
    assert (rule.is_active, rule.versions.get().conditions) == (
        False,
        {
            "version": 2,
            "match": "all",
            "negate": False,
            "conditions": [{"field": "nationality", "op": "eq", "value": "SYR", "negate": False}],
        },
    )


def test_the_rule_builder_explains_a_bad_condition(analyst: Client) -> None:
    response = analyst.post(
        reverse("travel:rule_create"),
        {"name": "Old", "severity": "1", "field_1": "age", "op_1": "gt", "value_1": "ninety"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"value_1": ["Age: 'ninety' is not a number"]}
    assert not Rule.objects.exists()


def test_an_analyst_refers_a_case_and_the_liaison_answers(
    piu_client: Callable[..., Client], make_user: Callable[..., User], organisation: Organisation
) -> None:
    liaison = make_user(Role.AGENCY_LIAISON, username="officer")
    case = HitFactory(case__status=Case.Status.IN_REVIEW).case

    referred = piu_client(Role.PIU_ANALYST).post(
        reverse("travel:case_refer", args=[case.pk]),
        {"agency": organisation.pk, "agency_kind": "immigration", "reason": "Listed person."},
    )
    referral = Referral.objects.get()
    officer = piu_client(None, user=liaison)
    page = officer.get(reverse("travel:case", args=[case.pk]))
    officer.post(
        reverse("travel:referral_answer", args=[referral.pk]), {"answer": "Refused entry."}
    )

    assert referred.status_code == 302
    assert page.status_code == 200
    assert "Listed person." in page.content.decode()
    assert page.context["network"] is None  # a liaison sees the referral, not the network
    html = page.content.decode()
    shared = referral.shared_data
    assert f"<dt>Documents</dt><dd>{', '.join(shared['documents']) or '—'}</dd>" in html
    assert f"<dt>Hits</dt><dd>{', '.join(shared['hits'])}</dd>" in html
    # Nothing of the PIU's internal work: the hit explanation, the assignee, the justification.
    assert "name LISTED = LISTED" not in html
    assert "Assigned to" not in html and "Justification" not in html
    assert "[&#x27;" not in html  # no Python list repr
    referral.refresh_from_db()
    assert (referral.status, referral.answer) == ("answered", "Refused entry.")


def test_the_case_page_draws_the_network_of_linked_travellers(analyst: Client) -> None:
    for name in ("gtas-loader-2_pnrs_basic.edi", "gtas-loader-3_pnrs.edi"):
        message_receive(
            content=(GTAS / "pnr-messages" / name).read_bytes(), door="command", actor=SYSTEM
        )
    centre = Traveller.objects.filter(booking__record_locator="MFN4TI").order_by("pk").first()
    assert centre is not None
    case = HitFactory(case__traveller=centre, traveller=centre).case

    response = analyst.get(reverse("travel:case", args=[case.pk]))

    network = response.context["network"]
    reasons = {str(link.traveller): sorted(link.reasons) for link in network.links}
    assert reasons
    assert all(reasons.values())
    assert "same booking" in {r for rs in reasons.values() for r in rs}
    assert b'<svg class="piu-network"' in response.content


def test_the_flights_board_reads_in_a_fixed_number_of_queries(analyst: Client) -> None:
    for number in range(5):
        flight = FlightFactory(
            number=str(900 + number), departure=timezone.now() + dt.timedelta(hours=number)
        )
        HitFactory(case__traveller__flight=flight)
    analyst.get(reverse("travel:board"))  # warm caches (session, permissions)

    with CaptureQueriesContext(connection) as queries:
        response = analyst.get(reverse("travel:board"))

    assert response.status_code == 200
    assert [f.traveller_count for f in response.context["page_obj"]] == [1, 1, 1, 1, 1]
    # session, user, second factor, roles, permissions, board, the user's notifications
    assert len(queries) == 12


def test_people_who_fly_together_again_are_linked(
    make_user: Callable[..., User], piu_client: Callable[..., Client]
) -> None:
    first, second, third = (FlightFactory(number=n) for n in ("1", "2", "3"))
    centre = TravellerFactory(surname="AYALA", flight=first)
    TravellerFactory(surname="AYALA", flight=second)
    companion_on_first = TravellerFactory(surname="BRENNER", flight=first)
    TravellerFactory(surname="BRENNER", flight=second)
    TravellerFactory(surname="CORDES", flight=first)  # once only: not linked
    TravellerFactory(surname="CORDES", flight=third)
    case = HitFactory(case__traveller=centre, traveller=centre).case

    response = piu_client(Role.PIU_ANALYST).get(reverse("travel:case", args=[case.pk]))

    links = sorted(
        (link.traveller.surname, link.traveller.flight.number, sorted(link.reasons))
        for link in response.context["network"].links
    )
    assert links == [
        ("BRENNER", "1", ["travelled together 2 times"]),
        ("BRENNER", "2", ["travelled together 2 times"]),
    ]
    assert companion_on_first.flight == first
