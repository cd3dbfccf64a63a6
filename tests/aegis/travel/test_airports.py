"""Airports come from a maintained reference (airportsdata), not from the synthetic traffic's
table: a rule on the origin country fires for Kabul, Damascus, Basra, Erbil and Mogadishu, an
airport the reference does not know is said so, and the back-test counts it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from aegis.core.models import User
from aegis.core.permissions import SYSTEM
from aegis.core.roles import Role
from aegis.travel import selectors, services
from aegis.travel.intake import message_receive
from aegis.travel.models import Flight, Hit, Rule
from aegis.travel.rules import RuleDefinitionError, parse_rule
from paxscreen.airports import airport, airport_country
from tests.aegis.travel.conftest import GTAS

# A real carrier's manifest (Hawaiian Airlines' sample in GTAS), FRA → IAD, eight travellers.
SAMPLE = GTAS / "apis-messages" / "gtas-loader-Test1.txt"


def _from(origin: str) -> bytes:
    """The sample as if the flight left from ``origin`` (departure and embarkation)."""
    text = SAMPLE.read_text("utf-8")
    return (
        text.replace("LOC+125+FRA", f"LOC+125+{origin}")
        .replace("LOC+178+FRA", f"LOC+178+{origin}")
        .encode()
    )


@pytest.mark.parametrize(
    ("code", "country"),
    [
        ("KBL", "AFG"),  # Kabul
        ("DAM", "SYR"),  # Damascus
        ("MGQ", "SOM"),  # Mogadishu
        ("BSR", "IRQ"),  # Basra
        ("EBL", "IRQ"),  # Erbil
        ("PRN", "RKS"),  # Pristina: no ISO code, ICAO 9303's
        ("jfk", "USA"),
    ],
)
def test_the_reference_knows_the_airports_the_synthetic_table_did_not(
    code: str, country: str
) -> None:
    assert airport_country(code) == country


def test_an_unknown_airport_has_no_country_and_a_rule_cannot_name_it() -> None:
    assert airport("QQQ") is None and airport_country("QQQ") is None
    with pytest.raises(RuleDefinitionError, match="no airport has the IATA code 'QQQ'"):
        parse_rule([{"field": "origin", "op": "eq", "value": "qqq"}])


@pytest.mark.django_db
def test_a_stored_origin_country_rule_fires_live_for_a_kabul_departure(
    make_user: Callable[..., User],
) -> None:
    supervisor = make_user(Role.PIU_SUPERVISOR)
    rule = services.rule_create(
        actor=supervisor,
        name="Departing Afghanistan, Syria or Iraq",
        conditions=[{"field": "origin_country", "op": "in", "value": "Afghanistan, SYR, IRQ"}],
    )
    services.rule_set_active(actor=supervisor, rule=Rule.objects.get(pk=rule.pk), active=True)

    message_receive(content=_from("KBL"), door="command", actor=SYSTEM)
    message_receive(
        content=_from("FRA").replace(b"UA0989", b"UA0990"), door="command", actor=SYSTEM
    )

    kabul = Flight.objects.get(origin="KBL")
    fired = Hit.objects.filter(kind=Hit.Kind.RULE, key=f"rule:{rule.pk}")
    assert kabul.travellers.count() == 8
    assert set(fired.values_list("traveller", flat=True)) == set(
        kabul.travellers.values_list("pk", flat=True)
    )
    assert "Origin country is one of AFG, SYR, IRQ (here: AFG)" in str(fired.first().explanation)


@pytest.mark.django_db
def test_an_unknown_airport_is_shown_on_the_traveller_and_counted_in_the_back_test(
    make_user: Callable[..., User], piu_client: Callable[..., Client]
) -> None:
    message_receive(content=_from("QQQ"), door="command", actor=SYSTEM)
    flight = Flight.objects.get()
    traveller = flight.travellers.order_by("pk").first()
    supervisor = make_user(Role.PIU_SUPERVISOR)

    backtest = selectors.rule_backtest(
        user=supervisor,
        conditions=[{"field": "origin_country", "op": "in", "value": "AFG"}],
        now=flight.departure + dt.timedelta(hours=1),
        days=7,
    )
    page = piu_client(Role.PIU_ANALYST).get(reverse("travel:traveller", args=[traveller.pk]))

    assert (backtest.screened, backtest.matched) == (8, 0)
    assert backtest.unknown == {"Origin country": 8}
    assert "QQQ: unknown airport" in page.content.decode()
    assert "IAD: Washington Dulles International Airport" in page.content.decode()
