"""Screenshots of every office page, signed in as the office editor, to look at them.

    .venv/bin/python bench/screenshots.py [--out /tmp/looks-office] [--base-url URL]
        [--database-url URL] [--width 1280] [--only NAME ...]

Without ``--base-url``, serves the demo database (the SQLite file ``bench_dashboards.py``
keeps, ``var/bench_dashboards.sqlite3``, built the same way when absent) with
``aegis runserver`` on a free loopback port, and gives the demo's ``editor`` account a known
password first (and the ``funding`` account, for the Trust Fund's forms the editor's role
may not open). With ``--base-url``, the server must already serve the demo and
``AEGIS_SCREENSHOT_PASSWORD`` must hold the password of the demo's ``editor`` and ``funding``.

Headless Chromium (``/usr/bin/chromium``, or ``AEGIS_CHROMIUM``) through Playwright takes one
full-page PNG per page into ``--out`` (``NN-name.png``), waiting for every chart to be drawn;
each page's console errors (a CSP violation among them) and failed requests are printed, and
the script exits 1 when a page did not answer 200 or logged an error.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, sync_playwright

from bench_dashboards import demo_database

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("AEGIS_CHROMIUM", "/usr/bin/chromium")
USERNAME = "editor"
# The editor's role may read the Trust Fund but not change it: its forms are taken signed in
# as the demo's resource-mobilisation officer (pages named ``…@funding``).
FUNDING_USERNAME = "funding"


def _first(model: str, **filters: object) -> int | None:
    from django.apps import apps

    found = apps.get_model(model).objects.filter(**filters).order_by("pk").first()
    return found.pk if found else None


def office_pages() -> list[tuple[str, str]]:
    """(name, path) of every office page, detail pages on the demo's first records."""
    from aegis.reporting.selectors import published_issues

    activity = _first("activities.Activity", status="published")
    body = _first("coordination.Body")
    organisation = _first("core.Organisation", acronym="UNOCT")
    donor = _first("funding.Pledge")
    pledge = _first("funding.Pledge", receipts__isnull=False)
    receipt = _first("funding.Receipt")
    issue = _first("reporting.Issue")
    in_kind = _first("funding.InKindContribution")
    public_issue = published_issues().first()
    from aegis.funding.models import Pledge

    donor_id = Pledge.objects.get(pk=donor).donor_id if donor else None
    pages = [
        ("home", "/"),
        ("search", "/search/?q=Kenya"),
        ("activities", "/activities/"),
        ("activity-detail", f"/activities/{activity}/"),
        ("activity-edit", f"/activities/{activity}/edit/"),
        ("activity-new", "/activities/new/"),
        ("activity-import", "/activities/import/"),
        ("results", "/activities/results/"),
        ("who-does-what-where", "/activities/who-does-what-where/"),
        ("agreements", "/activities/agreements/"),
        ("coordination-bodies", "/coordination/"),
        ("coordination-body", f"/coordination/{body}/"),
        ("organisations", "/organisations/"),
        ("organisation-detail", f"/organisations/{organisation}/"),
        ("organisation-edit", f"/organisations/{organisation}/edit/"),
        ("organisation-new", "/organisations/new/"),
        ("organisation-import", "/organisations/import/"),
        ("funding-dashboard", "/funding/"),
        ("funding-dashboard-2019", "/funding/?year=2019"),
        ("funding-donors", "/funding/donors/"),
        ("funding-donor", f"/funding/donors/{donor_id}/"),
        ("funding-pledges", "/funding/pledges/"),
        ("funding-pledge", f"/funding/pledges/{pledge}/"),
        ("funding-pledge-edit@funding", f"/funding/pledges/{pledge}/edit/"),
        ("funding-pledge-new@funding", "/funding/pledges/new/"),
        ("funding-receipt-new@funding", f"/funding/pledges/{pledge}/receipts/new/"),
        ("funding-receipt-edit@funding", f"/funding/receipts/{receipt}/edit/"),
        ("funding-in-kind-new@funding", "/funding/in-kind/new/"),
        ("funding-rates", "/funding/rates/"),
        ("funding-rate-new@funding", "/funding/rates/new/"),
        ("funding-rate-import@funding", "/funding/rates/import/"),
        ("highlights-issues", "/highlights/"),
        ("dashboards", "/highlights/dashboard/"),
        ("dashboards-2020", "/highlights/dashboard/?year=2020"),
        ("dashboards-bad-year", "/highlights/dashboard/?year=20x0"),
        ("public-archive", "/public/"),
        ("public-dashboard", "/public/dashboard/"),
    ]
    if in_kind:
        pages.append(("funding-in-kind-edit@funding", f"/funding/in-kind/{in_kind}/edit/"))
    if issue:
        pages.append(("highlights-issue", f"/highlights/{issue}/"))
    if public_issue:
        pages.append(("public-issue", f"/public/highlights/{public_issue.slug}/"))
    return pages


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(database_url: str) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": database_url}  # DEBUG on: runserver serves static
    command = [str(ROOT / ".venv/bin/aegis"), "runserver", f"127.0.0.1:{port}", "--noreload"]
    log = Path("/tmp") / f"aegis-screenshots-{port}.log"  # noqa: S108 - a throwaway log
    server = subprocess.Popen(  # noqa: S603 - our own console script
        command, env=env, cwd=ROOT, stdout=log.open("wb"), stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2):  # noqa: S310 - loopback
                return server, base
        except OSError:
            time.sleep(1)
    server.terminate()
    raise SystemExit(f"the server did not answer; see {log}")


