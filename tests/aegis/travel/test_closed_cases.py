"""Closed cases stay closed (deliverable 3 of the integrity issue): a new hit on a closed,
referred and answered case leaves the decision, the referral and its answer as they were,
puts the new hits up for review on the case and tells its assignee, in the application and
by e-mail. Through the live path: messages loaded by intake, screened as they arrive."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from aegis.core.models import Organisation, User
from aegis.core.permissions import SYSTEM
from aegis.core.roles import Role
from aegis.travel import services
from aegis.travel.intake import message_receive
from aegis.travel.models import Case, CaseNotification, Hit, Referral, Watchlist, WatchlistVersion
from tests.aegis.travel.conftest import RI_WON_HO, paxlst

pytestmark = pytest.mark.django_db

# RI WON HO (UN list KPi.033) on a national list as well, loaded after the decision.
NATIONAL_ENTRY = (
    "reference,full_name,aliases,date_of_birth,nationality,gender,document_number,"
    "document_type,document_country,kind,programme\n"
    "NAT-33,Ri Won Ho,,1964-07-17,PRK,male,381310014,passport,PRK,person,\n"
)


@pytest.fixture
def decided(
    un_list: WatchlistVersion, organisation: Organisation, make_user: Callable[..., User]
) -> dict[str, object]:
    """RI WON HO's case: reviewed, referred, answered by the police, closed as a true match."""
    analyst = make_user(Role.PIU_ANALYST, username="nadia", email="nadia@piu.example")
    liaison = make_user(Role.AGENCY_LIAISON, organisation=organisation)
    first = paxlst(RI_WON_HO)
    message_receive(content=first, door="command", actor=SYSTEM)
    case = Case.objects.get()
    case = services.case_transition(actor=analyst, case=case, transition="review")
    referral = services.referral_create(
        actor=analyst, case=case, agency=organisation, agency_kind="police", reason="Listed."
    )
    services.referral_answer(actor=liaison, referral=referral, answer="Stopped at the border.")
    services.case_transition(
        actor=analyst,
        case=case,
        transition="close",
        outcome=Case.Outcome.TRUE_MATCH,
        justification="Same person as KPi.033: name, date of birth and passport agree.",
    )
    return {"analyst": analyst, "case": case, "message": first}


def _resent(message: bytes) -> bytes:
    """The carrier sends the manifest again (a later interchange reference, same content)."""
    return message.replace(b"0000000001", b"0000000002")


def test_a_new_hit_on_a_closed_case_keeps_the_decision_and_tells_the_assignee(
    decided: dict[str, object],
    django_capture_on_commit_callbacks: Callable[..., object],
    piu_client: Callable[..., Client],
) -> None:
    case: Case = decided["case"]  # type: ignore[assignment]
    analyst: User = decided["analyst"]  # type: ignore[assignment]
    services.watchlist_load(
        actor=SYSTEM,
        name="National list",
        content=NATIONAL_ENTRY,
        file_format=Watchlist.Format.CSV,
        rescreen=False,
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        result = message_receive(content=_resent(decided["message"]), door="command", actor=SYSTEM)  # type: ignore[arg-type]

    assert (result.status, result.duplicate) == ("loaded", False)
    case.refresh_from_db()
    assert (case.status, case.outcome, case.justification) == (
        Case.Status.CLOSED,
        Case.Outcome.TRUE_MATCH,
        "Same person as KPi.033: name, date of birth and passport agree.",
    )
    assert case.new_hits_at is not None
    assert sorted(case.hits.values_list("key", flat=True)) == ["KPi.033", "NAT-33"]
    referral = Referral.objects.get()
    assert (referral.status, referral.answer) == ("answered", "Stopped at the border.")
    notification = CaseNotification.objects.get()
    text = (
        f"Case {case.pk} was closed as true match; 1 new hit(s) since the decision wait for review."
    )
    assert (notification.user, notification.case, notification.text) == (analyst, case, text)
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert (sent.to, sent.subject) == (
        ["nadia@piu.example"],
        f"Aegis: new hits on closed case {case.pk}",
    )
    assert sent.body == f"{text}\n\n/piu/cases/{case.pk}/\n"
    assert "RI" not in sent.body.replace("PIU", "")  # no traveller's name leaves by mail

    client = piu_client(None, user=analyst)
    cases = client.get(reverse("travel:cases")).content.decode()
    assert text in cases
    assert "new hits to review" in cases
    page = client.get(reverse("travel:case", args=[case.pk])).content.decode()
    assert "New hits since the decision" in page
    assert "Stopped at the border." in page
    assert "Same person as KPi.033" in page
    assert CaseNotification.objects.get().read_at is not None  # read by opening the case
    assert text not in client.get(reverse("travel:cases")).content.decode()


def test_the_same_message_again_adds_no_hit_and_tells_nobody(
    decided: dict[str, object], django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        message_receive(content=_resent(decided["message"]), door="command", actor=SYSTEM)  # type: ignore[arg-type]

    case = Case.objects.get()
    assert (case.new_hits_at, Hit.objects.count()) == (None, 1)
    assert not CaseNotification.objects.exists()
    assert mail.outbox == []


def test_an_assignee_without_an_address_is_told_in_the_application_only(
    decided: dict[str, object], django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    analyst: User = decided["analyst"]  # type: ignore[assignment]
    User.objects.filter(pk=analyst.pk).update(email="")
    services.watchlist_load(
        actor=SYSTEM,
        name="National list",
        content=NATIONAL_ENTRY,
        file_format=Watchlist.Format.CSV,
        rescreen=False,
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        message_receive(content=_resent(decided["message"]), door="command", actor=SYSTEM)  # type: ignore[arg-type]

    assert CaseNotification.objects.get().user == analyst
    assert mail.outbox == []
