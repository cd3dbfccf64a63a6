"""What the PNRGOV reader knows at each segment: the message, and the open groups.

Each group of the message (:mod:`pnr_booking`, :mod:`pnr_travellers`,
:mod:`pnr_tickets`, :mod:`pnr_itinerary`, :mod:`pnr_history`) is a mixin of
``on_<tag>`` handlers over this state; :mod:`pnrgov` combines them and walks the
segments. ``state`` names the group the last group-opening segment opened.
"""

from __future__ import annotations

import datetime as dt

from paxscreen.edifact.codes import country_alpha3, country_table
from paxscreen.edifact.model import Agency, FlightLeg, HistoryEntry
from paxscreen.edifact.pnr_drafts import BookingDraft, SegmentDraft, TicketDraft, TravellerDraft
from paxscreen.edifact.segments import MessageSegments

__all__ = ["PnrState"]


class PnrState:
    __slots__ = (
        "booking",
        "bookings",
        "countries",
        "decimal",
        "declared",
        "eqn_index",
        "flight",
        "history_action",
        "history_actor",
        "history_office",
        "history_time",
        "itinerary",
        "message_function",
        "originator",
        "pivot",
        "segments",
        "state",
        "ticket",
        "traveller",
    )

    def __init__(self, segments: MessageSegments) -> None:
        self.segments = segments
        self.pivot = segments.pivot_year
        self.decimal = segments.delimiters.decimal
        self.countries = country_table()
        self.message_function: str | None = None
        self.originator: Agency | None = None
        self.flight: FlightLeg | None = None
        self.declared: int | None = None
        self.eqn_index = 0
        self.bookings: list[BookingDraft] = []
        self.booking: BookingDraft | None = None
        self.traveller: TravellerDraft | None = None
        self.ticket: TicketDraft | None = None
        self.itinerary: SegmentDraft | None = None
        self.state = "header"
        self.history_actor: str | None = None
        self.history_office: str | None = None
        self.history_time: dt.datetime | None = None
        self.history_action: str | None = None

    def country(self, value: str, index: int) -> str | None:
        """The alpha-3 code of ``value``; an unknown code is kept as sent, with a warning."""
        known_code = self.countries.get(value)
        if known_code is not None:
            return known_code
        code, known = country_alpha3(value)
        if not known:
            self.segments.report(
                index,
                "unknown-country",
                f"country code {value!r} is not an ISO 3166-1 code; kept as sent",
                expected="ISO 3166-1 alpha-2 or alpha-3 code",
                severity="warning",
            )
        return code

    def history_entry(self, elements: list[list[str]], index: int) -> bool:
        """A segment inside a history (ABI) group: every group hands these over here."""
        booking = self.booking
        if booking is None:
            return False
        # Positional (actor, office, time, action, tag, text, segment number): keywords
        # would build a dict first, for every segment of a history.
        booking.history.append(
            HistoryEntry(
                self.history_actor,
                self.history_office,
                self.history_time,
                self.history_action,
                elements[0][0].strip(),
                self.segments.text(index),
                self.segments.first_number + index,
            )
        )
        return True
