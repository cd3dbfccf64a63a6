"""Enrolment of a second factor is not trust-on-first-use.

Observation 2 of the security review: whoever first used a PIU account's password set up
its second factor, and the set-up page offered only a QR code. Now a supervisor or an
administrator issues a one-time enrolment code; the set-up page shows the key as text too;
single-use recovery codes (stored hashed) are handed out once.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.aegis.travel.conftest import verify_second_factor

from aegis.accounts.models import EnrolmentCode, RecoveryCode, SecurityEvent
from aegis.accounts.services import enrolment_code_issue, recovery_codes_issue
from aegis.core.models import User
from aegis.core.roles import Role

pytestmark = pytest.mark.django_db

PAGE = "/accounts/second-factor/"


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def verified(user: User) -> Client:
    client = signed_in(user)
    verify_second_factor(client, user)
    return client


@pytest.fixture
def analyst(make_user: Callable[..., User]) -> User:
    return make_user(Role.PIU_ANALYST, username="amina")


@pytest.fixture
def supervisor(make_user: Callable[..., User]) -> User:
    return make_user(Role.PIU_SUPERVISOR, username="sven")


def test_the_password_alone_cannot_set_up_a_second_factor(analyst: User) -> None:
    client = signed_in(analyst)

    page = client.get(PAGE)
    guess = client.post(PAGE, {"code": "AAAA-BBBB-CCCC-DDDD"})

    assert page.status_code == 200
    assert b"<svg" not in page.content
    assert "enrolment code" in page.content.decode().lower()
    assert guess.context["form"].errors == {"code": ["This enrolment code is not valid."]}
    assert not TOTPDevice.objects.filter(user=analyst).exists()
    assert client.get("/piu/cases/").status_code == 302


def test_a_supervisor_issues_a_code_the_analyst_enrols_with_and_gets_recovery_codes(
    analyst: User, supervisor: User
) -> None:
    issuer = verified(supervisor)
    issued = issuer.post("/accounts/enrolment/", {"account": analyst.pk})
    code = issued.context["issued_code"]
    client = signed_in(analyst)

    setup = client.post(PAGE, {"code": code.lower().replace("-", " ")})
    device = TOTPDevice.objects.get(user=analyst)
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    grouped = " ".join(key[i : i + 4] for i in range(0, len(key), 4))
    text = setup.content.decode()
    confirmed = client.post(PAGE, {"token": f"{totp(device.bin_key):06d}"})
    recovery = client.get(confirmed["Location"])
    shown_again = client.get(confirmed["Location"])

    assert issued.status_code == 200
    assert re.fullmatch(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){3}", code)
    assert "<svg" in text
    assert grouped in text
    assert f'value="{key}"' in text  # a read-only field to select and copy
    assert 'role="img"' in text
    assert confirmed.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/piu/cases/").status_code == 200
    codes = recovery.context["codes"]
    assert len(codes) == 10
    assert all(code_text in recovery.content.decode() for code_text in codes)
    assert shown_again.status_code == 302  # shown once
    assert EnrolmentCode.objects.get(user=analyst).used_at is not None
    assert list(
        SecurityEvent.objects.filter(subject=analyst).order_by("pk").values_list("action", "actor")
    ) == [
        ("enrolment_code_issued", supervisor.pk),
        ("enrolled", analyst.pk),
        ("recovery_codes_issued", analyst.pk),
    ]


def test_an_enrolment_code_works_once(analyst: User, supervisor: User) -> None:
    code = enrolment_code_issue(actor=supervisor, account=analyst)
    first = signed_in(analyst)
    first.post(PAGE, {"code": code})
    device = TOTPDevice.objects.get(user=analyst)
    first.post(PAGE, {"token": f"{totp(device.bin_key):06d}"})
    TOTPDevice.objects.filter(user=analyst).delete()  # say the phone is lost; no new code

    again = signed_in(analyst).post(PAGE, {"code": code})

    assert again.context["form"].errors == {"code": ["This enrolment code is not valid."]}


def test_an_expired_enrolment_code_is_refused(analyst: User, supervisor: User) -> None:
    code = enrolment_code_issue(actor=supervisor, account=analyst)
    EnrolmentCode.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))

    response = signed_in(analyst).post(PAGE, {"code": code})

    assert response.context["form"].errors == {"code": ["This enrolment code is not valid."]}


def test_another_accounts_enrolment_code_is_refused(
    analyst: User, supervisor: User, make_user: Callable[..., User]
) -> None:
    code = enrolment_code_issue(actor=supervisor, account=make_user(Role.PIU_ANALYST))

    response = signed_in(analyst).post(PAGE, {"code": code})

    assert response.context["form"].errors == {"code": ["This enrolment code is not valid."]}


@pytest.mark.parametrize(
    ("issuer_role", "account_role", "status"),
    [
        (Role.PIU_SUPERVISOR, Role.PIU_ANALYST, 200),
        (Role.PIU_SUPERVISOR, Role.AGENCY_LIAISON, 200),
        (Role.PIU_SUPERVISOR, Role.ADMINISTRATOR, 403),
        (Role.ADMINISTRATOR, Role.ADMINISTRATOR, 200),
        (Role.ADMINISTRATOR, Role.PIU_SUPERVISOR, 200),
        (Role.PIU_ANALYST, Role.PIU_ANALYST, 403),
        (Role.OFFICE_EDITOR, Role.PIU_ANALYST, 403),
    ],
)
def test_who_may_issue_an_enrolment_code_for_whom(
    issuer_role: Role, account_role: Role, status: int, make_user: Callable[..., User]
) -> None:
    issuer = make_user(issuer_role)
    account = make_user(account_role)
    client = verified(issuer) if issuer_role != Role.OFFICE_EDITOR else signed_in(issuer)

    response = client.post("/accounts/enrolment/", {"account": account.pk})

    assert response.status_code == status
    assert EnrolmentCode.objects.filter(user=account).exists() == (status == 200)


def test_the_command_line_issues_a_code_for_the_first_administrator(
    make_user: Callable[..., User],
) -> None:
    admin = make_user(Role.ADMINISTRATOR, username="root")
    out = StringIO()

    call_command("enrolment_code", "root", stdout=out)

    code = out.getvalue().strip().split()[-1]
    response = signed_in(admin).post(PAGE, {"code": code})
    assert b"<svg" in response.content


def test_a_recovery_code_signs_in_once_and_is_stored_hashed(analyst: User) -> None:
    TOTPDevice.objects.create(user=analyst, name="phone", confirmed=True)
    codes = recovery_codes_issue(user=analyst)
    client = signed_in(analyst)

    used = client.post(f"{PAGE}?next=/piu/cases/", {"token": codes[0]})
    again = signed_in(analyst).post(PAGE, {"token": codes[0]})

    assert (used.status_code, used["Location"]) == (302, "/piu/cases/")
    assert client.get("/piu/cases/").status_code == 200
    assert again.status_code == 200
    assert again.context["form"].errors == {
        "token": ["This code is not valid. Try the current one."]
    }
    stored = list(RecoveryCode.objects.values_list("digest", flat=True))
    assert len(stored) == 10
    assert not any(code.replace("-", "") in digest.upper() for code in codes for digest in stored)
    assert SecurityEvent.objects.filter(
        subject=analyst, action=SecurityEvent.Action.RECOVERY_CODE_USED
    ).exists()
