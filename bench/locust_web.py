"""Locust users browsing the office pages and the PIU pages as their roles allow.

    .venv/bin/locust -f bench/locust_web.py --host http://127.0.0.1:8000   # after bench_web's setup

``bench/bench_web.py`` creates the accounts and runs this file; it names the accounts in a
JSON file given by ``AEGIS_BENCH_ACCOUNTS``: a list of ``{"username", "password", "role",
"half": "office" | "piu", "totp_key": hex or null}``. Each locust user takes an account of its
own (a TOTP code cannot be used twice, so two users must never share a device), logs in
through the real log-in form (and the second-factor form for the PIU), then browses with a
think time of 1 to 3 seconds, as a person reading pages does: lists first, then the records
linked from them, so that every id it opens is one its role may see. Every answer must have
the expected status and the page's own heading, or it counts as a failure. Requests are named
by page, so locust's figures are per page.
"""

from __future__ import annotations

import json
import os
import random
import re
import time
from collections.abc import Iterator
from itertools import count
from typing import Any

from django_otp.oath import totp
from locust import HttpUser, between, events, task
from locust.exception import StopUser

from loadtest import accept_secure_cookies_over_http

ACCOUNTS_FILE = os.environ.get("AEGIS_BENCH_ACCOUNTS", "")
TIMINGS_FILE = os.environ.get("AEGIS_BENCH_TIMINGS", "")
THINK_TIME = between(1, 3)

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_PAGES = re.compile(r"Page \d+ of (\d+)")


def _accounts(half: str) -> Iterator[dict[str, Any]]:
    """Hand out the accounts of one half, each to one locust user (the last ones again if
    there are more users than accounts; bench_web creates enough)."""
    with open(ACCOUNTS_FILE, encoding="utf-8") as handle:  # noqa: PTH123
        accounts = [a for a in json.load(handle) if a["half"] == half]
    for number in count():
        yield accounts[min(number, len(accounts) - 1)]


_OFFICE_ACCOUNTS: Iterator[dict[str, Any]] | None = None
_PIU_ACCOUNTS: Iterator[dict[str, Any]] | None = None


# Every request (name, time in ms as locust measured it, failed, when it ended) and when
# spawning completed: bench_web computes exact percentiles per page and per group of pages
# from them, for the steady state after the ramp (locust's CSV mixes both and rounds times).
_TIMINGS: dict[str, Any] = {"spawned": None, "stopped": None, "requests": []}


def _record(name: str, response_time: float, exception: object, **_: object) -> None:
    _TIMINGS["requests"].append((name, response_time, exception is not None, time.monotonic()))


def _spawned(**_: object) -> None:
    _TIMINGS["spawned"] = _TIMINGS["spawned"] or time.monotonic()


def _stopped(**_: object) -> None:
    _TIMINGS["stopped"] = time.monotonic()


def _write_timings(**_: object) -> None:
    if TIMINGS_FILE:
        with open(TIMINGS_FILE, "w", encoding="utf-8") as handle:  # noqa: PTH123
            json.dump(_TIMINGS, handle)


for _event, _listener in (
    (events.request, _record),
    (events.spawning_complete, _spawned),
    (events.test_stop, _stopped),
    (events.quitting, _write_timings),
):
    _event.add_listener(_listener)  # type: ignore[no-untyped-call]  # locust's own typing


def _ids(page: str, prefix: str) -> list[int]:
    """The record ids of links ``prefix<id>/`` in ``page``, in order, without repeats."""
    found = re.findall(rf'href="{re.escape(prefix)}(\d+)/"', page)
    return list(dict.fromkeys(int(number) for number in found))


class Browser(HttpUser):
    """A signed-in person of one role; subclasses say which pages they read."""

    abstract = True
    wait_time = THINK_TIME
    half = ""  # the prefix of request names: "office" or "PIU"
    account: dict[str, Any]
    known: dict[str, list[int]]

    def on_start(self) -> None:
        accept_secure_cookies_over_http(self.client)
        self.known = {}
        self.log_in()

    def log_in(self) -> None:
        raise NotImplementedError

    # --- helpers ----------------------------------------------------------------------------

    def page(self, url: str, name: str, expect: str, *, status: int = 200) -> str:
        """GET ``url`` as request ``name``; a failure unless the status is ``status`` and the
        body contains ``expect``. Returns the body ('' on failure)."""
        name = name if name.startswith("sign-in: ") else f"{self.half}: {name}"
        with self.client.get(url, name=name, catch_response=True, allow_redirects=False) as r:
            body = r.text if r.status_code == status else ""
            if r.status_code != status:
                r.failure(f"status {r.status_code}, expected {status}")
            elif expect not in body:
                r.failure(f"{expect!r} not in the page")
            return body

    def post_form(self, url: str, data: dict[str, str], name: str, redirect_to: str) -> None:
        """POST a form as request ``name``; a failure unless it answers with a redirect whose
        ``Location`` starts with ``redirect_to`` (a form shown again means it was refused)."""
        with self.client.post(
            url, data=data, name=name, catch_response=True, allow_redirects=False
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code != 302 or not location.startswith(redirect_to):
                response.failure(f"status {response.status_code} to {location!r}")
                raise StopUser

    def csrf(self, body: str) -> str:
        match = _CSRF.search(body)
        if match is None:
            raise StopUser
        return match.group(1)

    def remember(self, kind: str, ids: list[int]) -> None:
        if ids:
            self.known[kind] = sorted({*self.known.get(kind, ()), *ids})

    def pick(self, kind: str) -> int | None:
        ids = self.known.get(kind)
        return random.choice(ids) if ids else None

    def sign_in(self, next_url: str, landing: str) -> None:
        body = self.page(f"/accounts/login/?next={next_url}", "sign-in: log-in form", "Log in")
        self.post_form(
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": self.csrf(body),
                "username": self.account["username"],
                "password": self.account["password"],
                "next": next_url,
            },
            "sign-in: log in",
            landing,
        )


