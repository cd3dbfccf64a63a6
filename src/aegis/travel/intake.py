"""The one intake service behind every door (HTTP, drop folder, AMQP, command line).

A raw interchange is stored once (its SHA-256 is unique), parsed by ``paxscreen.edifact``
with the data-protection filter on, and written without the sensitive items the filter
removes (``paxscreen.edifact.redact``: counted by category, never kept), then either loaded
(flights, travellers, bookings) and screened, or quarantined with its error — all in one
transaction, so that a door which acknowledges only after this returns never loses a message
nor loads one twice.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import logging
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from aegis.core.permissions import Actor, acting_user, require_permission
from aegis.travel import screening, search
from aegis.travel.models import (
    Booking,
    BookingVersion,
    Carrier,
    CarrierMessage,
    Flight,
    FlightLeg,
    Identifier,
    InterchangeMessage,
    ItinerarySegment,
    TravelDocument,
    Traveller,
)
from paxscreen.edifact import Booking as PnrBooking
from paxscreen.edifact import FlightLeg as EdifactLeg
from paxscreen.edifact import Manifest, ParsedMessage, PnrTraveller, parse
from paxscreen.edifact.reader import decode
from paxscreen.edifact.redact import Redaction, category, redact
from paxscreen.edifact.typeb import TypeBEnvelope
from paxscreen.edifact.typeb import unwrap as unwrap_type_b

logger = logging.getLogger(__name__)

__all__ = [
    "IntakeRefused",
    "IntakeResult",
    "QuarantineError",
    "TravellerRow",
    "check_size",
    "flight_for_legs",
    "identity_key",
    "message_receive",
    "message_retry",
    "redacted",
    "storable",
    "too_large",
    "upsert_travellers",
]


class QuarantineError(Exception):
    """The message is stored but cannot be loaded; the text says why."""

    def __init__(self, text: str, *, reason: str = "invalid") -> None:
        super().__init__(text)
        self.reason = reason


class IntakeRefused(Exception):
    """The message is refused before anything is stored (``code``: "empty", "too-large")."""

    def __init__(self, code: str, text: str) -> None:
        super().__init__(text)
        self.code = code
        self.text = text


@dataclass(slots=True)
class Outcome:
    """What loading one message changed (merged into the result once it committed)."""

    travellers: int = 0
    bookings: int = 0
    changed: set[int] = field(default_factory=set)
    flight: Flight | None = None


@dataclass(slots=True)
class IntakeResult:
    message: CarrierMessage
    duplicate: bool
    travellers: int = 0
    bookings: int = 0
    hits: int = 0
    changed: set[int] = field(default_factory=set)

    @property
    def status(self) -> str:
        return "duplicate" if self.duplicate else self.message.status


def _clean(text: str | None) -> str:
    return "".join(char for char in (text or "").upper() if char.isalnum())


def identity_key(surname: str, given_names: str, date_of_birth: dt.date | None) -> str:
    """Who a traveller is, for merging API and PNR data and for false-match suppression."""
    first_given = given_names.split(maxsplit=1)[0] if given_names.split() else ""
    born = date_of_birth.isoformat() if date_of_birth else "?"
    return f"{_clean(surname)}|{_clean(first_given)}|{born}"


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    # EDIFACT times carry no zone; they are stored as given, read as UTC.
    if value is None:
        return None
    return value if timezone.is_aware(value) else value.replace(tzinfo=dt.UTC)


def _direction(origin: str, destination: str) -> str:
    airports = set(settings.AEGIS_PIU_AIRPORTS)
    if destination in airports:
        return Flight.Direction.INBOUND
    if origin in airports:
        return Flight.Direction.OUTBOUND
    return Flight.Direction.OTHER


def _flight_number(carrier: str, number: str) -> str:
    number = number.strip().upper()
    if carrier and number.startswith(carrier) and len(number) > len(carrier):
        number = number[len(carrier) :]
    return number.lstrip("0") or "0"


_DESIGNATOR = re.compile(r"^([A-Z]{2}|[A-Z]\d|\d[A-Z])\d{1,4}[A-Z]?$")


def _carrier(code: str | None, fallback: Carrier | None) -> Carrier:
    code = (code or "").strip().upper()[:3]
    if not code or (fallback is not None and code == fallback.code):
        if fallback is None:
            raise QuarantineError("The flight names no carrier.")
        return fallback
    carrier, _created = Carrier.objects.get_or_create(code=code)
    return carrier


def flight_for_legs(legs: Iterable[EdifactLeg], fallback_carrier: Carrier | None) -> Flight:
    legs = [leg for leg in legs if leg.departure_time is not None or leg.departure_port]
    if not legs:
        raise QuarantineError("The message names no flight.")
    first, last = legs[0], legs[-1]
    if first.departure_time is None:
        raise QuarantineError(f"Flight {first.flight_number} has no departure time.")
    code = first.carrier
    if not code:
        # "TN506": the designator carries the airline code when the carrier is left out.
        prefix = _DESIGNATOR.match(first.flight_number.strip().upper())
        code = prefix.group(1) if prefix else None
    carrier = _carrier(code, fallback_carrier)
    number = _flight_number(carrier.code, first.flight_number)
    origin = (first.departure_port or "")[:5]
    destination = (last.arrival_port or "")[:5]
    departure = first.departure_time.replace(tzinfo=dt.UTC)
    flight, created = Flight.objects.get_or_create(
        carrier=carrier,
        number=number,
        departure_date=first.departure_time.date(),
        defaults={
            "origin": origin,
            "destination": destination,
            "departure": departure,
            "arrival": _aware(last.arrival_time),
            "direction": _direction(origin, destination),
        },
    )
    if created:
        flight.full_clean()
        for position, leg in enumerate(legs, 1):
            FlightLeg.objects.create(
                flight=flight,
                position=position,
                departure_port=(leg.departure_port or "")[:5],
                arrival_port=(leg.arrival_port or "")[:5],
                departure=_aware(leg.departure_time),
                arrival=_aware(leg.arrival_time),
            )
    elif flight.arrival is None and last.arrival_time is not None:
        flight.arrival = _aware(last.arrival_time)
        flight.save(update_fields=["arrival"])
    return flight


DocumentRow = tuple[str, str, str, dt.date | None]


@dataclass(slots=True)
class TravellerRow:
    key: str
    values: dict[str, object]
    documents: list[DocumentRow]


def _apply(traveller: Traveller, values: dict[str, object]) -> None:
    # A value the message leaves empty does not erase one another message gave.
    for name, value in values.items():
        if value not in (None, "") or getattr(traveller, name) in (None, ""):
            setattr(traveller, name, value)
    # The flight and booking were just read or created: skip their existence queries.
    traveller.full_clean(
        exclude=["flight", "booking"], validate_unique=False, validate_constraints=False
    )


def upsert_travellers(flight: Flight, rows: list[TravellerRow]) -> list[Traveller]:
    """Create or update the travellers of ``rows`` on ``flight`` (by identity key), in bulk."""
    existing = {
        t.identity_key: t for t in flight.travellers.filter(identity_key__in={r.key for r in rows})
    }
    created: dict[str, Traveller] = {}
    documents: dict[str, dict[str, DocumentRow]] = {}
    for row in rows:
        traveller = existing.get(row.key) or created.get(row.key)
        if traveller is None:
            traveller = Traveller(flight=flight, identity_key=row.key)
            created[row.key] = traveller
        _apply(traveller, row.values)
        for document in row.documents:
            if document[1]:
                documents.setdefault(row.key, {})[document[1][:40]] = document
    for traveller in existing.values():
        traveller.save()
    bulk_create_with_history(list(created.values()), Traveller)
    saved = {**existing, **created}
    if created and any(t.pk is None for t in created.values()):
        # Back ends without RETURNING on bulk inserts: read the new ids back.
        ids = dict(
            flight.travellers.filter(identity_key__in=list(created)).values_list(
                "identity_key", "pk"
            )
        )
        for key, traveller in created.items():
            traveller.pk = ids[key]
    known = (
        set(
            TravelDocument.objects.filter(traveller__in=list(existing.values())).values_list(
                "traveller_id", "number"
            )
        )
        if existing
        else set()
    )
    fresh = []
    for key, by_number in documents.items():
        traveller = saved[key]
        for number, (document_type, _number, country, expiry) in by_number.items():
            values = {
                "document_type": document_type[:5],
                "issuing_country": country[:3],
                "expiry_date": expiry,
            }
            if (traveller.pk, number) in known:
                TravelDocument.objects.filter(traveller=traveller, number=number).update(**values)
            else:
                fresh.append(TravelDocument(traveller=traveller, number=number, **values))
    TravelDocument.objects.bulk_create(fresh)
    return [saved[row.key] for row in rows]


def _load_manifest(manifest: Manifest, carrier: Carrier | None, result: Outcome) -> None:
    flight = flight_for_legs(manifest.legs, carrier)
    _within_scope(flight.carrier, carrier, f"flight {flight.number}")
    result.flight = flight
    rows = []
    for person in manifest.travellers:
        given = " ".join(person.given_names)
        rows.append(
            TravellerRow(
                key=identity_key(person.surname, given, person.date_of_birth),
                values={
                    "kind": Traveller.Kind.CREW
                    if "crew" in person.kind
                    else Traveller.Kind.PASSENGER,
                    "surname": person.surname[:100],
                    "given_names": given[:200],
                    "sex": (person.sex or "")[:1],
                    "date_of_birth": person.date_of_birth,
                    "nationality": (person.nationality or "")[:3],
                    "residence_country": (person.residence_country or "")[:3],
                    "embarkation": (person.embarkation_port or "")[:5],
                    "debarkation": (person.debarkation_port or "")[:5],
                    "seat": (person.seat or "")[:5],
                    "from_api": True,
                },
                documents=[
                    (d.document_type, d.number or "", d.issuing_country or "", d.expiry_date)
                    for d in person.documents
                ],
            )
        )
    travellers = upsert_travellers(flight, rows)
    # Link API travellers to bookings already received by PNR.
    locators = {p.pnr_locator for p in manifest.travellers if p.pnr_locator}
    bookings = {
        b.record_locator: b
        for b in Booking.objects.filter(carrier=flight.carrier, record_locator__in=locators)
    }
    for person, traveller in zip(manifest.travellers, travellers, strict=True):
        booking = bookings.get(person.pnr_locator or "")
        if booking is not None and traveller.booking_id is None:
            traveller.booking = booking
            traveller.save(update_fields=["booking"])
        result.changed.add(traveller.pk)
    result.travellers += len(rows)


def _route(booking: PnrBooking) -> tuple[str, bool]:
    ports: list[str] = []
    for segment in booking.itinerary:
        for port in (segment.departure_port, segment.arrival_port):
            if port and (not ports or ports[-1] != port):
                ports.append(port)
    one_way = len(ports) >= 2 and ports[0] != ports[-1]
    return "-".join(ports)[:200], one_way


def _identifiers(booking: Booking, pnr: PnrBooking, travellers: dict[str, Traveller]) -> None:
    booking.identifiers.all().delete()
    rows: set[tuple[int | None, str, str]] = set()

    def add(traveller: Traveller | None, kind: str, value: str | None) -> None:
        value = " ".join((value or "").upper().split())[:200]
        if len(_clean(value)) >= 4:
            rows.add((traveller.pk if traveller else None, kind, value))

    for contact in pnr.contacts:
        add(None, contact.kind if contact.kind != "other" else "phone", contact.value)
    for address in pnr.addresses:
        add(None, Identifier.Kind.ADDRESS, " ".join(filter(None, (address.street, address.city))))
    if pnr.agency is not None:
        add(None, Identifier.Kind.AGENCY, pnr.agency.iata_number or pnr.agency.agent_id)
    for person in pnr.travellers:
        traveller = travellers.get(person.reference or "")
        for contact in person.contacts:
            add(traveller, contact.kind if contact.kind != "other" else "phone", contact.value)
        for ticket in person.tickets:
            add(traveller, Identifier.Kind.TICKET, ticket.number)
            for payment in ticket.payments:
                if payment.account:
                    add(
                        traveller, Identifier.Kind.CARD, f"{payment.vendor or ''} {payment.account}"
                    )
    Identifier.objects.bulk_create(
        Identifier(booking=booking, traveller_id=traveller_id, kind=kind, value=value)
        for traveller_id, kind, value in sorted(rows, key=lambda row: (row[0] or 0, row[1], row[2]))
    )


def _pnr_values(person: PnrTraveller) -> tuple[str, dict[str, object], list[DocumentRow]]:
    document = person.documents[0] if person.documents else None
    given = " ".join(person.given_names)
    born = document.date_of_birth if document else None
    key = identity_key(person.surname, given, born)
    values: dict[str, object] = {
        "kind": Traveller.Kind.PASSENGER,
        "surname": person.surname[:100],
        "given_names": given[:200],
        "sex": ((document.sex if document else None) or "")[:1],
        "date_of_birth": born,
        "nationality": ((document.nationality if document else None) or "")[:3],
        "from_pnr": True,
    }
    documents = [
        (d.document_type or "", d.number or "", d.issuing_country or "", d.expiry_date)
        for d in person.documents
    ]
    return key, values, documents


def _load_booking(
    pnr: PnrBooking,
    flight: Flight,
    message: CarrierMessage,
    result: Outcome,
    scope: Carrier | None,
    *,
    removed: Counter[str],
) -> None:
    locator = (pnr.record_locator or "").strip().upper()[:20]
    if not locator:
        raise QuarantineError("A booking has no record locator.")
    carrier = _carrier(pnr.carrier, flight.carrier)
    _within_scope(carrier, scope, f"booking {locator}")
    booking, _created = Booking.objects.select_for_update().get_or_create(
        carrier=carrier, record_locator=locator
    )
    if booking.masked_at is not None:
        raise QuarantineError(f"Booking {locator} is past its masking date.")
    booking.push_count += 1
    data = pnr.to_dict()
    route, one_way = _route(pnr)
    payments = [p for t in pnr.travellers for ticket in t.tickets for p in ticket.payments]
    booking.created_at_carrier = _aware(pnr.created) or booking.created_at_carrier
    booking.last_modified = _aware(pnr.last_modified) or booking.last_modified
    if pnr.agency is not None:
        booking.agency_name = (pnr.agency.iata_number or pnr.agency.agent_id or "")[:100]
        booking.agency_country = (pnr.agency.country or "")[:3]
    booking.form_of_payment = (payments[0].payment_type if payments else "")[:20]
    booking.traveller_count = len(pnr.travellers)
    booking.route, booking.one_way = route, one_way
    booking.data = data
    booking.full_clean(validate_unique=False, validate_constraints=False)
    booking.save()
    BookingVersion.objects.create(
        booking=booking,
        message=message,
        number=booking.push_count,
        data=data,
        removed_sensitive=dict(sorted(removed.items())),
    )
    booking.itinerary.all().delete()
    ItinerarySegment.objects.bulk_create(
        ItinerarySegment(
            booking=booking,
            position=position,
            carrier_code=(segment.operating_carrier or segment.marketing_carrier or "")[:3],
            flight_number=(segment.flight_number or "")[:10],
            departure_port=(segment.departure_port or "")[:5],
            arrival_port=(segment.arrival_port or "")[:5],
            departure=_aware(segment.departure_time),
        )
        for position, segment in enumerate(pnr.itinerary, 1)
    )
    # Seats and bags of the segment of this flight.
    seats: dict[str, str] = {}
    bags: dict[str, int] = {}
    for segment in pnr.itinerary:
        if segment.departure_port == flight.origin or len(pnr.itinerary) == 1:
            for seat in segment.seats:
                seats.setdefault(seat.traveller_reference or "", seat.seat[:5])
            for bag in segment.baggage:
                if bag.bag_count is not None:
                    reference = bag.traveller_reference or ""
                    bags[reference] = bags.get(reference, 0) + bag.bag_count
    rows = []
    for person in pnr.travellers:
        key, values, documents = _pnr_values(person)
        reference = person.reference or ""
        values["seat"] = seats.get(reference, "")
        values["bags"] = bags.get(reference)
        values["booking"] = booking
        rows.append(TravellerRow(key, values, documents))
    saved = upsert_travellers(flight, rows)
    travellers = {
        (person.reference or ""): traveller
        for person, traveller in zip(pnr.travellers, saved, strict=True)
    }
    result.travellers += len(rows)
    result.changed.update(traveller.pk for traveller in saved)
    _identifiers(booking, pnr, travellers)
    result.bookings += 1


def _within_scope(carrier: Carrier, scope: Carrier | None, what: str) -> None:
    if scope is not None and carrier.pk != scope.pk:
        raise QuarantineError(
            f"Carrier {scope.code} may not submit {what} of carrier {carrier.code}.",
            reason=InterchangeMessage.Reason.CARRIER,
        )


def _load_part(item: ParsedMessage, scope: Carrier | None, message: CarrierMessage) -> Outcome:
    outcome = Outcome()
    if item.manifest is not None:
        _load_manifest(item.manifest, scope, outcome)
    elif item.pnr is not None:
        push = item.pnr
        legs = [push.flight] if push.flight is not None else []
        flight = flight_for_legs(legs, scope)
        _within_scope(flight.carrier, scope, f"flight {flight.number}")
        outcome.flight = flight
        removed = _removed_by_booking(item)
        for booking in push.bookings:
            _load_booking(
                booking, flight, message, outcome, scope, removed=removed[booking.segment_number]
            )
    else:
        raise QuarantineError(
            f"Message type {item.message_type or '?'} is not read (PAXLST or PNRGOV only).",
            reason=InterchangeMessage.Reason.UNSUPPORTED,
        )
    return outcome


def _removed_by_booking(item: ParsedMessage) -> dict[int, Counter[str]]:
    """The categories of the items the filter removed, by the booking (its first segment
    number) they were in: a booking runs from its SRC to the next one."""
    starts = sorted(booking.segment_number for booking in item.pnr.bookings) if item.pnr else []
    removed: dict[int, Counter[str]] = {start: Counter() for start in starts}
    for sensitive in item.removed:
        position = bisect.bisect_right(starts, sensitive.segment_number) - 1
        if position >= 0:
            removed[starts[position]][category(sensitive)] += 1
    return removed


def _issue_lines(item: ParsedMessage, severity: str) -> list[str]:
    label = " ".join(filter(None, (item.message_type, item.message_reference)))
    return [f"{label}: {issue}" for issue in item.issues if issue.severity == severity]


def storable(text: str) -> str:
    """``text`` with NUL shown as U+2400: no database text column takes NUL (PostgreSQL)."""
    return text.replace("\x00", "\u2400") if "\x00" in text else text


def _load_parts(
    parsed: list[ParsedMessage],
    message: CarrierMessage,
    result: IntakeResult,
    positions: set[int] | None = None,
) -> None:
    """Load each message of ``parsed`` alone (``positions``: only those, for a retry)."""
    items = [item for item in parsed if item.message_type != "INTERCHANGE"]
    between = [item for item in parsed if item.message_type == "INTERCHANGE"]
    between_errors = [storable(line) for item in between for line in _issue_lines(item, "error")]
    warnings = [storable(line) for item in between for line in _issue_lines(item, "warning")]
    if not items:
        message.status = CarrierMessage.Status.QUARANTINED
        message.error = storable(
            "; ".join(between_errors)[:2000] or "No PAXLST or PNRGOV message in the interchange."
        )
        message.warnings = warnings
        return
    # Faults between messages do not spoil the messages: they are shown as warnings.
    warnings = between_errors + warnings
    existing = {part.position: part for part in message.parts.all()}
    for position, item in enumerate(items, 1):
        part = existing.get(position) or InterchangeMessage(
            interchange=message,
            position=position,
            message_type=(item.message_type or "")[:10],
            reference=(item.message_reference or "")[:35],
        )
        if positions is not None and position not in positions:
            continue
        part.warnings = [storable(line) for line in _issue_lines(item, "warning")]
        errors = _issue_lines(item, "error")
        try:
            if errors:
                raise QuarantineError("; ".join(errors)[:2000])
            with transaction.atomic():
                outcome = _load_part(item, message.carrier, message)
        except (QuarantineError, ValidationError) as error:
            part.status = CarrierMessage.Status.QUARANTINED
            part.reason = getattr(error, "reason", InterchangeMessage.Reason.INVALID)
            part.error = storable(
                "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            )
        else:
            part.status = CarrierMessage.Status.LOADED
            part.reason = InterchangeMessage.Reason.NONE
            part.error = ""
            part.travellers_loaded = outcome.travellers
            part.bookings_loaded = outcome.bookings
            part.flight = outcome.flight
            result.changed |= outcome.changed
            result.travellers += outcome.travellers
            result.bookings += outcome.bookings
        part.save()
        existing[position] = part
    parts = [existing[position] for position in sorted(existing)]
    loaded = [part for part in parts if part.status == CarrierMessage.Status.LOADED]
    quarantined = [part for part in parts if part.status != CarrierMessage.Status.LOADED]
    message.status = (
        CarrierMessage.Status.QUARANTINED
        if not loaded
        else CarrierMessage.Status.PARTIAL
        if quarantined
        else CarrierMessage.Status.LOADED
    )
    if len(parts) == 1:
        message.error = parts[0].error
    else:
        message.error = "; ".join(
            f"message {part.position} ({part.message_type} {part.reference}): {part.error}"
            for part in quarantined
        )[:4000]
    message.warnings = warnings + [line for part in parts for line in part.warnings]
    message.travellers_loaded = sum(part.travellers_loaded for part in loaded)
    message.bookings_loaded = sum(part.bookings_loaded for part in loaded)


def too_large(size: int) -> IntakeRefused:
    """The refusal of a message of ``size`` bytes, over ``AEGIS_INTAKE_MAX_BYTES``."""
    limit = settings.AEGIS_INTAKE_MAX_BYTES
    return IntakeRefused(
        "too-large", f"The message is {size:,} bytes; the largest accepted is {limit:,} bytes."
    )


def _parse(text: str) -> tuple[TypeBEnvelope | None, list[ParsedMessage]]:
    """The Type B envelope around the payload, if any, and the payload's messages."""
    envelope, payload = unwrap_type_b(text)
    return envelope, parse(payload)


