"""An office editor filters activities by pillar and country, opens one, edits it, sees history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from playwright.sync_api import Page, expect
from tests.aegis.factories import ActivityFactory

from aegis.activities.models import Activity, Pillar
from aegis.core.models import Country, Organisation, User
from aegis.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _activity(title: str, pillar: int, country: str, lead: Organisation) -> Activity:
    activity = ActivityFactory(
        title=title, lead_organisation=lead, start_date=date(2020, 9, 14), status="published"
    )
    activity.pillars.set([Pillar.objects.get(number=pillar)])
    activity.beneficiary_countries.set([Country.objects.get(code=country)])
    return activity


def test_filter_open_edit_and_see_the_history(
    page: Page, live_server: object, make_user: Callable[..., User], organisation: Organisation
) -> None:
    make_user(Role.OFFICE_EDITOR, username="omar", password="a-long-test-password")
    _activity("Assessment of Sierra Leone's PIU readiness", 2, "SL", organisation)
    _activity("Youth webinar in Sudan", 1, "SD", organisation)
    _activity("Deep-dive assessment of Uganda", 2, "UG", organisation)
    base = str(live_server)

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill("omar")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{base}/activities/")
    expect(page.locator("table.table tbody tr")).to_have_count(3)

    page.get_by_label("Pillar").select_option(label="Pillar II")
    page.get_by_label("Country", exact=True).select_option(label="Sierra Leone")
    page.get_by_role("button", name="Filter").click()

    rows = page.locator("table.table tbody tr")
    expect(rows).to_have_count(1)
    rows.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Assessment of Sierra Leone's PIU readiness"
    )

    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Title").fill("Deep-dive assessment of Sierra Leone's PIU readiness")
    page.get_by_label("Participants", exact=True).fill("18")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("status")).to_contain_text("Changes saved.")
    latest = page.locator(".audit-trail > li").first
    expect(latest).to_contain_text("omar changed")
    expect(latest).to_contain_text("Deep-dive assessment of Sierra Leone's PIU readiness")
    expect(latest).to_contain_text("Participants")
