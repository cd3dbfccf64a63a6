"""PNRGOV (PNR push) message → :class:`~paxscreen.edifact.model.PnrPush`.

The message is a header (MSG, ORG, TVL, EQN) followed by one group per booking
opened by SRC. Inside a booking the current group is tracked by the last
group-opening segment: TIF (traveller), TKT (ticket of that traveller), TVL
(itinerary segment), ABI (history), EQN (split-off bookings follow).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from functools import cache
from importlib import resources

from paxscreen.edifact.codes import (
    country_alpha3,
    parse_amount,
    parse_datetime,
    parse_ddmonyy,
)
from paxscreen.edifact.model import (
    Address,
    Agency,
    Amount,
    Baggage,
    BagTag,
    Contact,
    FlightLeg,
    FrequentFlyer,
    HistoryEntry,
    Payment,
    PnrPush,
    RecordLocator,
    SeatAssignment,
    SpecialRequest,
    SsrAddress,
    SsrDocument,
    SsrOtherDocument,
)
from paxscreen.edifact.pnr_drafts import BookingDraft, SegmentDraft, TicketDraft, TravellerDraft
from paxscreen.edifact.segments import MessageSegments, component

__all__ = ["contact_from_text", "read_pnr_push", "split_title"]

# Segments that only exist inside a traveller (TIF) group of a booking.
_TRAVELLER_PARTS = frozenset({"FTI", "REF", "FAR", "TKT", "MON", "PTK", "TXD", "FOP"})

# Segments that keep their own meaning inside a history (ABI) group.
_HISTORY_CONTROL = frozenset({"ABI", "DAT", "SAC", "SRC", "LTS"})


@cache
def _titles() -> tuple[str, ...]:
    data = json.loads(
        resources.files("paxscreen.edifact").joinpath("data/name_titles.json").read_text()
    )
    titles: list[str] = data["titles"]
    return tuple(titles)


def split_title(given: str) -> tuple[tuple[str, ...], str | None]:
    """``"JOHNMR"`` → ``(("JOHN",), "MR")``; ``"KONG CHUN MRS"`` → ``(("KONG", "CHUN"), "MRS")``."""
    words = given.split()
    if not words:
        return (), None
    last = words[-1]
    for title in _titles():
        if last == title and len(words) > 1:
            return tuple(words[:-1]), title
        if last.endswith(title) and len(last) - len(title) >= 2:
            return (*words[:-1], last[: -len(title)]), title
    return tuple(words), None


_PHONE_PREFIXES = ("CTCR", "CTCH", "CTCB", "CTCM", "CTCP", "CTCT", "CTCA", "CTCF", "CTC M", "CTC")


def _decode_email(text: str) -> str:
    # IATA free-text encoding of e-mail addresses: // is @, .. is _, ./ is -.
    return text.replace("//", "@").replace("..", "_").replace("./", "-")


def contact_from_text(text: str, source: str) -> Contact | None:
    """A phone or e-mail contact from an OSI/free text such as ``CTCE JOHN..DOE//MAIL.COM``."""
    body = text.strip()
    upper = body.upper()
    for prefix in ("CTCE", "CTC E"):
        if upper.startswith(prefix):
            value = body[len(prefix) :].strip()
            return Contact("email", _decode_email(value), prefix.replace(" ", ""), source)
    for prefix in _PHONE_PREFIXES:
        if upper.startswith(prefix):
            value = body[len(prefix) :].strip()
            if not value:
                return None
            return Contact("phone", value, prefix.replace(" ", ""), source)
    return None


def _locators(elements: list[list[str]]) -> list[RecordLocator]:
    found = []
    for element in elements[1:]:
        parts = [part.strip() for part in element] + ["", "", "", "", ""]
        if not parts[1]:
            continue
        if len(parts[2]) == 6 and parts[2].isdigit():
            created = parse_datetime(parts[2], parts[3] or "0000")
        else:
            created = parse_datetime(parts[3], parts[4] or "0000") if parts[3] else None
        found.append(RecordLocator(parts[0] or None, parts[1], created))
    return found


def _agency(elements: list[list[str]], country: str | None) -> Agency:
    return Agency(
        system=component(elements, 1, 0) or None,
        location=component(elements, 1, 1) or None,
        iata_number=component(elements, 2, 0) or None,
        agent=component(elements, 2, 1) or None,
        city=component(elements, 3, 0) or None,
        originator_type=component(elements, 5, 0) or None,
        country=country,
        currency=component(elements, 6, 1) or None,
        agent_id=component(elements, 7, 0) or None,
    )