def _settle(page: Page, problems: list[str]) -> None:
    """Wait until every chart of the page is drawn (noted as a problem when one is not)."""
    charts = page.locator("[data-chart]")
    for index in range(charts.count()):
        try:
            charts.nth(index).locator("svg.main-svg").first.wait_for(timeout=20_000)
        except PlaywrightError:
            problems.append(f"chart {charts.nth(index).get_attribute('data-chart')} not drawn")
    page.wait_for_timeout(300)


def take(base: str, password: str, pages: list[tuple[str, str]], out: Path, width: int) -> int:
    out.mkdir(parents=True, exist_ok=True)
    failures = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        problems: list[str] = []
        signed_in: dict[str, Page] = {}
        for username in (USERNAME, FUNDING_USERNAME):
            page = browser.new_context(
                viewport={"width": width, "height": 900}, locale="en-GB"
            ).new_page()
            page.on(
                "console",
                lambda message: problems.append(message.text) if message.type == "error" else None,
            )
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.goto(f"{base}/accounts/login/")
            page.get_by_label("Username").fill(username)
            page.get_by_label("Password").fill(password)
            page.get_by_role("button", name="Log in").click()
            page.wait_for_load_state()
            signed_in[username] = page
        for named, path in pages:
            name, _, username = named.partition("@")
            page = signed_in[username or USERNAME]
            problems.clear()
            response = page.goto(f"{base}{path}")
            status = response.status if response else 0
            _settle(page, problems)
            target = out / f"{name}.png"
            page.screenshot(path=str(target), full_page=True)
            expected = 400 if name.endswith("bad-year") else 200
            noted = [p for p in problems if not (expected == 400 and "400" in p)]
            flag = "ok" if status == expected and not noted else "PROBLEM"
            failures += flag != "ok"
            print(f"{flag:7} {status} {path:45} -> {target}")
            for problem in noted:
                print(f"        console: {problem[:200]}")
        browser.close()
    return failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/looks-office"))  # noqa: S108
    parser.add_argument("--base-url", help="a server already serving the demo")
    parser.add_argument("--database-url", help="a database already holding the demo")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--only", nargs="*", help="names of the pages to take")
    args = parser.parse_args()
    url, _how = demo_database(args.database_url, rebuild=False)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aegis.settings.local")
    import django

    django.setup()
    from aegis.core.models import User

    # Numbered in the full list's order, so a partial run (--only) replaces the same files.
    pages = [(f"{n:02d}-{name}", path) for n, (name, path) in enumerate(office_pages(), start=1)]
    if args.only:
        pages = [p for p in pages if p[0][3:].partition("@")[0] in args.only]
    server = None
    if args.base_url:
        base, password = args.base_url.rstrip("/"), os.environ["AEGIS_SCREENSHOT_PASSWORD"]
    else:
        password = "screenshots-of-every-office-page"  # noqa: S105 - the local demo's account
        for user in User.objects.filter(username__in=(USERNAME, FUNDING_USERNAME)):
            user.set_password(password)
            user.save(update_fields=["password"])
        server, base = _serve(url)
    try:
        failures = take(base, password, pages, args.out, args.width)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
    print(f"{len(pages)} pages into {args.out}; {failures} with a problem")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
