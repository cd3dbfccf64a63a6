"""The standard iAPI door: an interactive PAXLST in, a CUSRES out, per traveller.

Over HTTP (``POST /api/v1/travel/iapi/paxlst/``) and AMQP (``doors.iapi_queue_consume``),
each traveller of each PAXLST message is checked as the JSON door checks one
(:func:`aegis.travel.iapi.interactive_check`) and answered with a directive code
(:mod:`paxscreen.edifact.cusres`): 0Z cleared, 2Z contact the authority (a hit), 8Z
insufficient or erroneous data with each error ("where: why"). 1Z "do not board" comes only
from an analyst (:func:`aegis.travel.iapi.direction_give`), as a replacement CUSRES
(:func:`answer_again`). An interchange that cannot be read, or that names another carrier's
flight, is answered with a message-level error and kept quarantined, never lost.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
import secrets
from dataclasses import dataclass, replace
from typing import cast

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from aegis.core.permissions import Actor, require_permission
from aegis.travel import iapi, intake
from aegis.travel.models import Carrier, CarrierMessage, CheckIn, IapiInterchange, Traveller
from paxscreen.airports import airport
from paxscreen.edifact import EdifactError, Manifest, ParsedMessage, cusres, iter_segments, parse
from paxscreen.edifact import FlightLeg as EdifactLeg
from paxscreen.edifact import Traveller as EdifactTraveller
from paxscreen.edifact.codes import country_alpha3
from paxscreen.edifact.reader import decode

__all__ = ["PaxlstAnswer", "answer_again", "paxlst_check"]

logger = logging.getLogger(__name__)

# "One or a few travellers": an interactive message is a check-in, not a manifest.
MAX_TRAVELLERS = 50
PASSENGER_LIST, CREW_LIST = "745", "250"
DIRECTIVE_CODES = {
    iapi.Directive.OK_TO_BOARD: cusres.OK_TO_BOARD,
    iapi.Directive.CONTACT_AUTHORITY: cusres.CONTACT_AUTHORITY,
    iapi.Directive.DO_NOT_BOARD: cusres.DO_NOT_BOARD,
}
_DESIGNATOR = re.compile(r"^([A-Z]{2}|[A-Z]\d|\d[A-Z])?(\d{1,4}[A-Z]?)$")
_DOCUMENT_NUMBER = re.compile(r"^[A-Z0-9]{1,20}$")
_SENDER = "PIU"


@dataclass(frozen=True, slots=True)
class PaxlstAnswer:
    """The CUSRES text sent back, and what was kept."""

    text: str
    control_reference: str  # the carrier's (UNB 0020 of its PAXLST)
    interchange: IapiInterchange | None
    quarantined: CarrierMessage | None


def _airport_error(where: str, code: str | None) -> str | None:
    if not code:
        return f"{where}: the airport is missing"
    if airport(code) is None:
        return f"{where}: {code} is not an airport (IATA code)"
    return None


def _country_error(where: str, code: str | None, *, required: bool) -> str | None:
    if not code:
        return f"{where}: the country is missing" if required else None
    _alpha3, known = country_alpha3(code)
    return None if known else f"{where}: {code} is not a country (ISO 3166-1)"


def _flight_errors(leg: EdifactLeg) -> list[str]:
    errors = [
        _airport_error("LOC 125", leg.departure_port),
        _airport_error("LOC 87", leg.arrival_port),
    ]
    if leg.departure_time is None:
        errors.append("DTM 189: the departure time is missing")
    if not _DESIGNATOR.match(leg.flight_number.strip().upper()):
        errors.append(f"TDT: {leg.flight_number!r} is not a flight number")
    if leg.departure_port and leg.departure_port == leg.arrival_port:
        errors.append("LOC 87: the same airport as the origin")
    return [error for error in errors if error]


def _traveller_errors(person: EdifactTraveller) -> list[str]:
    errors: list[str | None] = []
    if not person.surname.strip():
        errors.append("NAD: the surname is missing")
    if person.date_of_birth is None:
        errors.append("DTM 329: the date of birth is missing or not a date")
    elif not dt.date(1900, 1, 1) <= person.date_of_birth <= timezone.now().date():
        errors.append(f"DTM 329: {person.date_of_birth} is not a possible date of birth")
    errors.append(_country_error("NAT", person.nationality, required=True))
    errors.append(_country_error("LOC 174", person.residence_country, required=False))
    for where, port in (("LOC 178", person.embarkation_port), ("LOC 179", person.debarkation_port)):
        if port:
            errors.append(_airport_error(where, port))
    if person.sex and person.sex not in {"M", "F", "X", "U"}:
        errors.append(f"ATT: {person.sex!r} is not a sex code (M, F, X, U)")
    if not person.documents:
        errors.append("DOC: no travel document")
    else:
        document = person.documents[0]
        number = (document.number or "").strip().upper()
        if not number:
            errors.append("DOC: the document number is missing")
        elif not _DOCUMENT_NUMBER.match(number):
            errors.append("DOC: the document number has characters other than A-Z and 0-9")
        errors.append(_country_error("LOC 91", document.issuing_country, required=True))
    return [error for error in errors if error]


def _alpha3(code: str | None) -> str:
    found, _known = country_alpha3(code)
    return found or ""


def _checked(leg: EdifactLeg, person: EdifactTraveller) -> iapi.CheckedTraveller:
    document = person.documents[0]
    return iapi.CheckedTraveller(
        flight_number=leg.flight_number.strip().upper(),
        origin=(leg.departure_port or "").upper(),
        destination=(leg.arrival_port or "").upper(),
        departure=cast("dt.datetime", leg.departure_time),  # checked by _flight_errors
        arrival=leg.arrival_time,
        kind=Traveller.Kind.CREW if "crew" in person.kind else Traveller.Kind.PASSENGER,
        surname=person.surname.strip().upper(),
        given_names=" ".join(person.given_names).strip().upper(),
        date_of_birth=person.date_of_birth,
        sex=person.sex or "",
        nationality=_alpha3(person.nationality),
        residence_country=_alpha3(person.residence_country),
        seat=(person.seat or "")[:5],
        document_type=(document.document_type or "P")[:2].upper(),
        document_number=(document.number or "").strip().upper(),
        document_country=_alpha3(document.issuing_country),
        document_expiry=document.expiry_date,
    )


def _leg_carrier(leg: EdifactLeg) -> str:
    if leg.carrier:
        return leg.carrier.strip().upper()
    prefix = _DESIGNATOR.match(leg.flight_number.strip().upper())
    return (prefix.group(1) or "") if prefix else ""


def _message_errors(message: ParsedMessage, scope: Carrier | None) -> list[str]:
    """Why a whole message cannot be answered traveller by traveller (none: it can)."""
    if message.message_type != "PAXLST" or message.manifest is None:
        return [f"UNH: a {message.message_type or 'message'} is not an interactive PAXLST"]
    if message.errors:
        return [str(issue) for issue in message.errors]
    manifest = message.manifest
    if manifest.document_type not in (PASSENGER_LIST, CREW_LIST):
        return [f"BGM: {manifest.document_type} is not a passenger (745) or crew (250) list"]
    if not manifest.legs:
        return ["TDT: no flight (TDT+20) in the message"]
    if not manifest.travellers:
        return ["NAD: no traveller in the message"]
    if len(manifest.travellers) > MAX_TRAVELLERS:
        return [
            f"NAD: {len(manifest.travellers)} travellers; an interactive message carries at "
            f"most {MAX_TRAVELLERS} (send the manifest to the batch door)"
        ]
    leg = manifest.legs[0]
    code = _leg_carrier(leg)
    if scope is not None and code and code != scope.code:
        return [
            f"TDT: flight {leg.flight_number} is carrier {code}'s; this account submits for "
            f"carrier {scope.code} only"
        ]
    if scope is None and not code:
        return ["TDT: the flight names no carrier"]
    return []


def _carrier_reference(person: EdifactTraveller) -> str | None:
    return next((ref.value for ref in person.references if ref.qualifier == "ABO"), None)


def _flight_label(carrier: str, leg: EdifactLeg) -> str:
    number = leg.flight_number.strip().upper()
    return number if number.startswith(carrier) else f"{carrier}{number}"


def _answer_message(
    message: ParsedMessage,
    scope: Carrier | None,
    actor: Actor,
    control: str,
    answered: list[tuple[int, int]],
) -> tuple[cusres.Response, list[str]]:
    """The CUSRES for one PAXLST message, and what could not be loaded (to quarantine)."""
    reference = message.message_reference or ""
    base = cusres.Response(
        message_reference="", answers_interchange=control, answers_message=reference
    )
    errors = _message_errors(message, scope)
    if errors:
        return replace(base, errors=tuple(errors)), errors
    manifest = cast("Manifest", message.manifest)  # checked by _message_errors
    leg = manifest.legs[0]
    code = _leg_carrier(leg) or (scope.code if scope is not None else "")
    carrier = scope if scope is not None else Carrier.objects.get_or_create(code=code[:3])[0]
    base = replace(
        base,
        flight=_flight_label(carrier.code, leg),
        departure=leg.departure_time,
        origin=leg.departure_port,
        destination=leg.arrival_port,
    )
    flight_errors = _flight_errors(leg)
    travellers: list[cusres.TravellerResponse] = []
    unloaded: list[str] = []
    for position, person in enumerate(manifest.travellers, 1):
        problems = flight_errors + _traveller_errors(person)
        if problems:
            travellers.append(
                cusres.TravellerResponse(
                    position,
                    cusres.DATA_ERROR,
                    carrier_reference=_carrier_reference(person),
                    errors=tuple(problems),
                )
            )
            unloaded.extend(f"UNH {reference} traveller {position}: {p}" for p in problems)
            continue
        answer = iapi.interactive_check(actor=actor, carrier=carrier, check=_checked(leg, person))
        answered.append((answer.check_in_id, position))
        travellers.append(
            cusres.TravellerResponse(
                position,
                DIRECTIVE_CODES[answer.directive],
                reference=answer.reference,
                carrier_reference=_carrier_reference(person),
            )
        )
    return replace(base, travellers=tuple(travellers)), unloaded


def _unb_reference(text: str) -> str:
    """UNB 0020 of an interchange that yielded no message (to correlate the error)."""
    with contextlib.suppress(Exception):  # anything unreadable simply has none
        for segment in iter_segments(text[:4096]):
            if segment.tag == "UNB":
                return segment.elements[4][0] if len(segment.elements) > 4 else ""
    return ""


def _control_reference() -> str:
    # UNB 0020 is an..14; random so that it says nothing of how many answers were sent.
    return secrets.token_hex(7).upper()


def _interchange_text(header_sender: str, recipient: str, responses: list[cusres.Response]) -> str:
    numbered = tuple(
        replace(response, message_reference=str(number))
        for number, response in enumerate(responses, 1)
    )
    return cusres.cusres_interchange(
        cusres.CusresInterchange(
            sender=header_sender or _SENDER,
            recipient=recipient or "CARRIER",
            control_reference=_control_reference(),
            prepared=timezone.now().astimezone(dt.UTC).replace(tzinfo=None),
            responses=numbered,
        )
    )


def paxlst_check(
    *,
    actor: Actor,
    carrier: Carrier | None,
    content: bytes,
    door: str,
    reply_to: str = "",
) -> PaxlstAnswer:
    """Check every traveller of an interactive PAXLST interchange; answer its CUSRES.

    ``carrier`` is the sender (its flights only); None accepts any carrier's (an AMQP door
    configured with ``*``). ``actor`` SYSTEM is the system (the AMQP door); a user must hold
    ``travel.submit_carriermessage``. Raises ``intake.IntakeRefused`` for an empty or
    oversized body (nothing stored); anything else is answered. A resent interchange (same
    carrier, same UNB reference) is answered again, loading nothing twice.
    """
    require_permission(actor, "travel.submit_carriermessage")
    intake.check_size(content)
    text = decode(content)
    try:
        parsed = parse(text)
    except EdifactError as error:
        parsed = []
        unreadable = [f"UNB: not an EDIFACT interchange ({error.issue.text})"]
    else:
        unreadable = []
    header = next((item.interchange for item in parsed if item.interchange), None)
    control = (header.control_reference if header is not None else _unb_reference(text))[:35]
    messages = [item for item in parsed if item.message_type != "INTERCHANGE"]
    if not unreadable:
        unreadable = [
            str(issue)
            for item in parsed
            if item.message_type == "INTERCHANGE"
            for issue in item.errors
        ]
        if not messages:
            unreadable.append("UNH: no message in the interchange")
        elif not control:
            unreadable.append("UNB: no interchange reference (0020)")
    responses: list[cusres.Response] = []
    problems: list[str] = []
    answered: list[tuple[int, int]] = []
    if unreadable:
        responses.append(cusres.Response("", control, "", errors=tuple(unreadable[:20])))
        problems.extend(unreadable)
    else:
        for message in messages:
            response, unloaded = _answer_message(message, carrier, actor, control, answered)
            responses.append(response)
            problems.extend(unloaded)
    sender = header.recipient if header is not None else ""
    recipient = header.sender if header is not None else ""
    answer_text = _interchange_text(sender, recipient, responses)
    quarantined = None
    if problems:
        quarantined = intake.message_quarantine(
            content=content,
            door=door,
            error="\n".join(problems)[:20_000],
            source=f"iapi:{control}"[:300],
            carrier=carrier,
        )
    stored = None
    if answered:
        stored = _remember(
            carrier,
            control=control,
            door=door,
            reply_to=reply_to,
            text=answer_text,
            answered=answered,
        )
    return PaxlstAnswer(answer_text, control, stored, quarantined)


def _remember(
    scope: Carrier | None,
    *,
    control: str,
    door: str,
    reply_to: str,
    text: str,
    answered: list[tuple[int, int]],
) -> IapiInterchange:
    """Keep the answer (for the carrier to fetch again, and to replace on a direction)."""
    check_ins = CheckIn.objects.filter(pk__in=[pk for pk, _position in answered])
    carrier_id = scope.pk if scope is not None else check_ins.values_list("carrier_id").first()
    now = timezone.now()
    with transaction.atomic():
        interchange, _created = IapiInterchange.objects.update_or_create(
            carrier_id=carrier_id,
            control_reference=control,
            defaults={
                "door": door,
                "reply_to": reply_to[:200],
                "response": text,
                "answered_at": now,
            },
        )
        check_ins.update(interchange=interchange)
    return interchange


def answer_again(interchange_id: int) -> str:
    """Replace the stored CUSRES of an interchange by one with today's directives.

    The stored answer is read back (:func:`cusres.parse_cusres`) and each traveller's code
    taken from its check-in, by the reference the carrier was given; the new interchange
    says it replaces the first (BGM 1225 = 5). Pushed to the AMQP reply queue, if the
    carrier gave one, once the transaction commits.
    """
    interchange = IapiInterchange.objects.select_for_update().get(pk=interchange_id)
    first = cusres.parse_cusres(interchange.response)
    by_reference = {
        check_in.reference: iapi.check_in_answer(check_in).directive
        for check_in in CheckIn.objects.filter(interchange=interchange)
    }
    responses = [
        replace(
            response,
            function=cusres.REPLACEMENT,
            travellers=tuple(
                replace(traveller, directive=DIRECTIVE_CODES[by_reference[traveller.reference]])
                if traveller.reference in by_reference
                else traveller
                for traveller in response.travellers
            ),
        )
        for response in first.responses
    ]
    text = _interchange_text(first.sender, first.recipient, responses)
    interchange.response = text
    interchange.answered_at = timezone.now()
    interchange.save(update_fields=["response", "answered_at"])
    if interchange.door == IapiInterchange.Door.AMQP and interchange.reply_to:
        reply_to, correlation = interchange.reply_to, interchange.control_reference

        def push() -> None:
            from aegis.travel.doors import reply_publish

            try:
                reply_publish(
                    url=settings.AEGIS_AMQP_URL,
                    queue=reply_to,
                    body=text.encode("utf-8"),
                    correlation_id=correlation,
                )
            except Exception:
                # Kept for the carrier to fetch; the broker being down loses nothing.
                logger.exception("The replacement CUSRES could not be pushed to %s", reply_to)

        transaction.on_commit(push)
    return text
