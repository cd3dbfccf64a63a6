"""Retention of personal data, with the EU PNR directive's defaults (2016/681, art. 12).

After ``AEGIS_RETENTION_MASK_DAYS`` (six months) from departure, names, contacts, payment
and document data are masked: taken out of the records into a sealed copy that only a
supervisor's recorded re-identification shows again. After
``AEGIS_RETENTION_DELETE_DAYS`` (five years) everything about the flight is deleted.
Counts (flights, travellers, hits, cases) are untouched by masking.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone

from aegis.travel.access import mask_entries
from aegis.travel.models import (
    Booking,
    BookingVersion,
    CarrierMessage,
    Case,
    Flight,
    Hit,
    Identifier,
    Referral,
    TravelDocument,
    Traveller,
)
from aegis.travel.sealing import seal

MASK = "•••"
MASKED_TEXT = "••• (masked: retention period)"


@dataclass(frozen=True, slots=True)
class RetentionResult:
    masked_travellers: int
    masked_bookings: int
    deleted_flights: int
    deleted_messages: int
    deleted_history_rows: int = 0
    # Records that could not be masked, as "traveller <id>: error"; the others were.
    failures: tuple[str, ...] = ()


def _mask_traveller(traveller: Traveller, now: dt.datetime) -> None:
    documents = list(traveller.documents.all())
    # Before the values go: the access log's labels and purposes are searched for them.
    mask_entries(
        traveller,
        documents=documents,
        identifiers=[i.value for i in traveller.identifiers.all()],
    )
    traveller.sealed = seal(
        {
            "surname": traveller.surname,
            "given_names": traveller.given_names,
            "date_of_birth": traveller.date_of_birth.isoformat() if traveller.date_of_birth else "",
            "documents": [
                {"type": d.document_type, "number": d.number, "country": d.issuing_country}
                for d in documents
            ],
            "identifiers": [
                {"kind": i.kind, "value": i.value} for i in traveller.identifiers.all()
            ],
        }
    )
    traveller.surname = MASK
    traveller.given_names = ""
    traveller.date_of_birth = None
    traveller.masked_at = now
    # The identity key holds the name and date of birth; unique per flight, so keyed by id.
    traveller.identity_key = f"{MASK}{traveller.pk}"
    traveller.save(
        update_fields=[
            "sealed",
            "surname",
            "given_names",
            "date_of_birth",
            "masked_at",
            "identity_key",
        ]
    )
    # One distinct mask per document: (traveller, number) is unique.
    for position, document in enumerate(documents, 1):
        TravelDocument.objects.filter(pk=document.pk).update(
            number=f"{MASK}{position}", expiry_date=None
        )
    _mask_around(traveller)


def _mask_around(traveller: Traveller) -> None:
    """Every other place the traveller's personal data lives: their history rows, the
    explanations of their hits, their case's decisions (and its history) and the data
    their referrals shared."""
    Traveller.history.filter(id=traveller.pk).update(
        surname=MASK, given_names="", date_of_birth=None, identity_key=MASK, sealed=None
    )
    Hit.objects.filter(traveller=traveller).update(explanation=[MASKED_TEXT])
    Identifier.objects.filter(traveller=traveller).delete()
    case = Case.objects.filter(traveller=traveller).first()
    if case is None:
        return
    if case.justification:
        Case.objects.filter(pk=case.pk).update(justification=MASKED_TEXT)
    Case.history.filter(id=case.pk).update(
        justification=MASKED_TEXT, history_change_reason=MASKED_TEXT
    )
    Referral.objects.filter(case=case).update(shared_data={"masked": True})
    Referral.history.filter(case_id=case.pk).update(
        shared_data={"masked": True}, history_change_reason=MASKED_TEXT
    )


def _mask_booking(booking: Booking, now: dt.datetime) -> None:
    booking.sealed = seal(
        {
            "data": booking.data,
            "identifiers": [{"kind": i.kind, "value": i.value} for i in booking.identifiers.all()],
        }
    )
    booking.data = {"masked": True}
    booking.masked_at = now
    booking.save(update_fields=["sealed", "data", "masked_at"])
    Identifier.objects.filter(booking=booking).delete()
    BookingVersion.objects.filter(booking=booking).update(data={"masked": True})


@transaction.atomic
def retention_apply(*, now: dt.datetime | None = None) -> RetentionResult:
    """Mask what is past the masking period and delete what is past the deletion period."""
    now = now or timezone.now()
    mask_before = now - dt.timedelta(days=settings.AEGIS_RETENTION_MASK_DAYS)
    delete_before = now - dt.timedelta(days=settings.AEGIS_RETENTION_DELETE_DAYS)

    old_flights = Flight.objects.filter(departure__lt=delete_before)
    deleted_flights = old_flights.count()
    old_travellers = list(
        Traveller.objects.filter(flight__in=old_flights).values_list("pk", flat=True)
    )
    old_cases = list(Case.objects.filter(flight__in=old_flights).values_list("pk", flat=True))
    booking_ids = list(
        Booking.objects.filter(travellers__flight__in=old_flights)
        .values_list("pk", flat=True)
        .distinct()
    )
    old_flights.delete()
    # History rows outlive their records: they go with them.
    deleted_history_rows = (
        Traveller.history.filter(id__in=old_travellers).delete()[0]
        + Case.history.filter(id__in=old_cases).delete()[0]
        + Referral.history.filter(case_id__in=old_cases).delete()[0]
    )
    # A booking goes with its last flight (a return trip may still be retained).
    Booking.objects.filter(pk__in=booking_ids, travellers__isnull=True).delete()
    # Counted without the interchange's messages (InterchangeMessage) deleted with it.
    _total, deleted = CarrierMessage.objects.filter(received_at__lt=delete_before).delete()
    deleted_messages = deleted.get(CarrierMessage._meta.label, 0)

    travellers = Traveller.objects.filter(
        flight__departure__lt=mask_before, masked_at__isnull=True
    ).prefetch_related("documents", "identifiers")
    masked_travellers = 0
    failures = []
    for traveller in travellers:
        try:
            with transaction.atomic():  # a savepoint: one failure leaves the others masked
                _mask_traveller(traveller, now)
        except (DatabaseError, ValueError) as error:
            failures.append(f"traveller {traveller.pk}: {error}")
            continue
        masked_travellers += 1
    bookings = Booking.objects.filter(
        masked_at__isnull=True, travellers__masked_at__isnull=False
    ).distinct()
    masked_bookings = 0
    for booking in bookings:
        if not booking.travellers.filter(masked_at__isnull=True).exists():
            _mask_booking(booking, now)
            masked_bookings += 1
    # Raw messages hold the same personal data: keep their digest (deduplication), not the text.
    CarrierMessage.objects.filter(received_at__lt=mask_before).exclude(content="").update(
        content=""
    )
    return RetentionResult(
        masked_travellers,
        masked_bookings,
        deleted_flights,
        deleted_messages,
        deleted_history_rows,
        tuple(failures),
    )
