"""A new version of a list re-evaluates the suppressions of its changed entries (the last
part of deliverable 2 of the integrity issue): an entry whose names, dates of birth,
nationality or documents changed puts its suppressions out of force until a supervisor
reviews them, an entry removed lets them lapse; both say why on the suppressions page."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from aegis.core.models import User
from aegis.core.permissions import SYSTEM
from aegis.core.roles import Role
from aegis.travel import services
from aegis.travel.intake import message_receive
from aegis.travel.models import (
    Case,
    Hit,
    SuppressedMatch,
    Suppression,
    Traveller,
    Watchlist,
    WatchlistVersion,
)
from tests.aegis.travel.conftest import MIRIAM, paxlst

pytestmark = pytest.mark.django_db

HEADER = (
    "reference,full_name,aliases,date_of_birth,nationality,gender,document_number,"
    "document_type,document_country,kind,programme\n"
)
KESTREL = "NAT-1,Miriam Oduya Kestrel,{aliases},1979-03-02,KEN,female,,,,person,{programme}\n"
# Her Kenyan passport: the identity a false-match decision on her is keyed by.
KENYAN = dataclasses.replace(MIRIAM, document_number="AK0412337")
WREN = "NAT-2,Tobias Wren,,1961-11-20,NZL,male,,,,person,\n"


def _load(*lines: str) -> WatchlistVersion:
    return services.watchlist_load(
        actor=SYSTEM,
        name="National list",
        content=HEADER + "".join(lines),
        file_format=Watchlist.Format.CSV,
        rescreen=False,
    )


def _kestrel(aliases: str = "", programme: str = "") -> str:
    return KESTREL.format(aliases=aliases, programme=programme)


def _miriam_flies(seed: int) -> Traveller:
    """MIRIAM KESTREL with her passport on a flight of its own, loaded and screened by
    intake."""
    message_receive(content=paxlst(KENYAN, seed=seed), door="command", actor=SYSTEM)
    return Traveller.objects.filter(surname="KESTREL").order_by("-pk").first()


@pytest.fixture
def suppressed(make_user: Callable[..., User]) -> Suppression:
    """Version 1 of the list; MIRIAM's hit on NAT-1 closed as a false match."""
    version = _load(_kestrel(), WREN)
    analyst = make_user(Role.PIU_ANALYST)
    case = Case.objects.get(traveller=_miriam_flies(seed=7))
    case = services.case_transition(actor=analyst, case=case, transition="review")
    services.case_transition(
        actor=analyst,
        case=case,
        transition="close",
        outcome=Case.Outcome.FALSE_MATCH,
        justification="Born in Mombasa, a teacher; not the listed person.",
    )
    suppression = Suppression.objects.get()
    assert (suppression.key, suppression.watchlist_version) == ("NAT-1", version)
    assert not Hit.objects.filter(traveller=_miriam_flies(seed=8)).exists()
    return suppression


def test_an_entry_whose_names_changed_puts_its_suppression_aside_until_reviewed(
    suppressed: Suppression, make_user: Callable[..., User], piu_client: Callable[..., Client]
) -> None:
    version = _load(_kestrel(aliases="Miriam Kestrel-Oduya;Mimi Kestrel"), WREN)

    suppressed.refresh_from_db()
    why = (
        f"Entry NAT-1 changed in {version}: names Miriam Oduya Kestrel → Mimi Kestrel, "
        "Miriam Kestrel-Oduya, Miriam Oduya Kestrel."
    )
    assert (suppressed.awaits_review, suppressed.entry_change) == (True, why)
    assert suppressed.revoked_at is None
    # Out of force: the same person flying again is a hit for an analyst to decide.
    again = _miriam_flies(seed=9)
    assert list(Hit.objects.filter(traveller=again).values_list("key", flat=True)) == ["NAT-1"]
    supervisor = make_user(Role.PIU_SUPERVISOR)
    page = piu_client(None, user=supervisor).get(
        reverse("travel:suppressions"), {"state": "review"}
    )
    assert [s.pk for s in page.context["page_obj"]] == [suppressed.pk]
    assert why in page.content.decode()
    assert "Out of force until a supervisor reviews it" in page.content.decode()

    services.suppression_review(actor=supervisor, suppression=suppressed)

    suppressed.refresh_from_db()
    assert suppressed.awaits_review is False
    later = _miriam_flies(seed=10)
    assert not Hit.objects.filter(traveller=later).exists()
    assert SuppressedMatch.objects.filter(suppression=suppressed, traveller=later).exists()


def test_an_entry_removed_lets_its_suppression_lapse(
    suppressed: Suppression, make_user: Callable[..., User], piu_client: Callable[..., Client]
) -> None:
    version = _load(WREN)

    suppressed.refresh_from_db()
    why = f"Entry NAT-1 is not in {version}: the suppression lapsed."
    assert suppressed.lapsed_at is not None
    assert (suppressed.revoke_reason, suppressed.entry_change) == (why, why)
    supervisor = make_user(Role.PIU_SUPERVISOR)
    page = piu_client(None, user=supervisor).get(reverse("travel:suppressions"))
    assert why in page.content.decode()
    assert "Lapsed" in page.content.decode()
    with pytest.raises(ValidationError, match="lapsed"):
        services.suppression_review(actor=supervisor, suppression=suppressed)


@pytest.mark.parametrize(
    "lines",
    [
        (_kestrel(), WREN, "NAT-3,Ines Marlow,,1990-01-01,FRA,female,,,,person,\n"),
        (_kestrel(programme="National sanctions 2027"), WREN),
        (_kestrel(), WREN.replace("1961-11-20", "1961-11-21")),
    ],
    ids=["entry added", "programme changed", "another entry changed"],
)
def test_a_version_that_leaves_the_entry_as_it_identifies_keeps_the_suppression(
    lines: tuple[str, ...], suppressed: Suppression
) -> None:
    _load(*lines)

    suppressed.refresh_from_db()
    assert (suppressed.awaits_review, suppressed.lapsed_at, suppressed.entry_change) == (
        False,
        None,
        "",
    )
    assert not Hit.objects.filter(traveller=_miriam_flies(seed=11)).exists()


def test_a_new_false_match_decision_on_the_changed_entry_replaces_the_old_one(
    suppressed: Suppression, make_user: Callable[..., User]
) -> None:
    _load(_kestrel(aliases="Mimi Kestrel"), WREN)
    analyst = make_user(Role.PIU_ANALYST)
    case = Case.objects.get(traveller=_miriam_flies(seed=9))
    case = services.case_transition(actor=analyst, case=case, transition="review")

    services.case_transition(
        actor=analyst,
        case=case,
        transition="close",
        outcome=Case.Outcome.FALSE_MATCH,
        justification="Still not the listed person with the new alias.",
    )

    suppression = Suppression.objects.get()
    assert (suppression.pk, suppression.case, suppression.awaits_review) == (
        suppressed.pk,
        case,
        False,
    )
    assert suppression.reason == "Still not the listed person with the new alias."
