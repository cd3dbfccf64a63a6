"""A focal point logs in, records an activity, is told what is wrong, fixes it, sees it saved."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from aegis.activities.models import Activity
from aegis.core.models import Organisation, User
from aegis.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_log_in_and_record_an_activity(
    page: Page, live_server: object, make_user: Callable[..., User], organisation: Organisation
) -> None:
    make_user(Role.FOCAL_POINT, username="amira", password="a-long-test-password")
    base = str(live_server)

    page.goto(f"{base}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Username").fill("amira")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Welcome, amira")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Activities").click()
    page.get_by_role("link", name="New activity").click()
    page.get_by_label("Kind").select_option(label="Expert group meeting")
    page.get_by_label("Dates").fill("2020-09-23/2020-09-21")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("alert")).to_contain_text("Please correct the errors below.")
    expect(page.locator("#id_dates_errors")).to_have_text("2020-09-21 is before 2020-09-23.")
    expect(page.locator("#id_title_errors")).to_have_text("This field is required.")
    assert not Activity.objects.exists()

    page.get_by_label("Title").fill("Expert group meeting on nuclear security")
    page.get_by_label("Dates").fill("23-24 Sep 2020")
    page.get_by_role("button", name="Save").click()

    expect(
        page.get_by_role("heading", name="Expert group meeting on nuclear security")
    ).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("recorded")
    expect(page.locator(".audit-trail")).to_contain_text("amira created")
    activity = Activity.objects.get()
    assert (activity.start_date.isoformat(), activity.end_date.isoformat(), activity.status) == (
        "2020-09-23",
        "2020-09-24",
        "draft",
    )
