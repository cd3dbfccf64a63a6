"""Interactive API (iAPI): travellers checked while the carrier waits at check-in.

Two ways in, one path: a JSON check-in (one traveller) or an interactive PAXLST (a few
travellers; :mod:`aegis.travel.iapi_edifact` reads it and answers a CUSRES). Each traveller
is loaded like any API record (same flight, same identity key, same screening against the
active watchlists and rules) and answered with a directive: cleared (no hit) or "contact
the authority" (a hit: a question for an analyst). The machine never answers "do not
board": only an analyst's direction on the case does (:func:`direction_give`), within
``AEGIS_IAPI_DIRECTION_MINUTES``. The carrier sees an opaque reference per check-in, never
a case number nor what matched.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from aegis.core.audit import save_audited
from aegis.core.models import User
from aegis.core.permissions import Actor, require_permission
from aegis.travel import intake, screening, search
from aegis.travel.models import Carrier, Case, CheckIn, Flight, TravelDocument, Traveller
from paxscreen.edifact import FlightLeg

__all__ = [
    "CheckedTraveller",
    "Directive",
    "InteractiveAnswer",
    "Verdict",
    "check_in_answer",
    "direction_give",
    "interactive_check",
]


@dataclass(frozen=True, slots=True)
class CheckedTraveller:
    """What a carrier sends for one traveller: the flight and the travel document."""

    flight_number: str
    origin: str
    destination: str
    departure: dt.datetime
    surname: str
    given_names: str
    date_of_birth: dt.date | None
    document_number: str
    document_type: str = "P"
    document_country: str = ""
    document_expiry: dt.date | None = None
    sex: str = ""
    nationality: str = ""
    residence_country: str = ""
    kind: str = Traveller.Kind.PASSENGER
    arrival: dt.datetime | None = None
    seat: str = ""


class Verdict(enum.StrEnum):
    NO_HIT = "no_hit"
    HIT_PENDING_REVIEW = "hit_pending_review"
    # An analyst has closed the case; what follows is the PIU's to communicate.
    HIT_REVIEWED = "hit_reviewed"


class Directive(enum.StrEnum):
    """What the carrier is told to do (the CUSRES codes are in ``iapi_edifact``)."""

    OK_TO_BOARD = "ok_to_board"
    CONTACT_AUTHORITY = "contact_authority"
    # Only from an analyst's direction on the case, never from screening.
    DO_NOT_BOARD = "do_not_board"


@dataclass(frozen=True, slots=True)
class InteractiveAnswer:
    verdict: Verdict
    traveller_id: int
    reference: str  # the carrier-visible reference of the check-in
    directive: Directive
    check_in_id: int


def _directive(verdict: Verdict, direction: str) -> Directive:
    if direction == CheckIn.Direction.DO_NOT_BOARD:
        return Directive.DO_NOT_BOARD
    if direction == CheckIn.Direction.BOARD or verdict == Verdict.NO_HIT:
        return Directive.OK_TO_BOARD
    return Directive.CONTACT_AUTHORITY


def check_in_answer(check_in: CheckIn) -> InteractiveAnswer:
    """The answer for a check-in as it stands now (a carrier asking again, a replacement)."""
    case = Case.objects.filter(traveller_id=check_in.traveller_id).values_list("status").first()
    if case is None:
        verdict = Verdict.NO_HIT
    else:
        verdict = (
            Verdict.HIT_REVIEWED if case[0] == Case.Status.CLOSED else Verdict.HIT_PENDING_REVIEW
        )
    return InteractiveAnswer(
        verdict,
        check_in.traveller_id,
        check_in.reference,
        _directive(verdict, check_in.direction),
        check_in.pk,
    )


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    # Flights are stored by their UTC times, read naive by the intake (as EDIFACT gives them).
    if value is None:
        return None
    return value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value


# Flights by what the carrier sent; a flight's identity never changes, and check-ins for
# one flight come by the hundred. Dropped whole when full or when an insert fails.
_flights: dict[tuple[int, str, str, str, dt.datetime | None], Flight] = {}


def _flight(carrier: Carrier, check: CheckedTraveller) -> Flight:
    departure = _utc(check.departure)
    key = (carrier.pk, check.flight_number, check.origin, check.destination, departure)
    remember = settings.AEGIS_IAPI_REFRESH_SECONDS > 0
    flight = _flights.get(key) if remember else None
    if flight is None:
        leg = FlightLeg(
            carrier=carrier.code,
            flight_number=check.flight_number,
            departure_port=check.origin,
            departure_time=departure,
            arrival_port=check.destination,
            arrival_time=_utc(check.arrival),
            segment_number=0,
        )
        flight = intake.flight_for_legs([leg], carrier)
        if remember:
            if len(_flights) > 10_000:
                _flights.clear()
            _flights[key] = flight
    return flight


def _load(carrier: Carrier, check: CheckedTraveller, *, at: dt.datetime) -> Traveller:
    flight = _flight(carrier, check)
    row = intake.TravellerRow(
        key=intake.identity_key(check.surname, check.given_names, check.date_of_birth),
        values={
            "kind": check.kind,
            "surname": check.surname[:100],
            "given_names": check.given_names[:200],
            "sex": check.sex[:1],
            "date_of_birth": check.date_of_birth,
            "nationality": check.nationality[:3],
            "residence_country": check.residence_country[:3],
            "embarkation": check.origin[:5],
            "debarkation": check.destination[:5],
            "seat": check.seat[:5],
            "from_api": True,
            # Screened below, in the same transaction.
            "screened_at": at,
        },
        documents=[
            (
                check.document_type,
                check.document_number,
                check.document_country,
                check.document_expiry,
            )
        ],
    )
    [traveller] = intake.upsert_travellers(flight, [row])
    return traveller


def interactive_check(
    *, actor: Actor, carrier: Carrier, check: CheckedTraveller
) -> InteractiveAnswer:
    """Load and screen one traveller of ``carrier``'s flight; say whether a hit awaits review.

    Idempotent: the same traveller sent again (a carrier's retry) is the same record and
    the same case and reference. ``actor`` must hold ``travel.submit_carriermessage`` (None:
    the system, for the AMQP door). The lists and rules screened against may be
    ``AEGIS_IAPI_REFRESH_SECONDS`` old.
    """
    require_permission(actor, "travel.submit_carriermessage")
    active = screening.active_screening(max_age=settings.AEGIS_IAPI_REFRESH_SECONDS)
    try:
        with transaction.atomic():
            return _check(carrier, check, active)
    except IntegrityError:
        # A retry of the same traveller raced this one to the insert: it is there now (or a
        # remembered flight is gone).
        _flights.clear()
        with transaction.atomic():
            return _check(carrier, check, active)


def _check(
    carrier: Carrier, check: CheckedTraveller, active: screening.ActiveScreening
) -> InteractiveAnswer:
    now = timezone.now()
    traveller = _load(carrier, check, at=now)
    created = traveller.created_at >= now
    # A new traveller's one document is the one just sent; an earlier one may hold more.
    document = TravelDocument(
        traveller=traveller,
        document_type=check.document_type,
        number=check.document_number,
        issuing_country=check.document_country,
        expiry_date=check.document_expiry,
    )
    new_hits = screening.screen_loaded(
        [traveller], active, {traveller.pk: [document]} if created else None
    )
    if created:
        check_in = CheckIn.objects.create(traveller=traveller, carrier=carrier)
        # One insert on the latency-critical path: the new traveller's words are all here.
        search.entry_create(traveller, documents=[check.document_number])
    else:
        check_in, _new = CheckIn.objects.get_or_create(
            traveller=traveller, defaults={"carrier": carrier}
        )
        search.index_travellers([traveller.pk])
    if not new_hits and created:
        # Just created and nothing matched: there is no case to look for.
        return InteractiveAnswer(
            Verdict.NO_HIT, traveller.pk, check_in.reference, Directive.OK_TO_BOARD, check_in.pk
        )
    return check_in_answer(check_in)


def direction_give(*, actor: User, case: Case, direction: str, justification: str) -> CheckIn:
    """An analyst's boarding direction for a traveller referred at check-in.

    ``direction`` is ``board`` or ``do_not_board``; only this sends a carrier "do not
    board". Allowed while the case is open and within ``AEGIS_IAPI_DIRECTION_MINUTES`` of
    its opening. A traveller checked in by an interactive PAXLST gets a replacement CUSRES
    (stored for the carrier to fetch, and pushed to its AMQP reply queue); the JSON door
    shows the direction on the check-in's reference. Raises PermissionDenied or
    ValidationError.
    """
    from aegis.travel import iapi_edifact  # the EDIFACT door builds on this module

    require_permission(actor, "travel.review_case")
    if direction not in (CheckIn.Direction.BOARD, CheckIn.Direction.DO_NOT_BOARD):
        raise ValidationError({"direction": "Choose board or do_not_board."})
    justification = justification.strip()
    if not justification:
        raise ValidationError({"justification": "Give the reason for this direction."})
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        check_in = CheckIn.objects.select_for_update().filter(traveller_id=locked.traveller_id)
        found = check_in.first()
        if found is None:
            raise ValidationError("This traveller was not checked in through the iAPI door.")
        if locked.status == Case.Status.CLOSED:
            raise ValidationError("The case is closed: re-open it to give a direction.")
        limit = locked.opened_at + dt.timedelta(minutes=settings.AEGIS_IAPI_DIRECTION_MINUTES)
        if timezone.now() > limit:
            raise ValidationError(
                f"The time for a boarding direction ended at {limit:%Y-%m-%d %H:%M} UTC: "
                "answer the carrier through the unit's own channels."
            )
        found.direction = direction
        found.justification = justification
        found.directed_by = actor
        found.directed_at = timezone.now()
        found.save(update_fields=["direction", "justification", "directed_by", "directed_at"])
        # On the case's own history too, with who and why.
        label = CheckIn.Direction(direction).label
        save_audited(
            locked,
            actor=actor,
            reason=f"direction to carrier: {label}: {justification}"[:500],
            update_fields=["updated_at"],
        )
        if found.interchange_id is not None:
            iapi_edifact.answer_again(found.interchange_id)
    return found
