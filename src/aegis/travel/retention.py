"""Retention of personal data, with the EU PNR directive's defaults (2016/681, art. 12).

After ``AEGIS_RETENTION_MASK_DAYS`` (six months) from departure, names, contacts, payment
and document data are masked: taken out of the records into a sealed copy that only a
supervisor's recorded re-identification shows again; the raw messages are masked in place
(``paxscreen.edifact.redact.mask``: they still parse, to travellers with no name, birth date
or document). After ``AEGIS_RETENTION_DELETE_DAYS`` (five years) everything about the
flight is deleted: travellers, hits, cases, their history rows and the messages that
carried them. Counts (flights, travellers, hits, cases) are untouched by masking.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone

from aegis.travel.access import mask_entries
from aegis.travel.models import (
    Booking,
    BookingVersion,
    CarrierMessage,
    Case,
    CaseComment,
    CaseTask,
    Flight,
    Hit,
    IapiInterchange,
    Identifier,
    InterchangeMessage,
    Referral,
    RetentionRun,
    TravelDocument,
    Traveller,
)
from aegis.travel.sealing import seal
from aegis.travel.search import entry_mask, index_compact
from paxscreen.edifact import parse
from paxscreen.edifact.redact import identities, mask, mask_text
from paxscreen.edifact.typeb import unwrap as unwrap_type_b

MASK = "•••"
MASKED_TEXT = "••• (masked: retention period)"


@dataclass(frozen=True, slots=True)
class RetentionResult:
    """What one run masked and deleted; every deleted count is the rows it removed."""

    masked_travellers: int
    masked_bookings: int
    deleted_flights: int
    deleted_messages: int
    deleted_history_rows: int = 0
    # Records that could not be masked, as "traveller <id>: error"; the others were.
    failures: tuple[str, ...] = ()
    masked_messages: int = 0
    deleted_travellers: int = 0
    deleted_bookings: int = 0
    deleted_hits: int = 0
    deleted_cases: int = 0
    deleted_referrals: int = 0

    def summary(self) -> str:
        """The run in one sentence, as the command prints it."""
        return (
            f"{self.masked_travellers} travellers, {self.masked_bookings} bookings and "
            f"{self.masked_messages} messages masked; {self.deleted_flights} flights, "
            f"{self.deleted_travellers} travellers, {self.deleted_bookings} bookings, "
            f"{self.deleted_hits} hits, {self.deleted_cases} cases, "
            f"{self.deleted_referrals} referrals, {self.deleted_messages} messages and "
            f"{self.deleted_history_rows} history rows deleted."
        )


def _mask_traveller(traveller: Traveller, now: dt.datetime) -> None:
    documents = list(traveller.documents.all())
    identifiers = list(traveller.identifiers.all())
    # Before the values go: the access log's labels and purposes are searched for them.
    mask_entries(traveller, documents=documents, identifiers=[i.value for i in identifiers])
    entry_mask(traveller.pk)  # its search words become digests, found only by re-identifiers
    traveller.sealed = seal(
        {
            "surname": traveller.surname,
            "given_names": traveller.given_names,
            "date_of_birth": traveller.date_of_birth.isoformat() if traveller.date_of_birth else "",
            "documents": [
                {"type": d.document_type, "number": d.number, "country": d.issuing_country}
                for d in documents
            ],
            "identifiers": [{"kind": i.kind, "value": i.value} for i in identifiers],
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
    # Comments and questions are free text analysts wrote about the traveller.
    CaseComment.objects.filter(case=case).update(text=MASKED_TEXT)
    CaseTask.objects.filter(case=case).update(question=MASKED_TEXT)
    CaseTask.objects.filter(case=case).exclude(answer="").update(answer=MASKED_TEXT)
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


def _mask_message(message: CarrierMessage, now: dt.datetime) -> None:
    """The raw interchange with every traveller and booking contact it carries masked in
    place, and the errors and warnings that quote it.

    Text that yields no identity (it never parsed to travellers) may hold personal data no
    reader can find: it is emptied, with what quotes it.
    """
    content = message.content
    _envelope, payload = unwrap_type_b(content)
    people = identities(parse(payload)) if content else []
    parts = list(message.parts.all())
    if not people:
        message.content = ""
        message.error, message.warnings = "", []
        for part in parts:
            part.error, part.warnings = "", []
    else:
        start = content.find(payload)
        masked = mask(payload, people).text
        message.content = content[:start] + masked + content[start + len(payload) :]
        message.error = mask_text(message.error, people)
        message.warnings = [mask_text(line, people) for line in message.warnings]
        for part in parts:
            part.error = mask_text(part.error, people)
            part.warnings = [mask_text(line, people) for line in part.warnings]
    message.masked_at = now
    message.save(update_fields=["content", "error", "warnings", "masked_at"])
    InterchangeMessage.objects.bulk_update(parts, ["error", "warnings"])


def _mask_messages(mask_before: dt.datetime, now: dt.datetime) -> tuple[int, list[str]]:
    """Mask the raw messages whose flights all departed before ``mask_before`` (with their
    travellers), or, for a message that loaded no flight, received before it. Returns the
    count and the messages that failed, as "message <id>: error"."""
    loaded_a_flight = Q(parts__flight__isnull=False)
    past = (Q(received_at__lt=mask_before) & ~loaded_a_flight) | (
        Q(parts__flight__departure__lt=mask_before) & ~Q(parts__flight__departure__gte=mask_before)
    )
    pending = CarrierMessage.objects.filter(past, masked_at__isnull=True).distinct()
    masked = 0
    failures = []
    for message in pending.prefetch_related("parts"):
        try:
            with transaction.atomic():  # a savepoint: one failure leaves the others masked
                _mask_message(message, now)
        except (DatabaseError, ValueError) as error:
            failures.append(f"message {message.pk}: {error}")
            continue
        masked += 1
    return masked, failures


@transaction.atomic
def retention_apply(*, now: dt.datetime | None = None) -> RetentionResult:
    """Mask what is past the masking period and delete what is past the deletion period."""
    now = now or timezone.now()
    mask_before = now - dt.timedelta(days=settings.AEGIS_RETENTION_MASK_DAYS)
    delete_before = now - dt.timedelta(days=settings.AEGIS_RETENTION_DELETE_DAYS)

    old_flights = Flight.objects.filter(departure__lt=delete_before)
    old_travellers = list(
        Traveller.objects.filter(flight__in=old_flights).values_list("pk", flat=True)
    )
    old_cases = list(Case.objects.filter(flight__in=old_flights).values_list("pk", flat=True))
    booking_ids = list(
        Booking.objects.filter(travellers__flight__in=old_flights)
        .values_list("pk", flat=True)
        .distinct()
    )
    # The messages that carried only these flights go with them (a message received long
    # before its flight is not kept for want of a received date past the period).
    old_messages = set(
        CarrierMessage.objects.filter(parts__flight__in=old_flights)
        .exclude(parts__flight__departure__gte=delete_before)
        .values_list("pk", flat=True)
    )
    _total, deleted = old_flights.delete()
    # History rows outlive their records: they go with them (simple-history writes one
    # more on each deletion, removed here too).
    deleted_history_rows = (
        Traveller.history.filter(id__in=old_travellers).delete()[0]
        + Case.history.filter(id__in=old_cases).delete()[0]
        + Referral.history.filter(case_id__in=old_cases).delete()[0]
    )
    # A booking goes with its last flight (a return trip may still be retained).
    _total, deleted_with_bookings = Booking.objects.filter(
        pk__in=booking_ids, travellers__isnull=True
    ).delete()
    # Counted without the interchange's messages (InterchangeMessage) deleted with it.
    _total, deleted_with_messages = CarrierMessage.objects.filter(
        (Q(received_at__lt=delete_before) & ~Q(parts__flight__isnull=False))
        | Q(pk__in=old_messages)
    ).delete()

    # A CUSRES answer kept for the carrier to fetch again (errors may quote what it sent)
    # is of no use once the flight is long gone: it goes at the masking period.
    IapiInterchange.objects.filter(received_at__lt=mask_before).delete()

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
    # Raw messages hold the same personal data: masked in place, digest kept.
    masked_messages, message_failures = _mask_messages(mask_before, now)
    result = RetentionResult(
        masked_travellers,
        masked_bookings,
        deleted_flights=deleted.get(Flight._meta.label, 0),
        deleted_messages=deleted_with_messages.get(CarrierMessage._meta.label, 0),
        deleted_history_rows=deleted_history_rows,
        failures=(*failures, *message_failures),
        masked_messages=masked_messages,
        deleted_travellers=deleted.get(Traveller._meta.label, 0),
        deleted_bookings=deleted_with_bookings.get(Booking._meta.label, 0),
        deleted_hits=deleted.get(Hit._meta.label, 0),
        deleted_cases=deleted.get(Case._meta.label, 0),
        deleted_referrals=deleted.get(Referral._meta.label, 0),
    )
    if result.masked_travellers or result.deleted_travellers:
        index_compact()  # no word of a masked or deleted traveller left in the index's pages
    # The retention page shows each run as it was counted here.
    RetentionRun.objects.create(
        as_of=now,
        failures=list(result.failures),
        **{
            name: getattr(result, name)
            for name in (
                "masked_travellers",
                "masked_bookings",
                "masked_messages",
                "deleted_flights",
                "deleted_travellers",
                "deleted_bookings",
                "deleted_hits",
                "deleted_cases",
                "deleted_referrals",
                "deleted_messages",
                "deleted_history_rows",
            )
        },
    )
    return result
