"""The PIU re-screen reads travellers as values() rows and builds persons and rule facts in
its workers: the facts are those live screening builds from model objects, and one process,
two forked and two forkserver processes store the same hits."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from aegis.core.permissions import SYSTEM
from aegis.travel import services, tasks
from aegis.travel.models import Booking, Hit, Rule, ScreeningRun, TravelDocument, Traveller
from aegis.travel.rescreen_rows import RescreenRow, row_facts
from aegis.travel.screening import facts, person, retained_row_chunks, screen_travellers
from tests.aegis.travel.factories import FlightFactory, TravellerFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC


@pytest.fixture
def varied() -> list[Traveller]:
    """Travellers that differ in every fact a rule may test: with and without a booking (one
    with no route, one booked late), documents (two, the first by number decides the issuing
    country), no date of birth, crew, bags, an inbound flight from Baghdad."""
    baghdad = FlightFactory(
        origin="BGW", destination="CDG", departure=dt.datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    )
    paris = FlightFactory(origin="CDG", destination="JFK")
    booked_late = Booking.objects.create(
        carrier=paris.carrier,
        record_locator="LATE01",
        created_at_carrier=paris.departure - dt.timedelta(hours=30),
        agency_name="QUICK TRAVEL",
        form_of_payment="CA",
        traveller_count=2,
        one_way=True,
        route="CDG-JFK",
    )
    no_route = Booking.objects.create(
        carrier=baghdad.carrier,
        record_locator="NOROUT",
        created_at_carrier=dt.datetime(2026, 1, 5, 8, 0, tzinfo=UTC),
        one_way=True,
    )
    found = [
        TravellerFactory(flight=paris, booking=booked_late, nationality="UKR", bags=3),
        TravellerFactory(flight=paris, booking=booked_late, date_of_birth=None, sex="M"),
        TravellerFactory(flight=baghdad, booking=no_route, date_of_birth=dt.date(2003, 3, 2)),
        TravellerFactory(flight=baghdad, date_of_birth=dt.date(2001, 3, 1), nationality="IRQ"),
        TravellerFactory(flight=baghdad, kind=Traveller.Kind.CREW, sex="", nationality=""),
    ]
    TravelDocument.objects.create(
        traveller=found[0], document_type="P", number="ZZ100", issuing_country="GBR"
    )
    TravelDocument.objects.create(
        traveller=found[0], document_type="I", number="AA200", issuing_country="UKR"
    )
    TravelDocument.objects.create(
        traveller=found[3], document_type="P", number="IQ300", issuing_country="IRQ"
    )
    return found


def test_facts_and_persons_from_rows_are_those_of_model_objects(varied: list[Traveller]) -> None:
    last = max(t.pk for t in varied)
    rows = [item for chunk in retained_row_chunks(up_to=last, chunk_size=2, with_facts=True)
            for item in chunk]  # fmt: skip

    assert len(rows) == len(varied)
    for (row, documents), traveller in zip(rows, sorted(varied, key=lambda t: t.pk), strict=True):
        fresh = Traveller.objects.select_related("flight", "booking").get(pk=traveller.pk)
        assert row_facts(row, documents) == facts(fresh)
        assert RescreenRow()((row, documents)) == (person(fresh), [])
    by_pk = {row[0]: row_facts(row, documents) for row, documents in rows}
    assert by_pk[varied[0].pk]["document_issuing_country"] == "UKR"  # AA200 before ZZ100
    assert by_pk[varied[0].pk]["days_booked_before_departure"] == 1
    assert by_pk[varied[2].pk]["one_way"] is None  # a booking without itinerary
    assert by_pk[varied[2].pk]["age"] == 22  # born on 2 March, flying on 1 March 2026
    assert by_pk[varied[3].pk]["age"] == 25


def _rule(name: str, conditions: list[dict[str, str]]) -> None:
    rule = services.rule_create(
        actor=SYSTEM, name=name, conditions=conditions, severity=Rule.Severity.MEDIUM
    )
    services.rule_set_active(actor=SYSTEM, rule=rule, active=True, rescreen=False)


def _hits() -> set[tuple[Any, ...]]:
    return {
        (*row[:-1], tuple(row[-1]))
        for row in Hit.objects.values_list(
            "traveller_id", "kind", "key", "label", "severity", "rule_version_id", "explanation"
        )
    }


@pytest.mark.parametrize(("workers", "start_method"), [(1, "fork"), (2, "fork"), (2, "forkserver")])
def test_the_rescreen_meets_the_rules_that_live_screening_meets(
    varied: list[Traveller], settings: Any, workers: int, start_method: str
) -> None:
    _rule("Booked late", [{"field": "days_booked_before_departure", "op": "lt", "value": "2"}])
    _rule(
        "Young from Iraq",
        [{"field": "origin_country", "op": "in", "value": "IRQ"},
         {"field": "age", "op": "lt", "value": "25"}],
    )  # fmt: skip
    _rule("Ukrainian papers", [{"field": "document_issuing_country", "op": "eq", "value": "UKR"}])
    _rule("One way, cash", [{"field": "one_way", "op": "eq", "value": "yes"},
                            {"field": "form_of_payment", "op": "eq", "value": "CA"}])  # fmt: skip
    with transaction.atomic():
        screen_travellers(traveller_ids=[t.pk for t in varied])
        expected = _hits()
        transaction.set_rollback(True)
    settings.AEGIS_RESCREEN_CHUNK_SIZE = 2
    Traveller.objects.update(screened_at=None)
    Traveller.objects.filter(pk=varied[4].pk).update(masked_at=timezone.now())

    run = ScreeningRun.objects.create(reason="test")
    tasks.rescreen(run_id=run.pk, workers=workers, start_method=start_method)

    assert _hits() == expected
    # every retained traveller is marked screened, chunk by chunk; the masked one is not
    assert set(
        Traveller.objects.filter(screened_at__isnull=False).values_list("pk", flat=True)
    ) == {t.pk for t in varied[:4]}
    assert {(hit[0], hit[3].split(" (")[0]) for hit in expected} == {
        (varied[0].pk, "Booked late"),
        (varied[1].pk, "Booked late"),
        (varied[0].pk, "Ukrainian papers"),
        (varied[0].pk, "One way, cash"),
        (varied[1].pk, "One way, cash"),
        (varied[2].pk, "Young from Iraq"),
    }
