"""Interactive API (iAPI): one traveller checked while the carrier waits at check-in.

The carrier sends one traveller's document data and flight. The traveller is loaded like
any API record (same flight, same identity key, same screening against the active
watchlists and rules) and the answer says only whether the PIU has to look: no hit, or a
hit pending review with the case id. It is never a board / no-board direction: a hit is a
question for an analyst, who answers through the PIU's own channels, and the carrier
learns nothing of what matched.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from aegis.core.models import User
from aegis.core.permissions import require_permission
from aegis.travel import intake, screening, search
from aegis.travel.models import Carrier, Case, Flight, TravelDocument, Traveller
from paxscreen.edifact import FlightLeg

__all__ = ["CheckedTraveller", "InteractiveAnswer", "Verdict", "interactive_check"]


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


@dataclass(frozen=True, slots=True)
class InteractiveAnswer:
    verdict: Verdict
    traveller_id: int
    case_id: int | None


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
    *, actor: User, carrier: Carrier, check: CheckedTraveller
) -> InteractiveAnswer:
    """Load and screen one traveller of ``carrier``'s flight; say whether a hit awaits review.

    Idempotent: the same traveller sent again (a carrier's retry) is the same record and
    the same case. ``actor`` must hold ``travel.submit_carriermessage``. The lists and rules
    screened against may be ``AEGIS_IAPI_REFRESH_SECONDS`` old.
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
        # One insert on the latency-critical path: the new traveller's words are all here.
        search.entry_create(traveller, documents=[check.document_number])
    else:
        search.index_travellers([traveller.pk])
    if not new_hits and created:
        # Just created and nothing matched: there is no case to look for.
        return InteractiveAnswer(Verdict.NO_HIT, traveller.pk, None)
    case = Case.objects.filter(traveller=traveller).values_list("pk", "status").first()
    if case is None:
        return InteractiveAnswer(Verdict.NO_HIT, traveller.pk, None)
    case_id, status = case
    verdict = Verdict.HIT_REVIEWED if status == Case.Status.CLOSED else Verdict.HIT_PENDING_REVIEW
    return InteractiveAnswer(verdict, traveller.pk, case_id)
