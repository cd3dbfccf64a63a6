"""PNRGOV traveller group: TIF opens it; FTI, REF, FAR and SSR (with DOCS/DOCO/DOCA) fill it.

TIF and SSR also appear in the itinerary group (the traveller a seat or request is
for) and in the history group; their meaning follows the open group.
"""

from __future__ import annotations

from paxscreen.edifact.model import (
    FrequentFlyer,
    SeatAssignment,
    SpecialRequest,
    SsrAddress,
    SsrDocument,
    SsrOtherDocument,
)
from paxscreen.edifact.pnr_drafts import TravellerDraft
from paxscreen.edifact.pnr_state import PnrState
from paxscreen.edifact.pnr_values import ddmonyy, split_title
from paxscreen.edifact.segments import component

__all__ = ["TravellerGroup"]

_EMPTY: list[str] = []


class TravellerGroup(PnrState):
    __slots__ = ()

    def on_tif(self, elements: list[list[str]], index: int) -> bool:
        booking = self.booking
        if booking is None:
            return False
        state = self.state
        if state == "itinerary" and self.itinerary is not None:
            # Element 2, component 2: the reference of the traveller the next segments are for.
            self.itinerary.traveller_reference = component(elements, 2, 2) or None
            return True
        if state == "history":
            return self.history_entry(elements, index)
        count = len(elements)
        # Element 2: given name, traveller type, reference, infant indicator.
        given = [*map(str.strip, elements[2]), "", "", "", ""] if count > 2 else ["", "", "", ""]
        name = [*map(str.strip, elements[1]), "", ""] if count > 1 else ["", ""]
        surname = name[0]
        given_names, title = split_title(given[0])
        # The type (A adult, C child, IN infant) is on the given name; the qualifier
        # after the surname says whether the name is an individual's (I) or a group's (G).
        traveller = TravellerDraft(
            surname,
            given_names,
            title,
            given[1] or None,
            name[1] or None,
            given[2] or None,
            given[3] == "1",
            self.segments.first_number + index,
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
            number = element[1].strip() if len(element) > 1 else ""
            if number:
                tiers = [part for part in map(str.strip, element[3:]) if part]
                self.traveller.frequent_flyer.append(
                    FrequentFlyer(element[0].strip() or None, number, tiers[-1] if tiers else None)
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
        state = self.state
        if state == "history":
            return self.history_entry(elements, index)
        first = elements[1] if len(elements) > 1 else _EMPTY
        code = first[0].strip() if first else ""
        if not code:
            return False  # a bare ``SSR'`` names no request: reported as not understood
        traveller = self.traveller
        if traveller is not None and state in ("traveller", "ticket"):
            # DOCS/DOCO/DOCA become documents and addresses: no SpecialRequest is built.
            texts = first[8:]
            text = ":".join(texts).strip() if texts else ""
            if text:
                if code == "DOCS":
                    traveller.documents.append(self.docs(text, index))
                    return True
                if code == "DOCO":
                    traveller.other_documents.append(self.doco(text, index))
                    return True
                if code == "DOCA":
                    traveller.addresses.append(self.doca(text, index))
                    return True
            traveller.special_requests.append(self.special_request(elements, index))
            return True
        request = self.special_request(elements, index)
        if state == "itinerary" and self.itinerary is not None:
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
        if state == "booking":
            self.booking.special_requests.append(request)
            return True
        return False

    def special_request(self, elements: list[list[str]], index: int) -> SpecialRequest:
        first = elements[1]
        parts = [*map(str.strip, first[:8]), "", "", "", "", "", "", "", ""]
        texts = first[8:]
        text = ":".join(texts).strip() if texts else ""
        reference = component(elements, 2, 2) or None
        # Positional (code, status, quantity, carrier, board, off, text, reference,
        # segment number): keywords would build a dict first.
        return SpecialRequest(
            parts[0],
            parts[1] or None,
            parts[2] or None,
            parts[3] or None,
            parts[6] or None,
            parts[7] or None,
            text or None,
            reference,
            self.segments.first_number + index,
        )

    @staticmethod
    def _fields(text: str, count: int) -> list[str]:
        body = text.strip()
        if body.startswith("/"):
            body = body[1:]
        values = [*map(str.strip, body.split("/"))]
        if len(values) < count:
            values += [""] * (count - len(values))
        return values

    def docs(self, text: str, index: int) -> SsrDocument:
        fields = self._fields(text, 10)
        born = fields[4]
        expires = fields[6]
        sex = fields[5].upper() or None
        birth = ddmonyy(born, self.pivot) if born else None
        expiry = ddmonyy(expires) if expires else None
        if born and birth is None:
            self.segments.report(
                index,
                "invalid-date",
                f"DOCS date of birth {born!r} is not a date",
                expected="DDMMMYY",
            )
        if expires and expiry is None:
            self.segments.report(
                index,
                "invalid-date",
                f"DOCS expiry date {expires!r} is not a date",
                expected="DDMMMYY",
            )
        # The country table answers known codes; country() reports the others.
        countries = self.countries
        issuing = countries.get(fields[1])
        if issuing is None:
            issuing = self.country(fields[1], index)
        nationality = countries.get(fields[3])
        if nationality is None:
            nationality = self.country(fields[3], index)
        return SsrDocument(
            fields[0] or None,
            issuing,
            fields[2] or None,
            nationality,
            birth,
            sex[0] if sex else None,
            bool(sex and sex.endswith("I") and len(sex) == 2),
            expiry,
            fields[7] or None,
            tuple(name for name in fields[8:] if name),
            self.segments.first_number + index,
        )

    def doco(self, text: str, index: int) -> SsrOtherDocument:
        fields = self._fields(text, 7)
        issued = ddmonyy(fields[4], self.pivot) if fields[4] else None
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
