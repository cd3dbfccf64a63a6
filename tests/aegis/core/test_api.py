from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from tests.aegis.factories import ActivityFactory

from aegis.accounts.services import api_token_issue
from aegis.activities.models import Activity
from aegis.core.models import Organisation, User
from aegis.core.roles import Role

pytestmark = pytest.mark.django_db


def test_schema_describes_every_endpoint(client_for: Callable[[Role | None], Client]) -> None:
    response = client_for(Role.VIEWER).get("/api/v1/schema/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/v1/activities/",
        "/api/v1/activities/{id}/",
        "/api/v1/activities/{id}/transitions/{transition}/",
        "/api/v1/organisations/",
        "/api/v1/me/",
    } <= set(schema["paths"])


def test_docs_page_loads_its_assets_locally(client_for: Callable[[Role | None], Client]) -> None:
    response = client_for(Role.VIEWER).get("/api/v1/docs/")

    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in response.content.decode()


def test_invalid_input_gets_field_errors_and_changes_nothing(
    organisation: Organisation, client_for: Callable[[Role | None], Client]
) -> None:
    response = client_for(Role.OFFICE_EDITOR).post(
        "/api/v1/activities/",
        {
            "title": "",
            "kind": "picnic",
            "periods": [{"start": "14 Sep", "end": "2020-09-14"}],
            "lead_organisation": 999999,
        },
        content_type="application/json",
    )

    assert response.status_code == 400
    body = response.json()
    assert body["message"] == "Invalid input in: title, kind, periods, lead_organisation."
    assert body["errors"] == {
        "title": ["This field may not be blank."],
        "kind": ['"picnic" is not a kind of activity.'],
        "periods": {
            "0": {"start": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]}
        },
        "lead_organisation": ['Invalid pk "999999" - object does not exist.'],
    }
    assert not Activity.objects.exists()


def test_model_rule_violation_comes_back_as_a_field_error(
    organisation: Organisation, client_for: Callable[[Role | None], Client]
) -> None:
    response = client_for(Role.OFFICE_EDITOR).post(
        "/api/v1/activities/",
        {
            "title": "Backwards",
            "kind": "workshop",
            "periods": [{"start": "2020-09-23", "end": "2020-09-21"}],
            "lead_organisation": organisation.pk,
            "participants_total": 10,
            "participants_women": 8,
            "participants_men": 8,
        },
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "message": "Invalid input in: periods.",
        "errors": {"periods": {"0": {"non_field_errors": ["2020-09-21 is before 2020-09-23."]}}},
    }


def test_model_constraint_comes_back_as_an_error(
    organisation: Organisation, client_for: Callable[[Role | None], Client]
) -> None:
    response = client_for(Role.OFFICE_EDITOR).post(
        "/api/v1/activities/",
        {
            "title": "Too many",
            "kind": "training",
            "periods": [{"start": "2020-09-21", "end": "2020-09-21"}],
            "lead_organisation": organisation.pk,
            "participants_total": 10,
            "participants_women": 8,
            "participants_men": 8,
        },
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "message": "Invalid input.",
        "errors": {"non_field_errors": ["Women and men together exceed the participants."]},
    }
    assert not Activity.objects.exists()


def test_token_authentication(make_user: Callable[..., User]) -> None:
    viewer = make_user(Role.VIEWER)
    token = api_token_issue(actor=viewer, user=viewer, name="test", scopes=["office:read"])

    response = Client().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")

    assert response.status_code == 200
    assert response.json()["roles"] == ["Viewer"]


def test_list_filters_and_paginates(
    organisation: Organisation, client_for: Callable[[Role | None], Client]
) -> None:
    ActivityFactory.create_batch(3, lead_organisation=organisation, kind_id="webinar")
    ActivityFactory(lead_organisation=organisation, kind_id="training")

    response = client_for(Role.VIEWER).get("/api/v1/activities/?kind=webinar&page_size=2")

    body = response.json()
    assert (body["count"], len(body["results"])) == (3, 2)
    assert body["next"] is not None


def test_bad_filter_is_named(client_for: Callable[[Role | None], Client]) -> None:
    response = client_for(Role.VIEWER).get("/api/v1/activities/?organisation=IAEA")

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "organisation": ["Must be a whole number from 0 to 999999999999999999."]
    }


def test_transition_through_the_api(
    organisation: Organisation, client_for: Callable[[Role | None], Client]
) -> None:
    activity = ActivityFactory(lead_organisation=organisation)
    client = client_for(Role.OFFICE_EDITOR)

    submitted = client.post(
        f"/api/v1/activities/{activity.pk}/transitions/submit/", {"section": "highlights"}
    )
    refused = client.post(f"/api/v1/activities/{activity.pk}/transitions/submit/", {})

    assert (submitted.status_code, submitted.json()["status"]) == (200, "in_review")
    assert refused.status_code == 400
    assert refused.json()["errors"] == {
        "non_field_errors": ["Cannot submit an activity that is in review."]
    }


@pytest.mark.parametrize(
    ("method", "url", "status", "message"),
    [
        ("get", "/api/v1/activities/9999999999999999999999/", 404, "No such API endpoint."),
        ("get", "/api/v1/no-such-thing/", 404, "No such API endpoint."),
        ("get", "/api/v1/activities/?organisation=99999999999999999999", 400,
         "Invalid input in: organisation."),
        ("get", "/api/v1/funding/pledges/?donor=99999999999999999999999", 400, None),
    ],
)  # fmt: skip
def test_numbers_too_large_for_the_database_are_bad_input(
    method: str,
    url: str,
    status: int,
    message: str | None,
    client_for: Callable[[Role | None], Client],
) -> None:
    response = getattr(client_for(Role.ADMINISTRATOR), method)(url)

    assert response.status_code == status
    assert set(response.json()) == {"message", "errors"}
    if message:
        assert response.json()["message"] == message


def test_pages_with_ids_too_large_are_not_found(
    client_for: Callable[[Role | None], Client],
) -> None:
    client = client_for(Role.ADMINISTRATOR)

    assert client.get("/activities/99999999999999999999999/").status_code == 404
    assert client.get("/organisations/99999999999999999999999/").status_code == 404
