"""Retention with the EU PNR directive's defaults, tested by travelling in time:
masked after six months, deleted after five years, counts unchanged by masking."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aegis.core.models import Organisation, User
from aegis.core.permissions import SYSTEM
from aegis.core.roles import Role
from aegis.travel import services
from aegis.travel.intake import message_receive
from aegis.travel.models import (
    AccessLog,
    Booking,
    CarrierMessage,
    Case,
    CaseComment,
    CaseTask,
    Flight,
    Hit,
    Identifier,
    Referral,
    TravelDocument,
    Traveller,
)
from aegis.travel.retention import MASK, RetentionResult, retention_apply
from aegis.travel.sealing import unseal
from paxscreen.edifact import parse
from paxscreen.synthetic.traffic import generate_pnrgov
from tests.aegis.travel.conftest import MIRIAM, paxlst

pytestmark = pytest.mark.django_db

START = dt.date(2026, 12, 1)


def _counts() -> tuple[int, int, int, int]:
    return (
        Flight.objects.count(),
        Traveller.objects.count(),
        Hit.objects.count(),
        Case.objects.count(),
    )


@pytest.fixture
def traffic(national_list: object) -> Flight:
    """API and PNR traffic of two flights; returns the later one (the anchor in time)."""
    message_receive(content=paxlst(MIRIAM), door="command", actor=SYSTEM)
    pnr = generate_pnrgov(random.Random(5), flights=1, bookings_per_flight=3, start=START)
    message_receive(content=pnr.encode(), door="command", actor=SYSTEM)
    return Flight.objects.order_by("-departure").first()


def test_before_six_months_nothing_is_masked(traffic: Flight) -> None:
    first = Flight.objects.order_by("departure").first()
    assert first is not None

    result = retention_apply(now=first.departure + dt.timedelta(days=182))

    assert result == RetentionResult(0, 0, 0, 0)
    assert not Traveller.objects.filter(masked_at__isnull=False).exists()


def test_after_six_months_personal_data_is_masked_and_counts_still_add_up(
    traffic: Flight,
) -> None:
    before = _counts()
    flight_page_count = traffic.travellers.count()

    kestrel_pk = Traveller.objects.get(surname="KESTREL").pk
    retention_apply(now=traffic.departure + dt.timedelta(days=184))

    assert _counts() == before
    assert traffic.travellers.count() == flight_page_count
    kestrel = Traveller.objects.get(pk=kestrel_pk)
    assert (kestrel.surname, kestrel.given_names, kestrel.date_of_birth) == (MASK, "", None)
    assert "KESTREL" not in str(kestrel.sealed)  # encrypted at rest
    assert unseal(kestrel.sealed)["surname"] == "KESTREL"
    assert set(TravelDocument.objects.values_list("number", flat=True)) == {f"{MASK}1"}
    assert Booking.objects.count() == 3
    for booking in Booking.objects.all():
        assert (booking.data, booking.masked_at is not None) == ({"masked": True}, True)
        assert [version.data for version in booking.versions.all()] == [{"masked": True}]
        assert unseal(booking.sealed)["identifiers"]
    assert not Identifier.objects.exists()
    # The raw messages are masked in place: they still parse, to nobody.
    for message in CarrierMessage.objects.all():
        assert message.masked_at is not None
        assert "KESTREL" not in message.content
        parsed = [item for item in parse(message.content) if item.pnr or item.manifest]
        assert parsed and not any(item.errors for item in parsed)
        for item in parsed:
            people = (
                item.manifest.travellers
                if item.manifest
                else [p for b in item.pnr.bookings for p in b.travellers]  # type: ignore[union-attr]
            )
            assert {person.surname for person in people} == {"XXXX"}
    assert Hit.objects.get().traveller == kestrel


def test_masked_travellers_are_not_screened_again(traffic: Flight) -> None:
    kestrel_pk = Traveller.objects.get(surname="KESTREL").pk
    retention_apply(now=traffic.departure + dt.timedelta(days=184))
    kestrel = Traveller.objects.get(pk=kestrel_pk)
    Hit.objects.all().delete()

    from aegis.travel.screening import screen_travellers

    assert screen_travellers(traveller_ids=[kestrel.pk]) == 0


def test_after_five_years_everything_is_deleted(traffic: Flight) -> None:
    out = StringIO()
    retention_apply(now=traffic.departure + dt.timedelta(days=184))

    result = retention_apply(now=traffic.departure + dt.timedelta(days=5 * 365 + 2))
    call_command("retention", stdout=out)

    assert (result.deleted_flights, result.deleted_messages) == (2, 2)
    assert _counts() == (0, 0, 0, 0)
    assert not Booking.objects.exists()
    assert out.getvalue() == (
        "0 travellers, 0 bookings and 0 messages masked; 0 flights, 0 travellers, "
        "0 bookings, 0 hits, 0 cases, 0 referrals, 0 messages and 0 history rows deleted.\n"
    )


def _rows() -> dict[str, int]:
    return {
        "flights": Flight.objects.count(),
        "travellers": Traveller.objects.count(),
        "bookings": Booking.objects.count(),
        "hits": Hit.objects.count(),
        "cases": Case.objects.count(),
        "referrals": Referral.objects.count(),
        "messages": CarrierMessage.objects.count(),
        "history rows": Traveller.history.count() + Case.history.count() + Referral.history.count(),
    }


def test_the_numbers_retention_reports_are_the_rows_it_removed(
    traffic: Flight, make_user: Callable[..., User], piu_client: Callable[..., Client]
) -> None:
    """Flights received today but departed five years ago: their messages, hits, cases,
    referrals and history rows are deleted with them, and the report says how many."""
    analyst = make_user(Role.PIU_ANALYST)
    agency = Organisation.objects.create(name="Police", kind=Organisation.Kind.OTHER)
    case = services.case_transition(actor=analyst, case=Case.objects.get(), transition="review")
    services.referral_create(
        actor=analyst, case=case, agency=agency, agency_kind="police", reason="Listed."
    )
    before = _rows()
    assert before["hits"] and before["cases"] and before["referrals"] and before["messages"]
    later = traffic.departure + dt.timedelta(days=5 * 365 + 2)

    shown = retention_apply(now=later).summary()  # what `aegis retention` prints

    after = _rows()
    removed = {name: before[name] - after[name] for name in before}
    deletion_rows = removed["travellers"] + removed["cases"] + removed["referrals"]
    assert after == dict.fromkeys(before, 0)
    # Each history row of the travellers, cases and referrals, and the row of each deletion.
    assert shown == (
        "0 travellers, 0 bookings and 0 messages masked; "
        f"{removed['flights']} flights, {removed['travellers']} travellers, "
        f"{removed['bookings']} bookings, {removed['hits']} hits, {removed['cases']} cases, "
        f"{removed['referrals']} referrals, {removed['messages']} messages and "
        f"{removed['history rows'] + deletion_rows} history rows deleted."
    )
    # The retention page shows the same numbers.
    page = piu_client(Role.PIU_SUPERVISOR).get(reverse("travel:retention")).content.decode()
    shown_on_page = {
        name: int(value) for name, value in re.findall(r'data-count="(\w+)">(\d+)<', page)
    }
    assert shown_on_page == {
        "masked_travellers": 0,
        "masked_bookings": 0,
        "masked_messages": 0,
        "deleted_flights": removed["flights"],
        "deleted_travellers": removed["travellers"],
        "deleted_bookings": removed["bookings"],
        "deleted_hits": removed["hits"],
        "deleted_cases": removed["cases"],
        "deleted_referrals": removed["referrals"],
        "deleted_messages": removed["messages"],
        "deleted_history_rows": removed["history rows"] + deletion_rows,
    }


def test_only_supervisors_see_the_retention_page(piu_client: Callable[..., Client]) -> None:
    assert piu_client(Role.PIU_ANALYST).get(reverse("travel:retention")).status_code == 403
    assert piu_client(Role.PIU_SUPERVISOR).get(reverse("travel:retention")).status_code == 200


def test_a_supervisor_reidentifies_with_a_recorded_authorisation(
    traffic: Flight, make_user: Callable[..., User], piu_client: Callable[..., Client]
) -> None:
    kestrel_pk = Traveller.objects.get(surname="KESTREL").pk
    retention_apply(now=traffic.departure + dt.timedelta(days=184))
    kestrel = Traveller.objects.get(pk=kestrel_pk)
    supervisor = make_user(Role.PIU_SUPERVISOR, username="head")
    analyst = make_user(Role.PIU_ANALYST)

    with pytest.raises(PermissionDenied):
        services.traveller_reidentify(actor=analyst, traveller=kestrel, authorisation="x")
    response = piu_client(None, user=supervisor).post(
        reverse("travel:traveller", args=[kestrel.pk]),
        {"authorisation": "Prosecutor's order 2027/114"},
    )

    assert response.status_code == 200
    assert response.context["sealed"]["surname"] == "KESTREL"
    assert list(
        AccessLog.objects.filter(action="reidentify").values_list("user", "object_id", "purpose")
    ) == [(supervisor.pk, str(kestrel.pk), "Prosecutor's order 2027/114")]


def test_comments_and_questions_about_a_masked_traveller_are_masked_too(
    traffic: Flight, make_user: Callable[..., User]
) -> None:
    analyst = make_user(Role.PIU_ANALYST, username="nadia")
    colleague = make_user(Role.PIU_ANALYST, username="karim")
    case = Case.objects.get()
    services.case_comment_add(actor=analyst, case=case, text="Miriam Kestrel, seat 12A again.")
    task = services.case_task_create(
        actor=analyst,
        case=case,
        assignee=colleague,
        question="Is Kestrel born 2 March 1979?",
        due_at=timezone.now() + dt.timedelta(hours=4),
    )
    services.case_task_answer(actor=colleague, task=task, answer="Yes, Kestrel is.")
    unanswered = services.case_task_create(
        actor=analyst,
        case=case,
        assignee=colleague,
        question="Kestrel's phone?",
        due_at=timezone.now() + dt.timedelta(hours=4),
    )

    retention_apply(now=traffic.departure + dt.timedelta(days=184))

    masked = "••• (masked: retention period)"
    assert list(CaseComment.objects.values_list("text", flat=True)) == [masked]
    assert list(CaseTask.objects.order_by("pk").values_list("question", "answer")) == [
        (masked, masked),
        (masked, ""),
    ]
    assert unanswered.pk == CaseTask.objects.order_by("pk").last().pk  # type: ignore[union-attr]
