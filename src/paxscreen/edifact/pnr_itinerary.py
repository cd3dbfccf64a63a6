"""PNRGOV flight itinerary group: TVL opens a segment of the booking's itinerary; RPI,
APD, TRI, SSD and TBD (status, equipment, check-in, seats, bags) fill it.

The header's TVL is the flight the push is about; a TVL without ports right after
an itinerary TVL names the operating partner's flight of a codeshare.
"""

from __future__ import annotations

from paxscreen.edifact.model import Baggage, BagTag, FlightLeg, SeatAssignment
from paxscreen.edifact.pnr_drafts import SegmentDraft
from paxscreen.edifact.pnr_state import PnrState
from paxscreen.edifact.pnr_values import amount, moment
from paxscreen.edifact.segments import MessageSegments, component, padded

__all__ = ["ItineraryGroup"]


def _travel(elements: list[list[str]], index: int, segments: MessageSegments) -> SegmentDraft:
    when = padded(elements, 1, 4)
    departure = moment(when[0], when[1] or "0000")
    arrival_time = when[3]
    arrival = moment(when[2] or when[0], arrival_time) if arrival_time else None
    if when[0] and departure is None:
        segments.report(
            index,
            "invalid-date",
            f"TVL departure {when[0]!r} is not a DDMMYY date",
            expected="DDMMYY:HHMM",
        )
    count = len(elements)
    carriers = padded(elements, 4, 2)
    flight = padded(elements, 5, 2)
    marketing = carriers[0] or None
    return SegmentDraft(
        departure,
        arrival,
        (elements[2][0].strip() if count > 2 else "") or None,
        (elements[3][0].strip() if count > 3 else "") or None,
        marketing,
        carriers[1] or marketing,
        flight[0] or None,
        flight[1] or None,
        segments.first_number + index,
    )


class ItineraryGroup(PnrState):
    __slots__ = ()

    def on_tvl(self, elements: list[list[str]], index: int) -> bool:
        draft = _travel(elements, index, self.segments)
        if self.state == "header":
            self.flight = FlightLeg(
                carrier=draft.marketing_carrier,
                flight_number=draft.flight_number or "",
                departure_port=draft.departure_port,
                departure_time=draft.departure_time,
                arrival_port=draft.arrival_port,
                arrival_time=draft.arrival_time,
                segment_number=draft.segment_number,
            )
            return True
        if self.booking is None:
            return False
        if self.state == "history":
            return self.history_entry(elements, index)
        if (
            self.state == "itinerary"
            and self.itinerary is not None
            and draft.departure_port is None
            and draft.flight_number
        ):
            # TVL+++++303:Y after RCI: the operating partner's flight of a codeshare.
            self.itinerary.operating_flights.append(
                f"{draft.flight_number}:{draft.booking_class or ''}".rstrip(":")
            )
            return True
        self.itinerary = draft
        self.booking.itinerary.append(draft)
        self.traveller = None
        self.ticket = None
        self.state = "itinerary"
        return True

    def on_rpi(self, elements: list[list[str]], index: int) -> bool:
        if self.state == "history":
            return self.history_entry(elements, index)
        if self.itinerary is None or self.state != "itinerary":
            return False
        count = component(elements, 1, 0)
        self.itinerary.passenger_count = int(count) if count.isdigit() else None
        self.itinerary.status = component(elements, 2, 0) or None
        return True

    def on_apd(self, elements: list[list[str]], index: int) -> bool:
        if self.itinerary is None or self.state != "itinerary":
            return False
        self.itinerary.equipment = component(elements, 1, 0) or None
        return True

    def on_tri(self, elements: list[list[str]], index: int) -> bool:
        itinerary = self.itinerary
        if itinerary is None or self.state != "itinerary":
            return False
        sequence = component(elements, 2, 0)
        reference = component(elements, 2, 3)
        itinerary.traveller_reference = reference or None
        itinerary.checked_in.append(f"{reference}:{sequence}" if reference else sequence)
        return True

    def on_ssd(self, elements: list[list[str]], index: int) -> bool:
        itinerary = self.itinerary
        if itinerary is None or self.state != "itinerary":
            return False
        seat = elements[1][0].strip() if len(elements) > 1 else ""
        if seat:
            itinerary.seats.append(SeatAssignment(seat, itinerary.traveller_reference, "SSD"))
        return True

    def on_tbd(self, elements: list[list[str]], index: int) -> bool:
        itinerary = self.itinerary
        if itinerary is None or self.state != "itinerary":
            return False
        bags = padded(elements, 2, 3)
        count = bags[0]
        tags = []
        for element in elements[5:]:
            parts = [*map(str.strip, element), "", "", "", ""]
            if parts[1]:
                tags.append(
                    BagTag(
                        parts[0] or None,
                        parts[1],
                        int(parts[2]) if parts[2].isdigit() else None,
                        parts[3] or None,
                    )
                )
        # Positional (reference, count, weight, unit, tags, segment number): keywords
        # would build a dict first.
        itinerary.baggage.append(
            Baggage(
                itinerary.traveller_reference,
                int(count) if count.isdigit() else None,
                amount(bags[1], self.decimal),
                bags[2] or None,
                tuple(tags),
                self.segments.first_number + index,
            )
        )
        return True
