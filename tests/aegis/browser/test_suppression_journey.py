"""A supervisor finds a false-match suppression on its page, confirms it, then revokes it."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect
from tests.aegis.travel.conftest import MIRIAM, NATIONAL_LIST, paxlst

from aegis.core.models import User
from aegis.core.permissions import SYSTEM
from aegis.core.roles import Role
from aegis.travel import services
from aegis.travel.intake import message_receive
from aegis.travel.models import Case, Suppression, Watchlist

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_supervisor_confirms_then_revokes_a_suppression(
    page: Page, live_server: object, make_user: Callable[..., User]
) -> None:
    services.watchlist_load(
        actor=SYSTEM,
        name="National list",
        content=NATIONAL_LIST,
        file_format=Watchlist.Format.CSV,
        rescreen=False,
    )
    miriam = dataclasses.replace(MIRIAM, document_number="K0412398")
    message_receive(content=paxlst(miriam), door="command", actor=SYSTEM)
    analyst = make_user(Role.PIU_ANALYST, username="nadia")
    case = services.case_transition(actor=analyst, case=Case.objects.get(), transition="review")
    services.case_transition(
        actor=analyst,
        case=case,
        transition="close",
        outcome=Case.Outcome.FALSE_MATCH,
        justification="Passport checked: another person.",
    )
    supervisor = make_user(Role.PIU_SUPERVISOR, username="omar", password="a-long-test-password")
    device = TOTPDevice.objects.create(user=supervisor, name="phone", confirmed=True)
    base = str(live_server)

    page.goto(f"{base}/accounts/login/?next=/piu/suppressions/")
    page.get_by_label("Username").fill("omar")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/accounts/second-factor/"))
    page.get_by_label("Code from your authenticator app").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", name="Suppressions")).to_be_visible()
    row = page.locator(".piu-suppressions tbody tr").first
    expect(row).to_contain_text("NAT-1")
    expect(row).to_contain_text("Travel document")
    expect(row).to_contain_text(f"case {case.pk}")
    expect(row).to_contain_text("Passport checked: another person.")
    expect(row).to_contain_text("In force")
    row.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("status")).to_contain_text("Suppression reviewed.")
    row = page.locator(".piu-suppressions tbody tr").first
    expect(row).to_contain_text("omar")
    row.get_by_label("Why revoke").fill("Same person as listed after all.")
    row.get_by_role("button", name="Revoke").click()

    expect(page.get_by_role("status")).to_contain_text("Suppression revoked")
    expect(page.locator(".piu-suppressions tbody tr").first).to_contain_text(
        "Same person as listed after all."
    )
    suppression = Suppression.objects.get()
    assert (suppression.reviewed_by, suppression.revoked_by) == (supervisor, supervisor)
