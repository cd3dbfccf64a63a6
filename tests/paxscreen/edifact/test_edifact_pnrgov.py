"""PNRGOV bookings from real carrier files: pinned fields, beyond the golden comparison."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from paxscreen.edifact import PnrPush, parse, parse_file
from paxscreen.edifact.pnrgov import contact_from_text, split_title


def _pnr(path: Path, **options: object) -> PnrPush:
    results = [result for result in parse_file(path, **options) if result.pnr is not None]  # type: ignore[arg-type]
    assert len(results) == 1
    pnr = results[0].pnr
    assert pnr is not None
    return pnr


def test_two_bookings_with_tickets_seats_and_history(gtas: Path) -> None:
    pnr = _pnr(gtas / "pnr-messages" / "gtas-loader-2_pnrs_basic.edi")
    assert pnr.flight is not None
    assert (pnr.flight.carrier, pnr.flight.flight_number, pnr.flight.departure_port) == (
        "DL",
        "324",
        "LHR",
    )
    assert pnr.flight.departure_time == dt.datetime(2010, 12, 12, 9, 15)  # noqa: DTZ001
    assert pnr.declared_booking_count == 2
    first, second = pnr.bookings
    assert (first.record_locator, first.carrier) == ("MFN4TI", "DL")
    assert first.last_modified == dt.datetime(2010, 12, 6, 10, 10)  # noqa: DTZ001
    assert first.agency is not None
    assert (first.agency.iata_number, first.agency.country, first.agency.currency) == (
        "52519950",
        "GBR",
        "GBP",
    )
    assert first.addresses[0].city == "SLOUGH"
    assert [(contact.kind, contact.value) for contact in first.contacts] == [
        ("phone", "00115555555555"),
        ("phone", "00441753637285"),
    ]
    smith = first.travellers[0]
    assert (smith.surname, smith.given_names, smith.title, smith.reference) == (
        "SMITHJR",
        ("JOHN",),
        "MR",
        "1",
    )
    (docs,) = smith.documents
    assert (docs.document_type, docs.issuing_country, docs.number, docs.sex) == (
        "P",
        "GBR",
        "123456789",
        "M",
    )
    assert (docs.date_of_birth, docs.expiry_date) == (dt.date(1964, 7, 12), dt.date(2019, 8, 23))
    (ticket,) = smith.tickets
    assert ticket.number == "0062120234533"
    assert ticket.issue_date == dt.date(2010, 12, 6)
    assert [(amount.qualifier, amount.amount) for amount in ticket.amounts] == [
        ("B", Decimal("2888.00")),
        ("T", Decimal("2957.94")),
    ]
    assert [
        (payment.payment_type, payment.vendor, payment.account) for payment in ticket.payments
    ] == [("CC", "VI", "XXXXXXXX1186")]
    assert [(seat.seat, seat.traveller_reference) for seat in first.itinerary[0].seats] == [
        ("15A", "1"),
        ("15B", "2"),
        ("15A", "1"),
    ]
    assert first.split
    assert [locator.locator for locator in first.related_locators] == ["ABCDEF"]
    assert [(entry.action, entry.tag) for entry in first.history[:2]] == [
        ("X", "TVL"),
        ("X", "RPI"),
    ]
    assert first.history[0].changed_at == dt.datetime(2010, 12, 7, 10, 10)  # noqa: DTZ001
    assert second.record_locator == "23456"


def test_sensitive_meal_requests_are_removed_and_reported(gtas: Path) -> None:
    results = parse_file(gtas / "pnr-messages" / "gtas-loader-2_pnrs_basic.edi")
    assert [(item.segment_number, item.code) for item in results[0].removed] == [
        (9, "AVML"),
        (63, "AVML"),
        (70, "AVML"),
        (77, "AVML"),
        (84, "AVML"),
    ]
    kept = parse_file(gtas / "pnr-messages" / "gtas-loader-2_pnrs_basic.edi", protection=None)
    assert kept[0].removed == ()
    assert kept[0].pnr is not None
    assert [request.code for request in kept[0].pnr.bookings[0].special_requests] == ["AVML"]


def test_codeshare_segment_has_marketing_and_operating_carriers(gtas: Path) -> None:
    pnr = _pnr(gtas / "pnr-messages" / "gtas-loader-codeshare.edi")
    segment = pnr.bookings[0].itinerary[0]
    assert (segment.marketing_carrier, segment.operating_carrier, segment.flight_number) == (
        "KE",
        "SQ",
        "609",
    )
    assert segment.codeshare
    assert segment.operating_flights == ("303:Y",)
    (bags,) = segment.baggage
    assert (bags.bag_count, bags.weight, bags.weight_unit) == (2, Decimal("34"), "700")
    assert [tag.number for tag in bags.tags] == ["1026000001", "1026000002"]


def test_infant_travels_on_the_adult_record(gtas: Path) -> None:
    pnr = _pnr(gtas / "pnr-messages" / "gtas-loader-infant.edi")
    mother, infant = pnr.bookings[0].travellers[:2]
    assert mother.accompanied_by_infant
    assert [(document.number, document.infant) for document in mother.documents] == [
        ("512731999", True),
        ("509229987", False),
    ]
    assert (infant.given_names, infant.traveller_type) == (("SOPHY",), "IN")


def test_visa_from_doco_and_email_from_free_text(gtas: Path) -> None:
    pnr = _pnr(gtas / "pnr-messages" / "gtas-parsers-pnrWithDoco.txt")
    traveller = pnr.bookings[0].travellers[0]
    (visa,) = traveller.other_documents
    assert (visa.document_type, visa.number, visa.issue_place, visa.issue_date) == (
        "V",
        "8675309",
        "OTHER PLACE",
        dt.date(2006, 12, 22),
    )
    assert [(contact.kind, contact.value) for contact in traveller.contacts] == [
        ("email", "CHARLES.ACKARY@YAHOO.COM")
    ]


def test_release_escaped_plus_in_an_email(gtas: Path) -> None:
    pnr = _pnr(gtas / "pnr-messages" / "gtas-parsers-pnrEdge.txt")
    assert pnr.bookings[0].travellers[0].contacts[0].value == "MOLLY_LOUUNT+50BB@GMAIL.COM"


def test_broken_file_fails_in_strict_mode_with_positions(gtas: Path) -> None:
    results = parse_file(
        gtas / "pnr-messages" / "gtas-parsers-pnrBadFormat.txt", strict=True, raise_errors=False
    )
    assert [
        (issue.severity, issue.code, issue.segment_number, issue.tag)
        for result in results
        for issue in result.issues
    ] == [
        ("error", "segment-count", 26, "UNT"),
        ("error", "interchange-reference", 28, "UNZ"),
    ]
    assert results[1].issues[0].text == (
        "UNZ control reference '00102181551362Modify above message to create bad message.' "
        "differs from UNB '00102181551362'"
    )


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("JOHNMR", (("JOHN",), "MR")),
        ("MOLLYMRS", (("MOLLY",), "MRS")),
        ("KONG CHUN MRS", (("KONG", "CHUN"), "MRS")),
        ("SOPHY", (("SOPHY",), None)),
        ("MR", (("MR",), None)),
    ],
)
def test_split_title(given: str, expected: tuple[tuple[str, ...], str | None]) -> None:
    assert split_title(given) == expected


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("CTCE JOHN..DOE./X//MAIL.COM", "email", "JOHN_DOE-X@MAIL.COM"),
        ("CTCM 5551234", "phone", "5551234"),
        ("CTC M 5432109876", "phone", "5432109876"),
    ],
)
def test_contact_from_text(text: str, kind: str, value: str) -> None:
    contact = contact_from_text(text, "IFT")
    assert contact is not None
    assert (contact.kind, contact.value) == (kind, value)


def test_missing_terminator_before_a_traveller_is_pinpointed(gtas: Path) -> None:
    results = parse_file(gtas / "pnr-messages" / "gtas-parsers-pnrMessagePg75.txt")
    errors = [issue for result in results for issue in result.errors]
    assert [(issue.code, issue.segment_number, issue.tag) for issue in errors] == [
        ("misplaced-segment", 39, "FTI"),
        ("misplaced-segment", 41, "REF"),
    ]
    assert errors[0].text == (
        "FTI belongs to a traveller but no TIF is open; segment 38 (ORG) holds 'TIF+' at "
        "character 60: a segment terminator is probably missing there"
    )


def test_bare_ssr_is_kept_unmapped_not_raised(gtas: Path) -> None:
    # Found by fuzzing: ``SSR'`` with no request code raised IndexError, so the HTTP door
    # answered 500 and ``aegis watch`` stopped on the file.
    text = (gtas / "pnr-messages" / "gtas-loader-2_pnrs_basic.edi").read_text()
    first_ssr = text.index("SSR+")
    broken = text[:first_ssr] + "SSR'" + text[first_ssr:]
    results = parse(broken.encode())
    assert results and results[0].pnr is not None
    assert ("SSR", "") in [(segment.tag, segment.text) for segment in results[0].unmapped]
