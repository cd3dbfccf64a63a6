"""Each half's switch closes every one of its doors: pages, API operations, carrier doors.

Observation 5 of the security review: AEGIS_OFFICE_ENABLED=false did not close the office
pages or API; AEGIS_PIU_ENABLED=false did not close the carrier doors. The doors are found
by walking the URLconf and the OpenAPI schema, so a new page or endpoint is covered too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from aegis.core.models import User
from aegis.core.roles import Role
from tests.aegis.travel.conftest import verify_second_factor
from tests.aegis.urlwalk import sample_paths

pytestmark = pytest.mark.django_db

OFFICE = re.compile(
    r"^/(organisations|activities|coordination|highlights|public|funding|search)/"
    r"|^/api/v1/(organisations|activities|funding|agreements|programmes|office-units|coordination|results)[/.]"
)
PIU = re.compile(r"^/(piu|api/v1/travel)/")
# Doors of neither half: sign-in, the account's security, the admin, languages, the API's
# own plumbing, health.
COMMON = re.compile(
    r"^/(|healthz|accounts/.*|admin/.*|i18n/.*|static/.*|api/v1/(|\.?json/?|me/|auth/.*|schema/|docs/|\.\*))$"
)


@pytest.fixture
def admin_client(make_user: Callable[..., User]) -> Client:
    admin = make_user(Role.ADMINISTRATOR)
    client = Client()
    client.force_login(admin)
    verify_second_factor(client, admin)
    return client


def test_every_route_belongs_to_a_half_or_is_common() -> None:
    strays = [
        path
        for path in sample_paths()
        if not (OFFICE.search(path) or PIU.search(path) or COMMON.match(path))
    ]

    assert strays == []


@pytest.mark.parametrize(
    ("switch", "half"), [("AEGIS_OFFICE_ENABLED", OFFICE), ("AEGIS_PIU_ENABLED", PIU)]
)
def test_a_switch_off_closes_every_page_and_endpoint_of_its_half(
    switch: str, half: re.Pattern[str], admin_client: Client, settings: Any
) -> None:
    settings.__setattr__(switch, False)
    doors = sorted({path for path in sample_paths() if half.search(path)})

    opened = {
        (path, method): status
        for path in doors
        for method in ("get", "post")
        if (status := getattr(admin_client, method)(path).status_code) != 404
    }

    assert len(doors) > 10
    assert opened == {}


@pytest.mark.parametrize(
    ("switch", "half"), [("AEGIS_OFFICE_ENABLED", OFFICE), ("AEGIS_PIU_ENABLED", PIU)]
)
def test_a_switch_off_closes_every_operation_of_the_schema(
    switch: str, half: re.Pattern[str], admin_client: Client, settings: Any
) -> None:
    schema = admin_client.get("/api/v1/schema/?format=json").json()
    settings.__setattr__(switch, False)
    operations = [
        (re.sub(r"\{[^}]+\}", "1", path), method)
        for path, item in schema["paths"].items()
        for method in item
        if half.search(path)
    ]

    opened = [
        (path, method)
        for path, method in operations
        if getattr(admin_client, method)(path).status_code != 404
    ]

    assert len(operations) > 5
    assert opened == []


def test_carrier_doors_close_with_the_piu_for_tokens_too(settings: Any) -> None:
    settings.AEGIS_PIU_ENABLED = False
    token_client = Client(HTTP_AUTHORIZATION="Token anything")

    assert (
        token_client.post("/api/v1/travel/messages/", "UNA", content_type="text/plain").status_code
        == 404
    )
    assert (
        token_client.post("/api/v1/travel/iapi/", {}, content_type="application/json").status_code
        == 404
    )
