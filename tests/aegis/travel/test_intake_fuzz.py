"""Issue 14: damaged carrier files through the intake doors never raise, never 500.

Mutations of real GTAS files and of synthetic traffic go through the service every door
calls and through the HTTP door. Derandomised with a fixed budget, so CI runs the same
cases every time; each case is rolled back.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.contrib.auth.models import Permission
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aegis.accounts.services import api_token_issue
from aegis.core.models import User
from aegis.core.permissions import SYSTEM
from aegis.travel.intake import IntakeRefused, message_receive
from aegis.travel.models import CarrierMessage
from paxscreen.synthetic.traffic import generate_paxlst, generate_pnrgov
from tests.aegis.travel.conftest import GTAS
from tests.aegis.travel.factories import CarrierFactory

pytestmark = pytest.mark.django_db

_SOURCES = [
    (GTAS / "apis-messages" / "gtas-loader-Test1.txt").read_bytes(),
    (GTAS / "apis-messages" / "gtas-loader-multiple_flight_leg_apis.txt").read_bytes(),
    (GTAS / "pnr-messages" / "gtas-loader-2_pnrs_basic.edi").read_bytes(),
    (GTAS / "pnr-messages" / "gtas-loader-codeshare.edi").read_bytes(),
    generate_paxlst(random.Random(3), travellers_per_flight=6, start=dt.date(2026, 12, 1)).encode(),
    generate_pnrgov(random.Random(3), bookings_per_flight=4, start=dt.date(2026, 12, 1)).encode(),
]


@st.composite
def damaged(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(_SOURCES)))
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["replace", "insert", "delete", "cut", "duplicate"]))
        byte = draw(st.sampled_from(b"'+:?\r\n \x00\x1b\xff\xc3\xe2UNHTAD0129"))
        if action == "replace" and position < len(data):
            data[position] = byte
        elif action == "insert":
            data.insert(position, byte)
        elif action == "delete" and position < len(data):
            del data[position]
        elif action == "cut":
            del data[position:]
        elif action == "duplicate":
            data[position:position] = data[max(0, position - 200) : position]
    return bytes(data)


_FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@_FUZZ
@given(damaged())
def test_the_intake_service_stores_or_refuses_any_damaged_file(data: bytes) -> None:
    with transaction.atomic():
        try:
            result = message_receive(content=data, door=CarrierMessage.Door.FOLDER, actor=SYSTEM)
        except IntakeRefused as refused:
            assert refused.code in {"empty", "too-large"}
        else:
            assert result.status in {"loaded", "partial", "quarantined"}
            stored = CarrierMessage.objects.get(pk=result.message.pk)
            assert (stored.status, stored.error) == (result.message.status, result.message.error)
        transaction.set_rollback(True)


@_FUZZ
@given(damaged())
def test_the_http_door_answers_any_damaged_file_without_a_server_error(data: bytes) -> None:
    with transaction.atomic():
        account = User.objects.create(username="fuzz-api")
        account.user_permissions.add(Permission.objects.get(codename="submit_carriermessage"))
        CarrierFactory(code="UA", account=account)
        client = Client(
            HTTP_AUTHORIZATION="Token "
            + api_token_issue(actor=account, user=account, name="test", scopes=["carrier"])
        )

        response = client.post("/api/v1/travel/messages/", data, content_type="text/plain")

        assert response.status_code in {201, 400, 403}, response.content[:300]
        transaction.set_rollback(True)
