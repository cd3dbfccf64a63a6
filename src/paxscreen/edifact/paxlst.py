"""PAXLST (API) message → :class:`~paxscreen.edifact.model.Manifest`.

One pass over the raw segments; the group a segment belongs to (header, flight
leg, traveller, travel document) is tracked by the last group-opening segment
(TDT, NAD, DOC), as the WCO/IATA PAXLST implementation guide nests them.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from paxscreen.edifact.codes import country_alpha3, country_table, parse_date, parse_datetime
from paxscreen.edifact.model import (
    Address,
    FlightLeg,
    Manifest,
    Party,
    Reference,
    TravelDocument,
    Traveller,
    TravellerKind,
)
from paxscreen.edifact.segments import MessageSegments
from paxscreen.edifact.tokenizer import split_elements

__all__ = ["read_manifest"]

_KINDS: dict[str, TravellerKind] = {
    "FL": "passenger",
    "FM": "crew",
    "DDT": "in-transit passenger",
    "DDU": "in-transit crew",
}
# Separators for a segment re-joined after release-escaped splitting: private-use
# characters, which carriers' character sets cannot contain.
_ELEMENT_JOINER = "\ue000"
_COMPONENT_JOINER = "\ue001"
# Segments that only exist inside a traveller (NAD) group.
_TRAVELLER_PARTS = frozenset({"ATT", "NAT", "DOC", "EMP", "GEI"})
_DOCUMENT_KINDS: dict[str, Literal["passengers", "crew", "other"]] = {
    "745": "passengers",
    "250": "crew",
    "336": "crew",
}


class _DocumentDraft:
    __slots__ = ("document_type", "expiry_date", "issue_date", "issuing_country", "number")

    def __init__(self, document_type: str, number: str | None) -> None:
        self.document_type = document_type
        self.number = number
        self.issuing_country: str | None = None
        self.expiry_date: dt.date | None = None
        self.issue_date: dt.date | None = None

    def build(self) -> TravelDocument:
        return TravelDocument(
            self.document_type, self.number, self.issuing_country, self.expiry_date, self.issue_date
        )


class _TravellerDraft:
    __slots__ = (
        "address",
        "birth_place",
        "date_of_birth",
        "debarkation_port",
        "documents",
        "embarkation_port",
        "given_names",
        "kind",
        "nationality",
        "other_locations",
        "pnr_locator",
        "references",
        "residence_country",
        "role",
        "seat",
        "segment_number",
        "sex",
        "surname",
    )

    def __init__(
        self,
        role: str,
        surname: str,
        given_names: tuple[str, ...],
        address: Address | None,
        segment_number: int,
    ) -> None:
        self.kind: TravellerKind = _KINDS.get(role, "other")
        self.role = role
        self.surname = surname
        self.given_names = given_names
        self.address = address
        self.segment_number = segment_number
        self.sex: str | None = None
        self.date_of_birth: dt.date | None = None
        self.nationality: str | None = None
        self.residence_country: str | None = None
        self.birth_place: str | None = None
        self.embarkation_port: str | None = None
        self.debarkation_port: str | None = None
        self.documents: list[_DocumentDraft] = []
        self.references: list[Reference] = []
        self.other_locations: list[Reference] = []
        self.pnr_locator: str | None = None
        self.seat: str | None = None

    def build(self) -> Traveller:
        # Positional arguments and shared empty tuples: this runs once per traveller.
        documents = self.documents
        return Traveller(
            self.kind,
            self.role,
            self.surname,
            self.given_names,
            self.sex,
            self.date_of_birth,
            self.nationality,
            self.residence_country,
            self.birth_place,
            self.embarkation_port,
            self.debarkation_port,
            tuple([document.build() for document in documents]) if documents else (),
            tuple(self.references),
            self.pnr_locator,
            self.seat,
            self.address,
            self.segment_number,
            tuple(self.other_locations) if self.other_locations else (),
        )


class _LegDraft:
    __slots__ = (
        "arrival_port",
        "arrival_time",
        "carrier",
        "departure_port",
        "departure_time",
        "flight_number",
        "pending_port",
        "segment_number",
    )

    def __init__(self, flight_number: str, carrier: str | None, segment_number: int) -> None:
        self.flight_number = flight_number
        self.carrier = carrier
        self.segment_number = segment_number
        self.departure_port: str | None = None
        self.arrival_port: str | None = None
        self.departure_time: dt.datetime | None = None
        self.arrival_time: dt.datetime | None = None
        self.pending_port: str | None = None

    def build(self) -> FlightLeg:
        if self.pending_port is not None:
            if self.departure_port is None:
                self.departure_port = self.pending_port
            elif self.arrival_port is None:
                self.arrival_port = self.pending_port
        return FlightLeg(
            carrier=self.carrier,
            flight_number=self.flight_number,
            departure_port=self.departure_port,
            departure_time=self.departure_time,
            arrival_port=self.arrival_port,
            arrival_time=self.arrival_time,
            segment_number=self.segment_number,
        )


def _get(elements: list[list[str]], element: int, index: int = 0) -> str:
    if element < len(elements):
        parts = elements[element]
        if index < len(parts):
            return parts[index].strip()
    return ""


def read_manifest(segments: MessageSegments) -> Manifest:
    """Map the segments of a PAXLST message; problems go to ``segments.issues``.

    Raises nothing: malformed values are recorded as issues and the field is left empty.
    """
    delimiters = segments.delimiters
    element_sep = delimiters.element
    component_sep = delimiters.component
    release = delimiters.release
    raw = segments.raw
    base = segments.first_number
    pivot = segments.pivot_year

    document_type = ""
    document_id: str | None = None
    party_name: str | None = None
    party_contacts: dict[str, str] = {}
    has_party = False
    references: list[Reference] = []
    legs: list[FlightLeg] = []
    travellers: list[Traveller] = []
    declared: int | None = None
    leg: _LegDraft | None = None
    traveller: _TravellerDraft | None = None
    document: _DocumentDraft | None = None
    in_party = False
    count_index = 0

    countries = country_table()

    def country(value: str, index: int) -> str | None:
        code, known = country_alpha3(value)
        if not known:
            segments.report(
                index,
                "unknown-country",
                f"country code {value!r} is not an ISO 3166-1 code; kept as sent",
                expected="ISO 3166-1 alpha-2 or alpha-3 code",
                severity="warning",
            )
        return code

    def invalid_date(index: int, what: str, value: str, expected: str) -> None:
        segments.report(index, "invalid-date", f"{what} {value!r} is not a date", expected=expected)

    last = len(raw) - 1 if raw and raw[-1][:3] == "UNT" else len(raw)
    # The hot loop: a manifest has a dozen segments per traveller. The frequent
    # segments are read with str.partition, which builds no lists; the others are
    # split into elements and components. A segment with release characters is
    # first split properly and re-joined with private-use separators that cannot
    # occur in the data, so the same code reads it.
    # One scan of the whole message says whether any segment needs the slow split.
    escaped = bool(release) and release in "".join(raw)
    esep = element_sep
    csep = component_sep
    for index, segment in enumerate(raw[1:last], 1):
        if not segment:
            continue  # removed by the data-protection filter
        text = segment
        if escaped:
            esep = element_sep
            csep = component_sep
        if escaped and release in text:
            text = _ELEMENT_JOINER.join(
                _COMPONENT_JOINER.join(element) for element in split_elements(text, delimiters)
            )
            esep = _ELEMENT_JOINER
            csep = _COMPONENT_JOINER
        tag, _, rest = text.partition(esep)
        if len(tag) != 3:
            tag = tag.strip()

        if tag == "LOC":
            qualifier, _, place = rest.partition(esep)
            if esep in place:
                place = place.partition(esep)[0]
            place_name = ""
            if csep in place:
                place_parts = place.split(csep)
                place = place_parts[0]
                place_name = place_parts[3].strip() if len(place_parts) > 3 else ""
            qualifier = qualifier.strip()
            place = place.strip()
            if traveller is not None:
                if qualifier == "178":
                    traveller.embarkation_port = place
                elif qualifier == "179":
                    traveller.debarkation_port = place
                elif qualifier == "174":
                    traveller.residence_country = countries.get(place) or country(place, index)
                elif qualifier == "91" and document is not None:
                    document.issuing_country = countries.get(place) or country(place, index)
                elif qualifier == "180":
                    traveller.birth_place = place or place_name or None
                else:
                    traveller.other_locations.append(Reference(qualifier, place or place_name))
            elif leg is not None:
                if qualifier == "125":
                    leg.departure_port = place
                elif qualifier == "87":
                    leg.arrival_port = place
                else:
                    if leg.pending_port is not None and leg.departure_port is None:
                        leg.departure_port = leg.pending_port
                    leg.pending_port = place
            else:
                segments.keep_unmapped(index)
        elif tag == "DTM":
            if esep in rest:
                rest = rest.partition(esep)[0]
            qualifier, _, value = rest.partition(csep)
            value, _, fmt = value.partition(csep)
            qualifier = qualifier.strip()
            value = value.strip()
            if traveller is not None:
                if qualifier == "329":
                    traveller.date_of_birth = parse_date(value, pivot)
                    if traveller.date_of_birth is None:
                        invalid_date(index, "date of birth", value, "YYMMDD or CCYYMMDD")
                elif document is not None and qualifier in ("36", "182"):
                    parsed = parse_date(value, 99 if qualifier == "36" else pivot)
                    if parsed is None:
                        invalid_date(index, "document date", value, "YYMMDD or CCYYMMDD")
                    elif qualifier == "36":
                        document.expiry_date = parsed
                    else:
                        document.issue_date = parsed
                else:
                    segments.keep_unmapped(index)
            elif leg is not None and qualifier in ("189", "232"):
                fmt = fmt.partition(csep)[0].strip()
                moment = parse_datetime(value, fmt=fmt or None)
                if moment is None:
                    invalid_date(
                        index, "date-time", value, "YYMMDDHHMM (201) or CCYYMMDDHHMM (203)"
                    )
                if qualifier == "189":
                    leg.departure_time = moment
                    if leg.pending_port is not None:
                        leg.departure_port, leg.pending_port = leg.pending_port, None
                else:
                    leg.arrival_time = moment
                    if leg.pending_port is not None:
                        leg.arrival_port, leg.pending_port = leg.pending_port, None
            else:
                segments.keep_unmapped(index)
        elif tag == "RFF":
            if esep in rest:
                rest = rest.partition(esep)[0]
            qualifier, _, value = rest.partition(csep)
            if csep in value:
                value = value.partition(csep)[0]
            qualifier = qualifier.strip()
            value = value.strip()
            if traveller is not None:
                if qualifier == "AVF":
                    traveller.pnr_locator = value
                elif qualifier == "SEA":
                    traveller.seat = value
                traveller.references.append(Reference(qualifier, value))
            else:
                references.append(Reference(qualifier, value))
        elif tag == "NAD":
            parts = rest.split(esep)
            count = len(parts)
            role = parts[0].partition(csep)[0].strip()
            name = parts[3].split(csep) if count > 3 else []
            if role == "MS":
                if traveller is not None:
                    travellers.append(traveller.build())
                    traveller = None
                document = None
                has_party = True
                in_party = True
                party_name = " ".join(part.strip() for part in name if part.strip()) or None
                continue
            in_party = False
            if traveller is not None:
                travellers.append(traveller.build())
            if leg is not None:
                legs.append(leg.build())
                leg = None
            document = None
            surname = name[0].strip() if name else ""
            given = tuple([part.strip() for part in name[1:] if part.strip()])
            address = None
            if count > 4:
                lines = [part.partition(csep)[0].strip() for part in parts[4:9]] + [""] * 5
                if any(lines):
                    address = Address(
                        purpose=None,
                        street=lines[0] or None,
                        city=lines[1] or None,
                        region=lines[2] or None,
                        postal_code=lines[3] or None,
                        country=country(lines[4], index),
                    )
            if not surname:
                segments.report(
                    index, "missing-name", "NAD has no surname", expected="NAD C080 family name"
                )
            traveller = _TravellerDraft(role, surname, given, address, base + index)
        elif tag == "ATT" and traveller is not None:
            parts = rest.split(esep)
            traveller.sex = (parts[2].partition(csep)[0].strip() if len(parts) > 2 else "") or None
        elif tag == "NAT" and traveller is not None:
            code = rest.partition(esep)[2].partition(esep)[0].partition(csep)[0].strip()
            traveller.nationality = countries.get(code) or country(code, index)
        elif tag == "DOC" and traveller is not None:
            code_part, _, number = rest.partition(esep)
            number = number.partition(esep)[0].partition(csep)[0].strip()
            document = _DocumentDraft(code_part.partition(csep)[0].strip(), number or None)
            traveller.documents.append(document)
        else:
            elements = (
                [[tag], *(part.split(csep) for part in rest.split(esep))] if rest else [[tag]]
            )
            if tag == "TDT":
                if leg is not None:
                    legs.append(leg.build())
                in_party = False
                leg = _LegDraft(_get(elements, 2), _get(elements, 5) or None, base + index)
            elif tag == "COM" and (in_party or traveller is None) and has_party:
                for element in elements[1:]:
                    number = element[0].strip()
                    qualifier = element[1].strip() if len(element) > 1 else ""
                    party_contacts.setdefault(qualifier, number)
            elif tag == "BGM":
                document_type = _get(elements, 1)
                document_id = _get(elements, 2) or None
            elif tag == "CNT":
                count_index = index
                value = _get(elements, 1, 1) or _get(elements, 2)
                if value.isdigit():
                    declared = int(value)
                else:
                    segments.report(
                        index,
                        "invalid-count",
                        f"CNT value {value!r} is not a number",
                        expected="CNT+42:<count>",
                    )
            else:
                segments.keep_unmapped(index)
                if tag in _TRAVELLER_PARTS and traveller is None:
                    segments.report(
                        index,
                        "misplaced-segment",
                        f"{tag} belongs to a traveller but no traveller NAD is open",
                        expected=f"NAD+FL or NAD+FM before {tag}",
                    )

    if traveller is not None:
        travellers.append(traveller.build())
    if leg is not None:
        legs.append(leg.build())
    if not document_type:
        segments.report(0, "missing-bgm", "PAXLST without BGM", expected="BGM after UNH")
    if declared is not None and declared != len(travellers):
        segments.control(
            count_index,
            "traveller-count",
            f"CNT declares {declared} travellers, the message lists {len(travellers)}",
            expected=f"CNT count {len(travellers)}",
        )
    party = (
        Party(
            name=party_name,
            phone=party_contacts.get("TE"),
            fax=party_contacts.get("FX"),
            email=party_contacts.get("EM"),
        )
        if has_party
        else None
    )
    return Manifest(
        document_type=document_type,
        document_kind=_DOCUMENT_KINDS.get(document_type, "other"),
        document_id=document_id,
        reporting_party=party,
        references=tuple(references),
        legs=tuple(legs),
        travellers=tuple(travellers),
        declared_traveller_count=declared,
    )
