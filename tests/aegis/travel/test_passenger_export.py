"""Issue 16: the PIU passenger list export writes carrier-controlled names as text.

A carrier sends a passenger named ``=HYPERLINK("HTTP://X","Y")`` (UNOA allows every
character of it; the colon is released with ``?``); the CSV an analyst exports must not
hand it to a spreadsheet as a formula (OWASP CSV injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from aegis.core.models import User
from aegis.core.roles import Role
from aegis.travel.models import Flight
from tests.aegis.travel.test_intake_hostile import interchange, message, receive

pytestmark = pytest.mark.django_db

ATTACK = '=HYPERLINK("HTTP://X","Y")'


def test_a_carrier_controlled_name_is_exported_as_text(
    make_user: Callable[..., User], piu_client: Callable[..., Client]
) -> None:
    hostile = ('=HYPERLINK("HTTP?://X","Y")', "@SUM(A1)", "M", "ARE", "-1")
    receive(interchange(message("M1", hostile)))
    flight = Flight.objects.get()
    client = piu_client(Role.PIU_ANALYST)

    exported = client.post(
        reverse("travel:flight_export", args=[flight.pk]), {"purpose": "Case review 3/2026"}
    )

    lines = exported.content.decode().splitlines()
    assert lines[1].startswith("\"'=HYPERLINK(")
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    assert rows[1][:5] == ["'" + ATTACK, "'@SUM(A1)", "1981-03-14", "ARE", "'-1"]
