"""The interactive API (JSON): one traveller in, "no hit" or "hit pending review" out with a
carrier-visible reference, never a machine-made "do not board", never a case number nor
what matched."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from django.contrib.auth.models import Permission
from django.core.wsgi import get_wsgi_application
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from aegis.accounts.models import ApiToken
from aegis.accounts.services import api_token_issue
from aegis.core.models import User
from aegis.core.roles import Role
from aegis.travel import iapi, services
from aegis.travel.api import RememberedTokenAuthentication
from aegis.travel.models import (
    Case,
    CheckIn,
    Flight,
    Hit,
    TravelDocument,
    Traveller,
    WatchlistVersion,
)
from tests.aegis.test_api_fuzz import connections_kept_open  # noqa: F401 - fixture
from tests.aegis.travel.factories import CarrierFactory

URL = "/api/v1/travel/iapi/"

# KESTREL Miriam is on the small national list of tests/aegis/travel/conftest.py.
LISTED = {
    "flight": {
        "number": "506",
        "origin": "NBO",
        "destination": "JFK",
        "departure": "2026-12-01T09:30:00+03:00",
    },
    "traveller": {
        "surname": "Kestrel",
        "given_names": "Miriam Oduya",
        "date_of_birth": "1979-03-02",
        "sex": "F",
        "nationality": "KEN",
    },
    "document": {"type": "P", "number": "AK0412345", "issuing_country": "KEN"},
}


def innocent() -> dict[str, Any]:
    body = copy.deepcopy(LISTED)
    body["traveller"].update(surname="Okafor", given_names="Chidi", date_of_birth="1990-06-11")
    body["document"]["number"] = "A01234567"
    return body


def carrier_token(account: User) -> str:
    return api_token_issue(actor=account, user=account, name="check-in", scopes=["carrier"])


@pytest.fixture
def carrier_account(make_user: Callable[..., User]) -> User:
    account = make_user(None, username="zed-air-iapi")
    account.user_permissions.add(Permission.objects.get(codename="submit_carriermessage"))
    CarrierFactory(code="ZZ", account=account)
    return account


@pytest.fixture
def carrier(carrier_account: User) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {carrier_token(carrier_account)}")


def check(client: Client, body: dict[str, Any]) -> Any:
    return client.post(URL, body, content_type="application/json")


@pytest.mark.django_db
def test_a_listed_traveller_is_a_hit_pending_review_with_its_case(
    carrier: Client, national_list: WatchlistVersion
) -> None:
    response = check(carrier, LISTED)

    assert response.status_code == 200
    case = Case.objects.get()
    check_in = CheckIn.objects.get()
    assert response.json() == {
        "status": "hit_pending_review",
        "reference": check_in.reference,
        "directive": "contact_authority",
        "message": response.json()["message"],
    }
    assert "not a boarding decision" in response.json()["message"]
    # The carrier learns nothing of what matched, nor the case's number.
    assert "kestrel" not in response.content.decode().lower()
    assert "NAT-1" not in response.content.decode()
    assert "case" not in response.json()
    assert len(check_in.reference) == 20  # 120 random bits
    traveller = case.traveller
    assert (traveller.surname, traveller.given_names, traveller.from_api) == (
        "KESTREL",
        "MIRIAM ODUYA",
        True,
    )
    assert Hit.objects.get().key == "NAT-1"
    flight = traveller.flight
    # 09:30 in Nairobi (UTC+3) is 06:30 UTC; the flight is inbound to the PIU's airports.
    assert (flight.carrier.code, flight.number, flight.departure.hour) == ("ZZ", "506", 6)
    assert flight.direction == Flight.Direction.INBOUND
    assert TravelDocument.objects.get().number == "AK0412345"


@pytest.mark.django_db
def test_an_unlisted_traveller_is_no_hit_and_is_kept_as_api_data(
    carrier: Client, national_list: WatchlistVersion
) -> None:
    response = check(carrier, innocent())

    assert response.status_code == 200
    assert response.json()["status"] == "no_hit"
    assert response.json()["directive"] == "ok_to_board"
    assert response.json()["reference"] == CheckIn.objects.get().reference
    assert Traveller.objects.get().screened_at is not None
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_a_retry_returns_the_same_case_and_loads_nothing_twice(
    carrier: Client, national_list: WatchlistVersion
) -> None:
    first = check(carrier, LISTED).json()
    again = check(carrier, LISTED).json()

    assert again == first
    assert (Traveller.objects.count(), Hit.objects.count(), Case.objects.count()) == (1, 1, 1)


@pytest.mark.django_db
def test_a_closed_case_is_reported_as_reviewed_not_as_a_decision(
    carrier: Client, national_list: WatchlistVersion, make_user: Callable[..., User]
) -> None:
    reference = check(carrier, LISTED).json()["reference"]
    analyst = make_user(Role.PIU_ANALYST)
    case = Case.objects.get()
    services.case_transition(actor=analyst, case=case, transition="review")
    services.case_transition(
        actor=analyst,
        case=case,
        transition="close",
        outcome=Case.Outcome.NO_ACTION,
        justification="Met at arrival; documents in order.",
    )

    answer = check(carrier, LISTED).json()

    assert (answer["status"], answer["reference"]) == ("hit_reviewed", reference)
    assert answer["directive"] == "contact_authority"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("part", "field", "value"),
    [
        ("flight", "departure", "2026-12-01T09:30:00"),  # no UTC offset
        ("flight", "origin", "NAIROBI"),
        ("flight", "destination", "XXX"),  # three letters, but no airport has them
        ("flight", "origin", "QQQ"),
        ("flight", "destination", "nbo"),  # same airport as the origin
        ("flight", "number", "5O6!"),
        ("traveller", "surname", ""),
        ("traveller", "date_of_birth", "2199-01-01"),
        ("traveller", "nationality", "QQQ"),
        ("traveller", "sex", "male"),
        ("document", "number", "AK 04-12"),
        ("document", "issuing_country", "Kenya"),
    ],
)
def test_bad_input_is_refused_with_where_and_why_and_changes_nothing(
    carrier: Client, part: str, field: str, value: str
) -> None:
    body = innocent()
    body[part][field] = value

    response = check(carrier, body)

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert part in errors
    assert field in errors[part] or field == "destination"
    assert not Traveller.objects.exists()
    assert not Flight.objects.exists()


@pytest.mark.django_db
def test_a_carrier_checks_only_its_own_flights(carrier: Client) -> None:
    body = innocent()
    body["flight"]["carrier"] = "YY"

    response = check(carrier, body)

    assert response.status_code == 403
    assert not Traveller.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", [Role.PIU_ANALYST, Role.PIU_SUPERVISOR, Role.OFFICE_EDITOR, Role.ADMINISTRATOR], ids=str
)
def test_people_of_the_office_and_the_piu_cannot_use_the_carrier_door(
    role: Role, make_user: Callable[..., User], client_for: Callable[[Role | None], Client]
) -> None:
    user = make_user(role, username=f"{role.name.lower()}-token")
    token = api_token_issue(actor=user, user=user, name="test", scopes=["office:read"])
    with_token = Client(HTTP_AUTHORIZATION=f"Token {token}")

    # A machine door: tokens only (no session, so no cross-site request can use it).
    assert check(client_for(role), innocent()).status_code == 401
    assert check(with_token, innocent()).status_code == 403
    assert not Traveller.objects.exists()


@pytest.mark.django_db
def test_a_carrier_account_without_the_permission_is_refused(carrier_account: User) -> None:
    carrier_account.user_permissions.clear()
    client = Client(HTTP_AUTHORIZATION=f"Token {carrier_token(carrier_account)}")

    response = check(client, innocent())

    assert response.status_code == 403
    assert not Traveller.objects.exists()


@pytest.mark.django_db
def test_anonymous_callers_are_refused() -> None:
    assert check(Client(), innocent()).status_code == 401


_TEXT = st.text(max_size=30)
_ANY = st.one_of(st.none(), st.integers(), _TEXT, st.lists(_TEXT, max_size=2))


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    part=st.sampled_from(["flight", "traveller", "document"]),
    field=st.sampled_from(
        ["number", "origin", "departure", "surname", "date_of_birth", "nationality", "type"]
    ),
    value=_ANY,
)
def test_any_field_value_is_answered_without_a_server_error(
    carrier: Client, part: str, field: str, value: object
) -> None:
    body = innocent()
    body[part][field] = value

    response = check(carrier, body)

    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response.json()["errors"]


@pytest.mark.django_db
@pytest.mark.usefixtures("connections_kept_open")
def test_schemathesis_finds_no_server_error_at_the_carrier_door(
    carrier_account: User, national_list: WatchlistVersion
) -> None:
    headers = {"Authorization": f"Token {carrier_token(carrier_account)}"}
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/schema/?format=json", get_wsgi_application(), headers=headers
    )
    operation = schema[URL]["POST"]
    statuses: list[int] = []

    @given(case=operation.as_strategy())
    @settings(
        max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    def fuzz(case: Any) -> None:
        response = case.call(headers=headers)
        statuses.append(response.status_code)
        case.validate_response(response, checks=[not_a_server_error])
        if response.status_code >= 400:
            assert set(response.json()) == {"message", "errors"}
        if response.status_code == 403:
            # A valid check-in naming another airline's flight: refused, and why.
            assert "submits for carrier" in response.json()["message"]

    fuzz()

    # Generated travellers rarely carry a real country code: most are refused field by field
    # (the hypothesis test above starts from valid check-ins instead).
    assert len(statuses) >= 100
    assert set(statuses) <= {200, 400, 403}


@pytest.mark.django_db
def test_a_revoked_token_works_no_longer_than_the_refresh_time(
    carrier_account: User, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.AEGIS_IAPI_REFRESH_SECONDS = 2
    clock = [1000.0]
    monkeypatch.setattr("aegis.travel.api.time.monotonic", lambda: clock[0])
    monkeypatch.setattr(RememberedTokenAuthentication, "_remembered", {})
    client = Client(HTTP_AUTHORIZATION=f"Token {carrier_token(carrier_account)}")
    assert check(client, innocent()).status_code == 200

    ApiToken.objects.update(revoked_at=timezone.now())
    clock[0] += 1.5
    remembered = check(client, innocent())
    clock[0] += 1.0
    forgotten = check(client, innocent())

    assert remembered.status_code == 200
    assert forgotten.status_code == 401


@pytest.mark.django_db
def test_a_check_in_on_a_known_flight_by_a_known_carrier_takes_five_queries(
    carrier: Client,
    national_list: WatchlistVersion,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
    django_assert_num_queries: Any,
) -> None:
    settings.AEGIS_IAPI_REFRESH_SECONDS = 2
    monkeypatch.setattr(RememberedTokenAuthentication, "_remembered", {})
    monkeypatch.setattr(iapi, "_flights", {})
    assert check(carrier, innocent()).json()["status"] == "no_hit"
    another = innocent()
    another["traveller"]["surname"] = "Adeyemi"
    another["document"]["number"] = "A07654321"

    # Is the traveller on the flight already; insert them, their history row, their document,
    # their check-in, their search entry (and the savepoint and its release, inside the
    # test's transaction).
    with django_assert_num_queries(6 + 2):
        answer = check(carrier, another)

    assert answer.json()["status"] == "no_hit"
    assert Flight.objects.count() == 1
    assert Traveller.objects.count() == 2
