"""Masking leaves nothing readable (observation 3 of the integrity issue): a traveller with
two documents no longer rolls the whole run back, and the history rows, hits, case
decisions and referrals of a masked traveller hold none of the original values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.apps import apps
from django.db import DatabaseError, models

from aegis.core.models import Organisation, User
from aegis.core.permissions import SYSTEM
from aegis.core.roles import Role
from aegis.travel import access, retention, services
from aegis.travel.intake import message_receive
from aegis.travel.models import (
    AccessLog,
    CarrierMessage,
    Case,
    Hit,
    TravelDocument,
    Traveller,
    WatchlistVersion,
)
from aegis.travel.retention import retention_apply
from paxscreen.edifact import parse
from tests.aegis.travel.conftest import GTAS, RI_WON_HO, paxlst

pytestmark = pytest.mark.django_db


def _text_rows_containing(*needles: str) -> list[str]:
    """Every text or JSON column of every table of the project holding one of ``needles``."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label not in {"travel", "core", "admin", "simple_history"}:
            continue
        columns = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        for row in model.objects.values_list("pk", *columns):
            text = " ".join(str(value) for value in row[1:]).upper()
            found += [f"{model.__name__} {row[0]}: {n}" for n in needles if n.upper() in text]
    return found


def test_a_traveller_with_two_documents_is_masked_with_everyone_else() -> None:
    """The GTAS sample gtas-loader-infant.edi gives a traveller two documents."""
    content = (GTAS / "pnr-messages" / "gtas-loader-infant.edi").read_bytes()
    message_receive(content=content, door="command", actor=SYSTEM)
    twice = [t for t in Traveller.objects.all() if t.documents.count() >= 2]
    assert twice, "the sample has a traveller with two documents"
    departure = Traveller.objects.order_by("-flight__departure").first().flight.departure

    result = retention_apply(now=departure + dt.timedelta(days=200))

    assert result.masked_travellers == Traveller.objects.count()
    assert not Traveller.objects.filter(masked_at__isnull=True).exists()
    numbers = list(TravelDocument.objects.values_list("number", flat=True))
    assert len(set(numbers)) == len(numbers)
    assert all(n.startswith("•••") for n in numbers)


def test_after_masking_no_table_holds_the_name_birth_date_or_passport(
    un_list: WatchlistVersion, make_user: Callable[..., User]
) -> None:
    analyst = make_user(Role.PIU_ANALYST)
    agency = Organisation.objects.create(name="Police", kind=Organisation.Kind.OTHER)
    make_user(Role.AGENCY_LIAISON, organisation=agency)
    message_receive(content=paxlst(RI_WON_HO), door="command", actor=SYSTEM)
    case = Case.objects.get()
    case = services.case_transition(actor=analyst, case=case, transition="review")
    services.referral_create(
        actor=analyst, case=case, agency=agency, agency_kind="police", reason="Listed."
    )
    services.case_transition(
        actor=analyst,
        case=case,
        transition="close",
        outcome=Case.Outcome.TRUE_MATCH,
        justification="RI WON HO, born 1964-07-17, passport 381310014: the listed person.",
    )
    # The access log names the traveller: the label of their page, an export's purpose.
    traveller = case.traveller
    access.record(
        user=analyst, action="view", what="traveller", kind="traveller", object_id=traveller.pk
    )
    access.record(
        user=analyst,
        action="export",
        what="flight passenger list",
        kind="flight",
        object_id=traveller.flight_id,
        purpose="Police request on Ri Won Ho (born 1964-07-17, 17/07/1964), 381310014; ref 9",
    )
    # Only the personal data of travellers: the watchlist itself names the listed person.
    needles = ("WON HO", "1964-07-17", "17/07/1964", "381310014")
    assert _text_rows_containing(*needles)
    departure = case.flight.departure

    retention_apply(now=departure + dt.timedelta(days=200))

    leftovers = [
        row for row in _text_rows_containing(*needles) if not row.startswith("WatchlistVersion")
    ]
    # The hit's label is the listed entry's name, as the watchlist has it.
    assert leftovers == [f"Hit {Hit.objects.get().pk}: WON HO"]
    assert list(AccessLog.objects.order_by("pk").values_list("label", "purpose")) == [
        (f"•••, ••• ••• ({traveller.flight})", ""),
        (str(traveller.flight), "Police request on ••• ••• ••• (born •••, •••), •••; ref 9"),
    ]
    # The raw message is masked in place: as the carrier sent it, minus who travelled.
    message = CarrierMessage.objects.get()
    assert "RI:WON:HO" not in message.content and "640717" not in message.content
    (item,) = parse(message.content)
    assert item.errors == ()
    assert {t.surname for t in item.manifest.travellers} == {"XXXX"}  # type: ignore[union-attr]