def redacted(text: str, parsed: Sequence[ParsedMessage] = ()) -> tuple[str, Redaction]:
    """``text`` as it may be stored: without the sensitive items the parser's filter removes,
    around its Type B heading if it has one; and what was removed.

    ``parsed``, the text's messages as already read: when each read cleanly and the filter
    removed nothing (most manifests), the text is stored as it came without reading it again.
    """
    if parsed and all(message.ok and not message.removed for message in parsed):
        return text, Redaction(text, ())
    _envelope, payload = unwrap_type_b(text)
    redaction = redact(payload)
    if not redaction.removed:
        return text, redaction
    start = text.find(payload)
    return text[:start] + redaction.text + text[start + len(payload) :], redaction


def check_size(content: bytes) -> None:
    """Refuse what no door takes: an empty message, or one over ``AEGIS_INTAKE_MAX_BYTES``.

    Raises :class:`IntakeRefused` (stored nowhere: every door gives the same answer).
    """
    if len(content) > settings.AEGIS_INTAKE_MAX_BYTES:
        raise too_large(len(content))
    if not content.strip():
        raise IntakeRefused("empty", "The message is empty.")


def message_receive(
    *,
    content: bytes,
    door: str,
    source: str = "",
    carrier: Carrier | None = None,
    actor: Actor,
) -> IntakeResult:
    """Store, parse, load and screen one raw interchange; idempotent by content.

    ``carrier`` is the sender: given, every flight and booking of the interchange must be
    its own (a message about another carrier's flight is quarantined); None accepts any
    carrier. ``actor`` SYSTEM is the installation (folder, queue and command-line doors); a user
    (the HTTP door) must hold ``travel.submit_carriermessage``. Each EDIFACT message of
    the interchange is loaded or quarantined on its own. Returns what happened; a message
    seen before comes back with ``duplicate`` set and nothing loaded again. Raises
    :class:`IntakeRefused` for an empty or oversized message (nothing stored), never for
    a bad one: that is quarantined with its error.
    """
    require_permission(actor, "travel.submit_carriermessage")
    check_size(content)
    digest = hashlib.sha256(content).hexdigest()
    existing = CarrierMessage.objects.filter(sha256=digest).first()
    if existing is not None:
        return IntakeResult(message=existing, duplicate=True)
    text = decode(content)
    # Parsed before the write transaction opens: a slow message holds no lock.
    envelope, parsed = _parse(text)
    # What the filter keeps out of the records is kept out of the stored text too.
    stored, redaction = redacted(text, parsed)
    message = CarrierMessage(
        sha256=digest,
        content=storable(stored),
        removed_sensitive=len(redaction.removed),
        removed_by_category=redaction.counts,
        envelope=envelope.to_dict() if envelope is not None else {},
        door=door,
        source=storable(source[:300]),
        carrier=carrier,
        status=CarrierMessage.Status.QUARANTINED,
    )
    # Stored, loaded and screened in one transaction: a door that acknowledges after this
    # returns never loses a message (a crash rolls the whole of it back).
    with transaction.atomic():
        try:
            with transaction.atomic():
                message.save()
        except IntegrityError:
            # Another worker stored the same bytes a moment ago.
            return IntakeResult(message=CarrierMessage.objects.get(sha256=digest), duplicate=True)
        return _process(message, parsed, positions=None)


