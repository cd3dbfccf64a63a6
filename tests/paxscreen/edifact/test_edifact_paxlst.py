"""PAXLST manifests from real carrier files: pinned fields, beyond the golden comparison."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from paxscreen.edifact import Manifest, parse, parse_file


def _manifest(path: Path) -> Manifest:
    manifest = parse_file(path)[0].manifest
    assert manifest is not None
    return manifest


def test_crew_list_without_una(gtas: Path) -> None:
    manifest = _manifest(gtas / "apis-messages" / "gtas-loader-Test1.txt")
    assert (manifest.document_type, manifest.document_kind, manifest.document_id) == (
        "250",
        "crew",
        "C",
    )
    assert manifest.reporting_party is not None
    assert manifest.reporting_party.name == "CREW SCHEDULING"
    assert manifest.reporting_party.fax == "808-838-5526"
    (leg,) = manifest.legs
    assert (leg.flight_number, leg.carrier, leg.departure_port, leg.arrival_port) == (
        "UA0989",
        "UA",
        "FRA",
        "IAD",
    )
    assert leg.departure_time == dt.datetime(2017, 1, 27, 17, 25)  # noqa: DTZ001
    assert leg.arrival_time == dt.datetime(2017, 1, 28, 7, 10)  # noqa: DTZ001
    assert len(manifest.travellers) == 8
    first = manifest.travellers[0]
    assert (first.kind, first.surname, first.given_names, first.sex) == (
        "crew",
        "Steur",
        ("Andrea", "Pat"),
        "F",
    )
    assert first.date_of_birth == dt.date(1978, 7, 6)
    assert (first.nationality, first.residence_country, first.birth_place) == (
        "GBR",
        "GBR",
        "Hartford USA",
    )
    (document,) = first.documents
    assert (document.document_type, document.number, document.issuing_country) == (
        "P",
        "123456789",
        "GBR",
    )
    assert document.expiry_date == dt.date(2061, 2, 18)


def test_multiple_flight_legs_with_routing_locations(gtas: Path) -> None:
    manifest = _manifest(gtas / "apis-messages" / "gtas-loader-multiple_flight_leg_apis.txt")
    assert [(leg.flight_number, leg.departure_port, leg.arrival_port) for leg in manifest.legs] == [
        ("QQ877", "MIA", "IAD"),
        ("QQ827", "IAD", "JFK"),
        ("QQ827", "JFK", "CDG"),
    ]
    barrett, lang = manifest.travellers
    assert (barrett.surname, barrett.given_names, barrett.pnr_locator) == (
        "BARRETT",
        ("TODD",),
        "GJIO3RT",
    )
    assert (barrett.embarkation_port, barrett.debarkation_port) == ("MIA", "CDG")
    assert [(reference.qualifier, reference.value) for reference in lang.references] == [
        ("AVF", "GJIO3RT"),
        ("ABO", "ABC124"),
    ]
    assert lang.documents[0].number == "TRQWE99800"
    assert manifest.declared_traveller_count == 2


def test_carriage_return_terminated_file_with_star_separator(gtas: Path) -> None:
    result = parse_file(gtas / "apis-messages" / "gtas-loader-airline2.edi")[0]
    assert result.manifest is not None
    assert len(result.manifest.travellers) == 10
    assert result.manifest.travellers[-1].surname != ""
    assert sorted(issue.code for issue in result.issues) == [
        "message-reference",
        "segment-count",
        "traveller-count",
    ]


def test_seat_reference_and_address_of_a_traveller() -> None:
    text = (
        "UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'NAD+FL+++DOE:JANE:MARY+1 MAIN ST+PARIS++75001+FR'"
        "ATT+2++F'RFF+SEA:12C'NAT+2+DE'DOC+P+X1'DTM+36:300101'DTM+182:200101'LOC+91+D'UNT+11+1'"
    )
    result = parse(text)[0]
    assert result.manifest is not None
    (traveller,) = result.manifest.travellers
    assert traveller.seat == "12C"
    assert traveller.nationality == "DEU"
    assert traveller.address is not None
    assert (traveller.address.street, traveller.address.city, traveller.address.country) == (
        "1 MAIN ST",
        "PARIS",
        "FRA",
    )
    (document,) = traveller.documents
    assert (document.issuing_country, document.expiry_date, document.issue_date) == (
        "DEU",
        dt.date(2030, 1, 1),
        dt.date(2020, 1, 1),
    )


def test_unknown_country_is_kept_with_a_warning_and_unmapped_segments_keep_positions() -> None:
    text = "UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'NAD+FL+++DOE:JO'NAT+2+ZZQ'FTX+AAA+++HELLO'UNT+6+1'"
    result = parse(text)[0]
    assert result.manifest is not None
    assert result.manifest.travellers[0].nationality == "ZZQ"
    assert [(issue.severity, issue.code, issue.segment_number) for issue in result.issues] == [
        ("warning", "unknown-country", 4)
    ]
    assert [
        (item.tag, item.text, item.segment_number, item.message_segment_number)
        for item in result.unmapped
    ] == [("FTX", "AAA+++HELLO", 5, 5)]


def test_two_digit_birth_years_use_the_interchange_year_as_pivot() -> None:
    text = (
        "UNB+UNOA:4+A+B+250101:1200+R'UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'"
        "NAD+FL+++OLD:AL'DTM+329:300101'NAD+FL+++YOUNG:BO'DTM+329:200101'UNT+7+1'UNZ+1+R'"
    )
    (result,) = parse(text)
    assert result.manifest is not None
    assert [traveller.date_of_birth for traveller in result.manifest.travellers] == [
        dt.date(1930, 1, 1),
        dt.date(2020, 1, 1),
    ]


def test_traveller_segment_without_a_traveller_is_an_error() -> None:
    text = "UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'ATT+2++M'NAD+FL+++DOE:JO'UNT+5+1'"
    result = parse(text)[0]
    assert [
        (issue.code, issue.segment_number, issue.tag, issue.expected) for issue in result.issues
    ] == [("misplaced-segment", 3, "ATT", "NAD+FL or NAD+FM before ATT")]
    assert [item.tag for item in result.unmapped] == ["ATT"]
