"""An analyst opens a case a carrier's check-in raised and sends the carrier "do not board";
the carrier's next answer for that check-in carries it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect
from tests.aegis.browser.conftest import ARTIFACTS
from tests.aegis.travel.conftest import NATIONAL_LIST
from tests.aegis.travel.factories import CarrierFactory

from aegis.core.models import User
from aegis.core.permissions import SYSTEM
from aegis.core.roles import Role
from aegis.travel import iapi, services
from aegis.travel.models import Case, CheckIn, Watchlist

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_send_a_carrier_do_not_board(
    page: Page, live_server: object, make_user: Callable[..., User]
) -> None:
    services.watchlist_load(
        actor=SYSTEM,
        name="National list",
        content=NATIONAL_LIST,
        file_format=Watchlist.Format.CSV,
        rescreen=False,
    )
    answer = iapi.interactive_check(
        actor=SYSTEM,
        carrier=CarrierFactory(code="ZZ"),
        check=iapi.CheckedTraveller(
            flight_number="506",
            origin="NBO",
            destination="JFK",
            departure=dt.datetime(2026, 12, 1, 6, 30, tzinfo=dt.UTC),
            surname="KESTREL",
            given_names="MIRIAM ODUYA",
            date_of_birth=dt.date(1979, 3, 2),
            document_number="AK0412345",
            document_country="KEN",
            nationality="KEN",
        ),
    )
    assert answer.directive == iapi.Directive.CONTACT_AUTHORITY
    case = Case.objects.get()
    analyst = make_user(Role.PIU_ANALYST, username="nadia", password="a-long-test-password")
    device = TOTPDevice.objects.create(user=analyst, name="phone", confirmed=True)
    base = str(live_server)

    page.goto(f"{base}/accounts/login/?next=/piu/cases/{case.pk}/")
    page.get_by_label("Username").fill("nadia")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/accounts/second-factor/"))
    page.get_by_label("Code from your authenticator app").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Confirm").click()

    section = page.locator("section", has=page.get_by_role("heading", name="Check-in"))
    expect(section).to_contain_text("Checked in by carrier ZZ")
    section.get_by_label("Direction to the carrier").select_option("do_not_board")
    section.get_by_label("Justification").fill("Identity confirmed against the listed entry.")
    section.get_by_role("button", name="Send the direction").click()

    expect(page.get_by_text("The carrier has been sent the direction.")).to_be_visible()
    expect(section).to_contain_text("Direction sent: Do not board (nadia")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "iapi-direction-sent.png"), full_page=True)
    check_in = CheckIn.objects.get()
    assert iapi.check_in_answer(check_in).directive == iapi.Directive.DO_NOT_BOARD