class OfficeUser(Browser):
    """Office staff (editor, focal point, viewer, resource mobilisation): activities,
    coordination, results, the Trust Fund, the Monthly Highlights and their dashboards."""

    weight = 3
    half = "office"

    def log_in(self) -> None:
        global _OFFICE_ACCOUNTS  # noqa: PLW0603 - one sequence of accounts per locust process
        _OFFICE_ACCOUNTS = _OFFICE_ACCOUNTS or _accounts("office")
        self.account = next(_OFFICE_ACCOUNTS)
        self.sign_in("/", "/")
        self.home()

    @task(2)
    def home(self) -> None:
        self.page("/", "home", "Welcome")

    @task(4)
    def activity_list(self) -> None:
        pages = self.known.get("activity pages", [1])
        number = random.choice(range(1, max(pages) + 1))
        body = self.page(f"/activities/?page={number}", "activities", "<h1>Activities</h1>")
        self.remember("activity", _ids(body, "/activities/"))
        match = _PAGES.search(body)
        if match:
            self.known["activity pages"] = [int(match.group(1))]

    @task(3)
    def activity_list_filtered(self) -> None:
        query = random.choice(
            [
                f"pillar={random.randint(1, 4)}",
                f"country={random.choice(['JO', 'UG', 'AR', 'NG', 'MV', 'ML', 'CO', 'PH'])}",
                f"kind={random.choice(['workshop', 'training', 'meeting', 'conference'])}",
                f"q={random.choice(['counter', 'youth', 'border', 'victims', 'prevent'])}",
                f"status=published&pillar={random.randint(1, 4)}",
            ]
        )
        body = self.page(f"/activities/?{query}", "activities (filtered)", "<h1>Activities</h1>")
        self.remember("activity", _ids(body, "/activities/"))

    @task(5)
    def activity_detail(self) -> None:
        pk = self.pick("activity")
        if pk is None:
            return self.activity_list()
        self.page(f"/activities/{pk}/", "activity", "<h1>")
        return None

    @task(1)
    def activity_export(self) -> None:
        pillar = random.randint(1, 4)
        with self.client.get(
            f"/activities/export.csv?pillar={pillar}",
            name="office: activities export (CSV)",
            catch_response=True,
        ) as response:
            if response.status_code != 200 or not response.text.startswith("\ufeffexternal_id,"):
                response.failure(f"status {response.status_code}, {response.text[:40]!r}")

    @task(1)
    def who_does_what_where(self) -> None:
        self.page("/activities/who-does-what-where/", "who does what where", "Who does what where")

    @task(1)
    def results(self) -> None:
        self.page("/activities/results/?year=2020", "results", "<h1>Results 2020</h1>")

    @task(1)
    def agreements(self) -> None:
        self.page("/activities/agreements/", "agreements", "<h1>Agreements</h1>")

    @task(2)
    def coordination(self) -> None:
        body = self.page("/coordination/", "coordination", "Compact and coordination bodies")
        self.remember("body", _ids(body, "/coordination/"))

    @task(2)
    def body_detail(self) -> None:
        pk = self.pick("body")
        if pk is None:
            return self.coordination()
        self.page(f"/coordination/{pk}/", "coordination body", "<h1>")
        return None

    @task(1)
    def organisations(self) -> None:
        body = self.page("/organisations/", "organisations", "<h1>Organisations</h1>")
        self.remember("organisation", _ids(body, "/organisations/"))

    @task(1)
    def organisation_detail(self) -> None:
        pk = self.pick("organisation")
        if pk is None:
            return self.organisations()
        self.page(f"/organisations/{pk}/", "organisation", "<h1>")
        return None

    @task(2)
    def funding_dashboard(self) -> None:
        self.page("/funding/", "funding dashboard", "Counter-Terrorism Trust Fund")

    @task(1)
    def donors(self) -> None:
        body = self.page("/funding/donors/", "donors", "<h1>Donors</h1>")
        self.remember("donor", _ids(body, "/funding/donors/"))

    @task(1)
    def donor_detail(self) -> None:
        pk = self.pick("donor")
        if pk is None:
            return self.donors()
        self.page(f"/funding/donors/{pk}/", "donor", "<h1>")
        return None

    @task(1)
    def pledges(self) -> None:
        body = self.page("/funding/pledges/", "pledges", "<h1>Pledges</h1>")
        self.remember("pledge", _ids(body, "/funding/pledges/"))

    @task(1)
    def pledge_detail(self) -> None:
        pk = self.pick("pledge")
        if pk is None:
            return self.pledges()
        self.page(f"/funding/pledges/{pk}/", "pledge", "<h1>")
        return None

    @task(1)
    def rates(self) -> None:
        self.page("/funding/rates/", "rates of exchange", "UN operational rates of exchange")

    @task(1)
    def highlights(self) -> None:
        body = self.page("/highlights/", "highlights issues", "<h1>Monthly Highlights</h1>")
        self.remember("issue", _ids(body, "/highlights/"))

    @task(2)
    def highlights_issue(self) -> None:
        pk = self.pick("issue")
        if pk is None:
            return self.highlights()
        self.page(f"/highlights/{pk}/", "highlights issue", "hl-title")
        return None

    @task(1)
    def dashboards(self) -> None:
        self.page("/highlights/dashboard/", "dashboards", "<h1>Dashboards</h1>")

    @task(1)
    def search(self) -> None:
        word = random.choice(["terrorism", "Sahel", "UNODC", "aviation", "youth"])
        self.page(f"/search/?q={word}", "search", f"Results for “{word}”")


