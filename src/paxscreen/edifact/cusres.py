"""CUSRES: the authority's answer to an interactive PAXLST (iAPI), built and parsed.

One CUSRES message answers one PAXLST message, traveller by traveller, with a directive
code in ERC (the code table is :data:`DIRECTIVES`; ARCHITECTURE.md gives its source).
The layout follows the WCO/IATA/ICAO CUSRES implementation guide for interactive API
(UN/EDIFACT D.05B, IATA controlling agency)::

    UNH+1+CUSRES:D:05B:UN:IATA'
    BGM+962++9'                       9 original answer, 5 replaces an earlier one
    RFF+TN:<UNB 0020>:<UNH 0062>'     the PAXLST answered: interchange and message reference
    RFF+AF:<flight>'  DTM+189:...:203'  LOC+125+<origin>'  LOC+87+<destination>'
    ERP+1'  ERC+8Z'  FTX+AAO+++<error>'         the message as a whole could not be read
    ERP+2:<n>'                        traveller n (1-based, in the PAXLST's order)
    RFF+ABO:<carrier's passenger reference>'    echoed when the PAXLST gave one
    RFF+ACD:<authority's reference>'  opaque, per check-in: never a case number
    ERC+0Z'  FTX+AAO+++<error>'       the directive, and each data error (where: why)
    UNT+n+1'

Pure: no Django. :func:`cusres_interchange` writes an interchange, :func:`parse_cusres`
reads one back (``parse_cusres(cusres_interchange(x)) == x``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from paxscreen.edifact.serializer import segment_text
from paxscreen.edifact.tokenizer import DEFAULT_DELIMITERS, Delimiters, iter_segments

__all__ = [
    "CONTACT_AUTHORITY",
    "DATA_ERROR",
    "DIRECTIVES",
    "DO_NOT_BOARD",
    "OK_TO_BOARD",
    "CusresError",
    "CusresInterchange",
    "Response",
    "TravellerResponse",
    "cusres_interchange",
    "parse_cusres",
]

# ERC directive codes (UN/EDIFACT 9321, values assigned for iAPI by the guide).
OK_TO_BOARD = "0Z"
DO_NOT_BOARD = "1Z"  # only ever from an analyst's decision, never from matching alone
CONTACT_AUTHORITY = "2Z"
DATA_ERROR = "8Z"  # insufficient or erroneous data: correct and send again
DIRECTIVES = {
    OK_TO_BOARD: "OK to board",
    DO_NOT_BOARD: "Do not board",
    CONTACT_AUTHORITY: "Contact the authority",
    DATA_ERROR: "Insufficient or erroneous data",
}
ORIGINAL = "9"
REPLACEMENT = "5"
_TEXT_LIMIT = 512  # FTX 4440 is an..512


@dataclass(frozen=True, slots=True)
class TravellerResponse:
    """The directive for one traveller of the PAXLST answered."""

    position: int  # 1-based, in the order of the PAXLST
    directive: str
    reference: str | None = None  # the authority's carrier-visible reference (RFF+ACD)
    carrier_reference: str | None = None  # the carrier's own (RFF+ABO), echoed
    errors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Response:
    """One CUSRES message: the answer to one PAXLST message."""

    message_reference: str
    answers_interchange: str  # UNB 0020 of the PAXLST
    answers_message: str  # UNH 0062 of the PAXLST
    function: str = ORIGINAL
    flight: str | None = None  # carrier code and number, e.g. ZZ506
    departure: dt.datetime | None = None
    origin: str | None = None
    destination: str | None = None
    errors: tuple[str, ...] = ()  # the message as a whole (then no traveller is answered)
    travellers: tuple[TravellerResponse, ...] = ()


@dataclass(frozen=True, slots=True)
class CusresInterchange:
    sender: str
    recipient: str
    control_reference: str
    prepared: dt.datetime
    responses: tuple[Response, ...] = field(default_factory=tuple)


def _text(value: str) -> str:
    # One line of at most 512 characters: FTX carries no line breaks.
    return " ".join(value.split())[:_TEXT_LIMIT]


def _segments(response: Response, delimiters: Delimiters) -> list[str]:
    out: list[str] = []

    def add(tag: str, *elements: Sequence[str]) -> None:
        out.append(segment_text(tag, elements, delimiters))

    ref = response.message_reference
    add("UNH", [ref], ["CUSRES", "D", "05B", "UN", "IATA"])
    add("BGM", ["962"], [""], [response.function])
    add("RFF", ["TN", response.answers_interchange, response.answers_message])
    if response.flight:
        add("RFF", ["AF", response.flight])
    if response.departure is not None:
        add("DTM", ["189", response.departure.strftime("%Y%m%d%H%M"), "203"])
    if response.origin:
        add("LOC", ["125"], [response.origin])
    if response.destination:
        add("LOC", ["87"], [response.destination])
    if response.errors:
        add("ERP", ["1"])
        add("ERC", [DATA_ERROR])
        for error in response.errors:
            add("FTX", ["AAO"], [""], [""], [_text(error)])
    for traveller in response.travellers:
        add("ERP", ["2", str(traveller.position)])
        if traveller.carrier_reference:
            add("RFF", ["ABO", traveller.carrier_reference])
        if traveller.reference:
            add("RFF", ["ACD", traveller.reference])
        add("ERC", [traveller.directive])
        for error in traveller.errors:
            add("FTX", ["AAO"], [""], [""], [_text(error)])
    add("UNT", [str(len(out) + 1)], [ref])
    return out


def cusres_interchange(
    interchange: CusresInterchange,
    *,
    delimiters: Delimiters = DEFAULT_DELIMITERS,
    line_break: str = "\n",
) -> str:
    """The whole interchange (UNA, UNB, one CUSRES per response, UNZ) as text."""
    moment = interchange.prepared
    segments = [
        segment_text(
            "UNB",
            [
                ["UNOC", "4"],
                [interchange.sender, "ZZ"],
                [interchange.recipient, "ZZ"],
                [moment.strftime("%y%m%d"), moment.strftime("%H%M")],
                [interchange.control_reference],
            ],
            delimiters,
        )
    ]
    for response in interchange.responses:
        segments.extend(_segments(response, delimiters))
    segments.append(
        segment_text(
            "UNZ",
            [[str(len(interchange.responses))], [interchange.control_reference]],
            delimiters,
        )
    )
    terminator = delimiters.segment + line_break
    return delimiters.service_string_advice + line_break + terminator.join(segments) + terminator


class CusresError(ValueError):
    """The text is not a CUSRES interchange this module can read."""


def _value(elements: list[list[str]], element: int, component: int = 0) -> str:
    try:
        return elements[element][component]
    except IndexError:
        return ""


def parse_cusres(text: str) -> CusresInterchange:
    """Read a CUSRES interchange; raises :class:`CusresError` when it is not one."""
    header: dict[str, str] = {}
    prepared = dt.datetime(2000, 1, 1)  # noqa: DTZ001 - EDIFACT times carry no zone
    responses: list[Response] = []
    current: dict[str, object] | None = None
    travellers: list[TravellerResponse] = []
    traveller: dict[str, object] | None = None
    errors: list[str] = []

    def close_traveller() -> None:
        nonlocal traveller
        if traveller is not None:
            travellers.append(
                TravellerResponse(
                    position=int(str(traveller["position"])),
                    directive=str(traveller.get("directive", "")),
                    reference=traveller.get("reference"),  # type: ignore[arg-type]
                    carrier_reference=traveller.get("carrier_reference"),  # type: ignore[arg-type]
                    errors=tuple(traveller.get("errors", ())),  # type: ignore[arg-type]
                )
            )
        traveller = None

    for segment in iter_segments(text):
        tag, elements = segment.tag, segment.elements
        if tag == "UNB":
            header = {
                "sender": _value(elements, 1),
                "recipient": _value(elements, 2),
                "control_reference": _value(elements, 4),
            }
            stamp = _value(elements, 3) + _value(elements, 3, 1)
            with contextlib.suppress(ValueError):  # a bad stamp leaves the default
                prepared = dt.datetime.strptime(stamp, "%y%m%d%H%M")  # noqa: DTZ007
        elif tag == "UNH":
            if _value(elements, 1) != "CUSRES":
                raise CusresError(f"Message {_value(elements, 1)!r} is not a CUSRES.")
            current = {"message_reference": _value(elements, 0)}
            travellers, errors, traveller = [], [], None
        elif current is None:
            continue
        elif tag == "BGM":
            current["function"] = _value(elements, 2) or ORIGINAL
        elif tag == "RFF" and traveller is None:
            qualifier = _value(elements, 0)
            if qualifier == "TN":
                current["answers_interchange"] = _value(elements, 0, 1)
                current["answers_message"] = _value(elements, 0, 2)
            elif qualifier == "AF":
                current["flight"] = _value(elements, 0, 1)
        elif tag == "RFF" and traveller is not None:
            qualifier = _value(elements, 0)
            if qualifier == "ABO":
                traveller["carrier_reference"] = _value(elements, 0, 1)
            elif qualifier == "ACD":
                traveller["reference"] = _value(elements, 0, 1)
        elif tag == "DTM" and _value(elements, 0) == "189":
            current["departure"] = dt.datetime.strptime(  # noqa: DTZ007
                _value(elements, 0, 1), "%Y%m%d%H%M"
            )
        elif tag == "LOC":
            where = {"125": "origin", "87": "destination"}.get(_value(elements, 0))
            if where:
                current[where] = _value(elements, 1)
        elif tag == "ERP":
            close_traveller()
            if _value(elements, 0) == "2":
                traveller = {"position": _value(elements, 0, 1) or "0", "errors": []}
        elif tag == "ERC" and traveller is not None:
            traveller["directive"] = _value(elements, 0)
        elif tag == "FTX" and _value(elements, 0) == "AAO":
            message = _value(elements, 3)
            if traveller is not None:
                traveller["errors"].append(message)  # type: ignore[attr-defined]
            else:
                errors.append(message)
        elif tag == "UNT":
            close_traveller()
            responses.append(
                Response(
                    message_reference=str(current["message_reference"]),
                    answers_interchange=str(current.get("answers_interchange", "")),
                    answers_message=str(current.get("answers_message", "")),
                    function=str(current.get("function", ORIGINAL)),
                    flight=current.get("flight"),  # type: ignore[arg-type]
                    departure=current.get("departure"),  # type: ignore[arg-type]
                    origin=current.get("origin"),  # type: ignore[arg-type]
                    destination=current.get("destination"),  # type: ignore[arg-type]
                    errors=tuple(errors),
                    travellers=tuple(travellers),
                )
            )
            current = None
    if not header:
        raise CusresError("No interchange header (UNB).")
    return CusresInterchange(
        sender=header["sender"],
        recipient=header["recipient"],
        control_reference=header["control_reference"],
        prepared=prepared,
        responses=tuple(responses),
    )
