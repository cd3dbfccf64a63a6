from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from aegis.coordination.models import Body
from aegis.core.roles import Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office_demo")]


@pytest.mark.parametrize(("on", "members"), [("2018-12-31", 38), ("2020-09-30", 43)])
def test_compact_members_on_a_date(
    on: str, members: int, client_for: Callable[[Role | None], Client]
) -> None:
    compact = Body.objects.get(kind=Body.Kind.COMPACT)

    response = client_for(Role.VIEWER).get(
        f"/api/v1/coordination/bodies/{compact.pk}/members/", {"on": on}
    )

    body = response.json()
    assert (body["on"], body["members"], body["guests"]) == (on, members, 0)
    assert len(body["memberships"]) == members


def test_advisory_board_counts_its_guest_apart(
    client_for: Callable[[Role | None], Client],
) -> None:
    board = Body.objects.get(kind=Body.Kind.ADVISORY_BOARD)

    body = client_for(Role.VIEWER).get(f"/api/v1/coordination/bodies/{board.pk}/members/").json()

    assert (body["members"], body["guests"]) == (21, 1)


def test_a_bad_date_is_named(client_for: Callable[[Role | None], Client]) -> None:
    compact = Body.objects.get(kind=Body.Kind.COMPACT)

    response = client_for(Role.VIEWER).get(
        f"/api/v1/coordination/bodies/{compact.pk}/members/", {"on": "30/09/2020"}
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "on": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]
    }


@pytest.mark.parametrize(
    ("role", "status"), [(Role.VIEWER, 200), (Role.FOCAL_POINT, 200), (Role.PIU_ANALYST, 403)]
)
def test_coordination_pages_and_api_by_role(
    role: Role, status: int, client_for: Callable[[Role | None], Client]
) -> None:
    client = client_for(role)
    compact = Body.objects.get(kind=Body.Kind.COMPACT)

    assert client.get("/coordination/").status_code == status
    assert client.get(f"/coordination/{compact.pk}/?on=2020-09-30").status_code == status
    assert client.get("/api/v1/coordination/bodies/").status_code == status


def test_body_page_shows_members_on_the_chosen_date(
    client_for: Callable[[Role | None], Client],
) -> None:
    compact = Body.objects.get(kind=Body.Kind.COMPACT)

    early = client_for(Role.VIEWER).get(f"/coordination/{compact.pk}/?on=2018-12-31")
    late = client_for(Role.VIEWER).get(f"/coordination/{compact.pk}/?on=2020-09-30")

    assert (early.context["members"], late.context["members"]) == (38, 43)
    assert "43 members" in late.content.decode()
