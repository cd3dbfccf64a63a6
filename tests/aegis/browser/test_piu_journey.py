"""An analyst signs in with a second factor, opens the flights board, opens a hit, reads its
explanation, closes it as a false match with a justification; the pair never hits again."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect
from tests.aegis.travel.conftest import MIRIAM, NATIONAL_LIST, paxlst
from tests.aegis.travel.test_intake_hostile import HADDAD, OKAFOR, interchange, message

from aegis.core.models import User
from aegis.core.permissions import SYSTEM
from aegis.core.roles import Role
from aegis.travel import services
from aegis.travel.intake import message_receive
from aegis.travel.models import Case, Hit, Suppression, Watchlist

MIRIAM_WITH_PASSPORT = dataclasses.replace(MIRIAM, document_number="K0412398")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_close_a_hit_as_a_false_match(
    page: Page, live_server: object, make_user: Callable[..., User]
) -> None:
    services.watchlist_load(
        actor=SYSTEM,
        name="National list",
        content=NATIONAL_LIST,
        file_format=Watchlist.Format.CSV,
        rescreen=False,
    )
    message_receive(content=paxlst(MIRIAM_WITH_PASSPORT), door="command", actor=SYSTEM)
    case = Case.objects.get()
    analyst = make_user(Role.PIU_ANALYST, username="nadia", password="a-long-test-password")
    device = TOTPDevice.objects.create(user=analyst, name="phone", confirmed=True)
    base = str(live_server)

    page.goto(f"{base}/accounts/login/?next=/piu/")
    page.get_by_label("Username").fill("nadia")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/accounts/second-factor/"))
    page.get_by_label("Code from your authenticator app").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", name="Flights board")).to_be_visible()
    page.get_by_role("link", name=f"{case.flight.carrier.code}{case.flight.number}").click()
    page.get_by_role("link", name="1 hit").click()

    hits = page.locator(".piu-hit")
    expect(hits).to_contain_text("Watchlist: Miriam Oduya Kestrel (National list)")
    expect(hits).to_contain_text("score 1.0000")
    expect(hits).to_contain_text("KESTREL")
    page.get_by_role("button", name="Start review").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"You are reviewing case {case.pk}; it is assigned to nadia."
    )
    page.get_by_label("Outcome").select_option(label="False match")
    page.get_by_label("Justification").fill("Born in another year: passport checked at the gate.")
    page.get_by_role("button", name="Close the case").click()

    expect(page.locator(".facts")).to_contain_text("Closed · False match")
    expect(page.locator(".audit-trail")).to_contain_text(
        "close as false match: Born in another year: passport checked at the gate."
    )
    case.refresh_from_db()
    assert (case.status, case.outcome, case.assignee) == ("closed", "false_match", analyst)
    assert Suppression.objects.filter(key="NAT-1").count() == 1

    again = message_receive(
        content=paxlst(MIRIAM_WITH_PASSPORT, seed=99), door="command", actor=SYSTEM
    )

    assert (again.status, again.hits, Hit.objects.count()) == ("loaded", 0, 1)


def test_a_quarantined_second_message_is_shown_beside_its_loaded_first(
    page: Page, live_server: object, make_user: Callable[..., User]
) -> None:
    # Issue 14: the second message lost its UNT and the first declares a wrong count.
    content = interchange(message("EK2011", HADDAD, unt=99), message("EK2012", OKAFOR, close=False))
    received = message_receive(content=content, door="folder", source="ek201.edi", actor=SYSTEM)
    supervisor = make_user(Role.PIU_SUPERVISOR, username="sami", password="a-long-test-password")
    device = TOTPDevice.objects.create(user=supervisor, name="phone", confirmed=True)
    base = str(live_server)

    page.goto(f"{base}/accounts/login/?next=/piu/messages/")
    page.get_by_label("Username").fill("sami")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Code from your authenticator app").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("link", name=re.compile(r"\d+ \w+ \d{4} \d\d:\d\d:\d\d")).first.click()

    expect(page.locator(".message-status")).to_contain_text("Partly loaded · 1 traveller loaded")
    rows = page.locator(".message-parts tbody tr")
    expect(rows.nth(0)).to_contain_text("EK2011")
    expect(rows.nth(0)).to_contain_text("Loaded")
    expect(rows.nth(0)).to_contain_text("UNT declares 99 segments, the message has 21")
    expect(rows.nth(1)).to_contain_text("EK2012")
    expect(rows.nth(1)).to_contain_text("Quarantined")
    expect(rows.nth(1)).to_contain_text("message 'EK2012' is not closed by UNT")
    expect(page.locator(".message-warnings")).to_contain_text("UNT declares 99 segments")
    page.get_by_role("button", name="Re-process the quarantined messages").click()
    expect(page.get_by_role("status")).to_contain_text("Re-processed: Partly loaded")
    assert received.message.parts.get(position=2).status == "quarantined"
