"""Least privilege, role by role, through the pages and the API alike.

Given an activity of the user's own organisation (IAEA) in draft, and another
organisation's (OSCE) in draft and published, each role gets exactly the
status code in the table for each door.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from aegis.activities.models import Activity
from aegis.core.models import Organisation
from aegis.core.roles import Role
from tests.aegis.factories import ActivityFactory

pytestmark = pytest.mark.django_db

R = Role
ALL_ROLES = list(Role)
OFFICE_WIDE = {R.ADMINISTRATOR, R.OFFICE_EDITOR, R.VIEWER, R.RESOURCE_MOBILISATION_OFFICER}
READ_ONLY = {R.VIEWER, R.RESOURCE_MOBILISATION_OFFICER}
EDITORS = {R.ADMINISTRATOR, R.OFFICE_EDITOR}
PIU = {R.PIU_ANALYST, R.PIU_SUPERVISOR, R.AGENCY_LIAISON}


@pytest.fixture
def records(organisation: Organisation, other_organisation: Organisation) -> dict[str, Activity]:
    return {
        "own_draft": ActivityFactory(lead_organisation=organisation),
        "other_draft": ActivityFactory(lead_organisation=other_organisation),
        "other_published": ActivityFactory(
            lead_organisation=other_organisation, status=Activity.Status.PUBLISHED
        ),
    }


def expect(role: Role, table: dict[frozenset[Role] | Role, int]) -> int:
    for roles, code in table.items():
        if role == roles or (isinstance(roles, frozenset) and role in roles):
            return code
    raise AssertionError(f"no expectation for {role}")


def F(*roles: Role) -> frozenset[Role]:
    return frozenset(roles)


PAGE_CASES = {
    # door: (url name, record or None, {roles: status})
    "list activities": (
        "activities:list",
        None,
        {F(*OFFICE_WIDE, R.FOCAL_POINT): 200, F(*PIU): 403},
    ),
    "see other draft": (
        "activities:detail",
        "other_draft",
        {F(*OFFICE_WIDE): 200, R.FOCAL_POINT: 404, F(*PIU): 403},
    ),
    "see other published": (
        "activities:detail",
        "other_published",
        {F(*OFFICE_WIDE, R.FOCAL_POINT): 200, F(*PIU): 403},
    ),
    "open create form": (
        "activities:create",
        None,
        {F(*EDITORS, R.FOCAL_POINT): 200, F(*READ_ONLY, *PIU): 403},
    ),
    "edit own draft": (
        "activities:edit",
        "own_draft",
        {F(*EDITORS, R.FOCAL_POINT): 200, F(*READ_ONLY, *PIU): 403},
    ),
    "edit other draft": (
        "activities:edit",
        "other_draft",
        {F(*EDITORS): 200, R.FOCAL_POINT: 404, F(*READ_ONLY, *PIU): 403},
    ),
    "edit other published": (
        "activities:edit",
        "other_published",
        {F(*EDITORS): 200, F(R.FOCAL_POINT, *READ_ONLY, *PIU): 403},
    ),
    "list organisations": (
        "organisations:list",
        None,
        {F(*OFFICE_WIDE, R.FOCAL_POINT): 200, F(*PIU): 403},
    ),
}


@pytest.mark.parametrize("role", ALL_ROLES, ids=lambda role: role.name.lower())
@pytest.mark.parametrize("case", PAGE_CASES, ids=str)
def test_pages(
    role: Role,
    case: str,
    records: dict[str, Activity],
    client_for: Callable[[Role | None], Client],
) -> None:
    url_name, record, table = PAGE_CASES[case]
    args = [records[record].pk] if record else []

    response = client_for(role).get(reverse(url_name, args=args))

    assert response.status_code == expect(role, table)


def test_anonymous_visitors_do_not_learn_internal_pages_exist(records: dict[str, Activity]) -> None:
    response = Client().get(reverse("activities:detail", args=[records["own_draft"].pk]))

    assert response.status_code == 404
    assert "Staff: log in" in response.content.decode()


API_READ_CASES = {
    "list": (None, {F(*OFFICE_WIDE, R.FOCAL_POINT): 200, F(*PIU): 403}),
    "other draft": ("other_draft", {F(*OFFICE_WIDE): 200, R.FOCAL_POINT: 404, F(*PIU): 403}),
    "other published": ("other_published", {F(*OFFICE_WIDE, R.FOCAL_POINT): 200, F(*PIU): 403}),
}


@pytest.mark.parametrize("role", ALL_ROLES, ids=lambda role: role.name.lower())
@pytest.mark.parametrize("case", API_READ_CASES, ids=str)
def test_api_reads(
    role: Role,
    case: str,
    records: dict[str, Activity],
    client_for: Callable[[Role | None], Client],
) -> None:
    record, table = API_READ_CASES[case]
    url = f"/api/v1/activities/{records[record].pk}/" if record else "/api/v1/activities/"

    response = client_for(role).get(url)

    assert response.status_code == expect(role, table)


API_WRITE_CASES = {
    "own draft": ("own_draft", {F(*EDITORS, R.FOCAL_POINT): 200, F(*READ_ONLY, *PIU): 403}),
    "other draft": (
        "other_draft",
        {F(*EDITORS): 200, R.FOCAL_POINT: 404, F(*READ_ONLY, *PIU): 403},
    ),
    "other published": (
        "other_published",
        {F(*EDITORS): 200, F(R.FOCAL_POINT, *READ_ONLY, *PIU): 403},
    ),
}


@pytest.mark.parametrize("role", ALL_ROLES, ids=lambda role: role.name.lower())
@pytest.mark.parametrize("case", API_WRITE_CASES, ids=str)
def test_api_writes(
    role: Role,
    case: str,
    records: dict[str, Activity],
    client_for: Callable[[Role | None], Client],
) -> None:
    record, table = API_WRITE_CASES[case]
    activity = records[record]

    response = client_for(role).patch(
        f"/api/v1/activities/{activity.pk}/",
        {"title": "Renamed by the matrix", "version": 1},
        content_type="application/json",
    )

    expected = expect(role, table)
    assert response.status_code == expected
    activity.refresh_from_db()
    assert (activity.title == "Renamed by the matrix") is (expected == 200)


@pytest.mark.parametrize("role", ALL_ROLES, ids=lambda role: role.name.lower())
def test_api_create_for_own_organisation(
    role: Role, organisation: Organisation, client_for: Callable[[Role | None], Client]
) -> None:
    response = client_for(role).post(
        "/api/v1/activities/",
        {
            "title": "Training on PNR analysis",
            "kind": "training",
            "periods": [{"start": "2020-09-21", "end": "2020-09-21"}],
            "lead_organisation": organisation.pk,
        },
        content_type="application/json",
    )

    assert response.status_code == expect(
        role, {F(*EDITORS, R.FOCAL_POINT): 201, F(*READ_ONLY, *PIU): 403}
    )
    created = Activity.objects.filter(title="Training on PNR analysis").exists()
    assert created is (response.status_code == 201)


def test_api_focal_point_cannot_create_for_another_organisation(
    other_organisation: Organisation, client_for: Callable[[Role | None], Client]
) -> None:
    response = client_for(R.FOCAL_POINT).post(
        "/api/v1/activities/",
        {
            "title": "Not ours",
            "kind": "workshop",
            "periods": [{"start": date(2020, 9, 1).isoformat(), "end": "2020-09-01"}],
            "lead_organisation": other_organisation.pk,
        },
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "lead_organisation": ["You may record activities of your own organisation only."]
    }
    assert not Activity.objects.filter(title="Not ours").exists()


def test_api_refuses_anonymous_callers(records: dict[str, Activity]) -> None:
    response = Client().get("/api/v1/activities/")

    assert response.status_code == 401
    assert response.json() == {
        "message": "Authentication credentials were not provided.",
        "errors": {},
    }
