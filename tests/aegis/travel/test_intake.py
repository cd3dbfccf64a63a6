"""The intake service: stored once, parsed, loaded or quarantined, screened."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from aegis.core.permissions import SYSTEM
from aegis.core.roles import Role
from aegis.travel.intake import message_receive, message_retry
from aegis.travel.models import (
    Booking,
    CarrierMessage,
    Flight,
    Hit,
    Identifier,
    Traveller,
    WatchlistVersion,
)
from paxscreen.edifact import parse
from tests.aegis.travel.conftest import GTAS, MIRIAM, RI_WON_HO, paxlst

pytestmark = pytest.mark.django_db


def receive(content: bytes, door: str = CarrierMessage.Door.COMMAND) -> object:
    return message_receive(content=content, door=door, source="test", actor=SYSTEM)


def test_a_gtas_manifest_becomes_a_flight_with_its_travellers() -> None:
    result = receive((GTAS / "apis-messages" / "gtas-loader-Test1.txt").read_bytes())

    assert (result.status, result.travellers) == ("loaded", 8)
    flight = Flight.objects.get()
    assert (
        flight.carrier.code,
        flight.number,
        flight.origin,
        flight.destination,
        flight.departure,
        flight.direction,
    ) == ("UA", "989", "FRA", "IAD", dt.datetime(2017, 1, 27, 17, 25, tzinfo=dt.UTC), "inbound")
    crew = Traveller.objects.get(surname="Steur")
    assert (crew.kind, crew.given_names, crew.date_of_birth, crew.nationality) == (
        "crew",
        "Andrea Pat",
        dt.date(1978, 7, 6),
        "GBR",
    )
    assert [(d.document_type, d.number, d.issuing_country) for d in crew.documents.all()] == [
        ("P", "123456789", "GBR")
    ]


def test_the_same_bytes_are_stored_and_loaded_once() -> None:
    content = (GTAS / "apis-messages" / "gtas-loader-Test1.txt").read_bytes()
    first = receive(content)

    second = receive(content, door=CarrierMessage.Door.HTTP)

    assert (second.status, second.duplicate, second.message.pk) == (
        "duplicate",
        True,
        first.message.pk,
    )
    assert (CarrierMessage.objects.count(), Traveller.objects.count()) == (1, 8)


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (
            b"hello, not EDIFACT",
            "INTERCHANGE: error segment-outside-message at segment 1 / hello, not EDIFACT: "
            "segment hello, not EDIFACT is outside any message (expected UNH)",
        ),
        (
            b"UNA:+.? 'UNB+UNOA:4+XX+PIU+261201:0900+1'UNZ+0+1'",
            "No PAXLST or PNRGOV message in the interchange.",
        ),
        (
            b"UNA:+.? 'UNB+UNOA:4+XX+PIU+261201:0900+1'UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'"
            b"UNT+3+1'UNZ+1+1'",
            "The message names no flight.",
        ),
    ],
    ids=["not edifact", "empty interchange", "no flight"],
)
def test_a_message_that_cannot_be_loaded_is_quarantined_with_its_error(
    content: bytes, error: str
) -> None:
    result = receive(content)

    message = CarrierMessage.objects.get()
    assert (result.status, message.status, message.error) == ("quarantined", "quarantined", error)
    assert message.content == content.decode()
    assert not Traveller.objects.exists()


def test_a_carrier_missing_from_the_flight_is_read_from_its_designator() -> None:
    result = receive((GTAS / "apis-messages" / "gtas-loader-airline2.edi").read_bytes())

    assert result.status == "loaded"
    assert Flight.objects.get().carrier.code == "TN"


def test_pnr_pushes_update_the_booking_and_keep_its_history() -> None:
    content = (GTAS / "pnr-messages" / "gtas-loader-2_pnrs_basic.edi").read_bytes()
    receive(content)

    # The carrier pushes the same bookings again, changed (a new contact phone).
    receive(content.replace(b"00115555555555", b"00119999999999"))

    booking = Booking.objects.get(record_locator="MFN4TI")
    assert booking.push_count == 2
    assert list(booking.versions.values_list("number", flat=True)) == [2, 1]
    phones = set(booking.identifiers.filter(kind="phone").values_list("value", flat=True))
    assert "00119999999999" in phones
    assert "00115555555555" not in phones
    assert (booking.agency_name, booking.agency_country, booking.form_of_payment) == (
        "52519950",
        "GBR",
        "CC",
    )
    assert booking.route == "LHR-JFK-YVR"
    assert booking.one_way is True
    assert Traveller.objects.filter(booking=booking).count() == 2


def test_sensitive_data_is_filtered_at_intake() -> None:
    result = receive((GTAS / "pnr-messages" / "gtas-loader-2_pnrs_basic.edi").read_bytes())

    assert result.message.removed_sensitive == 5
    booking = Booking.objects.get(record_locator="MFN4TI")
    assert "AVML" not in str(booking.data)


def test_payment_cards_tickets_and_agencies_are_kept_as_link_identifiers() -> None:
    receive((GTAS / "pnr-messages" / "gtas-loader-2_pnrs_basic.edi").read_bytes())

    kinds = set(Identifier.objects.values_list("kind", flat=True))
    assert kinds == {"phone", "address", "agency", "ticket", "card"}


def test_travellers_are_screened_as_they_arrive(
    national_list: WatchlistVersion, un_list: WatchlistVersion
) -> None:
    result = receive(paxlst(RI_WON_HO, MIRIAM))

    assert (result.status, result.travellers, result.hits) == ("loaded", 12, 2)
    un_hit = Hit.objects.get(traveller__surname="RI")
    assert (un_hit.kind, un_hit.key, un_hit.watchlist_version) == ("watchlist", "KPi.033", un_list)
    assert un_hit.label == "RI WON HO (UN SC Consolidated List)"
    assert un_hit.score is not None and un_hit.score >= 0.9
    assert any("RI = RI" in line for line in un_hit.explanation)
    national = Hit.objects.get(traveller__surname="KESTREL")
    assert (national.key, national.watchlist_version) == ("NAT-1", national_list)
    assert national.case.status == "new"


def _with_wheelchair(content: bytes) -> bytes:
    """The GTAS sample as a carrier would send it with a wheelchair request for WAYNE."""
    text = content.decode()
    text = text.replace(
        "TIF+WAYNE+JOHNMR:A:1' \r\n", "TIF+WAYNE+JOHNMR:A:1' \r\nSSR+WCHR:HK:1:DL'\r\n", 1
    )
    return text.replace("UNT+135+1'", "UNT+136+1'").encode()


def test_sensitive_items_are_not_in_the_stored_message_and_pages_count_them(
    piu_client: Callable[..., Client],
) -> None:
    content = _with_wheelchair(
        (GTAS / "pnr-messages" / "gtas-loader-2_pnrs_basic.edi").read_bytes()
    )
    assert b"SSR+WCHR" in content and content.count(b"AVML") == 5

    result = receive(content)

    stored = CarrierMessage.objects.get(pk=result.message.pk)
    assert "AVML" not in stored.content and "WCHR" not in stored.content
    assert "SSR+DOCS" in stored.content or "TIF+WAYNE" in stored.content
    assert (stored.removed_sensitive, stored.removed_by_category) == (
        6,
        {"meal": 5, "medical": 1},
    )
    # The stored text parses to the same records (nothing left to remove).
    assert [item.removed for item in parse(stored.content)] == [()]
    client = piu_client(Role.PIU_ANALYST)
    meals = Booking.objects.get(record_locator="MFN4TI")
    page = client.get(reverse("travel:booking", args=[meals.pk])).content.decode()
    assert "5 sensitive items removed at intake (meal ×5)" in page
    assert "AVML" not in page
    wayne = Traveller.objects.get(surname="WAYNE", given_names="JOHN")
    page = client.get(reverse("travel:traveller", args=[wayne.pk])).content.decode()
    assert "1 sensitive item removed at intake (medical)" in page
    assert "WCHR" not in page and "wheelchair" not in page.lower()


def test_a_retried_message_keeps_its_intake_counts() -> None:
    content = _with_wheelchair(
        (GTAS / "pnr-messages" / "gtas-loader-2_pnrs_basic.edi").read_bytes()
    )
    result = receive(content)

    message_retry(message_id=result.message.pk, actor=SYSTEM)

    stored = CarrierMessage.objects.get(pk=result.message.pk)
    assert (stored.removed_sensitive, stored.removed_by_category) == (
        6,
        {"meal": 5, "medical": 1},
    )


def test_a_paxlst_message_is_stored_as_received() -> None:
    content = (GTAS / "apis-messages" / "gtas-loader-Test1.txt").read_bytes()

    result = receive(content)

    stored = CarrierMessage.objects.get(pk=result.message.pk)
    assert stored.content == content.decode()
    assert (stored.removed_sensitive, stored.removed_by_category) == (0, {})
