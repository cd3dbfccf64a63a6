"""API errors, health, and the API's description (observation 6 of the security review).

Errors that escaped answered HTML; /healthz said "ok" on a read-only database where every
sign-in failed; the OpenAPI schema and Swagger UI, PIU endpoints included, were public.
"""

from __future__ import annotations

import logging
import os
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
    monkeypatch.setattr("aegis.site.views.migrations_pending", lambda: ["accounts.0001_security"])

    response = Client().get("/healthz")

    assert response.status_code == 503
    assert response.json()["migrations"] == "pending: accounts.0001_security"


AMQP_URL = os.environ.get("AEGIS_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")


def test_healthz_checks_the_configured_broker(settings: Any) -> None:
    settings.AEGIS_BROKER_URL = AMQP_URL

    response = Client().get("/healthz")

    if response.status_code == 503 and not os.environ.get("CI"):
        pytest.skip(f"RabbitMQ is not reachable at {AMQP_URL}")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "migrations": "ok",
        "broker": "ok",
    }


def test_healthz_fails_naming_the_broker_when_it_is_unreachable(
    settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    # Port 1 on this machine: nothing listens, the connection is refused.
    settings.AEGIS_BROKER_URL = "amqp://guest:secret-password@127.0.0.1:1/%2F"

    with caplog.at_level(logging.WARNING):
        response = Client().get("/healthz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "ok",
        "migrations": "ok",
        "broker": "unreachable",
    }
    assert "secret-password" not in response.content.decode()
    assert "broker unreachable" in caplog.text


def test_healthz_names_both_a_pending_migration_and_the_broker(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.AEGIS_BROKER_URL = "amqp://guest:guest@127.0.0.1:1/%2F"
    monkeypatch.setattr("aegis.site.views.migrations_pending", lambda: ["accounts.0002_x"])

    body = Client().get("/healthz").json()

    assert (body["migrations"], body["broker"]) == ("pending: accounts.0002_x", "unreachable")


@pytest.mark.parametrize("url", ["/api/v1/schema/", "/api/v1/docs/"])
def test_the_schema_and_its_docs_need_sign_in(url: str) -> None:
    assert Client().get(url).status_code in {401, 403, 404}
