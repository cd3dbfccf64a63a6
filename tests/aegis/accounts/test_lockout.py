"""Lockouts an attacker cannot aim at someone else.

Observation 4 of the security review: behind the documented reverse proxy the lockout was
keyed on the proxy's address, so five bad sign-ins from one client locked the real
administrator out from another (429).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client, RequestFactory

from aegis.accounts.lockout import client_address
from aegis.core.models import User
from aegis.core.roles import Role

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"
ATTACKER = "203.0.113.7"
ADMIN_DESK = "198.51.100.9"
PASSWORD = "a-long-test-password"


def sign_in(client: Client, password: str, forwarded_for: str | None) -> Any:
    extra = {"REMOTE_ADDR": PROXY}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post("/accounts/login/", {"username": "root", "password": password}, **extra)


@pytest.fixture
def admin(make_user: Callable[..., User]) -> User:
    return make_user(Role.ADMINISTRATOR, username="root")


def test_five_failures_from_one_forwarded_address_do_not_lock_out_another(
    admin: User, settings: Any
) -> None:
    settings.AEGIS_TRUSTED_PROXIES = [PROXY]
    attacker = Client()
    for _ in range(5):
        sign_in(attacker, "wrong", ATTACKER)

    locked = sign_in(attacker, PASSWORD, ATTACKER)
    real = sign_in(Client(), PASSWORD, ADMIN_DESK)

    assert locked.status_code == 429
    assert real.status_code == 302


def test_a_client_cannot_pretend_to_be_another_by_writing_the_header_itself(
    admin: User, settings: Any
) -> None:
    # The proxy appends the address it saw; what the client wrote stays on the left.
    settings.AEGIS_TRUSTED_PROXIES = [PROXY]
    attacker = Client()
    for _ in range(5):
        sign_in(attacker, "wrong", f"{ADMIN_DESK}, {ATTACKER}")

    assert sign_in(Client(), PASSWORD, ADMIN_DESK).status_code == 302
    assert sign_in(attacker, PASSWORD, f"{ADMIN_DESK}, {ATTACKER}").status_code == 429


def test_without_a_trusted_proxy_the_header_is_ignored(admin: User, settings: Any) -> None:
    settings.AEGIS_TRUSTED_PROXIES = []
    attacker = Client()
    for number in range(5):
        sign_in(attacker, "wrong", f"192.0.2.{number}")  # a new address each time

    assert sign_in(attacker, PASSWORD, "192.0.2.99").status_code == 429


@pytest.mark.parametrize(
    ("remote", "forwarded", "trusted", "client"),
    [
        (PROXY, None, [PROXY], PROXY),
        (PROXY, ATTACKER, [PROXY], ATTACKER),
        (PROXY, f"{ADMIN_DESK}, {ATTACKER}", [PROXY], ATTACKER),
        (PROXY, f"{ATTACKER}, 10.0.0.6", ["10.0.0.0/24"], ATTACKER),
        (PROXY, "10.0.0.7, 10.0.0.6", ["10.0.0.0/24"], "10.0.0.7"),
        (ATTACKER, ADMIN_DESK, [PROXY], ATTACKER),
        (PROXY, "not-an-address", [PROXY], PROXY),
        (PROXY, f" {ATTACKER} ,", [PROXY], ATTACKER),
        ("2001:db8::1", "2001:db8::2", ["2001:db8::1"], "2001:db8::2"),
    ],
)
def test_the_client_address_is_read_from_the_right(
    remote: str, forwarded: str | None, trusted: list[str], client: str, settings: Any
) -> None:
    settings.AEGIS_TRUSTED_PROXIES = trusted
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded

    assert client_address(RequestFactory().get("/", **extra)) == client
