"""An analyst searches a passport seen on two flights, opens the traveller's travel history,
sees both trips, follows the link to a co-traveller with a hit and takes her case from the
sorted case list (issue 21); and the link graph of a traveller with a few hundred linked
people stays drawn and readable."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect
from tests.aegis.browser.conftest import ARTIFACTS
from tests.aegis.travel.conftest import NATIONAL_LIST
from tests.aegis.travel.test_travel_history import KESTREL, OUTBOUND, RETURN, paxlst

from aegis.core.models import User
from aegis.core.permissions import SYSTEM
from aegis.core.roles import Role
from aegis.travel import services
from aegis.travel.intake import message_receive
from aegis.travel.models import AccessLog, Case, Traveller, Watchlist
from paxscreen.synthetic.people import generate_people

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Page, base: str, make_user: Callable[..., User], next_url: str) -> User:
    analyst = make_user(Role.PIU_ANALYST, username="nadia", password="a-long-test-password")
    device = TOTPDevice.objects.create(user=analyst, name="phone", confirmed=True)
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.get_by_label("Username").fill("nadia")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/accounts/second-factor/"))
    page.get_by_label("Code from your authenticator app").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Confirm").click()
    return analyst


def test_a_passport_on_two_flights_leads_to_a_co_traveller_s_case(
    page: Page, live_server: object, make_user: Callable[..., User]
) -> None:
    services.watchlist_load(
        actor=SYSTEM,
        name="National list",
        content=NATIONAL_LIST,
        file_format=Watchlist.Format.CSV,
        rescreen=False,
    )
    for content in (OUTBOUND, RETURN):
        message_receive(content=content, door="command", source="test", actor=SYSTEM)
    back = Traveller.objects.get(surname="MULLER")
    kestrel_case = Case.objects.get(traveller__surname="KESTREL", flight=back.flight)
    base = str(live_server)

    # Step 1 — the search: the passport, with the purpose the access log keeps.
    analyst = sign_in(page, base, make_user, "/piu/")
    page.locator(".piu-nav").get_by_role("link", name="Search").click()
    page.get_by_label("Document number").fill("C4J7K2L9M")
    page.get_by_label("Purpose of this search").fill("Referral 12: other trips of the holder")
    page.get_by_role("button", name="Search").click()
    results = page.locator(".search-results tbody tr")
    expect(results).to_have_count(2)
    expect(page.locator(".search-results")).to_contain_text("LH400")
    expect(page.locator(".search-results")).to_contain_text("LH401")
    results.filter(has_text="LH401").get_by_role("link", name="MULLER, ANNA").click()
    expect(page).to_have_url(re.compile(rf"/piu/travellers/{back.pk}/"))
    expect(page.get_by_role("heading", name="MULLER, ANNA")).to_be_visible()
    searched = AccessLog.objects.get(action=AccessLog.Action.SEARCH)
    assert (searched.user, searched.purpose) == (analyst, "Referral 12: other trips of the holder")

    # Step 2 — both trips in the travel history.
    history = page.locator(".piu-history")
    expect(history.locator("tbody tr")).to_have_count(2)
    expect(history).to_contain_text("LH401 09 Nov 2026")
    expect(history).to_contain_text("JFK → FRA")
    expect(history).to_contain_text("LH400 02 Nov 2026")
    expect(history).to_contain_text("FRA → JFK")
    expect(history).to_contain_text("same document P DEU C4J7K2L9M")
    expect(page.get_by_text("None on record.")).to_have_count(0)
    expect(page.locator(".piu-links__graph")).to_be_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "travel-history-traveller.png"), full_page=True)

    # Step 3 — the co-traveller on both flights, with her hit, and her case.
    row = page.locator(".piu-links__table tr", has_text="KESTREL, MIRIAM ODUYA")
    expect(row).to_contain_text("travelled together 2 times")
    expect(row).to_contain_text("2 hits")
    row.get_by_role("link", name="KESTREL, MIRIAM ODUYA").click()
    expect(page.get_by_role("heading", name="KESTREL, MIRIAM ODUYA")).to_be_visible()
    expect(page.locator(".piu-history tbody tr")).to_have_count(2)
    page.get_by_role("link", name="Open the case").click()

    expect(page).to_have_url(re.compile(rf"/piu/cases/{kestrel_case.pk}/$"))
    expect(page.locator(".piu-hit").first).to_contain_text("Miriam Oduya Kestrel")

    # Step 4 — the case list, sorted by departure (both flights have left: the later first),
    # and the case taken from it.
    page.locator(".piu-nav").get_by_role("link", name="Cases").click()
    listed = page.locator("table tbody tr", has_text="KESTREL")
    expect(listed).to_have_count(2)
    expect(listed.first).to_contain_text("LH401")
    expect(listed.nth(1)).to_contain_text("LH400")
    listed.first.get_by_role("link", name=str(kestrel_case.pk), exact=True).click()
    page.get_by_role("button", name="Start review").click()
    expect(page.get_by_role("status")).to_contain_text(str(kestrel_case.pk))
    kestrel_case.refresh_from_db()
    assert (kestrel_case.status, kestrel_case.assignee) == (Case.Status.IN_REVIEW, analyst)


def _crowd(flights: int, aboard: int, pool_size: int) -> None:
    """``flights`` flights of ``aboard`` people drawn from a pool of ``pool_size`` synthetic
    people, so that the same people meet on several flights; Anna Mueller (passport
    C4J7K2L9M) is on the first twelve."""
    rng = random.Random(21)
    pool = [
        (
            f"{person.surname.upper()}:{':'.join(n.upper() for n in person.given_names)}",
            "M" if person.gender == "male" else "F",
            f"{person.date_of_birth:%y%m%d}",
            person.nationality,
            f"X{number:08d}",
            person.nationality,
            f"{number % 40 + 1}{'ABCDEF'[number % 6]}",
        )
        for number, person in enumerate(generate_people(pool_size, seed=21))
    ]
    mueller = ("MUELLER:ANNA:MARIA", "F", "850412", "DEU", "C4J7K2L9M", "DEU", "1A")
    start = dt.datetime(2026, 10, 1, 7, 0, tzinfo=dt.UTC)
    for flight in range(flights):
        departure = start + dt.timedelta(days=flight, hours=flight % 5)
        arrival = departure + dt.timedelta(hours=8)
        people = rng.sample(pool, aboard)
        if flight < 12:
            people = [mueller, *people]
        if flight in (3, 7):
            people.append(KESTREL)
        content = paxlst(
            f"LH{flight:04d}",
            f"LH{700 + flight:04d}",
            ("FRA", "JFK") if flight % 2 == 0 else ("JFK", "FRA"),
            (f"{departure:%y%m%d%H%M}", f"{arrival:%y%m%d%H%M}"),
            *people,
        )
        assert (
            message_receive(content=content, door="command", source="test", actor=SYSTEM).status
            == "loaded"
        )


def test_a_graph_of_a_few_hundred_people_stays_drawn_and_readable(
    page: Page, live_server: object, make_user: Callable[..., User]
) -> None:
    services.watchlist_load(
        actor=SYSTEM,
        name="National list",
        content=NATIONAL_LIST,
        file_format=Watchlist.Format.CSV,
        rescreen=False,
    )
    _crowd(flights=40, aboard=50, pool_size=400)
    mueller = Traveller.objects.filter(surname="MUELLER").order_by("-flight__departure").first()
    assert mueller is not None
    base = str(live_server)
    sign_in(page, base, make_user, f"/piu/travellers/{mueller.pk}/?depth=3")

    graph = page.locator(".piu-links__graph")
    expect(graph).to_be_visible()
    drawn = graph.locator(".piu-links__node").count()
    people = page.locator(".piu-links__table tbody tr").count()
    assert 150 <= drawn <= 300, drawn
    assert people >= 100, people
    # Kestrel, with hits, is one of 40-odd companions of the first ring: never hidden.
    expect(graph.locator(".piu-links__node--hit")).to_have_count(1)
    expect(graph.locator(".piu-links__node--hit")).to_contain_text("KESTREL, MIRIAM ODUYA")
    expect(page.locator(".piu-history tbody tr")).to_have_count(12)
    graph.screenshot(path=str(ARTIFACTS / "travel-history-graph-depth3.png"))
    page.screenshot(path=str(ARTIFACTS / "travel-history-page-depth3.png"), full_page=True)
