"""The PNRGOV drafts build their records with positional arguments (issue 14, point 6: half
the cost of keywords); each field must still come from the draft field of its name."""

from __future__ import annotations

from dataclasses import MISSING, fields
from typing import Any

import pytest

from paxscreen.edifact.model import Agency, Booking, ItinerarySegment, PnrTraveller, Ticket
from paxscreen.edifact.pnr_drafts import BookingDraft, SegmentDraft, TicketDraft, TravellerDraft
from paxscreen.edifact.pnr_values import agency


class _Marked:
    """A value that names the draft field it was put in; a nested draft builds to itself."""

    def __init__(self, name: str) -> None:
        self.name = name

    def build(self) -> _Marked:
        return self

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Marked) and other.name == self.name

    def __hash__(self) -> int:
        return hash(self.name)


@pytest.mark.parametrize(
    ("draft_class", "record_class"),
    [
        (TicketDraft, Ticket),
        (TravellerDraft, PnrTraveller),
        (SegmentDraft, ItinerarySegment),
        (BookingDraft, Booking),
    ],
)
def test_each_record_field_comes_from_the_draft_field_of_its_name(
    draft_class: type[Any], record_class: type[Any]
) -> None:
    # given a draft whose every field holds a value marked with the field's name
    listed = {f.name for f in fields(draft_class) if f.default_factory is not MISSING}
    draft = draft_class(
        **{
            f.name: [_Marked(f.name)] if f.name in listed else _Marked(f.name)
            for f in fields(draft_class)
        }
    )
    # when it is built
    record = draft.build()
    # then each field of the record holds the value of the draft field of the same name
    assert type(record) is record_class
    for field_ in fields(record_class):
        expected = (_Marked(field_.name),) if field_.name in listed else _Marked(field_.name)
        assert getattr(record, field_.name) == expected, field_.name


def test_agency_fields_come_from_their_own_components() -> None:
    # given an ORG segment with every component distinct
    elements = [
        ["ORG"],
        ["SYS", "LOC"],
        ["IATA", "AGENT"],
        ["CITY"],
        [""],
        ["TYPE"],
        ["CTRY", "CUR"],
        ["ID"],
    ]
    # when the agency is read, its country already known
    found = agency(elements, "COUNTRY")
    # then each field holds its own component
    assert found == Agency(
        system="SYS",
        location="LOC",
        iata_number="IATA",
        agent="AGENT",
        city="CITY",
        originator_type="TYPE",
        country="COUNTRY",
        currency="CUR",
        agent_id="ID",
    )
