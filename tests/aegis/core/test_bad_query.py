"""Issue 16: a bad query parameter on an office list page answers 400, never 500.

``year`` out of range on /activities/results/ and /funding/pledges/ answered 500.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from aegis.core.roles import Role

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"

BAD = [
    ("/activities/results/", "year=99999"),
    ("/activities/results/", "year=0"),
    ("/activities/results/", f"year={HUGE}"),
    ("/activities/results/", "year=2020&through=13"),
    ("/activities/results/", f"year=2020&through={HUGE}"),
    ("/activities/results/", "year=twenty"),
    ("/funding/pledges/", "year=99999"),
    ("/funding/pledges/", f"year={HUGE}"),
    ("/funding/pledges/", "year=1200"),
    ("/funding/pledges/", f"donor={HUGE}"),
    ("/funding/pledges/", "currency=EURO"),
    ("/activities/", "starts_from=99999-01-01"),
    ("/activities/", f"unit={HUGE}"),
    ("/activities/", "kind=dance"),
    ("/activities/", f"organisation={HUGE}"),
    ("/activities/who-does-what-where/", "starts_from=2020-13-01"),
    ("/funding/donors/", f"order={HUGE}"),
    ("/coordination/", "on=2020-02-31"),
    ("/organisations/", "kind=country"),
]


@pytest.mark.parametrize(("path", "query"), BAD)
def test_a_bad_query_parameter_answers_400(
    path: str, query: str, client_for: Callable[[Role | None], Client]
) -> None:
    client = client_for(Role.ADMINISTRATOR)
    client.raise_request_exception = False

    response = client.get(f"{path}?{query}")

    assert response.status_code == 400, response.content[:300]
    named = query.rsplit("&", maxsplit=1)[-1].partition("=")[0]
    assert named in response.content.decode().lower()  # the page says which parameter


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/activities/results/", "year=2020&through=7"),
        ("/funding/pledges/", "year=2020"),
        ("/activities/", "starts_from=2020-09-01"),
        ("/funding/donors/", "order=name"),
        ("/coordination/", "on=2020-02-28"),
    ],
)
def test_a_good_query_parameter_answers_200(
    path: str, query: str, client_for: Callable[[Role | None], Client]
) -> None:
    response = client_for(Role.ADMINISTRATOR).get(f"{path}?{query}")

    assert response.status_code == 200