class PiuUser(Browser):
    """PIU analysts and supervisors: the flights board, flights, travellers, bookings, cases,
    rules, watchlists, carrier messages and (supervisors) the access log."""

    weight = 2
    half = "PIU"

    def log_in(self) -> None:
        global _PIU_ACCOUNTS  # noqa: PLW0603 - one sequence of accounts per locust process
        _PIU_ACCOUNTS = _PIU_ACCOUNTS or _accounts("piu")
        self.account = next(_PIU_ACCOUNTS)
        self.sign_in("/piu/", "/piu/")
        target = "/piu/second-factor/?next=/piu/"
        body = self.page(target, "sign-in: second-factor form", "Two-factor authentication")
        code = totp(bytes.fromhex(self.account["totp_key"]))
        self.post_form(
            target,
            {"csrfmiddlewaretoken": self.csrf(body), "token": f"{code:06d}"},
            "sign-in: second factor",
            "/piu/",
        )
        self.board()

    @task(4)
    def board(self) -> None:
        body = self.page("/piu/", "flights board", "<h1>Flights board</h1>")
        self.remember("flight", _ids(body, "/piu/flights/"))

    @task(4)
    def flight_detail(self) -> None:
        pk = self.pick("flight")
        if pk is None:
            return self.board()
        body = self.page(f"/piu/flights/{pk}/", "flight", "<h1>Flight ")
        self.remember("traveller", _ids(body, "/piu/travellers/"))
        self.remember("case", _ids(body, "/piu/cases/"))
        return None

    @task(4)
    def traveller_detail(self) -> None:
        pk = self.pick("traveller")
        if pk is None:
            return self.flight_detail()
        body = self.page(f"/piu/travellers/{pk}/", "traveller", "<h1>")
        self.remember("booking", _ids(body, "/piu/bookings/"))
        return None

    @task(1)
    def booking_detail(self) -> None:
        pk = self.pick("booking")
        if pk is None:
            return self.traveller_detail()
        self.page(f"/piu/bookings/{pk}/", "booking", "<h1>Booking ")
        return None

    @task(3)
    def cases(self) -> None:
        status = random.choice(["", "", "new", "in_review", "closed"])
        body = self.page(f"/piu/cases/?status={status}", "cases", "<h1>Cases</h1>")
        self.remember("case", _ids(body, "/piu/cases/"))

    @task(4)
    def case_detail(self) -> None:
        pk = self.pick("case")
        if pk is None:
            return self.cases()
        self.page(f"/piu/cases/{pk}/", "case", f"<h1>Case {pk}: ")
        return None

    @task(1)
    def rules(self) -> None:
        body = self.page("/piu/rules/", "rules", "<h1>Rules</h1>")
        self.remember("rule", _ids(body, "/piu/rules/"))

    @task(1)
    def rule_detail(self) -> None:
        pk = self.pick("rule")
        if pk is None:
            return self.rules()
        self.page(f"/piu/rules/{pk}/", "rule", "<h1>")
        return None

    @task(1)
    def watchlists(self) -> None:
        self.page("/piu/watchlists/", "watchlists", "<h1>Watchlists</h1>")

    @task(1)
    def messages(self) -> None:
        self.page("/piu/messages/", "carrier messages", "<h1>Carrier messages</h1>")

    @task(1)
    def access_log(self) -> None:
        if self.account["role"] == "PIU supervisor":
            self.page("/piu/access-log/", "access log", "<h1>Access log</h1>")
        else:
            self.cases()
