"""Communications staff generate a draft, reword one item, publish, open the public page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from aegis.activities.demo import load_activities
from aegis.coordination.demo import load_coordination
from aegis.core.demo import load_organisations
from aegis.core.models import User
from aegis.core.roles import Role
from aegis.funding.demo import load_funding

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_generate_edit_publish_and_read_in_public(
    page: Page, live_server: object, make_user: Callable[..., User]
) -> None:
    load_organisations()
    load_activities()
    load_coordination()
    load_funding()
    make_user(Role.OFFICE_EDITOR, username="chloe", password="a-long-test-password")
    make_user(Role.OFFICE_EDITOR, username="ravi", password="a-long-test-password")
    base = str(live_server)

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill("chloe")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Highlights").click()
    page.get_by_label("Month").fill("2020-09")
    page.get_by_role("button", name="Generate the draft").click()
    expect(page.get_by_role("status")).to_contain_text("Draft generated")

    page.get_by_role(
        "link", name="Edit: First UNOCT roundtable with civil society organizations"
    ).click()
    page.get_by_label("Text for this issue").fill(
        "Twenty-one participants from 19 civil society organizations met UNOCT online."
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Item saved for this issue.")
    page.get_by_role("button", name="Send for review").click()
    issue_url = page.url
    # Four eyes: a second editor approves and publishes.
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill("ravi")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.goto(issue_url)
    page.get_by_role("button", name="Approve").click()
    page.get_by_label("I have read it: publish to the public site").check()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status")).to_contain_text("Published: the public page")

    page.get_by_role("link", name="Public page").click()
    expect(page).to_have_url(f"{base}/public/highlights/2020-09/")
    expect(page.locator(".hl-title")).to_have_text("Monthly Highlights")
    expect(page.locator(".hl")).to_contain_text(
        "Twenty-one participants from 19 civil society organizations met UNOCT online."
    )
    expect(page.locator(".hl")).to_contain_text("$249.9 million")

    page.context.clear_cookies()
    page.goto(f"{base}/public/highlights/2020-09/")
    expect(page.locator(".hl-month")).to_have_text("September 2020")
