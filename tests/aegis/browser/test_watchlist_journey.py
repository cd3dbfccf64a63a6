"""A supervisor loads a new version of a national list as CSV with two bad rows, sees both
reported with line and reason, and opens the version's diff against the one before it; an
analyst reads on a hit the list, reference, listing date and narrative of the entry."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect
from tests.aegis.travel.conftest import paxlst
from tests.aegis.travel.test_watchlist_hits import ZAHRANI
from tests.paxscreen.watchlists.test_rejected_rows import SIX_PERSONS

from aegis import datasets
from aegis.core.models import User
from aegis.core.permissions import SYSTEM
from aegis.core.roles import Role
from aegis.travel import services
from aegis.travel.intake import message_receive
from aegis.travel.models import Case, Watchlist, WatchlistVersion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The list as it stood: the same six persons, written correctly.
FIRST = SIX_PERSONS.replace(
    '"AIMAN MUHAMMED RABI AL-ZAWAHIRI,', '"AIMAN MUHAMMED RABI AL-ZAWAHIRI",'
).replace("AL-ZUBAISI, UGLA ABID SAKR", '"AL-ZUBAISI, UGLA ABID SAKR"')
# The new file: a date of birth corrected, one person added, and two rows broken.
SECOND = (
    SIX_PERSONS.replace("1986-01-19,SAU", "1986-01-20,SAU")
    + "\nNAT-7,MUHAMMAD JAWAD AL-SHUBAYLI,,,,,,,,person,\n"
)


def test_a_supervisor_sees_the_rejected_rows_and_the_version_diff(
    page: Page, live_server: object, make_user: Callable[..., User]
) -> None:
    services.watchlist_load(
        actor=SYSTEM,
        name="National list",
        content=FIRST,
        file_format=Watchlist.Format.CSV,
        rescreen=False,
    )
    supervisor = make_user(Role.PIU_SUPERVISOR, username="omar", password="a-long-test-password")
    device = TOTPDevice.objects.create(user=supervisor, name="phone", confirmed=True)
    base = str(live_server)

    page.goto(f"{base}/accounts/login/?next=/piu/watchlists/")
    page.get_by_label("Username").fill("omar")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/accounts/second-factor/"))
    page.get_by_label("Code from your authenticator app").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", name="Watchlists", exact=True)).to_be_visible()
    page.get_by_label("List name").fill("National list")
    page.get_by_label("Format").select_option("csv")
    page.get_by_label("File").set_input_files(
        files=[{"name": "national-2.csv", "mimeType": "text/csv", "buffer": SECOND.encode()}]
    )
    page.get_by_role("button", name="Load").click()

    expect(page.get_by_role("status")).to_contain_text("2 rows were not loaded")
    rejected = page.locator(".watchlist-rejected").first
    expect(rejected).to_contain_text("2 rows not loaded")
    expect(rejected).to_contain_text("line 4: unclosed quote: a cell cannot run onto the next line")
    expect(rejected).to_contain_text("line 6: 12 cells where the header has 11")
    page.screenshot(path="test-artifacts/watchlist-rejected.png", full_page=True)

    page.get_by_role("link", name="v2").click()
    expect(page.get_by_role("heading", name="National list v2")).to_be_visible()
    expect(page.get_by_role("heading", name="Changes since v1")).to_be_visible()
    expect(page.get_by_text("1 added · 2 removed · 1 changed")).to_be_visible()
    changed = page.locator(".watchlist-changed tbody tr")
    expect(changed).to_have_count(1)
    expect(changed.first).to_contain_text("NAT-1")
    expect(changed.first).to_contain_text("dates of birth")
    expect(changed.first).to_contain_text("1986-01-19")
    expect(changed.first).to_contain_text("1986-01-20")
    expect(page.locator(".watchlist-added")).to_contain_text("MUHAMMAD JAWAD AL-SHUBAYLI")
    removed = page.locator(".watchlist-removed tbody tr")
    expect(removed).to_have_count(2)
    # rows not loaded are not entries taken off the list: the diff says which they are
    expect(removed.nth(0)).to_contain_text("NAT-3")
    expect(removed.nth(0)).to_contain_text("Its row (line 4) was not loaded")
    expect(removed.nth(1)).to_contain_text("NAT-5")
    expect(removed.nth(1)).to_contain_text("Its row (line 6) was not loaded")
    expect(page.locator("table").first).to_contain_text("unclosed quote")
    page.screenshot(path="test-artifacts/watchlist-version.png", full_page=True)
    assert WatchlistVersion.objects.get(number=2).persons == 5


def test_an_analyst_reads_the_listing_behind_a_hit(
    page: Page, live_server: object, make_user: Callable[..., User]
) -> None:
    services.watchlist_load(
        actor=SYSTEM,
        name="UN SC Consolidated List",
        content=datasets.UN_SC_LIST.read_text(encoding="utf-8"),
        file_format=Watchlist.Format.UN_XML,
        rescreen=False,
    )
    message_receive(content=paxlst(ZAHRANI, seed=11), door="command", actor=SYSTEM)
    case = Case.objects.get()
    analyst = make_user(Role.PIU_ANALYST, username="nadia", password="a-long-test-password")
    device = TOTPDevice.objects.create(user=analyst, name="phone", confirmed=True)

    page.goto(f"{live_server}/accounts/login/?next=/piu/cases/{case.pk}/")
    page.get_by_label("Username").fill("nadia")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Code from your authenticator app").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Confirm").click()

    listing = page.locator(".piu-hit__listing").first
    expect(listing).to_contain_text("UN SC Consolidated List v1")
    expect(listing).to_contain_text("QDi.392")
    expect(listing).to_contain_text("20 Apr 2016")
    expect(listing).to_contain_text("Was the lead oil and gas division official")
    page.screenshot(path="test-artifacts/watchlist-hit.png", full_page=True)
