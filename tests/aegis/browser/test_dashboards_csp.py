"""Every dashboard, drawn by a real Chromium under the site's CSP: no violation is reported,
every chart is drawn, and a tooltip speaks in words."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from aegis.core.models import User
from aegis.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Records every CSP violation the page reports, before any of its own scripts run.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`
  );
});
"""

DASHBOARDS = [
    ("/highlights/dashboard/", "figure-by-kind", re.compile(r"^Training: \d+ activities$")),
    ("/highlights/dashboard/?year=2020", "figure-by-kind", re.compile(r": \d+ activit")),
    ("/public/dashboard/", "figure-by-kind", re.compile(r"^[\w -]+: \d+ activit")),
    ("/funding/", "chart-by-year", re.compile(r"^\$[\d,]+\.\d\d pledged in \d{4}$")),
    ("/funding/?year=2019", "chart-by-year", re.compile(r"pledged in \d{4}$")),
]


def test_every_dashboard_draws_without_a_csp_violation(
    page: Page, live_server: object, make_user: Callable[..., User]
) -> None:
    from aegis.activities.demo import load_activities
    from aegis.coordination.demo import load_coordination
    from aegis.core.demo import load_organisations
    from aegis.funding.demo import load_funding

    load_organisations()
    load_activities()
    load_coordination()
    load_funding()
    make_user(Role.OFFICE_EDITOR, username="edith", password="a-long-test-password")
    console: list[str] = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on("pageerror", lambda error: console.append(str(error)))
    page.add_init_script(WATCH_CSP)
    base = str(live_server)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill("edith")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()

    for url, chart, tooltip in DASHBOARDS:
        page.goto(f"{base}{url}")
        charts = page.locator("[data-chart]")
        expect(charts.first).to_have_attribute("data-chart-ready", "true")
        for index in range(charts.count()):
            expect(charts.nth(index)).to_have_attribute("data-chart-ready", "true")
        bar = page.locator(f"[data-chart='{chart}'] .point path").first.bounding_box()
        assert bar is not None, url
        page.mouse.move(bar["x"] + bar["width"] / 2, bar["y"] + bar["height"] / 2)
        hover = page.locator(f"[data-chart='{chart}'] .hoverlayer .hovertext").first
        expect(hover).to_be_visible()
        assert tooltip.search((hover.text_content() or "").strip()), (
            url,
            (hover.text_content() or ""),
        )

        assert page.evaluate("window.__cspViolations") == [], url
        assert console == [], url

    # The world map: bigger than the other charts, every country reached drawn.
    page.goto(f"{base}/highlights/dashboard/")
    world = page.locator("[data-chart='figure-countries']")
    expect(world).to_have_attribute("data-chart-ready", "true")
    box = world.bounding_box()
    assert box is not None and box["width"] > 1000 and box["height"] >= 540
    assert page.evaluate("window.__cspViolations") == []
