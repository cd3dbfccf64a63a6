"""Property-based tests: round trip through any legal delimiters, and robustness to damage."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.paxscreen.edifact.edifact_testdata import APIS, PNR

from paxscreen.edifact import Delimiters, EdifactError, parse
from paxscreen.edifact.model import (
    Address,
    FlightLeg,
    Manifest,
    Party,
    Reference,
    TravelDocument,
    Traveller,
)
from paxscreen.edifact.serializer import paxlst_interchange

_PUNCTUATION = "!\"#$%&'()*+-/:;<=>?@[\\]^_`{|}~"
_COUNTRIES = ("FRA", "DEU", "GBR", "USA", "NGA", "IND", "CHN", "BRA", "IRN", "RUS", "XXA")


@st.composite
def delimiters(draw: st.DrawFn) -> Delimiters:
    component, element, release, segment = draw(
        st.lists(st.sampled_from(_PUNCTUATION), min_size=4, max_size=4, unique=True)
    )
    decimal = draw(st.sampled_from([".", ","]))
    reserved = draw(
        st.sampled_from(
            [" ", *(c for c in "*^" if c not in (component, element, release, segment))]
        )
    )
    return Delimiters(component, element, decimal, release, reserved, segment)


# Values as carriers send them: no line breaks, no surrounding blanks, any service character.
_VALUE_ALPHABET = st.sampled_from(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdeÄÖÜßéñçøłşğ0123456789-.,/" + _PUNCTUATION + "ОЛЯ李明"
)
values = st.text(_VALUE_ALPHABET, min_size=1, max_size=12).map(str.strip).filter(bool)
optional_values = st.none() | values
countries = st.sampled_from(_COUNTRIES)
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))
moments = st.datetimes(
    min_value=dt.datetime(1990, 1, 1),  # noqa: DTZ001
    max_value=dt.datetime(2099, 12, 31),  # noqa: DTZ001
).map(lambda moment: moment.replace(second=0, microsecond=0))


@st.composite
def travellers(draw: st.DrawFn) -> Traveller:
    references = tuple(
        draw(
            st.lists(
                st.builds(Reference, st.sampled_from(["AVF", "SEA", "ABO", "AEA", "CR"]), values),
                max_size=3,
            )
        )
    )
    locators = [reference.value for reference in references if reference.qualifier == "AVF"]
    seats = [reference.value for reference in references if reference.qualifier == "SEA"]
    address = draw(
        st.none()
        | st.builds(
            Address,
            purpose=st.none(),
            street=values,
            city=optional_values,
            region=optional_values,
            postal_code=optional_values,
            country=st.none() | countries,
        )
    )
    documents = tuple(
        draw(
            st.lists(
                st.builds(
                    TravelDocument,
                    document_type=st.sampled_from(["P", "V", "I", "AC"]),
                    number=optional_values,
                    issuing_country=st.none() | countries,
                    expiry_date=st.none() | dates,
                    issue_date=st.none() | dates,
                ),
                max_size=2,
            )
        )
    )
    role, kind = draw(
        st.sampled_from([("FL", "passenger"), ("FM", "crew"), ("DDT", "in-transit passenger")])
    )
    return Traveller(
        kind=kind,
        role=role,
        surname=draw(values),
        given_names=tuple(draw(st.lists(values, max_size=3))),
        sex=draw(st.sampled_from([None, "M", "F", "X"])),
        date_of_birth=draw(st.none() | dates),
        nationality=draw(st.none() | countries),
        residence_country=draw(st.none() | countries),
        birth_place=draw(optional_values),
        embarkation_port=draw(st.none() | values),
        debarkation_port=draw(st.none() | values),
        documents=documents,
        references=references,
        pnr_locator=locators[-1] if locators else None,
        seat=seats[-1] if seats else None,
        address=address,
        segment_number=0,
        other_locations=tuple(
            draw(st.lists(st.builds(Reference, st.sampled_from(["22", "92"]), values), max_size=2))
        ),
    )


legs = st.builds(
    FlightLeg,
    carrier=st.none() | values,
    flight_number=values,
    departure_port=st.none() | values,
    departure_time=st.none() | moments,
    arrival_port=st.none() | values,
    arrival_time=st.none() | moments,
    segment_number=st.just(0),
)


@st.composite
def manifests(draw: st.DrawFn) -> Manifest:
    people = tuple(draw(st.lists(travellers(), max_size=4)))
    party = draw(
        st.none() | st.builds(Party, values, optional_values, optional_values, optional_values)
    )
    return Manifest(
        document_type="745",
        document_kind="passengers",
        document_id=draw(optional_values),
        reporting_party=party,
        references=tuple(draw(st.lists(st.builds(Reference, st.just("TN"), values), max_size=2))),
        legs=tuple(draw(st.lists(legs, max_size=3))),
        travellers=people,
        declared_traveller_count=len(people),
    )


def _without_positions(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: _without_positions(item) for key, item in value.items() if key != "segment_number"
        }
    if isinstance(value, list):
        return [_without_positions(item) for item in value]
    return value


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(manifests(), min_size=1, max_size=3),
    delimiters(),
    st.sampled_from(["", "\n", "\r\n", "\n   "]),
)
def test_manifests_round_trip_through_any_delimiters(
    originals: list[Manifest], chosen: Delimiters, line_break: str
) -> None:
    # given manifests written with random legal delimiters and line breaks
    text = paxlst_interchange(originals, delimiters=chosen, line_break=line_break)
    # when they are parsed back, also streamed in small chunks
    results = parse(text, strict=True, protection=None)
    # then the same manifests come back, with no issue at all
    assert [result.issues for result in results] == [()] * len(originals)
    assert [
        _without_positions(result.manifest.to_dict()) for result in results if result.manifest
    ] == [_without_positions(original.to_dict()) for original in originals]
    chunked = parse([text[i : i + 7] for i in range(0, len(text), 7)], protection=None)
    assert [result.to_dict() for result in chunked] == [result.to_dict() for result in results]


def _samples() -> list[bytes]:
    names = [
        APIS / "gtas-loader-multiple_flight_leg_apis.txt",
        APIS / "gtas-parsers-apisMessage.txt",
        PNR / "gtas-loader-2_pnrs_basic.edi",
        PNR / "gtas-parsers-pnrEdge.txt",
        PNR / "gtas-loader-codeshare.edi",
    ]
    return [Path(name).read_bytes() for name in names]


_SAMPLES = _samples()


@st.composite
def damaged(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(_SAMPLES)))
    for _ in range(draw(st.integers(1, 12))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["replace", "insert", "delete", "cut"]))
        byte = draw(st.sampled_from(b"'+:?*\r\n \x00\xff\xe2UNAHTBZ0123456789"))
        if action == "replace" and position < len(data):
            data[position] = byte
        elif action == "insert":
            data.insert(position, byte)
        elif action == "delete" and position < len(data):
            del data[position]
        elif action == "cut":
            del data[position:]
    return bytes(data)


@settings(max_examples=400, deadline=None)
@given(damaged())
def test_damaged_input_never_crashes(data: bytes) -> None:
    # lenient: every problem is recorded, nothing is raised
    results = parse(data)
    for result in results:
        result.to_dict()
    # strict: only the library's own error may be raised
    try:
        parse(data, strict=True)
    except EdifactError as error:
        assert error.issue.severity == "error"