def _travel(elements: list[list[str]], index: int, segments: MessageSegments) -> SegmentDraft:
    departure = parse_datetime(component(elements, 1, 0), component(elements, 1, 1) or "0000")
    arrival_date = component(elements, 1, 2) or component(elements, 1, 0)
    arrival_time = component(elements, 1, 3)
    arrival = parse_datetime(arrival_date, arrival_time) if arrival_time else None
    if component(elements, 1, 0) and departure is None:
        segments.report(
            index,
            "invalid-date",
            f"TVL departure {component(elements, 1, 0)!r} is not a DDMMYY date",
            expected="DDMMYY:HHMM",
        )
    marketing = component(elements, 4, 0) or None
    return SegmentDraft(
        departure_time=departure,
        arrival_time=arrival,
        departure_port=component(elements, 2, 0) or None,
        arrival_port=component(elements, 3, 0) or None,
        marketing_carrier=marketing,
        operating_carrier=component(elements, 4, 1) or marketing,
        flight_number=component(elements, 5, 0) or None,
        booking_class=component(elements, 5, 1) or None,
        segment_number=segments.first_number + index,
    )


class _PnrReader:
    """Walks one PNRGOV message; see the module docstring for the grouping."""

    def __init__(self, segments: MessageSegments) -> None:
        self.segments = segments
        self.pivot = segments.pivot_year
        self.decimal = segments.delimiters.decimal
        self.message_function: str | None = None
        self.originator: Agency | None = None
        self.flight: FlightLeg | None = None
        self.declared: int | None = None
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

    def read(self) -> PnrPush:
        segments = self.segments
        raw = segments.raw
        last = len(raw) - 1 if raw and raw[-1][:3] == "UNT" else len(raw)
        for index in range(1, last):
            if not raw[index]:
                continue  # removed by the data-protection filter
            elements = segments.elements(index)
            tag = elements[0][0].strip()
            if self.state == "history" and tag not in _HISTORY_CONTROL:
                self.history_entry(elements, index)
                continue
            handler = _HANDLERS.get(tag)
            if handler is None or handler(self, elements, index) is False:
                segments.keep_unmapped(index)
                if tag in _TRAVELLER_PARTS and self.traveller is None and self.booking is not None:
                    self.misplaced(index, tag)
        if self.booking is not None:
            self.bookings.append(self.booking)
        if self.declared is not None and self.declared != len(self.bookings):
            segments.control(
                self._eqn_index,
                "booking-count",
                f"EQN declares {self.declared} bookings, the message holds {len(self.bookings)}",
                expected=f"EQN count {len(self.bookings)}",
            )
        return PnrPush(
            message_function=self.message_function,
            originator=self.originator,
            flight=self.flight,
            declared_booking_count=self.declared,
            bookings=tuple(booking.build() for booking in self.bookings),
        )

    _eqn_index = 0

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
                self._eqn_index = index
                return True
            return False
        if self.booking is not None:
            self.state = "split"
            return True
        return False

    def on_org(self, elements: list[list[str]], index: int) -> bool:
        agency = _agency(elements, self.country(component(elements, 6, 0), index))
        if self.state == "header":
            self.originator = agency
            return True
        if self.booking is not None and self.state in ("booking", "traveller", "ticket"):
            self.booking.agency = agency
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
        locators = _locators(elements)
        if not locators:
            self.segments.report(
                index,
                "missing-locator",
                "RCI without a record locator",
                expected="RCI+<carrier>:<locator>",
            )
            return False
        if booking.record_locator is None and self.state == "booking":
            first = locators[0]
            booking.record_locator = first.locator
            booking.carrier = first.carrier
            booking.created = first.created
            booking.other_locators.extend(locators[1:])
        elif self.state == "split":
            booking.related_locators.extend(locators)
        elif self.state == "itinerary" and self.itinerary is not None:
            self.itinerary.record_locators.extend(locators)
        else:
            booking.other_locators.extend(locators)
        return True

    def on_dat(self, elements: list[list[str]], index: int) -> bool:
        if self.state == "ticket" and self.ticket is not None:
            for element in elements[1:]:
                if element[0].strip() == "710" and len(element) > 1:
                    moment = parse_datetime(element[1], "0000")
                    self.ticket.issue_date = moment.date() if moment else None
            return True
        if self.state == "history":
            for element in elements[1:]:
                if len(element) > 1:
                    self.history_time = parse_datetime(
                        element[1], element[2] if len(element) > 2 else "0000"
                    )
            return True
        if self.state == "booking" and self.booking is not None:
            mapped = False
            for element in elements[1:]:
                qualifier = element[0].strip()
                if qualifier == "700" and len(element) > 1:
                    self.booking.last_modified = parse_datetime(
                        element[1], element[2] if len(element) > 2 else "0000"
                    )
                    mapped = True
            return mapped
        return False

    def on_ift(self, elements: list[list[str]], index: int) -> bool:
        texts = [
            ":".join(part for part in element).strip()
            for element in elements[2:]
            if any(part.strip() for part in element)
        ]
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

    # Travellers ---------------------------------------------------------------------------

    def on_tif(self, elements: list[list[str]], index: int) -> bool:
        booking = self.booking
        if booking is None:
            return False
        if self.state == "itinerary" and self.itinerary is not None:
            self.itinerary.traveller_reference = component(elements, 2, 2) or None
            return True
        if self.state == "history":
            return self.history_entry(elements, index)
        surname = component(elements, 1, 0)
        given, title = split_title(component(elements, 2, 0))
        # The type (A adult, C child, IN infant) is on the given name; the qualifier
        # after the surname says whether the name is an individual's (I) or a group's (G).
        traveller_type = component(elements, 2, 1) or None
        traveller = TravellerDraft(
            surname=surname,
            given_names=given,
            title=title,
            traveller_type=traveller_type,
            name_type=component(elements, 1, 1) or None,
            reference=component(elements, 2, 2) or None,
            accompanied_by_infant=component(elements, 2, 3) == "1",
            segment_number=self.segments.first_number + index,
        )
        if not surname:
            self.segments.report(
                index, "missing-name", "TIF without surname", expected="TIF+<surname>"
            )
        booking.travellers.append(traveller)
        self.traveller = traveller
        self.ticket = None
        self.state = "traveller"
        return True

    def on_fti(self, elements: list[list[str]], index: int) -> bool:
        if self.traveller is None or self.state not in ("traveller", "ticket"):
            return False
        for element in elements[1:]:
            parts = [part.strip() for part in element]
            if len(parts) > 1 and parts[1]:
                tiers = [part for part in parts[3:] if part]
                self.traveller.frequent_flyer.append(
                    FrequentFlyer(parts[0] or None, parts[1], tiers[-1] if tiers else None)
                )
        return True

    def on_ref(self, elements: list[list[str]], index: int) -> bool:
        if self.traveller is None or self.state not in ("traveller", "ticket"):
            return False
        self.traveller.unique_reference = component(elements, 1, 1) or component(elements, 1, 0)
        return True

    def on_far(self, elements: list[list[str]], index: int) -> bool:
        if self.traveller is None or self.state not in ("traveller", "ticket"):
            return False
        self.traveller.fare_type = component(elements, 1, 0) or None
        return True

    def on_ssr(self, elements: list[list[str]], index: int) -> bool:
        if self.booking is None:
            return False
        if self.state == "history":
            return self.history_entry(elements, index)
        if not component(elements, 1, 0):
            return False  # a bare ``SSR'`` names no request: reported as not understood
        request = self.special_request(elements, index)
        if self.state == "itinerary" and self.itinerary is not None:
            self.itinerary.special_requests.append(request)
            if request.code in ("SEAT", "RQST", "NSST"):
                for element in elements[2:]:
                    seat = element[0].strip()
                    if seat:
                        reference = element[2].strip() if len(element) > 2 else None
                        self.itinerary.seats.append(
                            SeatAssignment(seat, reference or None, f"SSR {request.code}")
                        )
            return True
        if self.traveller is not None and self.state in ("traveller", "ticket"):
            traveller = self.traveller
            if request.code == "DOCS" and request.text:
                traveller.documents.append(self.docs(request.text, index))
            elif request.code == "DOCO" and request.text:
                traveller.other_documents.append(self.doco(request.text, index))
            elif request.code == "DOCA" and request.text:
                traveller.addresses.append(self.doca(request.text, index))
            else:
                traveller.special_requests.append(request)
            return True
        if self.state == "booking":
            self.booking.special_requests.append(request)
            return True
        return False

    def special_request(self, elements: list[list[str]], index: int) -> SpecialRequest:
        parts = [part.strip() for part in elements[1]] + [""] * 9
        texts = list(elements[1][8:])
        text = ":".join(texts).strip() if texts else ""
        reference = component(elements, 2, 2) or None
        return SpecialRequest(
            code=parts[0],
            status=parts[1] or None,
            quantity=parts[2] or None,
            carrier=parts[3] or None,
            board_port=parts[6] or None,
            off_port=parts[7] or None,
            text=text or None,
            traveller_reference=reference,
            segment_number=self.segments.first_number + index,
        )

    @staticmethod
    def _fields(text: str, count: int) -> list[str]:
        body = text.strip()
        if body.startswith("/"):
            body = body[1:]
        values = [value.strip() for value in body.split("/")]
        return values + [""] * (count - len(values))

    def docs(self, text: str, index: int) -> SsrDocument:
        fields = self._fields(text, 10)
        sex = fields[5].upper() or None
        birth = parse_ddmonyy(fields[4], self.pivot) if fields[4] else None
        expiry = parse_ddmonyy(fields[6]) if fields[6] else None
        if fields[4] and birth is None:
            self.segments.report(
                index,
                "invalid-date",
                f"DOCS date of birth {fields[4]!r} is not a date",
                expected="DDMMMYY",
            )
        if fields[6] and expiry is None:
            self.segments.report(
                index,
                "invalid-date",
                f"DOCS expiry date {fields[6]!r} is not a date",
                expected="DDMMMYY",
            )
        return SsrDocument(
            document_type=fields[0] or None,
            issuing_country=self.country(fields[1], index),
            number=fields[2] or None,
            nationality=self.country(fields[3], index),
            date_of_birth=birth,
            sex=sex[0] if sex else None,
            infant=bool(sex and sex.endswith("I") and len(sex) == 2),
            expiry_date=expiry,
            surname=fields[7] or None,
            given_names=tuple(name for name in fields[8:] if name),
            segment_number=self.segments.first_number + index,
        )

    def doco(self, text: str, index: int) -> SsrOtherDocument:
        fields = self._fields(text, 7)
        issued = parse_ddmonyy(fields[4], self.pivot) if fields[4] else None
        return SsrOtherDocument(
            birth_place=fields[0] or None,
            document_type=fields[1] or None,
            number=fields[2] or None,
            issue_place=fields[3] or None,
            issue_date=issued,
            applicable_country=self.country(fields[5], index),
            infant=fields[6].upper() == "I",
            segment_number=self.segments.first_number + index,
        )

    def doca(self, text: str, index: int) -> SsrAddress:
        fields = self._fields(text, 7)
        return SsrAddress(
            address_type=fields[0] or None,
            country=self.country(fields[1], index),
            street=fields[2] or None,
            city=fields[3] or None,
            region=fields[4] or None,
            postal_code=fields[5] or None,
            infant=fields[6].upper() == "I",
            segment_number=self.segments.first_number + index,
        )

    # Tickets ------------------------------------------------------------------------------

    def on_tkt(self, elements: list[list[str]], index: int) -> bool:
        if self.traveller is None or self.state not in ("traveller", "ticket"):
            return False
        ticket = TicketDraft(
            number=component(elements, 1, 0),
            document_type=component(elements, 1, 1) or None,
            coupons=component(elements, 1, 2) or None,
            segment_number=self.segments.first_number + index,
        )
        self.traveller.tickets.append(ticket)
        self.ticket = ticket
        self.state = "ticket"
        return True

    def _amounts(self, elements: list[list[str]], start: int) -> list[Amount]:
        amounts = []
        for element in elements[start:]:
            parts = [part.strip() for part in element] + ["", "", ""]
            if parts[1]:
                amounts.append(
                    Amount(parts[0] or None, parse_amount(parts[1], self.decimal), parts[2] or None)
                )
        return amounts

    def on_mon(self, elements: list[list[str]], index: int) -> bool:
        if self.ticket is None or self.state != "ticket":
            return False
        self.ticket.amounts.extend(self._amounts(elements, 1))
        return True

    def on_ptk(self, elements: list[list[str]], index: int) -> bool:
        if self.ticket is None or self.state != "ticket":
            return False
        issued = parse_datetime(component(elements, 3, 0), "0000")
        if issued is not None and self.ticket.issue_date is None:
            self.ticket.issue_date = issued.date()
        self.ticket.issuing_carrier = component(elements, 4, 0) or None
        self.ticket.issuing_city = component(elements, 6, 0) or None
        return True

    def on_txd(self, elements: list[list[str]], index: int) -> bool:
        if self.ticket is None or self.state != "ticket":
            return False
        for element in elements[2:]:
            parts = [part.strip() for part in element] + ["", "", "", ""]
            if parts[0]:
                self.ticket.taxes.append(
                    Amount(parts[3] or None, parse_amount(parts[0], self.decimal), None)
                )
        return True

    def on_fop(self, elements: list[list[str]], index: int) -> bool:
        if self.ticket is None or self.state != "ticket":
            return False
        for element in elements[1:]:
            parts = [part.strip() for part in element] + [""] * 6
            if parts[0]:
                self.ticket.payments.append(
                    Payment(
                        payment_type=parts[0],
                        amount=parse_amount(parts[2], self.decimal),
                        vendor=parts[3] or None,
                        account=parts[4] or None,
                        expiry=parts[5] or None,
                    )
                )
        return True

    # Itinerary ----------------------------------------------------------------------------

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
        if self.itinerary is None or self.state != "itinerary":
            return False
        sequence = component(elements, 2, 0)
        reference = component(elements, 2, 3)
        self.itinerary.traveller_reference = reference or None
        self.itinerary.checked_in.append(f"{reference}:{sequence}" if reference else sequence)
        return True

    def on_ssd(self, elements: list[list[str]], index: int) -> bool:
        if self.itinerary is None or self.state != "itinerary":
            return False
        seat = component(elements, 1, 0)
        if seat:
            self.itinerary.seats.append(
                SeatAssignment(seat, self.itinerary.traveller_reference, "SSD")
            )
        return True

    def on_tbd(self, elements: list[list[str]], index: int) -> bool:
        if self.itinerary is None or self.state != "itinerary":
            return False
        count = component(elements, 2, 0)
        tags = []
        for element in elements[5:]:
            parts = [part.strip() for part in element] + ["", "", "", ""]
            if parts[1]:
                tags.append(
                    BagTag(
                        carrier=parts[0] or None,
                        number=parts[1],
                        count=int(parts[2]) if parts[2].isdigit() else None,
                        destination=parts[3] or None,
                    )
                )
        self.itinerary.baggage.append(
            Baggage(
                traveller_reference=self.itinerary.traveller_reference,
                bag_count=int(count) if count.isdigit() else None,
                weight=parse_amount(component(elements, 2, 1), self.decimal),
                weight_unit=component(elements, 2, 2) or None,
                tags=tuple(tags),
                segment_number=self.segments.first_number + index,
            )
        )
        return True

    # History ------------------------------------------------------------------------------

    def on_abi(self, elements: list[list[str]], index: int) -> bool:
        if self.booking is None:
            return False
        self.state = "history"
        self.history_actor = component(elements, 2, 1) or component(elements, 2, 0) or None
        self.history_office = component(elements, 3, 0) or None
        self.history_time = None
        self.history_action = None
        self.itinerary = None
        self.traveller = None
        return True

    def on_sac(self, elements: list[list[str]], index: int) -> bool:
        if self.state != "history":
            return False
        self.history_action = component(elements, 3, 0) or None
        return True

    def history_entry(self, elements: list[list[str]], index: int) -> bool:
        booking = self.booking
        if booking is None:
            return False
        booking.history.append(
            HistoryEntry(
                actor=self.history_actor,
                office=self.history_office,
                changed_at=self.history_time,
                action=self.history_action,
                tag=elements[0][0].strip(),
                text=self.segments.text(index),
                segment_number=self.segments.first_number + index,
            )
        )
        return True


# Segment tag → the reader method that maps it (``on_tif`` for TIF …).
_HANDLERS: dict[str, Callable[[_PnrReader, list[list[str]], int], bool]] = {
    name[3:].upper(): method
    for name, method in vars(_PnrReader).items()
    if name.startswith("on_") and callable(method)
}


def read_pnr_push(segments: MessageSegments) -> PnrPush:
    """Map the segments of a PNRGOV message; problems go to ``segments.issues``.

    Raises nothing: malformed values are recorded as issues and the field is left empty.
    """
    return _PnrReader(segments).read()
