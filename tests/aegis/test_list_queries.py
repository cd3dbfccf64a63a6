"""List pages run a fixed number of queries whatever their length (no N+1)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from aegis.core.roles import Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office_demo")]


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/activities/", 15),
        ("/activities/?pillar=2&country=SL", 17),
        ("/activities/who-does-what-where/", 14),
        ("/organisations/", 7),
        ("/coordination/", 18),
        ("/api/v1/activities/?page_size=100", 15),
        ("/api/v1/organisations/?page_size=100", 6),
    ],
)
def test_list_pages_run_a_fixed_number_of_queries(
    url: str,
    queries: int,
    client_for: Callable[[Role | None], Client],
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    client = client_for(Role.VIEWER)
    client.get(url)  # warm the session and the role cache

    with django_assert_max_num_queries(queries):
        response = client.get(url)

    assert response.status_code == 200
