"""Schemathesis fuzzes every operation of the OpenAPI schema as an administrator.

Whatever it sends, the API answers without a server error, with the content type
the schema declares, and every JSON error has the one error shape.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from aegis.accounts.services import api_token_issue
from aegis.core.roles import Role

pytestmark = pytest.mark.django_db

# Operations that take uploads or raw carrier messages; their own tests cover them.
STATUSES: list[tuple[str, int]] = []  # (method, status) of every call, for the final check
SKIPPED = {"/api/v1/travel/messages/", "/api/v1/funding/rates/import/"}


def _check(case: Any, headers: dict[str, str]) -> None:
    response = case.call(headers=headers)
    STATUSES.append((case.method, response.status_code))
    case.validate_response(response, checks=[not_a_server_error])
    if response.status_code >= 400 and "json" in str(response.headers.get("content-type", "")):
        body = response.json()
        assert set(body) == {"message", "errors"}, (case.method, case.formatted_path, body)


@pytest.fixture
def connections_kept_open() -> Any:
    # Django's test client keeps the test's database connection across requests;
    # schemathesis calls the WSGI application directly, so do the same here.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("connections_kept_open")
def test_every_operation_answers_bad_input_without_a_server_error(make_user: Any) -> None:
    admin = make_user(Role.ADMINISTRATOR)
    token = api_token_issue(
        actor=admin, user=admin, name="fuzz", scopes=["office", "piu"], second_factor=True
    )
    headers = {"Authorization": f"Token {token}"}
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/schema/?format=json", get_wsgi_application(), headers=headers
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    tested = 0

    for operation in operations:
        if operation.path in SKIPPED:
            continue

        @given(case=operation.as_strategy())
        @settings(
            max_examples=8,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def fuzz(case: Any) -> None:
            _check(case, headers)

        fuzz()
        tested += 1

    assert tested >= 30
    # Some generated requests were valid and served, so the fuzzing reached the views.
    assert any(200 <= status < 300 for _, status in STATUSES)
