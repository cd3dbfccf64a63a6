"""A false-match decision suppresses the same listed entry for the same identity only:
never a namesake (observation 2 of the integrity issue, with its three travellers)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from aegis.core.models import User
from aegis.core.roles import Role
from aegis.travel import screening, services
from aegis.travel.models import (
    Case,
    Hit,
    SuppressedMatch,
    Suppression,
    TravelDocument,
    Traveller,
    WatchlistVersion,
)
from tests.aegis.travel.factories import FlightFactory, TravellerFactory

pytestmark = pytest.mark.django_db


def _asiri(nationality: str, passport: str | None, day: int, **kwargs: object) -> Traveller:
    """IBRAHIM ASIRI without a date of birth on a flight of ``day`` December."""
    traveller = TravellerFactory(
        surname="ASIRI",
        given_names="IBRAHIM",
        date_of_birth=None,
        sex="M",
        nationality=nationality,
        flight=FlightFactory(departure=dt.datetime(2026, 12, day, 9, 30, tzinfo=dt.UTC)),
        **kwargs,
    )
    if passport:
        TravelDocument.objects.create(
            traveller=traveller, document_type="P", number=passport, issuing_country=nationality
        )
    screening.screen_travellers(traveller_ids=[traveller.pk])
    return traveller


def _close_as_false_match(case: Case, analyst: User) -> None:
    services.case_transition(actor=analyst, case=case, transition="review")
    services.case_transition(
        actor=analyst,
        case=case,
        transition="close",
        outcome=Case.Outcome.FALSE_MATCH,
        justification="British passport holder, not the listed Saudi national.",
    )


def test_a_false_match_on_one_asiri_leaves_his_namesakes_screened(
    un_list: WatchlistVersion,
    make_user: Callable[..., User],
    piu_client: Callable[..., Client],
) -> None:
    analyst = make_user(Role.PIU_ANALYST)
    british = _asiri("GBR", "501234567", day=1)
    first_case = Case.objects.get(traveller=british)
    assert first_case.hits.filter(key="QDi.291").exists()

    _close_as_false_match(first_case, analyst)
    other_british = _asiri("GBR", "509876543", day=2)
    saudi = _asiri("SAU", None, day=3)
    same_british_again = _asiri("GBR", "501234567", day=4)

    assert Hit.objects.filter(traveller=other_british, key="QDi.291").exists()
    saudi_hit = Hit.objects.get(traveller=saudi, key="QDi.291")
    assert saudi_hit.score == Decimal("0.9116")
    assert not Hit.objects.filter(traveller=same_british_again).exists()
    suppression = Suppression.objects.get(key="QDi.291")
    assert (suppression.identity_kind, suppression.case, suppression.created_by) == (
        Suppression.IdentityKind.DOCUMENT,
        first_case,
        analyst,
    )
    assert list(SuppressedMatch.objects.values_list("traveller", flat=True)) == [
        same_british_again.pk
    ]
    client = piu_client(None, user=analyst)
    for namesake in (other_british, saudi):
        page = client.get(reverse("travel:traveller", args=[namesake.pk])).content.decode()
        assert "No hit." not in page
        assert "IBRAHIM HASSAN TALI AL-ASIRI (UN SC Consolidated List)" in page
    page = client.get(reverse("travel:traveller", args=[same_british_again.pk])).content.decode()
    assert f"Hit on QDi.291 suppressed by decision on case {first_case.pk}" in page
    assert "No hit." not in page


def test_without_identifying_data_a_false_match_suppresses_nothing(
    un_list: WatchlistVersion, make_user: Callable[..., User]
) -> None:
    analyst = make_user(Role.PIU_ANALYST)
    nameless = _asiri("GBR", None, day=1)  # no document, no date of birth

    _close_as_false_match(Case.objects.get(traveller=nameless), analyst)
    again = _asiri("GBR", None, day=2)

    assert not Suppression.objects.exists()
    assert Hit.objects.filter(traveller=again, key="QDi.291").exists()


def test_a_person_without_a_document_is_identified_by_name_birth_and_nationality(
    national_list: WatchlistVersion, make_user: Callable[..., User]
) -> None:
    analyst = make_user(Role.PIU_ANALYST)

    def kestrel(day: int, nationality: str) -> Traveller:
        traveller = TravellerFactory(
            surname="KESTREL",
            given_names="MIRIAM ODUYA",
            date_of_birth=dt.date(1979, 3, 2),
            nationality=nationality,
            flight=FlightFactory(departure=dt.datetime(2026, 12, day, 9, 30, tzinfo=dt.UTC)),
        )
        screening.screen_travellers(traveller_ids=[traveller.pk])
        return traveller

    first = kestrel(1, "KEN")
    _close_as_false_match(Case.objects.get(traveller=first), analyst)
    same = kestrel(2, "KEN")
    other_nationality = kestrel(3, "UGA")

    assert Suppression.objects.get().identity_kind == Suppression.IdentityKind.PERSON
    assert not Hit.objects.filter(traveller=same).exists()
    assert Hit.objects.filter(traveller=other_nationality, key="NAT-1").exists()


def test_a_supervisor_lists_reviews_and_revokes_a_suppression(
    national_list: WatchlistVersion,
    make_user: Callable[..., User],
    piu_client: Callable[..., Client],
) -> None:
    analyst = make_user(Role.PIU_ANALYST)
    supervisor = make_user(Role.PIU_SUPERVISOR)
    traveller = TravellerFactory(
        surname="KESTREL",
        given_names="MIRIAM ODUYA",
        date_of_birth=dt.date(1979, 3, 2),
        nationality="KEN",
    )
    screening.screen_travellers(traveller_ids=[traveller.pk])
    case = Case.objects.get(traveller=traveller)
    _close_as_false_match(case, analyst)
    suppression = Suppression.objects.get()
    client = piu_client(None, user=supervisor)

    listed = client.get(reverse("travel:suppressions"))
    reviewed = client.post(reverse("travel:suppression_action", args=[suppression.pk, "review"]))
    refused = client.post(
        reverse("travel:suppression_action", args=[suppression.pk, "revoke"]), {"reason": " "}
    )
    revoked = client.post(
        reverse("travel:suppression_action", args=[suppression.pk, "revoke"]),
        {"reason": "Second passport found: same person as listed."},
    )

    page = listed.content.decode()
    assert "NAT-1" in page and f"case {case.pk}" in page and "In force" in page
    assert (reviewed.status_code, refused.status_code, revoked.status_code) == (302, 302, 302)
    suppression.refresh_from_db()
    assert (suppression.reviewed_by, suppression.revoked_by) == (supervisor, supervisor)
    assert suppression.revoke_reason == "Second passport found: same person as listed."
    after = client.get(reverse("travel:suppressions") + "?state=revoked").content.decode()
    assert "Revoked" in after
    analyst_client = piu_client(None, user=analyst)
    forbidden = analyst_client.post(
        reverse("travel:suppression_action", args=[suppression.pk, "review"])
    )
    assert forbidden.status_code == 403
