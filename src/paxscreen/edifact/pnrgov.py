"""PNRGOV (PNR push) message → :class:`~paxscreen.edifact.model.PnrPush`.

The message is a header (MSG, ORG, TVL, EQN) followed by one group per booking
opened by SRC. Inside a booking the current group is tracked by the last
group-opening segment: TIF (traveller), TKT (ticket of that traveller), TVL
(itinerary segment), ABI (history), EQN (split-off bookings follow).

Each group's segments are read in its own module — :mod:`pnr_booking` (header and
booking), :mod:`pnr_travellers` (TIF, SSR, documents), :mod:`pnr_tickets` (tickets and
payment), :mod:`pnr_itinerary` (flights, seats, bags), :mod:`pnr_history` (ABI) — over
the shared state of :mod:`pnr_state`; this module walks the segments and dispatches
on the tag.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import repeat

from paxscreen.edifact.model import PnrPush
from paxscreen.edifact.pnr_booking import BookingGroup
from paxscreen.edifact.pnr_history import HistoryGroup
from paxscreen.edifact.pnr_itinerary import ItineraryGroup
from paxscreen.edifact.pnr_tickets import TicketGroup
from paxscreen.edifact.pnr_travellers import TravellerGroup
from paxscreen.edifact.pnr_values import contact_from_text, split_title
from paxscreen.edifact.segments import MessageSegments
from paxscreen.edifact.tokenizer import split_elements

__all__ = ["contact_from_text", "read_pnr_push", "split_title"]

# Segments that only exist inside a traveller (TIF) group of a booking.
_TRAVELLER_PARTS = frozenset({"FTI", "REF", "FAR", "TKT", "MON", "PTK", "TXD", "FOP"})

# Segments that keep their own meaning inside a history (ABI) group.
_HISTORY_CONTROL = frozenset({"ABI", "DAT", "SAC", "SRC", "LTS"})

Handler = Callable[[list[list[str]], int], bool]


class _PnrReader(BookingGroup, TravellerGroup, TicketGroup, ItineraryGroup, HistoryGroup):
    """Walks one PNRGOV message; see the module docstring for the grouping."""

    __slots__ = ()

    def read(self) -> PnrPush:
        segments = self.segments
        raw = segments.raw
        delimiters = segments.delimiters
        element_sep = delimiters.element
        component_sep = delimiters.component
        release = delimiters.release
        # One C-level scan says whether any segment needs the release-aware split.
        escaped = bool(release) and release in "".join(raw)
        # The hot loop (18 segments per traveller): bound methods looked up once per
        # message, and the segment split inline unless it holds release characters.
        handlers: dict[str, Handler] = {tag: getattr(self, name) for tag, name in _HANDLERS.items()}
        history_entry = self.history_entry
        keep_unmapped = segments.keep_unmapped
        last = len(raw) - 1 if raw and raw[-1][:3] == "UNT" else len(raw)
        # map() with a repeated separator splits the components without a comprehension's
        # frame per segment (a tenth of the walk).
        component_seps = repeat(component_sep)
        for index in range(1, last):
            text = raw[index]
            if not text:
                continue  # removed by the data-protection filter
            if escaped and release in text:
                elements = split_elements(text, delimiters)
            else:
                elements = [*map(str.split, text.split(element_sep), component_seps)]
            tag = elements[0][0]
            if len(tag) != 3:
                tag = tag.strip()  # a three-character tag with blanks names no segment either way
            if self.state == "history" and tag not in _HISTORY_CONTROL:
                history_entry(elements, index)
                continue
            handler = handlers.get(tag)
            if handler is None or handler(elements, index) is False:
                keep_unmapped(index)
                if tag in _TRAVELLER_PARTS and self.traveller is None and self.booking is not None:
                    self.misplaced(index, tag)
        if self.booking is not None:
            self.bookings.append(self.booking)
        if self.declared is not None and self.declared != len(self.bookings):
            segments.control(
                self.eqn_index,
                "booking-count",
                f"EQN declares {self.declared} bookings, the message holds {len(self.bookings)}",
                expected=f"EQN count {len(self.bookings)}",
            )
        return PnrPush(
            message_function=self.message_function,
            originator=self.originator,
            flight=self.flight,
            declared_booking_count=self.declared,
            bookings=tuple([booking.build() for booking in self.bookings]),
        )

    def misplaced(self, index: int, tag: str) -> None:
        """Report a traveller segment met where no traveller (TIF) is open.

        The usual cause is a missing segment terminator that glued the TIF to the
        segment before it; the message names that segment when it holds ``TIF+``.
        """
        element = self.segments.delimiters.element
        hint = ""
        for before in range(index - 1, 0, -1):
            raw = self.segments.raw[before]
            if raw.startswith(("TIF" + element, "SRC")):
                break
            position = raw.find("TIF" + element, 1)
            if position > 0:
                hint = (
                    f"; segment {self.segments.first_number + before} "
                    f"({self.segments.tag(before)}) holds 'TIF{element}' at character "
                    f"{position + 1}: a segment terminator is probably missing there"
                )
                break
        self.segments.report(
            index,
            "misplaced-segment",
            f"{tag} belongs to a traveller but no TIF is open{hint}",
            expected=f"TIF before {tag}",
        )


# Segment tag → the name of the reader method that maps it (``on_tif`` for TIF …).
_HANDLERS: dict[str, str] = {
    name[3:].upper(): name
    for group in _PnrReader.__mro__
    for name in vars(group)
    if name.startswith("on_")
}


def read_pnr_push(segments: MessageSegments) -> PnrPush:
    """Map the segments of a PNRGOV message; problems go to ``segments.issues``.

    Raises nothing: malformed values are recorded as issues and the field is left empty.
    """
    return _PnrReader(segments).read()
