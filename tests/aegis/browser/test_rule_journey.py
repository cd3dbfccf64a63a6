"""An analyst builds a rule in the builder, saves and activates it, and sees it hit a
traveller of the next message on the traveller page (the stored path, end to end)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect
from tests.aegis.travel.conftest import paxlst

from aegis.core.models import User
from aegis.core.permissions import SYSTEM
from aegis.core.roles import Role
from aegis.travel.intake import message_receive
from aegis.travel.models import Rule, Traveller
from paxscreen.synthetic.traffic import PlantedTraveller

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAAD = PlantedTraveller("ALQAHTANI", ("SAAD",), dt.date(1985, 6, 1), "M", "SAU")


def test_a_built_rule_hits_the_next_message(
    page: Page, live_server: object, make_user: Callable[..., User]
) -> None:
    analyst = make_user(Role.PIU_ANALYST, username="omar", password="a-long-test-password")
    device = TOTPDevice.objects.create(user=analyst, name="phone", confirmed=True)
    base = str(live_server)
    page.goto(f"{base}/accounts/login/?next=/piu/rules/new/")
    page.get_by_label("Username").fill("omar")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/accounts/second-factor/"))
    page.get_by_label("Code from your authenticator app").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Confirm").click()

    page.get_by_label("Name").fill("Saudi or Yemeni, 30 to 45")
    page.get_by_label("Condition 1: field").select_option(label="Nationality")
    page.get_by_label("Condition 1: test").select_option(label="is one of")
    page.get_by_label("Condition 1: value").fill("SAU, Yemen")
    page.get_by_label("Condition 2: field").select_option(label="Age")
    page.get_by_label("Condition 2: test").select_option(label="is between")
    page.get_by_label("Condition 2: value").fill("30-45")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Saudi or Yemeni, 30 to 45")).to_be_visible()
    expect(page.locator(".audit-trail").first).to_contain_text("Nationality is one of SAU, YEM")
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_role("status")).to_contain_text("Rule activated")

    message_receive(content=paxlst(SAAD), door="command", actor=SYSTEM)
    saad = Traveller.objects.select_related("flight").get(surname="ALQAHTANI")
    on = saad.flight.departure.date()
    age = on.year - 1985 - ((on.month, on.day) < (6, 1))
    page.goto(f"{base}/piu/travellers/{saad.pk}/")

    hits = page.locator(".piu-hit")
    expect(hits).to_have_count(1)
    expect(hits).to_contain_text("Saudi or Yemeni, 30 to 45 (v1)")
    expect(hits).to_contain_text(f"Age is between 30 and 45 (here: {age})")
    assert Rule.objects.get().versions.get().conditions["conditions"][0]["value"] == [
        "SAU",
        "YEM",
    ]
