"""Lockouts an attacker cannot aim at someone else.

Observation 4 of the security review: behind the documented reverse proxy the lockout was
keyed on the proxy's address, so five bad sign-ins from one client locked the real
administrator out from another (429).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from tests.aegis.travel.conftest import verify_second_factor

from aegis.accounts.lockout import client_address, sign_in_delay
from aegis.accounts.models import SecurityEvent
from aegis.accounts.services import lockout_lift
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


# --- The username alone: a growing delay, never a lock (deliverable 3) -------------------


@pytest.fixture
def small_delays(settings: Any) -> Any:
    # Real sleeps, kept tiny so that the suite stays fast; the delays are read from the log.
    settings.AEGIS_TRUSTED_PROXIES = [PROXY]
    settings.AEGIS_SIGN_IN_DELAY_SECONDS = 0.001
    settings.AEGIS_SIGN_IN_DELAY_MAX_SECONDS = 0.004
    return settings


def logged_delays(caplog: pytest.LogCaptureFixture) -> list[float]:
    return [
        float(record.args[-1])  # type: ignore[index]
        for record in caplog.records
        if record.name == "aegis.accounts.lockout" and record.msg.startswith("Sign-in to")
    ]


def test_many_addresses_hammering_one_username_slow_it_down_but_do_not_lock_it(
    admin: User, small_delays: Any, caplog: pytest.LogCaptureFixture
) -> None:
    botnet = [f"203.0.113.{number}" for number in range(1, 5)]
    with caplog.at_level(logging.WARNING, logger="aegis.accounts.lockout"):
        for address in botnet:
            for _ in range(4):
                assert sign_in(Client(), "wrong", address).status_code == 200

    real = sign_in(Client(), PASSWORD, ADMIN_DESK)

    # 16 failures from 4 addresses: from the fifth on, each answer waited, twice as long as
    # the one before, up to the ceiling.
    assert logged_delays(caplog) == [0.001, 0.002, 0.004] + [0.004] * 9
    assert real.status_code == 302


def test_the_pair_keeps_its_hard_lock_while_the_username_is_only_slowed(
    admin: User, small_delays: Any
) -> None:
    for _ in range(5):
        sign_in(Client(), "wrong", ATTACKER)

    assert sign_in(Client(), PASSWORD, ATTACKER).status_code == 429
    assert sign_in(Client(), PASSWORD, ADMIN_DESK).status_code == 302


def test_a_password_request_on_the_api_is_slowed_like_the_sign_in_page(
    admin: User, small_delays: Any, caplog: pytest.LogCaptureFixture
) -> None:
    for number in range(5):
        sign_in(Client(), "wrong", f"192.0.2.{number}")
    caplog.clear()

    with caplog.at_level(logging.WARNING, logger="aegis.accounts.lockout"):
        answer = Client().post(
            "/api/v1/auth/token/",
            {"username": "root", "password": "wrong"},
            content_type="application/json",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="192.0.2.50",
        )

    assert answer.status_code in {400, 401, 403}
    assert logged_delays(caplog) == [0.002]


@pytest.mark.parametrize(
    ("failures", "delay"),
    [(0, 0.0), (4, 0.0), (5, 1.0), (6, 2.0), (8, 8.0), (10, 30.0), (10**6, 30.0)],
)
def test_the_delay_doubles_from_the_failure_limit_up_to_its_ceiling(
    failures: int, delay: float, settings: Any
) -> None:
    settings.AXES_FAILURE_LIMIT = 5
    settings.AEGIS_SIGN_IN_DELAY_SECONDS = 1
    settings.AEGIS_SIGN_IN_DELAY_MAX_SECONDS = 30

    assert sign_in_delay(failures) == delay


# --- Administrators lift a lockout, and it is recorded ------------------------------------


def test_an_administrator_lifts_the_lockout_and_it_is_recorded(
    admin: User, small_delays: Any, make_user: Callable[..., User]
) -> None:
    for _ in range(5):
        sign_in(Client(), "wrong", ATTACKER)
    assert sign_in(Client(), PASSWORD, ATTACKER).status_code == 429
    keeper = make_user(Role.ADMINISTRATOR, username="keeper")
    desk = Client()
    desk.force_login(keeper)
    verify_second_factor(desk, keeper)
    attempts = list(AccessAttempt.objects.filter(username="root").values_list("pk", flat=True))

    answer = desk.post(
        "/admin/axes/accessattempt/",
        {"action": "lift_lockouts", "_selected_action": attempts},
    )

    assert answer.status_code == 302
    assert not AccessAttempt.objects.filter(username="root").exists()
    event = SecurityEvent.objects.get(action=SecurityEvent.Action.LOCKOUT_LIFTED)
    assert (event.actor, event.subject) == (keeper, admin)
    # The right password tried while locked counts too (django-axes prolongs the lock).
    assert event.detail == "6 failed sign-ins from 1 address"
    assert sign_in(Client(), PASSWORD, ATTACKER).status_code == 302


def test_a_lockout_is_not_deleted_behind_the_record(
    admin: User, small_delays: Any, make_user: Callable[..., User]
) -> None:
    for _ in range(5):
        sign_in(Client(), "wrong", ATTACKER)
    keeper = make_user(Role.ADMINISTRATOR, username="keeper")
    desk = Client()
    desk.force_login(keeper)
    verify_second_factor(desk, keeper)
    attempt = AccessAttempt.objects.get(username="root")

    assert desk.get(f"/admin/axes/accessattempt/{attempt.pk}/delete/").status_code == 403
    assert desk.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [attempt.pk]},
    ).status_code in {200, 302}
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


def test_only_an_administrator_lifts_a_lockout(
    admin: User, small_delays: Any, make_user: Callable[..., User]
) -> None:
    for _ in range(5):
        sign_in(Client(), "wrong", ATTACKER)
    supervisor = make_user(Role.PIU_SUPERVISOR, username="supervisor")

    with pytest.raises(PermissionDenied):
        lockout_lift(actor=supervisor, username="root")
    assert sign_in(Client(), PASSWORD, ATTACKER).status_code == 429