@transaction.atomic
def _process(
    message: CarrierMessage, parsed: list[ParsedMessage], positions: set[int] | None
) -> IntakeResult:
    result = IntakeResult(message=message, duplicate=False)
    message.message_types = ",".join(
        sorted({item.message_type for item in parsed if item.message_type != "INTERCHANGE"})
    )[:100]
    _load_parts(parsed, message, result, positions)
    # Names, documents, the booking and its contacts may have changed: search finds them now.
    search.index_travellers(result.changed)
    if message.status != CarrierMessage.Status.LOADED:
        # The reasons quote the message (names, dates): they stay on its page, out of logs
        # that no retention run masks.
        logger.warning(
            "Quarantined in message %s (%s): see /piu/messages/%s/",
            message.sha256[:12],
            message.status,
            message.pk,
        )
    result.hits = screening.screen_travellers(traveller_ids=sorted(result.changed))
    message.save()
    return result


def message_retry(*, message_id: int, actor: Actor) -> IntakeResult:
    """Parse a stored interchange again and load its quarantined messages (after a fix).

    Loaded messages are left as they are. ``actor`` SYSTEM is the command line; a user
    must hold ``travel.retry_carriermessage``. Raises ``CarrierMessage.DoesNotExist``.
    """
    require_permission(actor, "travel.retry_carriermessage")
    message = CarrierMessage.objects.select_related("carrier").get(pk=message_id)
    parts = list(message.parts.all())
    positions = {part.position for part in parts if part.status != CarrierMessage.Status.LOADED}
    if parts and not positions:
        return IntakeResult(message=message, duplicate=False)
    _envelope, parsed = _parse(message.content)
    logger.info(
        "Retrying message %s (%s)", message.sha256[:12], acting_user(actor) or "command line"
    )
    return _process(message, parsed, positions if parts else None)


