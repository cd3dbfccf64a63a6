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
