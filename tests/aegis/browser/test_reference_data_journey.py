"""An office editor adds a kind of activity and a principal on the office pages, then
records an activity of that kind with that principal: no administrator needed."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from aegis.activities.models import Activity
from aegis.core.models import Organisation, User
from aegis.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_adds_a_kind_and_a_principal_and_uses_them(
    page: Page, live_server: object, make_user: Callable[..., User], organisation: Organisation
) -> None:
    make_user(Role.OFFICE_EDITOR, username="amina", password="a-long-test-password")
    base = str(live_server)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill("amina")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()

    page.goto(f"{base}/activities/")
    page.get_by_role("navigation", name="Office records").get_by_role("link", name="Kinds").click()
    page.get_by_role("link", name="New kind").click()
    page.get_by_label("Code").fill("site_visit")
    page.get_by_label("Name").fill("Site visit")
    page.get_by_label("Proposed newsletter section").select_option(label="Capacity Building")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Kind of activity saved.")
    expect(page.get_by_role("row", name=re.compile("Site visit"))).to_contain_text("site_visit")

    page.get_by_role("link", name="Principals").click()
    page.get_by_role("link", name="New principal").click()
    page.get_by_label("Name").fill("Vladimir Voronkov")
    page.get_by_label("Title", exact=True).fill("Under-Secretary-General")
    page.get_by_label("Short title").fill("USG")
    page.get_by_label("Organisation").select_option(label=str(organisation))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Principal saved.")

    page.goto(f"{base}/activities/new/")
    page.get_by_label("Title").fill("Site visit to Nouakchott airport")
    page.get_by_label("Kind").select_option(label="Site visit")
    page.get_by_label("Dates").fill("14 Jul 2020")
    page.get_by_label("Lead organisation").select_option(label=str(organisation))
    page.get_by_label("Principals who spoke").select_option(label="USG Vladimir Voronkov")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", name="Site visit to Nouakchott airport")).to_be_visible()
    activity = Activity.objects.get()
    assert (activity.kind_id, [str(p) for p in activity.principals.all()]) == (
        "site_visit",
        ["USG Vladimir Voronkov"],
    )