# Who travels in gtas-loader-infant.edi: a mother and her infant, each with a passport in the
# booking twice (two documents per traveller), as the sample writes them and as stored.
INFANT_NEEDLES = (
    "BELT",
    "ISABELLE",
    "SOPHY",
    "512731999",
    "509229987",
    "20SEP12",
    "2012-09-20",
    "01JUL78",
    "1978-07-01",
)


def test_after_masking_no_column_holds_anything_of_travellers_with_several_documents() -> None:
    """The all-columns scan on a real sample; run on SQLite and on PostgreSQL
    (``DATABASE_URL``)."""
    content = (GTAS / "pnr-messages" / "gtas-loader-infant.edi").read_bytes()
    message_receive(content=content, door="command", actor=SYSTEM)
    assert any(t.documents.count() >= 2 for t in Traveller.objects.all())
    assert {row.split(": ")[1] for row in _text_rows_containing(*INFANT_NEEDLES)} == set(
        INFANT_NEEDLES
    )
    departure = Traveller.objects.order_by("-flight__departure").first().flight.departure

    result = retention_apply(now=departure + dt.timedelta(days=200))

    assert (result.failures, result.masked_messages) == ((), 1)
    assert _text_rows_containing(*INFANT_NEEDLES) == []
    (item,) = parse(CarrierMessage.objects.get().content)
    assert item.errors == ()
    people = [p for b in item.pnr.bookings for p in b.travellers]  # type: ignore[union-attr]
    assert {p.surname for p in people} == {"XXXX"}


def test_a_record_that_fails_is_reported_and_the_others_are_still_masked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    message_receive(content=paxlst(RI_WON_HO, travellers=5), door="command", actor=SYSTEM)
    first = Traveller.objects.order_by("pk").first()
    mask = retention._mask_traveller

    def failing_on_first(traveller: Traveller, now: dt.datetime) -> None:
        mask(traveller, now)
        if traveller.pk == first.pk:
            raise DatabaseError("disk full")

    monkeypatch.setattr(retention, "_mask_traveller", failing_on_first)
    departure = first.flight.departure

    result = retention.retention_apply(now=departure + dt.timedelta(days=200))

    assert result.failures == (f"traveller {first.pk}: disk full",)
    assert result.masked_travellers == Traveller.objects.count() - 1
    first.refresh_from_db()
    assert first.masked_at is None  # rolled back to its savepoint, whole
    assert Traveller.objects.filter(masked_at__isnull=False).count() == result.masked_travellers


def test_deletion_after_five_years_takes_the_history_rows_too() -> None:
    message_receive(content=paxlst(RI_WON_HO, travellers=5), door="command", actor=SYSTEM)
    departure = Traveller.objects.first().flight.departure
    before = Traveller.history.count()
    assert before == Traveller.objects.count() == 5

    result = retention.retention_apply(now=departure + dt.timedelta(days=5 * 366))

    assert result.deleted_flights == 1
    assert Traveller.history.count() == 0
    # Each traveller's row of creation, and the row simple-history adds on deletion.
    assert result.deleted_history_rows == 2 * before


def test_warnings_that_quote_the_message_are_masked_with_it() -> None:
    # A carrier's system appended a stray copy of a name segment after the interchange.
    content = paxlst(RI_WON_HO) + b"NAD+FL+++RI:WON HO:PASSPORT 381310014'\n"
    message_receive(content=content, door="command", actor=SYSTEM)
    message = CarrierMessage.objects.get()
    assert any("WON HO" in line for line in message.warnings)
    departure = Traveller.objects.first().flight.departure

    retention_apply(now=departure + dt.timedelta(days=200))

    assert _text_rows_containing("WON HO", "381310014") == []
    message.refresh_from_db()
    assert any("XXXX" in line for line in message.warnings)
