"""PNRGOV header (MSG, ORG, TVL, EQN) and booking group (SRC, RCI, DAT, IFT, ADD, EBD, LTS).

DAT and ORG also serve the ticket and history groups; their meaning follows the
open group.
"""

from __future__ import annotations

from paxscreen.edifact.model import Address, Contact
from paxscreen.edifact.pnr_drafts import BookingDraft
from paxscreen.edifact.pnr_state import PnrState
from paxscreen.edifact.pnr_values import agency, contact_from_text, locators, moment
from paxscreen.edifact.segments import component

__all__ = ["BookingGroup"]


class BookingGroup(PnrState):
    __slots__ = ()

    # Header -------------------------------------------------------------------------------

    def on_msg(self, elements: list[list[str]], index: int) -> bool:
        if self.state != "header":
            return False
        self.message_function = component(elements, 1, 1) or component(elements, 1, 0) or None
        return True

    def on_eqn(self, elements: list[list[str]], index: int) -> bool:
        if self.state == "header":
            value = component(elements, 1, 0)
            if value.isdigit():
                self.declared = int(value)
                self.eqn_index = index
                return True
            return False
        if self.booking is not None:
            self.state = "split"
            return True
        return False

    def on_org(self, elements: list[list[str]], index: int) -> bool:
        found = agency(elements, self.country(component(elements, 6, 0), index))
        if self.state == "header":
            self.originator = found
            return True
        if self.booking is not None and self.state in ("booking", "traveller", "ticket"):
            self.booking.agency = found
            return True
        return False

    def on_src(self, elements: list[list[str]], index: int) -> bool:
        if self.booking is not None:
            self.bookings.append(self.booking)
        self.booking = BookingDraft(self.segments.first_number + index)
        self.traveller = None
        self.ticket = None
        self.itinerary = None
        self.state = "booking"
        return True

    # Booking ------------------------------------------------------------------------------

    def on_rci(self, elements: list[list[str]], index: int) -> bool:
        booking = self.booking
        if booking is None:
            return False
        found = locators(elements)
        if not found:
            self.segments.report(
                index,
                "missing-locator",
                "RCI without a record locator",
                expected="RCI+<carrier>:<locator>",
            )
            return False
        if booking.record_locator is None and self.state == "booking":
            first = found[0]
            booking.record_locator = first.locator
            booking.carrier = first.carrier
            booking.created = first.created
            booking.other_locators.extend(found[1:])
        elif self.state == "split":
            booking.related_locators.extend(found)
        elif self.state == "itinerary" and self.itinerary is not None:
            self.itinerary.record_locators.extend(found)
        else:
            booking.other_locators.extend(found)
        return True

    def on_dat(self, elements: list[list[str]], index: int) -> bool:
        state = self.state
        if state == "ticket" and self.ticket is not None:
            for element in elements[1:]:
                if element[0].strip() == "710" and len(element) > 1:
                    issued = moment(element[1], "0000")
                    self.ticket.issue_date = issued.date() if issued else None
            return True
        if state == "history":
            for element in elements[1:]:
                if len(element) > 1:
                    self.history_time = moment(
                        element[1], element[2] if len(element) > 2 else "0000"
                    )
            return True
        if state == "booking" and self.booking is not None:
            mapped = False
            for element in elements[1:]:
                qualifier = element[0].strip()
                if qualifier == "700" and len(element) > 1:
                    self.booking.last_modified = moment(
                        element[1], element[2] if len(element) > 2 else "0000"
                    )
                    mapped = True
            return mapped
        return False

    def on_ift(self, elements: list[list[str]], index: int) -> bool:
        # An element counts when any of its parts holds more than blanks.
        texts = [":".join(element).strip() for element in elements[2:] if "".join(element).strip()]
        if not texts:
            return False
        text = " ".join(texts)
        contact = contact_from_text(text, "IFT")
        if self.traveller is not None and self.state in ("traveller", "ticket"):
            self.traveller.free_text.append(text)
            if contact is not None:
                self.traveller.contacts.append(contact)
            return True
        if self.booking is not None and self.state == "booking":
            self.booking.free_text.append(text)
            if contact is not None:
                self.booking.contacts.append(contact)
            return True
        return False

    def on_add(self, elements: list[list[str]], index: int) -> bool:
        if self.booking is None or self.state not in ("booking", "traveller", "ticket"):
            return False
        parts = [part.strip() for part in (elements[2] if len(elements) > 2 else [])]
        parts += [""] * (8 - len(parts))
        phone = parts[7] or None
        address = Address(
            purpose=parts[0] or None,
            street=parts[1] or None,
            city=parts[2] or None,
            region=parts[3] or parts[4] or None,
            postal_code=parts[6] or None,
            country=self.country(parts[5], index),
            phone=phone,
        )
        self.booking.addresses.append(address)
        if phone:
            contact = contact_from_text(phone, "ADD") or Contact("phone", phone, None, "ADD")
            self.booking.contacts.append(contact)
        return True

    def on_ebd(self, elements: list[list[str]], index: int) -> bool:
        if self.booking is None:
            return False
        self.booking.excess_baggage.append(self.segments.text(index))
        return True

    def on_lts(self, elements: list[list[str]], index: int) -> bool:
        if self.booking is None:
            return False
        self.booking.free_text.append(self.segments.text(index))
        return True
