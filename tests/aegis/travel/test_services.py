"""The decisions people take: case workflow, suppression of false matches, referrals,
rules, watchlist versions and re-screening."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from aegis.core.models import User
from aegis.core.permissions import SYSTEM
from aegis.core.roles import Role
from aegis.travel import services
from aegis.travel.intake import message_receive
from aegis.travel.models import Case, Hit, Referral, Rule, ScreeningRun, Suppression, Watchlist
from aegis.travel.screening import screen_travellers
from tests.aegis.factories import OrganisationFactory
from tests.aegis.travel.conftest import MIRIAM, NATIONAL_LIST, paxlst
from tests.aegis.travel.factories import CaseFactory, HitFactory, TravellerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(make_user: Callable[..., User]) -> User:
    return make_user(Role.PIU_ANALYST, username="analyst")


@pytest.fixture
def supervisor(make_user: Callable[..., User]) -> User:
    return make_user(Role.PIU_SUPERVISOR, username="supervisor")


def test_review_assigns_the_case_to_the_analyst(analyst: User) -> None:
    case = HitFactory().case

    case = services.case_transition(actor=analyst, case=case, transition="review")

    assert (case.status, case.assignee) == ("in_review", analyst)
    assert case.history.first().history_change_reason == "review"


def test_closing_needs_a_justification_and_an_outcome(analyst: User) -> None:
    case = HitFactory(case__status=Case.Status.IN_REVIEW).case

    with pytest.raises(ValidationError) as blank:
        services.case_transition(
            actor=analyst, case=case, transition="close", outcome="false_match"
        )
    with pytest.raises(ValidationError) as no_outcome:
        services.case_transition(
            actor=analyst, case=case, transition="close", justification="Different person."
        )

    assert blank.value.message_dict == {"justification": ["Give the reason for this decision."]}
    assert no_outcome.value.message_dict == {"outcome": ["Choose the outcome."]}
    case.refresh_from_db()
    assert case.status == "in_review"


def test_a_confirmed_false_match_never_hits_the_same_person_again(
    analyst: User, national_list: object
) -> None:
    with_passport = dataclasses.replace(MIRIAM, document_number="K0412398")
    message_receive(content=paxlst(with_passport), door="command", actor=SYSTEM)
    case = Case.objects.get()
    services.case_transition(actor=analyst, case=case, transition="review")

    services.case_transition(
        actor=analyst,
        case=case,
        transition="close",
        outcome="false_match",
        justification="Date of birth differs on the passport scan.",
    )
    # The same person flies again with the same passport, on another flight.
    result = message_receive(content=paxlst(with_passport, seed=99), door="command", actor=SYSTEM)

    assert result.hits == 0
    assert list(Suppression.objects.values_list("identity_kind", "key", "reason")) == [
        ("document", "NAT-1", "Date of birth differs on the passport scan.")
    ]
    case.refresh_from_db()
    assert (case.status, case.outcome, case.justification) == (
        "closed",
        "false_match",
        "Date of birth differs on the passport scan.",
    )
    assert case.history.first().history_change_reason == (
        "close as false match: Date of birth differs on the passport scan."
    )


def test_reopening_lifts_the_suppression(supervisor: User) -> None:
    case = HitFactory(case__status=Case.Status.CLOSED, case__outcome="false_match").case
    suppression = Suppression.objects.create(
        identity="d" * 64, key="x", case=case, reason="r", expires_at=timezone.now()
    )

    case = services.case_transition(
        actor=supervisor, case=case, transition="reopen", justification="New information."
    )

    assert (case.status, case.outcome) == ("in_review", "")
    suppression.refresh_from_db()
    assert (suppression.revoked_by, suppression.revoke_reason) == (
        supervisor,
        "case re-opened: New information.",
    )


@pytest.mark.parametrize("transition", ["reopen", "reassign"])
def test_only_supervisors_reopen_and_reassign(analyst: User, transition: str) -> None:
    case = HitFactory(case__status=Case.Status.CLOSED).case

    with pytest.raises(PermissionDenied):
        services.case_transition(
            actor=analyst, case=case, transition=transition, justification="x", assignee=analyst
        )


def test_supervisor_reassigns_to_an_analyst(supervisor: User, analyst: User) -> None:
    case = HitFactory().case

    case = services.case_transition(
        actor=supervisor, case=case, transition="reassign", assignee=analyst
    )

    assert case.assignee == analyst


def test_a_new_hit_on_a_closed_referred_answered_case_leaves_the_decision_as_it_was(
    national_list: object, analyst: User, make_user: Callable[..., User]
) -> None:
    traveller = TravellerFactory(surname="KESTREL", given_names="MIRIAM ODUYA", date_of_birth=None)
    case = CaseFactory(traveller=traveller)
    HitFactory(case=case, kind=Hit.Kind.RULE, key="rule:0", severity=1)
    police = OrganisationFactory(name="National Police", acronym="NP")
    liaison = make_user(Role.AGENCY_LIAISON, organisation=police)
    case = services.case_transition(actor=analyst, case=case, transition="review")
    referral = services.referral_create(
        actor=analyst, case=case, agency=police, agency_kind="police", reason="Check."
    )
    services.referral_answer(actor=liaison, referral=referral, answer="Interviewed; no action.")
    services.case_transition(
        actor=analyst, case=case, transition="close", outcome="no_action", justification="Done."
    )
    traveller.date_of_birth = MIRIAM.date_of_birth
    traveller.save()

    assert screen_travellers(traveller_ids=[traveller.pk]) == 1

    case.refresh_from_db()
    referral.refresh_from_db()
    assert (case.status, case.outcome, case.justification) == ("closed", "no_action", "Done.")
    assert case.new_hits_at is not None
    assert (referral.status, referral.answer) == ("answered", "Interviewed; no action.")
    assert case.history.first().history_change_reason == "new hit after the decision"


def test_referral_shares_the_minimum_and_only_the_agency_answers(
    analyst: User, make_user: Callable[..., User]
) -> None:
    police = OrganisationFactory(name="National Police", acronym="NP")
    customs = OrganisationFactory(name="Customs Service", acronym="CS")
    case = HitFactory(case__status=Case.Status.IN_REVIEW, label="LISTED (UN)").case
    referral = services.referral_create(
        actor=analyst, case=case, agency=police, agency_kind="police", reason="Listed person."
    )
    outsider = make_user(Role.AGENCY_LIAISON, organisation=customs)
    officer = make_user(Role.AGENCY_LIAISON, organisation=police)

    with pytest.raises(PermissionDenied):
        services.referral_answer(actor=outsider, referral=referral, answer="Not ours")
    answered = services.referral_answer(actor=officer, referral=referral, answer="Interviewed.")

    assert (answered.status, answered.answer) == ("answered", "Interviewed.")
    traveller = case.traveller
    assert referral.shared_data == {
        "name": traveller.full_name,
        "date_of_birth": "1980-05-17",
        "nationality": "FRA",
        "documents": [],
        "flight": str(case.flight),
        "route": "CDG-JFK",
        "departure": "2026-12-01T09:30:00+00:00",
        "hits": ["LISTED (UN)"],
    }


def test_a_new_case_is_reviewed_before_it_is_referred(analyst: User) -> None:
    case = HitFactory().case

    with pytest.raises(ValidationError):
        services.referral_create(
            actor=analyst,
            case=case,
            agency=OrganisationFactory(),
            agency_kind="police",
            reason="x",
        )
    assert not Referral.objects.exists()


def test_a_rule_is_versioned_and_hits_when_activated(
    analyst: User, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    message_receive(content=paxlst(seed=3), door="command", actor=SYSTEM)
    rule = services.rule_create(
        actor=analyst,
        name="Crew-less young travellers",
        conditions=[{"field": "age", "op": "lt", "value": "200"}],
        severity=Rule.Severity.LOW,
    )
    assert not Hit.objects.exists()  # inactive rules do not hit

    services.rule_update(
        actor=analyst, rule=rule, conditions=[{"field": "kind", "op": "eq", "value": "passenger"}]
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.rule_set_active(actor=analyst, rule=rule, active=True)

    hits = Hit.objects.filter(kind="rule")
    assert hits.count() == 12
    assert set(hits.values_list("label", flat=True)) == {"Crew-less young travellers (v2)"}
    assert hits.first().explanation == ["Passenger or crew is PASSENGER (here: passenger)"]
    run = ScreeningRun.objects.get()
    assert (run.status, run.total, run.done, run.new_hits, run.percent) == ("done", 12, 12, 12, 100)


def test_a_rule_with_an_unknown_field_is_refused(analyst: User) -> None:
    with pytest.raises(ValidationError) as error:
        services.rule_create(
            actor=analyst,
            name="Bad",
            conditions=[{"field": "__import__('os')", "op": "eq", "value": "x"}],
        )

    assert error.value.message_dict == {"conditions": ["Unknown field \"__import__('os')\""]}


def test_a_new_watchlist_version_rescreens_the_retained_travellers(
    supervisor: User, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    message_receive(content=paxlst(MIRIAM), door="command", actor=SYSTEM)
    assert not Hit.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        version = services.watchlist_load(
            actor=supervisor, name="National list", content=NATIONAL_LIST, file_format="csv"
        )
    again = services.watchlist_load(
        actor=supervisor, name="National list", content=NATIONAL_LIST, file_format="csv"
    )

    assert (version.number, version.persons, again.pk) == (1, 1, version.pk)
    assert Hit.objects.get().traveller.surname == "KESTREL"
    assert ScreeningRun.objects.get().new_hits == 1


def test_an_analyst_cannot_load_watchlists(analyst: User) -> None:
    with pytest.raises(PermissionDenied):
        services.watchlist_load(
            actor=analyst, name="X", content=NATIONAL_LIST, file_format=Watchlist.Format.CSV
        )
