"""An analyst searches a passport number seen on two flights, states the purpose, sees both
trips (the older flight included) and opens the traveller; the search is in the access log."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect
from tests.aegis.browser.conftest import ARTIFACTS
from tests.aegis.travel.conftest import MIRIAM, paxlst

from aegis.core.models import User
from aegis.core.permissions import SYSTEM
from aegis.core.roles import Role
from aegis.travel.intake import message_receive
from aegis.travel.models import AccessLog, Traveller

MIRIAM_WITH_PASSPORT = dataclasses.replace(MIRIAM, document_number="K0412398")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_a_passport_seen_on_two_flights(
    page: Page, live_server: object, make_user: Callable[..., User]
) -> None:
    message_receive(content=paxlst(MIRIAM_WITH_PASSPORT, seed=7), door="command", actor=SYSTEM)
    message_receive(content=paxlst(MIRIAM_WITH_PASSPORT, seed=8), door="command", actor=SYSTEM)
    trips = Traveller.objects.filter(surname="KESTREL").select_related("flight__carrier")
    assert trips.count() == 2
    analyst = make_user(Role.PIU_ANALYST, username="nadia", password="a-long-test-password")
    device = TOTPDevice.objects.create(user=analyst, name="phone", confirmed=True)
    base = str(live_server)

    page.goto(f"{base}/accounts/login/?next=/piu/")
    page.get_by_label("Username").fill("nadia")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Code from your authenticator app").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Confirm").click()
    page.locator(".piu-nav").get_by_role("link", name="Search").click()
    page.get_by_label("Document number").fill("k0412398")
    page.get_by_label("Purpose of this search").fill("Case 77: other trips of the traveller")
    page.get_by_role("button", name="Search").click()

    expect(page.get_by_role("heading", name="2 travellers found")).to_be_visible()
    rows = page.locator(".search-results tbody tr")
    expect(rows).to_have_count(2)
    for trip in trips:
        expect(page.locator(".search-results")).to_contain_text(
            f"{trip.flight.carrier.code}{trip.flight.number}"
        )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "search-page.png"), full_page=True)
    rows.first.get_by_role("link", name="KESTREL, MIRIAM ODUYA").click()
    expect(page).to_have_url(re.compile(r"/piu/travellers/\d+/"))

    entry = AccessLog.objects.get(action=AccessLog.Action.SEARCH)
    assert (entry.user, entry.label, entry.purpose, entry.count) == (
        analyst,
        'document "k0412398"',
        "Case 77: other trips of the traveller",
        2,
    )
