"""Dashboards: cached figures that a write renews at once, a validated year filter, and
labels and tooltips in words (escaped: names are data, never markup)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from aegis.activities.models import Activity
from aegis.activities.periods import Period
from aegis.activities.services import activity_create, activity_publish_as_system
from aegis.core.chart_labels import chart_label
from aegis.core.models import Country, Organisation, User
from aegis.core.permissions import SYSTEM
from aegis.core.roles import Role
from aegis.funding.models import Pledge
from aegis.funding.services import receipt_record

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("highlights_demo")]


def _editor(make_user: Callable[..., User]) -> Client:
    client = Client()
    client.force_login(make_user(Role.OFFICE_EDITOR))
    return client


def _chart(response: Any, key: str) -> Any:
    return next(chart for chart in response.context["charts"] if chart.key == key)


def _figure(response: Any, island: str) -> dict[str, Any]:
    """The figure JSON the browser draws, read back from the page's data island."""
    found = re.search(
        rf'<script id="{island}" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert found, island
    figure: dict[str, Any] = json.loads(found.group(1))
    return figure


def _reached(response: Any) -> dict[str, int]:
    return {name: count for _, name, count in _chart(response, "countries").rows}


def test_a_published_activity_shows_on_the_next_view_of_every_dashboard(
    make_user: Callable[..., User],
) -> None:
    client = _editor(make_user)
    office, public = client.get("/highlights/dashboard/"), Client().get("/public/dashboard/")
    assert office.status_code == public.status_code == 200
    before = _reached(office)
    assert _reached(public) == before
    assert "Iceland" not in before

    # A second view is served from the cache: no query reads the activities.
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/highlights/dashboard/")
    assert _reached(again) == before
    assert not [q for q in queries.captured_queries if "activities_activity" in q["sql"]]

    activity = activity_create(
        actor=SYSTEM,
        title="Workshop on countering the financing of terrorism, Reykjavik",
        kind="workshop",
        lead_organisation=Organisation.objects.get(acronym="UNOCT"),
        periods=[Period(date(2020, 9, 21), date(2020, 9, 22))],
        beneficiary_countries=[Country.objects.get(alpha_3="ISL")],
    )
    activity_publish_as_system(activity=activity, reason="test")

    office = client.get("/highlights/dashboard/")
    assert _reached(office) == {**before, "Iceland": 1}
    assert _reached(Client().get("/public/dashboard/")) == {**before, "Iceland": 1}
    world = _figure(office, "figure-countries")["data"][0]
    assert "1 activity in Iceland" in world["customdata"]
    assert world["hovertemplate"] == "%{customdata}<extra></extra>"  # words, not x= y=

    # Back to draft: the next view drops it again.
    Activity.objects.get(pk=activity.pk).delete()
    assert _reached(client.get("/highlights/dashboard/")) == before


def test_a_receipt_changes_the_funding_dashboard_on_the_next_view(
    make_user: Callable[..., User],
) -> None:
    client = Client()
    client.force_login(make_user(Role.RESOURCE_MOBILISATION_OFFICER))
    before = client.get("/funding/").context["figures"].summary
    pledge = next(
        p
        for p in Pledge.objects.filter(currency="USD").order_by("signed_on")
        if p.amount > sum(r.amount for r in p.receipts.all())
    )
    receipt_record(
        actor=SYSTEM,
        pledge=pledge,
        received_on=date(2020, 9, 30),
        amount=Decimal("1000.00"),
        currency="USD",
    )

    after = client.get("/funding/").context["figures"].summary

    assert after.received_usd == before.received_usd + Decimal("1000.00")
    assert after.outstanding_usd == before.outstanding_usd - Decimal("1000.00")


@pytest.mark.parametrize("url", ["/highlights/dashboard/", "/public/dashboard/", "/funding/"])
@pytest.mark.parametrize("year", ["abc", "1999", "2101", "2020.5", "99999999999999999999999"])
def test_a_bad_year_is_a_bad_request_that_says_why(
    url: str, year: str, make_user: Callable[..., User]
) -> None:
    response = _editor(make_user).get(url, {"year": year})

    assert response.status_code == 400
    page = response.content.decode()
    assert 'aria-invalid="true"' in page
    assert re.search(r"figures|less than or equal|greater than or equal", page)
    assert "data-chart=" not in page


def test_the_year_filter_shows_that_year_only(make_user: Callable[..., User]) -> None:
    client = _editor(make_user)

    office = client.get("/highlights/dashboard/", {"year": "2019"})
    csv = client.get("/highlights/dashboard/", {"year": "2019", "csv": "by-month"})
    funding = client.get("/funding/", {"year": "2019"})
    everything = client.get("/funding/").context["figures"].summary

    assert office.status_code == 200
    months = [row[0] for row in _chart(office, "by-month").rows]
    assert months and all(month.startswith("2019-") for month in months)
    assert 'filename="by-month-2019.csv"' in csv["Content-Disposition"]
    assert '<option value="2019" selected>' in office.content.decode()
    assert funding.status_code == 200
    until_2019 = funding.context["figures"].summary
    assert until_2019.pledged_usd < everything.pledged_usd
    assert max(y.year for y in funding.context["figures"].by_year) == 2019
    assert client.get("/funding/", {"year": ""}).status_code == 200  # "All years"


def test_chart_labels_are_escaped_and_cut_with_the_full_name_in_the_tooltip(
    make_user: Callable[..., User],
) -> None:
    donor = Organisation.objects.get(acronym="UNOCT")
    Organisation.objects.filter(pk=donor.pk).update(acronym='<a href="http://x">UNOCT</a>')
    pledge = Pledge.objects.order_by("-usd_amount").first()
    assert pledge is not None
    pledge.donor = Organisation.objects.get(pk=donor.pk)
    pledge.save()  # a write: the funding figures are renewed
    client = Client()
    client.force_login(make_user(Role.RESOURCE_MOBILISATION_OFFICER))

    top = _figure(client.get("/funding/"), "chart-top-pledged")["data"][0]

    assert top["y"][-1].startswith("&lt;a<br>href=&quot;http://x&quot;&gt;")  # text, cut
    assert "<a" not in json.dumps(top)
    assert "&lt;/a&gt;" not in top["customdata"][-1]  # the tooltip gives the full name
    assert top["customdata"][-1].startswith(f"{donor.name} pledged $")

    name = "Countering the Financing of Terrorism and Preventing Violent Extremism Programme"
    label = chart_label(name)
    assert label.count("<br>") == 1 and label.endswith("…")
    assert all(len(line) <= 24 for line in label.split("<br>"))
    office = _editor(make_user).get("/highlights/dashboard/")
    groups = _figure(office, "figure-working-groups")["data"][0]
    assert any(y.endswith("…") for y in groups["y"])  # long names cut on the axis …
    assert all(": " in text and "…" not in text for text in groups["customdata"])  # … not here
