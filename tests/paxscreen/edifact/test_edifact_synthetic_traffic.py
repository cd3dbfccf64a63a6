"""The synthetic traffic generator (``paxscreen.synthetic.traffic``) feeds benchmarks and loads.

Kept beside the parser tests because every property checked here is "parses cleanly".
"""

from __future__ import annotations

import datetime as dt
import random

from paxscreen.edifact import parse
from paxscreen.synthetic.traffic import PlantedTraveller, generate_paxlst, generate_pnrgov

_PLANTED = PlantedTraveller(
    surname="AL-TEST",
    given_names=("PLANTED", "PERSON"),
    date_of_birth=dt.date(1971, 3, 4),
    sex="M",
    nationality="SYR",
    document_number="N0123456",
)


def test_paxlst_is_deterministic_by_seed() -> None:
    first = generate_paxlst(random.Random(5), flights=3, travellers_per_flight=20)
    again = generate_paxlst(random.Random(5), flights=3, travellers_per_flight=20)
    other = generate_paxlst(random.Random(6), flights=3, travellers_per_flight=20)
    assert first == again
    assert first != other


def test_paxlst_parses_cleanly_with_the_planted_person_once() -> None:
    text = generate_paxlst(
        random.Random(1), flights=4, travellers_per_flight=50, planted=[_PLANTED]
    )
    results = parse(text, strict=True)
    assert len(results) == 4
    travellers = [t for result in results if result.manifest for t in result.manifest.travellers]
    assert len(travellers) == 200
    planted = [t for t in travellers if t.surname == "AL-TEST"]
    assert len(planted) == 1
    (person,) = planted
    assert person.given_names == ("PLANTED", "PERSON")
    assert (person.date_of_birth, person.sex, person.nationality) == (
        dt.date(1971, 3, 4),
        "M",
        "SYR",
    )
    assert person.documents[0].number == "N0123456"
    assert len({t.nationality for t in travellers}) > 20


def test_pnrgov_parses_cleanly_with_bookings_travellers_and_the_planted_person() -> None:
    text = generate_pnrgov(random.Random(2), flights=2, bookings_per_flight=30, planted=[_PLANTED])
    results = parse(text, strict=True)
    assert len(results) == 2
    bookings = [b for result in results if result.pnr for b in result.pnr.bookings]
    assert len(bookings) == 60
    assert all(booking.record_locator and booking.itinerary for booking in bookings)
    assert all(result.unmapped == () for result in results)
    planted = [
        document
        for booking in bookings
        for traveller in booking.travellers
        for document in traveller.documents
        if document.surname == "AL-TEST"
    ]
    assert [(d.number, d.date_of_birth, d.nationality) for d in planted] == [
        ("N0123456", dt.date(1971, 3, 4), "SYR")
    ]