def message_quarantine(
    *,
    content: bytes,
    door: str,
    error: str,
    source: str = "",
    carrier: Carrier | None = None,
) -> CarrierMessage:
    """Keep a message a door could not take, unloaded, with why; idempotent by content.

    The interactive door answers a bad interchange at once (CUSRES error) and keeps it here,
    as the batch doors keep theirs: on the messages page, retried by ``message_retry``
    (through the batch intake) once understood.
    """
    check_size(content)
    digest = hashlib.sha256(content).hexdigest()
    existing = CarrierMessage.objects.filter(sha256=digest).first()
    if existing is not None:
        return existing
    text = decode(content)
    envelope, parsed = _parse(text)
    stored, redaction = redacted(text, parsed)
    message = CarrierMessage(
        sha256=digest,
        content=storable(stored),
        removed_sensitive=len(redaction.removed),
        removed_by_category=redaction.counts,
        envelope=envelope.to_dict() if envelope is not None else {},
        door=door,
        source=storable(source[:300]),
        carrier=carrier,
        status=CarrierMessage.Status.QUARANTINED,
        error=storable(error),
        message_types=",".join(
            sorted({item.message_type for item in parsed if item.message_type != "INTERCHANGE"})
        )[:100],
    )
    try:
        with transaction.atomic():
            message.save()
    except IntegrityError:
        return CarrierMessage.objects.get(sha256=digest)
    logger.warning("Quarantined at the iAPI door: message %s", message.sha256[:12])
    return message
