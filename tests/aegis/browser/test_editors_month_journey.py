"""An editor's month (July 2020) through the pages; a second editor reviews and publishes.

The September 2020 issue is published first and must read the same afterwards.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from aegis.activities.demo import load_activities
from aegis.coordination.demo import load_coordination
from aegis.core.demo import load_organisations
from aegis.core.models import User
from aegis.core.roles import Role
from aegis.funding.demo import load_funding
from aegis.reporting import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password"
# Screenshots of the pages walked through, for a person to look at (off by default).
SCREENS = os.environ.get("AEGIS_SCREENSHOTS", "")


def _shot(page: Page, name: str) -> None:
    if SCREENS:
        Path(SCREENS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENS) / f"{name}.png"), full_page=True)


def _log_in(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def _september(editor: User, reviewer: User) -> None:
    issue = services.issue_generate(actor=editor, month=date(2020, 9, 1))
    issue = services.issue_transition(actor=editor, issue=issue, step="submit")
    issue = services.issue_transition(actor=reviewer, issue=issue, step="approve")
    services.issue_transition(actor=reviewer, issue=issue, step="publish", confirmed=True)


def test_an_editors_month_reviewed_by_a_second_editor(
    page: Page, live_server: object, make_user: Callable[..., User]
) -> None:
    load_organisations()
    load_activities()
    load_coordination()
    load_funding()
    editor = make_user(Role.OFFICE_EDITOR, username="chloe", password=PASSWORD)
    reviewer = make_user(Role.OFFICE_EDITOR, username="ravi", password=PASSWORD)
    _september(editor, reviewer)
    base = str(live_server)
    page.goto(f"{base}/public/highlights/2020-09/")
    september = page.locator(".hl").inner_text()

    # The editor records July's activity, dated to the month, and submits it.
    _log_in(page, base, "chloe")
    page.goto(f"{base}/activities/new/")
    page.get_by_label("Title").fill("Consultations on the Global Framework for returnees")
    page.get_by_label("Kind").select_option(label="Consultation")
    page.get_by_label("Dates").fill("Jul 2020")
    page.locator("#id_lead_organisation").select_option(
        label="UNOCT — United Nations Office of Counter-Terrorism", force=True
    )
    page.get_by_label("Newsletter section").select_option(label="Highlights")
    page.get_by_label("Narrative").fill("UNOCT consulted 12 Compact entities on the Framework.")
    _shot(page, "activity-form")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("recorded")
    expect(page.locator(".facts").first).to_contain_text("July 2020")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("status")).to_contain_text("another editor approves it")
    expect(page.get_by_text("another editor reviews and publishes it")).to_be_visible()
    activity_url = page.url

    # January to July, as the results report gives it.
    page.goto(f"{base}/activities/results/")
    page.get_by_label("Indicator", exact=True).select_option(label="Individuals trained")
    page.get_by_label("Office unit", exact=True).select_option(label="UNCCT")
    page.get_by_label("Year to date (January to this month)").check()
    page.get_by_role("textbox", name="Month").fill("Jul 2020")
    page.get_by_label("Figure").fill("2754")
    page.get_by_label("Source", exact=True).fill("UNCCT results report, July 2020")
    page.get_by_role("button", name="Save figure").click()
    expect(page.get_by_role("status")).to_contain_text("January to July 2020: 2754")
    _shot(page, "results")

    # The second editor publishes the activity.
    _log_in(page, base, "ravi")
    page.goto(activity_url)
    page.get_by_label("I have checked it: publish").check()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status")).to_contain_text("Published")

    # The editor generates July's issue and sends it for review.
    _log_in(page, base, "chloe")
    page.goto(f"{base}/highlights/")
    page.get_by_label("Month").fill("2020-07")
    page.get_by_role("button", name="Generate the draft").click()
    expect(page.get_by_role("status")).to_contain_text("Draft generated")
    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_role("status")).to_contain_text("Sent for review")
    _shot(page, "issue-in-review")

    # The second editor approves and publishes it, confirming.
    _log_in(page, base, "ravi")
    page.goto(f"{base}/highlights/")
    page.get_by_role("link", name="July 2020", exact=True).click()
    page.get_by_role("button", name="Approve").click()
    page.get_by_label("I have read it: publish to the public site").check()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status")).to_contain_text("Published: the public page")

    page.context.clear_cookies()
    page.goto(f"{base}/public/highlights/2020-07/")
    expect(page.locator(".hl")).to_contain_text("Consultations on the Global Framework")
    expect(page.locator(".hl-results")).to_contain_text("January to July 2020")
    expect(page.locator(".hl-results")).to_contain_text("2754")
    _shot(page, "public-july")
    page.goto(f"{base}/public/highlights/2020-09/")
    assert page.locator(".hl").inner_text() == september
    expect(page.locator(".hl-results")).to_contain_text("6542")
