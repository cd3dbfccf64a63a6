"""The seed's headline comes out of the demo data, to the cent and as the newsletter rounds it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from aegis.core.models import Organisation, User
from aegis.core.roles import Role
from aegis.funding import selectors
from aegis.funding.demo import ILLUSTRATIVE, load_funding
from aegis.funding.models import InKindContribution, Pledge, Receipt
from aegis.funding.money import in_millions

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer(make_user: Callable[..., User]) -> User:
    load_funding()
    return make_user(Role.VIEWER)


def test_headline_of_the_september_2020_highlights(viewer: User) -> None:
    summary = selectors.fund_summary(user=viewer)

    assert summary.pledged_usd == Decimal("249900195.33")
    assert summary.received_usd == Decimal("189533197.99")
    assert (in_millions(summary.pledged_usd), in_millions(summary.received_usd)) == (
        Decimal("249.9"),
        Decimal("189.5"),
    )
    assert summary.donors_paid == 31
    assert summary.donors_pledged == 33


def test_headline_as_of_the_end_of_september_2020(viewer: User) -> None:
    summary = selectors.fund_summary(user=viewer, until=date(2020, 9, 30))

    assert (in_millions(summary.pledged_usd), in_millions(summary.received_usd)) == (
        Decimal("249.9"),
        Decimal("189.5"),
    )
    assert summary.donors_paid == 31


def test_named_records_of_the_seed_are_individual_records(viewer: User) -> None:
    spain = Pledge.objects.get(donor__name="Spain", currency="EUR", amount=Decimal("80000.00"))
    saudi_initial = Pledge.objects.get(donor__name="Saudi Arabia", signed_on__year=2011)
    in_kind = InKindContribution.objects.get(donor__name="Netherlands")
    other_fund = Pledge.objects.get(from_other_fund=True)

    assert (spain.signed_on.year, spain.signed_on.month) == (2020, 9)
    assert spain.programme is not None
    assert spain.programme.name == "Victims of Terrorism Support Programme"
    assert Receipt.objects.get(pledge=spain).amount == Decimal("80000.00")
    assert "Monthly Highlights" in saudi_initial.notes
    assert (in_kind.year, in_kind.value_usd) == (2018, Decimal("11500000.00"))
    assert other_fund.donor.name == "UN Peace and Development Trust Fund"


def test_every_other_figure_is_marked_illustrative(viewer: User) -> None:
    unmarked = Pledge.objects.exclude(notes__icontains=ILLUSTRATIVE)

    assert list(unmarked.values_list("donor__name", "amount")) == [("Spain", Decimal("80000.00"))]


def test_loading_twice_adds_nothing(viewer: User) -> None:
    counts = load_funding()

    assert (counts.donors, counts.rates, counts.pledges, counts.receipts, counts.in_kind) == (
        0,
        0,
        0,
        0,
        0,
    )
    assert Organisation.objects.filter(pledges__isnull=False).distinct().count() == 33
