"""API errors, health, and the API's description (observation 6 of the security review).

Errors that escaped answered HTML; /healthz said "ok" on a read-only database where every
sign-in failed; the OpenAPI schema and Swagger UI, PIU endpoints included, were public.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest
from django.db import OperationalError, connection
from django.test import Client

from aegis.core.roles import Role

pytestmark = pytest.mark.django_db


def test_an_unhandled_api_error_answers_the_json_shape_with_a_request_id(
    client_for: Callable[[Role | None], Client],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("aegis.core.api.selectors.organisation_list", broken)
    client = client_for(Role.VIEWER)
    client.raise_request_exception = False

    with caplog.at_level(logging.ERROR):
        response = client.get("/api/v1/organisations/")

    body = response.json()
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert body == {
        "message": "An unexpected error occurred; quote this request id to the administrators.",
        "errors": {},
        "request_id": response["X-Request-ID"],
    }
    assert len(body["request_id"]) == 32
    assert body["request_id"] in caplog.text


def test_every_answer_carries_a_request_id(client_for: Callable[[Role | None], Client]) -> None:
    response = client_for(Role.VIEWER).get("/api/v1/organisations/999999/")

    assert response.status_code == 404
    assert len(response["X-Request-ID"]) == 32


def test_healthz_is_ok_on_a_writable_migrated_database() -> None:
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "migrations": "ok"}


def test_healthz_fails_on_a_read_only_database() -> None:
    def read_only(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if sql.lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE")):
            raise OperationalError("attempt to write a readonly database")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(read_only):
        response = Client().get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "read-only"


def test_healthz_fails_with_migrations_not_applied(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("aegis.core.views.migrations_pending", lambda: ["accounts.0001_security"])

    response = Client().get("/healthz")

    assert response.status_code == 503
    assert response.json()["migrations"] == "pending: accounts.0001_security"


@pytest.mark.parametrize("url", ["/api/v1/schema/", "/api/v1/docs/"])
def test_the_schema_and_its_docs_need_sign_in(url: str) -> None:
    assert Client().get(url).status_code in {401, 403, 404}
