"""No way around the second factor: administrators and PIU roles, pages, admin and API alike.

Observation 1 of the security review: the administrator's password alone opened the PIU.
The admin's TOTP device page showed every secret in clear, the administrator read their own,
passed the second-factor page and opened a traveller; their API token posted carrier messages.
"""

from __future__ import annotations

import base64
from collections.abc import Callable

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.aegis.travel.conftest import MIRIAM, paxlst, verify_second_factor
from tests.aegis.travel.factories import CarrierFactory

from aegis.accounts.models import SecurityEvent
from aegis.accounts.services import api_token_issue
from aegis.core.models import User
from aegis.core.roles import Role

pytestmark = pytest.mark.django_db


def secrets_of(device: TOTPDevice) -> list[str]:
    """Every way the key could be written on a page: hex, base32, the otpauth URL."""
    b32 = base64.b32encode(device.bin_key).decode()
    return [device.key, b32, b32.rstrip("="), "otpauth://"]


@pytest.fixture
def verified_admin(make_user: Callable[..., User]) -> tuple[User, Client]:
    admin = make_user(Role.ADMINISTRATOR, username="root")
    client = Client()
    client.force_login(admin)
    verify_second_factor(client, admin)
    return admin, client


def test_no_admin_page_shows_a_totp_secret(
    verified_admin: tuple[User, Client], make_user: Callable[..., User]
) -> None:
    admin, client = verified_admin
    analyst = make_user(Role.PIU_ANALYST, username="analyst")
    device = TOTPDevice.objects.create(user=analyst, name="phone", confirmed=True)
    own = TOTPDevice.objects.get(user=admin)

    pages = [
        "/admin/otp_totp/totpdevice/",
        f"/admin/otp_totp/totpdevice/{device.pk}/change/",
        f"/admin/otp_totp/totpdevice/{own.pk}/change/",
    ]
    answers = [client.get(url) for url in pages]

    assert [answer.status_code for answer in answers] == [200, 200, 200]
    for answer in answers:
        text = answer.content.decode()
        for secret in secrets_of(device) + secrets_of(own):
            assert secret not in text
    assert "phone" in answers[0].content.decode()


def test_the_admin_cannot_add_a_device_with_a_key_of_its_choosing(
    verified_admin: tuple[User, Client],
) -> None:
    _admin, client = verified_admin

    assert client.get("/admin/otp_totp/totpdevice/add/").status_code == 403


def test_an_administrator_resets_a_device_which_forces_re_enrolment_and_is_audited(
    verified_admin: tuple[User, Client], make_user: Callable[..., User]
) -> None:
    admin, client = verified_admin
    analyst = make_user(Role.PIU_ANALYST, username="analyst")
    device = TOTPDevice.objects.create(user=analyst, name="phone", confirmed=True)

    response = client.post(
        "/admin/otp_totp/totpdevice/",
        {"action": "reset_devices", "_selected_action": [device.pk]},
    )

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=analyst).exists()
    event = SecurityEvent.objects.get(action=SecurityEvent.Action.DEVICE_RESET)
    assert (event.actor, event.subject, event.detail) == (admin, analyst, "phone")


@pytest.mark.parametrize(
    "url", ["/admin/", "/admin/core/user/", "/admin/otp_totp/totpdevice/", "/piu/cases/"]
)
def test_an_administrator_without_a_confirmed_second_factor_gets_no_admin_or_piu_page(
    url: str, client_for: Callable[[Role | None], Client]
) -> None:
    response = client_for(Role.ADMINISTRATOR).get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/second-factor/?next=")


def test_a_verified_administrator_opens_the_admin(verified_admin: tuple[User, Client]) -> None:
    _admin, client = verified_admin

    assert client.get("/admin/core/user/").status_code == 200


def test_an_administrator_without_a_confirmed_second_factor_gets_no_piu_api_answer(
    client_for: Callable[[Role | None], Client],
) -> None:
    response = client_for(Role.ADMINISTRATOR).get("/api/v1/travel/flights/")

    assert response.status_code == 403


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.PIU_ANALYST, Role.PIU_SUPERVISOR])
def test_a_token_alone_opens_no_piu_endpoint(role: Role, make_user: Callable[..., User]) -> None:
    user = make_user(role)
    token = api_token_issue(actor=user, user=user, name="t", scopes=["office:read", "office"])
    client = Client(HTTP_AUTHORIZATION=f"Token {token}")

    assert client.get("/api/v1/travel/flights/").status_code == 403
    assert client.get("/api/v1/travel/cases/").status_code == 403


def test_an_administrators_token_posts_no_carrier_message(make_user: Callable[..., User]) -> None:
    admin = make_user(Role.ADMINISTRATOR)
    token = api_token_issue(actor=admin, user=admin, name="t", scopes=["office"])
    client = Client(HTTP_AUTHORIZATION=f"Token {token}")

    response = client.post(
        "/api/v1/travel/messages/", paxlst(MIRIAM), content_type="application/edifact"
    )

    assert response.status_code == 403


def test_an_account_that_sees_personal_data_cannot_be_a_carrier_door(
    make_user: Callable[..., User],
) -> None:
    # A supervisor's account linked to a carrier by mistake still posts nothing.
    supervisor = make_user(Role.PIU_SUPERVISOR)
    supervisor.user_permissions.add(Permission.objects.get(codename="submit_carriermessage"))
    CarrierFactory(code="ZZ", account=supervisor)
    token = api_token_issue(actor=supervisor, user=supervisor, name="t", scopes=["office:read"])
    client = Client(HTTP_AUTHORIZATION=f"Token {token}")

    response = client.post(
        "/api/v1/travel/messages/", paxlst(MIRIAM), content_type="application/edifact"
    )

    assert response.status_code == 403
