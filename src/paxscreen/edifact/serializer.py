"""Manifest → PAXLST text, with any legal delimiters; segments → interchange text.

Used by the round-trip tests and the traffic generator; it writes what
:func:`~paxscreen.edifact.paxlst.read_manifest` reads, so
``parse(serialize_manifest(m))`` gives ``m`` back (segment numbers aside).
:func:`segment_text` and :func:`interchange_text` write back segments read by the
tokenizer (redaction and masking rewrite a carrier's message with them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from paxscreen.edifact.model import Manifest, Traveller
from paxscreen.edifact.tokenizer import DEFAULT_DELIMITERS, Delimiters

__all__ = [
    "interchange_text",
    "paxlst_interchange",
    "segment_text",
    "serialize_manifest",
    "traveller_segments",
]


class _Writer:
    __slots__ = ("component", "delimiters", "element", "segments")

    def __init__(self, delimiters: Delimiters) -> None:
        self.delimiters = delimiters
        self.component = delimiters.component
        self.element = delimiters.element
        self.segments: list[str] = []

    def add(self, tag: str, *elements: str | Sequence[str] | None) -> None:
        escape = self.delimiters.escape
        parts = [tag]
        for element in elements:
            if element is None:
                parts.append("")
            elif isinstance(element, str):
                parts.append(escape(element))
            else:
                parts.append(self.component.join(escape(value) for value in element))
        while len(parts) > 1 and parts[-1] == "":
            parts.pop()
        self.segments.append(self.element.join(parts))


def _date(value: dt.date) -> tuple[str, str, str]:
    return ("", value.strftime("%Y%m%d"), "102")


def _write_traveller(writer: _Writer, traveller: Traveller) -> None:
    address = traveller.address
    name = [traveller.surname, *traveller.given_names]
    if address is not None:
        writer.add(
            "NAD",
            traveller.role,
            None,
            None,
            name,
            address.street,
            address.city,
            address.region,
            address.postal_code,
            address.country,
        )
    else:
        writer.add("NAD", traveller.role, None, None, name)
    if traveller.sex:
        writer.add("ATT", "2", None, traveller.sex)
    if traveller.date_of_birth:
        qualifier, value, fmt = _date(traveller.date_of_birth)
        writer.add("DTM", ["329", value, fmt])
    for qualifier, place in (
        ("178", traveller.embarkation_port),
        ("179", traveller.debarkation_port),
        ("174", traveller.residence_country),
        ("180", traveller.birth_place),
    ):
        if place:
            writer.add("LOC", qualifier, place)
    for location in traveller.other_locations:
        writer.add("LOC", location.qualifier, location.value)
    if traveller.nationality:
        writer.add("NAT", "2", traveller.nationality)
    for reference in traveller.references:
        writer.add("RFF", [reference.qualifier, reference.value])
    for document in traveller.documents:
        writer.add("DOC", [document.document_type], document.number)
        if document.expiry_date:
            writer.add("DTM", ["36", _date(document.expiry_date)[1], "102"])
        if document.issue_date:
            writer.add("DTM", ["182", _date(document.issue_date)[1], "102"])
        if document.issuing_country:
            writer.add("LOC", "91", document.issuing_country)


def traveller_segments(
    traveller: Traveller, delimiters: Delimiters = DEFAULT_DELIMITERS
) -> list[str]:
    """The segments (without terminators) that describe one traveller."""
    writer = _Writer(delimiters)
    _write_traveller(writer, traveller)
    return writer.segments


def serialize_manifest(
    manifest: Manifest,
    *,
    delimiters: Delimiters = DEFAULT_DELIMITERS,
    message_reference: str = "1",
) -> list[str]:
    """The segments UNH..UNT of ``manifest`` (without terminators)."""
    writer = _Writer(delimiters)
    writer.add("UNH", message_reference, ["PAXLST", "D", "05B", "UN", "IATA"])
    writer.add("BGM", manifest.document_type, manifest.document_id)
    for reference in manifest.references:
        writer.add("RFF", [reference.qualifier, reference.value])
    party = manifest.reporting_party
    if party is not None:
        writer.add("NAD", "MS", None, None, [party.name or ""])
        contacts = [
            [value, qualifier]
            for value, qualifier in ((party.phone, "TE"), (party.fax, "FX"), (party.email, "EM"))
            if value
        ]
        if contacts:
            writer.add("COM", *contacts)
    for leg in manifest.legs:
        writer.add("TDT", "20", leg.flight_number, None, None, leg.carrier)
        if leg.departure_port:
            writer.add("LOC", "125", leg.departure_port)
        if leg.departure_time:
            writer.add("DTM", ["189", leg.departure_time.strftime("%Y%m%d%H%M"), "203"])
        if leg.arrival_port:
            writer.add("LOC", "87", leg.arrival_port)
        if leg.arrival_time:
            writer.add("DTM", ["232", leg.arrival_time.strftime("%Y%m%d%H%M"), "203"])
    for traveller in manifest.travellers:
        _write_traveller(writer, traveller)
    if manifest.declared_traveller_count is not None:
        qualifier = "41" if manifest.document_kind == "crew" else "42"
        writer.add("CNT", [qualifier, str(manifest.declared_traveller_count)])
    writer.add("UNT", str(len(writer.segments) + 1), message_reference)
    return writer.segments


def paxlst_interchange(
    manifests: Sequence[Manifest],
    *,
    delimiters: Delimiters = DEFAULT_DELIMITERS,
    sender: str = "CARRIER",
    recipient: str = "PIU",
    prepared: dt.datetime | None = None,
    control_reference: str = "1",
    una: bool = True,
    line_break: str = "\n",
) -> str:
    """A whole interchange (UNA, UNB, the messages, UNZ) as text.

    ``line_break`` is written after each terminator ("" for one long line).
    """
    moment = prepared or dt.datetime(2000, 1, 1)  # noqa: DTZ001 - EDIFACT times carry no zone
    writer = _Writer(delimiters)
    writer.add(
        "UNB",
        ["UNOC", "4"],
        [sender, "ZZ"],
        [recipient, "ZZ"],
        [moment.strftime("%y%m%d"), moment.strftime("%H%M")],
        control_reference,
        None,
        "APIS",
    )
    segments = writer.segments
    for number, manifest in enumerate(manifests, 1):
        segments.extend(
            serialize_manifest(manifest, delimiters=delimiters, message_reference=str(number))
        )
    writer.add("UNZ", str(len(manifests)), control_reference)
    terminator = delimiters.segment + line_break
    head = delimiters.service_string_advice + line_break if una else ""
    return head + terminator.join(segments) + terminator


def segment_text(
    tag: str, elements: Sequence[Sequence[str]], delimiters: Delimiters = DEFAULT_DELIMITERS
) -> str:
    """One segment (without terminator): ``elements[i][j]`` is component ``j`` of element
    ``i`` after the tag, unescaped; service characters in the values are escaped."""
    writer = _Writer(delimiters)
    writer.add(tag, *elements)
    return writer.segments[0]


def interchange_text(
    sections: Iterable[tuple[Delimiters, bool, Sequence[str]]], *, line_break: str = "\n"
) -> str:
    """Raw segments back to text: ``sections`` are (delimiters, with a UNA, segments).

    The segments are as the tokenizer gives them (escaped, without terminator). The UNA
    written declares the delimiters the segments were read with. ``line_break`` follows
    each terminator, except where the terminator is itself a line break.
    """
    parts: list[str] = []
    for delimiters, una, segments in sections:
        after = "" if delimiters.segment in "\r\n" else line_break
        if una:
            parts.append(delimiters.service_string_advice + after)
        terminator = delimiters.segment + after
        parts.extend(segment + terminator for segment in segments)
    return "".join(parts)
