"""``aegis demo`` includes a working PIU: a week of traffic, planted matches, a referral."""

from __future__ import annotations

import pytest

from aegis.core.demo import load_accounts, load_organisations
from aegis.core.roles import roles_sync
from aegis.travel.demo import load_piu
from aegis.travel.models import Case, Flight, Hit, Referral, Traveller

pytestmark = pytest.mark.django_db


def test_the_piu_demo_loads_a_week_of_screened_traffic_once() -> None:
    roles_sync()
    load_organisations()
    load_accounts()

    first = load_piu()
    second = load_piu()

    assert (first.messages, first.travellers) == (29, 3591)
    assert (second.messages, second.travellers, second.hits) == (0, 0, 0)
    assert Flight.objects.count() == 34
    assert Traveller.objects.count() == 3591
    un_hits = Hit.objects.filter(watchlist_version__watchlist__name="UN SC Consolidated List")
    assert un_hits.filter(score=1).count() >= 4
    assert Hit.objects.filter(kind="rule").exists()
    referral = Referral.objects.get()
    assert referral.case.status == Case.Status.IN_REVIEW
    assert referral.agency.name == "National Police (demo PIU)"


def test_growing_the_piu_goes_through_the_intake_and_the_search_index() -> None:
    from aegis.travel.demo import grow_piu
    from aegis.travel.models import CarrierMessage, Identifier, SearchEntry

    grown = grow_piu(450, per_flight=60)

    messages = CarrierMessage.objects.filter(source__startswith="grow:")
    assert grown.travellers >= 450
    assert grown.messages == messages.count()
    assert set(messages.values_list("status", flat=True)) == {"loaded"}
    assert Traveller.objects.count() == grown.travellers
    assert SearchEntry.objects.count() == grown.travellers
    # One flight in four comes as PNR pushes: bookings with contacts and cards to search by.
    assert Identifier.objects.filter(kind="card").exists()
    assert Traveller.objects.filter(booking__isnull=False).exists()
