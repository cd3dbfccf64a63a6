"""A resource-mobilisation officer records a receipt in EUR; the balance and dashboard move."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect
from tests.aegis.funding.factories import DonorFactory, ExchangeRateFactory

from aegis.core.models import User
from aegis.core.permissions import SYSTEM
from aegis.core.roles import Role
from aegis.funding import services
from aegis.funding.models import Receipt

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_record_a_receipt_in_eur_and_see_the_balance_and_dashboard_change(
    page: Page, live_server: object, make_user: Callable[..., User]
) -> None:
    make_user(Role.RESOURCE_MOBILISATION_OFFICER, username="rosa", password="a-long-test-password")
    ExchangeRateFactory(currency="EUR", effective_date=date(2020, 9, 1), rate=Decimal("0.855"))
    spain = DonorFactory(name="Spain")
    pledge = services.pledge_record(
        actor=SYSTEM,
        donor=spain,
        signed_on=date(2020, 9, 10),
        currency="EUR",
        amount=Decimal("80000.00"),
    )
    problems: list[str] = []
    page.on(
        "console",
        # Failed loads are checked by their status below, where the absent favicon is allowed.
        lambda message: (
            problems.append(message.text)
            if message.type == "error" and not message.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "response",
        lambda response: (
            problems.append(f"{response.status} {response.url}")
            if response.status >= 400 and not response.url.endswith("/favicon.ico")
            else None
        ),
    )
    base = str(live_server)

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill("rosa")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Funding").click()

    expect(page.locator("#stat-received")).to_have_text("$0.00")
    expect(page.locator("#stat-outstanding")).to_have_text("$93,567.25")
    expect(page.locator("[data-chart='chart-top-pledged'] svg.main-svg").first).to_be_visible()

    page.get_by_role("link", name="Spain").first.click()
    expect(page.get_by_role("heading", name="Spain", exact=True)).to_be_visible()
    expect(page.locator("#donor-balance")).to_have_text("$93,567.25")

    page.get_by_role("link", name="Record a receipt").click()
    expect(page.locator("#pledge-outstanding")).to_have_text("EUR 80,000.00 outstanding")
    page.get_by_label("Received on").fill("2020-09-24")
    page.get_by_label("Amount").fill("90000")
    page.get_by_role("button", name="Save").click()

    expect(page.locator("#id_amount_errors")).to_have_text(
        "Only EUR 80,000.00 of this pledge is outstanding. Mark the receipt as an over-payment "
        "to record more."
    )
    assert not Receipt.objects.exists()

    page.get_by_label("Amount").fill("30000")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("status")).to_contain_text("Receipt of EUR 30,000.00 recorded.")
    expect(page).to_have_url(re.compile(rf"/funding/donors/{spain.pk}/$"))
    expect(page.locator("#donor-received")).to_have_text("$35,087.72")
    expect(page.locator("#donor-balance")).to_have_text("$58,479.53")

    page.get_by_role("navigation", name="Funding").get_by_role("link", name="Dashboard").click()
    expect(page.locator("#stat-received")).to_have_text("$35,087.72")
    expect(page.locator("#stat-outstanding")).to_have_text("$58,479.53")
    expect(page.locator("#funding-headline")).to_contain_text(
        "out of which $0.0 million has been received from 1 donors"
    )
    expect(page.locator("[data-chart='chart-by-year'][data-chart-ready='true']")).to_be_visible()
    receipt = Receipt.objects.get()
    assert (receipt.pledge_id, receipt.usd_amount) == (pledge.pk, Decimal("35087.72"))
    assert problems == []
