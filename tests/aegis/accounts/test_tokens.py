"""API tokens with a lifetime and a scope.

Observation 3 of the security review: tokens never expired, survived a password change and
sign-out, and asking again returned the same token.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone
from tests.aegis.travel.conftest import MIRIAM, paxlst, verify_second_factor
from tests.aegis.travel.factories import CarrierFactory

from aegis.accounts.models import ApiToken
from aegis.accounts.services import api_token_issue
from aegis.core.models import User
from aegis.core.roles import Role

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


def bearer(key: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def ask_token(username: str, **extra: Any) -> Any:
    return Client().post(
        "/api/v1/auth/token/",
        {"username": username, "password": PASSWORD, **extra},
        content_type="application/json",
    )


@pytest.fixture
def viewer(make_user: Callable[..., User]) -> User:
    return make_user(Role.VIEWER, username="vera")


@pytest.fixture
def carrier_account(make_user: Callable[..., User]) -> User:
    account = make_user(None, username="zed-air-api")
    account.user_permissions.add(Permission.objects.get(codename="submit_carriermessage"))
    CarrierFactory(code="UA", account=account)
    return account


def test_each_request_gives_a_new_token_stored_as_a_digest(viewer: User) -> None:
    first = ask_token("vera").json()
    second = ask_token("vera").json()

    assert first["token"] != second["token"]
    assert bearer(first["token"]).get("/api/v1/me/").status_code == 200
    assert bearer(second["token"]).get("/api/v1/me/").status_code == 200
    assert first["scopes"] == ["office:read"]
    stored = ApiToken.objects.filter(user=viewer)
    assert stored.count() == 2
    for row in stored.values():
        assert first["token"] not in [str(value) for value in row.values()]
        assert second["token"] not in [str(value) for value in row.values()]


def test_a_token_expires_after_the_configured_days(viewer: User, settings: Any) -> None:
    answer = ask_token("vera").json()
    token = ApiToken.objects.get(user=viewer)
    settings.AEGIS_API_TOKEN_DAYS = 7
    short = api_token_issue(actor=viewer, user=viewer, name="short", scopes=["office:read"])

    assert token.expires_at - token.created_at == dt.timedelta(days=90)
    assert ApiToken.objects.get(name="short").expires_at - timezone.now() < dt.timedelta(days=7)
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert bearer(answer["token"]).get("/api/v1/me/").status_code == 401
    assert bearer(short).get("/api/v1/me/").status_code == 401


def test_a_token_dies_when_the_password_changes(viewer: User) -> None:
    key = ask_token("vera").json()["token"]
    client = Client()
    client.force_login(viewer)

    changed = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "another-long-password-9",
            "new_password2": "another-long-password-9",
        },
    )

    assert changed.status_code == 302
    assert bearer(key).get("/api/v1/me/").status_code == 401


def test_signing_out_of_the_api_revokes_the_token_used(viewer: User) -> None:
    used = ask_token("vera").json()["token"]
    other = ask_token("vera").json()["token"]

    assert bearer(used).post("/api/v1/auth/logout/").status_code == 204
    assert bearer(used).get("/api/v1/me/").status_code == 401
    assert bearer(other).get("/api/v1/me/").status_code == 200


def test_signing_out_of_the_pages_revokes_the_tokens_that_carry_the_second_factor(
    make_user: Callable[..., User],
) -> None:
    analyst = make_user(Role.PIU_ANALYST)
    client = Client()
    client.force_login(analyst)
    verify_second_factor(client, analyst)
    key = client.post("/accounts/", {"name": "laptop", "scopes": ["piu"]}).context["new_token"]
    assert bearer(key).get("/api/v1/travel/flights/").status_code == 200

    client.post("/accounts/logout/")

    assert bearer(key).get("/api/v1/travel/flights/").status_code == 401


def test_a_read_only_office_token_reads_and_writes_nothing(viewer: User) -> None:
    editor_key = api_token_issue(actor=viewer, user=viewer, name="r", scopes=["office:read"])
    client = bearer(editor_key)

    assert client.get("/api/v1/activities/").status_code == 200
    assert (
        client.post("/api/v1/organisations/", {}, content_type="application/json").status_code
        == 403
    )
    assert (
        client.post(
            "/api/v1/travel/messages/", paxlst(MIRIAM), content_type="application/edifact"
        ).status_code
        == 403
    )


def test_a_carrier_token_opens_the_carrier_doors_only(carrier_account: User) -> None:
    answer = ask_token("zed-air-api").json()
    client = bearer(answer["token"])

    assert answer["scopes"] == ["carrier"]
    assert (
        client.post(
            "/api/v1/travel/messages/", paxlst(MIRIAM), content_type="application/edifact"
        ).status_code
        == 201
    )
    assert client.get("/api/v1/organisations/").status_code == 403


@pytest.mark.parametrize("role", [Role.PIU_ANALYST, Role.ADMINISTRATOR, Role.AGENCY_LIAISON])
def test_no_carrier_token_for_a_role_that_sees_personal_data(
    role: Role, make_user: Callable[..., User]
) -> None:
    user = make_user(role)

    with pytest.raises(PermissionDenied):
        api_token_issue(actor=user, user=user, name="door", scopes=["carrier"])
    assert ask_token(user.username, scopes=["carrier"]).status_code == 403


def test_a_piu_token_needs_the_second_factor_when_issued(
    make_user: Callable[..., User],
) -> None:
    analyst = make_user(Role.PIU_ANALYST, username="amina")
    unverified = Client()
    unverified.force_login(analyst)

    by_password = ask_token("amina", scopes=["piu"])
    from_pages = unverified.post("/accounts/", {"name": "laptop", "scopes": ["piu"]})

    assert by_password.status_code == 403
    assert from_pages.status_code == 302  # to the second-factor page
    assert not ApiToken.objects.exists()


def test_the_account_page_lists_and_revokes_tokens(viewer: User) -> None:
    key = ask_token("vera", name="reporting script").json()["token"]
    client = Client()
    client.force_login(viewer)

    page = client.get("/accounts/")
    token = ApiToken.objects.get()
    revoked = client.post(f"/accounts/tokens/{token.pk}/revoke/")

    text = page.content.decode()
    assert "reporting script" in text
    assert token.prefix in text
    assert key not in text
    assert revoked.status_code == 302
    assert bearer(key).get("/api/v1/me/").status_code == 401


def test_nobody_revokes_another_accounts_token(
    viewer: User, make_user: Callable[..., User]
) -> None:
    key = ask_token("vera").json()["token"]
    other = Client()
    other.force_login(make_user(Role.VIEWER))

    response = other.post(f"/accounts/tokens/{ApiToken.objects.get().pk}/revoke/")

    assert response.status_code == 404
    assert bearer(key).get("/api/v1/me/").status_code == 200


def test_the_command_line_issues_a_carrier_token_and_refuses_one_for_a_piu_role(
    carrier_account: User, make_user: Callable[..., User]
) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("api_token", "zed-air-api", "--scope", "carrier", "--name", "ZZ", stdout=out)
    make_user(Role.PIU_SUPERVISOR, username="sven")

    assert ApiToken.objects.get(user=carrier_account).scope_list == ["carrier"]
    assert bearer(out.getvalue().strip()).get("/api/v1/organisations/").status_code == 403
    with pytest.raises(CommandError, match="No carrier token"):
        call_command("api_token", "sven", "--scope", "carrier", stdout=StringIO())
