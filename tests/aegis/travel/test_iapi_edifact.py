"""The standard iAPI door: an interactive PAXLST in, a CUSRES out, traveller by traveller.

PAXLST messages are written by paxscreen's serializer (or are real carrier files); every
answer is read back with ``paxscreen.edifact.cusres.parse_cusres``.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Callable, Generator
from dataclasses import replace
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aegis import datasets
from aegis.accounts.services import api_token_issue
from aegis.core.models import User
from aegis.core.roles import Role
from aegis.travel import iapi
from aegis.travel.models import (
    CarrierMessage,
    Case,
    CheckIn,
    IapiInterchange,
    Traveller,
    WatchlistVersion,
)
from paxscreen.edifact import FlightLeg, Manifest, TravelDocument
from paxscreen.edifact import Traveller as PaxlstTraveller
from paxscreen.edifact.cusres import CusresInterchange, Response, parse_cusres
from paxscreen.edifact.model import Reference
from paxscreen.edifact.serializer import paxlst_interchange
from tests.aegis.travel.factories import CarrierFactory
from tests.aegis.travel.test_doors import AMQP_URL

URL = "/api/v1/travel/iapi/paxlst/"
EDIFACT = "application/edifact"


def person(
    surname: str,
    given: tuple[str, ...],
    born: dt.date | None,
    *,
    nationality: str = "KEN",
    number: str | None = "A01234567",
    reference: str | None = None,
) -> PaxlstTraveller:
    return PaxlstTraveller(
        kind="passenger",
        role="FL",
        surname=surname,
        given_names=given,
        sex="F",
        date_of_birth=born,
        nationality=nationality,
        residence_country=None,
        birth_place=None,
        embarkation_port="NBO",
        debarkation_port="JFK",
        documents=(TravelDocument("P", number, "KEN", dt.date(2030, 1, 1)),),
        references=(Reference("ABO", reference),) if reference else (),
        pnr_locator=None,
        seat=None,
        address=None,
        segment_number=0,
    )


# KESTREL Miriam is on the small national list of tests/aegis/travel/conftest.py.
MIRIAM = person("KESTREL", ("MIRIAM", "ODUYA"), dt.date(1979, 3, 2), number="AK0412345")
CHIDI = person("OKAFOR", ("CHIDI",), dt.date(1990, 6, 11), reference="1A2B3C4D5E6F")
LEG = FlightLeg("ZZ", "506", "NBO", dt.datetime(2026, 12, 1, 9, 30), "JFK", None, 0)  # noqa: DTZ001


def check_in_message(
    *travellers: PaxlstTraveller, leg: FlightLeg = LEG, control: str = "ZZ0001234"
) -> str:
    manifest = Manifest(
        document_type="745",
        document_kind="passengers",
        document_id="CK1",
        reporting_party=None,
        references=(),
        legs=(leg,),
        travellers=travellers,
        declared_traveller_count=len(travellers),
    )
    return paxlst_interchange([manifest], sender="ZZ", recipient="KEPIU", control_reference=control)


@pytest.fixture
def carrier_account(make_user: Callable[..., User]) -> User:
    account = make_user(None, username="zed-air-paxlst")
    account.user_permissions.add(Permission.objects.get(codename="submit_carriermessage"))
    CarrierFactory(code="ZZ", account=account)
    return account


def token_client(account: User) -> Client:
    token = api_token_issue(actor=account, user=account, name="iapi", scopes=["carrier"])
    return Client(HTTP_AUTHORIZATION=f"Token {token}")


@pytest.fixture
def carrier(carrier_account: User) -> Client:
    return token_client(carrier_account)


def send(client: Client, text: str | bytes, content_type: str = EDIFACT) -> Any:
    return client.post(URL, text, content_type=content_type)


def answer_of(response: Any) -> CusresInterchange:
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith(EDIFACT)
    return parse_cusres(response.content.decode("utf-8"))


def only(interchange: CusresInterchange) -> Response:
    [response] = interchange.responses
    return response


@pytest.mark.django_db
def test_round_trip_a_cleared_and_a_referred_traveller(
    carrier: Client, national_list: WatchlistVersion
) -> None:
    # given a check-in of two travellers, one of them on the national list
    text = check_in_message(CHIDI, MIRIAM)

    # when the carrier sends it as an interactive PAXLST
    response = only(answer_of(send(carrier, text)))

    # then each is answered in the PAXLST's order: cleared, and "contact the authority"
    assert (response.answers_interchange, response.answers_message) == ("ZZ0001234", "1")
    assert (response.flight, response.origin, response.destination) == ("ZZ506", "NBO", "JFK")
    chidi, miriam = response.travellers
    assert (chidi.position, chidi.directive, chidi.carrier_reference) == (1, "0Z", "1A2B3C4D5E6F")
    assert (miriam.position, miriam.directive, miriam.errors) == (2, "2Z", ())
    # with the check-ins' opaque references, never the case's number nor what matched
    references = dict(CheckIn.objects.values_list("traveller__surname", "reference"))
    assert (chidi.reference, miriam.reference) == (references["OKAFOR"], references["KESTREL"])
    case = Case.objects.get()
    assert case.traveller.surname == "KESTREL"
    assert Traveller.objects.filter(from_api=True).count() == 2
    assert "NAT-1" not in send(carrier, text).content.decode()


@pytest.mark.django_db
def test_the_same_answers_come_through_the_json_door(
    carrier: Client, national_list: WatchlistVersion
) -> None:
    [miriam] = only(answer_of(send(carrier, check_in_message(MIRIAM)))).travellers
    body = {
        "flight": {
            "number": "506",
            "origin": "NBO",
            "destination": "JFK",
            "departure": "2026-12-01T09:30:00Z",
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

    answer = carrier.post("/api/v1/travel/iapi/", body, content_type="application/json").json()

    # one traveller, one check-in, one reference, whichever door
    assert (answer["reference"], answer["directive"]) == (miriam.reference, "contact_authority")
    assert (Traveller.objects.count(), CheckIn.objects.count()) == (1, 1)


@pytest.mark.django_db
def test_insufficient_and_erroneous_data_is_answered_per_traveller_with_the_error(
    carrier: Client,
) -> None:
    no_document = person("ADEYEMI", ("TUNDE",), dt.date(1985, 1, 2), number=None)
    no_birth_date = person("MWANGI", ("ANNE",), None, nationality="QQQ")

    response = only(answer_of(send(carrier, check_in_message(CHIDI, no_document, no_birth_date))))

    chidi, adeyemi, mwangi = response.travellers
    assert chidi.directive == "0Z"
    assert (adeyemi.directive, adeyemi.errors) == ("8Z", ("DOC: the document number is missing",))
    assert mwangi.directive == "8Z"
    assert mwangi.errors == (
        "DTM 329: the date of birth is missing or not a date",
        "NAT: QQQ is not a country (ISO 3166-1)",
    )
    # only the traveller with good data is loaded; the message is kept, not lost
    assert list(Traveller.objects.values_list("surname", flat=True)) == ["OKAFOR"]
    kept = CarrierMessage.objects.get()
    assert kept.status == CarrierMessage.Status.QUARANTINED
    assert "traveller 2: DOC: the document number is missing" in kept.error


@pytest.mark.django_db
def test_an_unknown_airport_is_erroneous_data_for_every_traveller(carrier: Client) -> None:
    leg = replace(LEG, arrival_port="XXX")

    response = only(answer_of(send(carrier, check_in_message(CHIDI, leg=leg))))

    [chidi] = response.travellers
    assert (chidi.directive, chidi.errors) == ("8Z", ("LOC 87: XXX is not an airport (IATA code)",))
    assert not Traveller.objects.exists()


@pytest.mark.django_db
def test_another_carriers_flight_is_refused_with_the_reason_and_kept(carrier: Client) -> None:
    leg = replace(LEG, carrier="YY")

    response = only(answer_of(send(carrier, check_in_message(CHIDI, leg=leg))))

    assert response.travellers == ()
    assert response.errors == (
        "TDT: flight 506 is carrier YY's; this account submits for carrier ZZ only",
    )
    assert not Traveller.objects.exists()
    kept = CarrierMessage.objects.get()
    assert (kept.status, kept.door) == ("quarantined", "http")
    assert "carrier YY" in kept.error


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "why"),
    [
        ("this is not EDIFACT", "outside any message"),
        ("UNB+UNOC:4+ZZ:ZZ+KEPIU:ZZ+261201:0600+R1'UNZ+0+R1'", "UNH: no message"),
        (
            "UNB+UNOC:4+ZZ:ZZ+KEPIU:ZZ+261201:0600+R2'UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'"
            "NAD+FL+++OKAFOR:CHIDI'UNT+4+1'UNZ+1+R2'",
            "TDT: no flight",
        ),
        (
            "UNB+UNOC:4+ZZ:ZZ+KEPIU:ZZ+261201:0600+R3'UNH+1+CUSRES:D:05B:UN:IATA'BGM+962'"
            "UNT+3+1'UNZ+1+R3'",
            "not an interactive PAXLST",
        ),
    ],
)
def test_bad_edifact_is_answered_with_an_error_and_quarantined_never_lost(
    carrier: Client, body: str, why: str
) -> None:
    response = only(answer_of(send(carrier, body, "text/plain")))

    assert response.travellers == ()
    assert any(why in error for error in response.errors), response.errors
    kept = CarrierMessage.objects.get()
    assert kept.status == CarrierMessage.Status.QUARANTINED
    assert kept.content == body
    assert why.split(":", maxsplit=1)[0] in kept.error
    if "R1" in body:  # correlated by its interchange reference even with nothing in it
        assert response.answers_interchange == "R1"


@pytest.mark.django_db
def test_an_empty_body_is_a_400_that_says_why(carrier: Client) -> None:
    response = send(carrier, b"")

    assert response.status_code == 400
    assert response.json()["errors"]["body"]


@pytest.mark.django_db
def test_a_real_carriers_api_message_is_answered_traveller_by_traveller(
    make_user: Callable[..., User],
) -> None:
    # given the GTAS sample APIS message of carrier AA (two passengers, ATL-ORD-JFK)
    account = make_user(None, username="aa-iapi")
    account.user_permissions.add(Permission.objects.get(codename="submit_carriermessage"))
    CarrierFactory(code="AA", account=account)
    content = (datasets.GTAS_PAXLST / "gtas-parsers-apisMessage.txt").read_bytes()

    response = only(answer_of(send(token_client(account), content)))

    assert (response.answers_interchange, response.flight) == ("000006640", "AA123")
    assert [traveller.position for traveller in response.travellers] == [1, 2]
    assert {traveller.directive for traveller in response.travellers} <= {"0Z", "8Z"}
    loaded = Traveller.objects.count()
    assert loaded == sum(traveller.directive == "0Z" for traveller in response.travellers)


@pytest.mark.django_db
def test_a_resent_interchange_is_answered_again_and_loads_nothing_twice(
    carrier: Client, national_list: WatchlistVersion
) -> None:
    text = check_in_message(CHIDI, MIRIAM)
    first = only(answer_of(send(carrier, text)))

    again = only(answer_of(send(carrier, text)))

    assert again.travellers == first.travellers
    assert (Traveller.objects.count(), Case.objects.count(), CheckIn.objects.count()) == (2, 1, 2)
    assert IapiInterchange.objects.get().control_reference == "ZZ0001234"


@pytest.mark.django_db
def test_the_carrier_fetches_its_answer_again_by_its_interchange_reference(
    carrier: Client, carrier_account: User, make_user: Callable[..., User]
) -> None:
    sent = send(carrier, check_in_message(CHIDI)).content

    fetched = carrier.get(f"{URL}ZZ0001234/")

    assert fetched.status_code == 200
    assert fetched.content == sent
    # another carrier cannot read it
    other = make_user(None, username="yy-iapi")
    other.user_permissions.add(Permission.objects.get(codename="submit_carriermessage"))
    CarrierFactory(code="YY", account=other)
    assert token_client(other).get(f"{URL}ZZ0001234/").status_code == 404
    assert carrier.get(f"{URL}NOSUCHREF/").status_code == 404
    # nor the JSON answer of one of its check-ins
    [chidi] = only(parse_cusres(sent.decode())).travellers
    assert carrier.get(f"/api/v1/travel/iapi/{chidi.reference}/").status_code == 200
    assert token_client(other).get(f"/api/v1/travel/iapi/{chidi.reference}/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", [Role.PIU_ANALYST, Role.PIU_SUPERVISOR, Role.OFFICE_EDITOR, Role.ADMINISTRATOR], ids=str
)
def test_people_of_the_office_and_the_piu_cannot_use_the_paxlst_door(
    role: Role, make_user: Callable[..., User], client_for: Callable[[Role | None], Client]
) -> None:
    user = make_user(role, username=f"{role.name.lower()}-paxlst")
    token = api_token_issue(actor=user, user=user, name="test", scopes=["office:read"])
    with_token = Client(HTTP_AUTHORIZATION=f"Token {token}")
    text = check_in_message(CHIDI)

    assert send(client_for(role), text).status_code == 401
    assert send(with_token, text).status_code == 403
    assert send(Client(), text).status_code == 401
    assert with_token.get(f"{URL}ZZ0001234/").status_code == 403
    assert not Traveller.objects.exists()
    assert not CarrierMessage.objects.exists()


@pytest.mark.django_db
def test_a_carrier_account_without_the_permission_is_refused(carrier_account: User) -> None:
    carrier_account.user_permissions.clear()

    response = send(token_client(carrier_account), check_in_message(CHIDI))

    assert response.status_code == 403
    assert not Traveller.objects.exists()


# ------------------------------------------------------------ an analyst's later direction


def _referred(carrier: Client) -> tuple[Case, str]:
    [miriam] = only(answer_of(send(carrier, check_in_message(MIRIAM)))).travellers
    assert miriam.directive == "2Z"
    return Case.objects.get(), str(miriam.reference)


@pytest.mark.django_db
def test_do_not_board_reaches_the_carrier_only_from_an_analyst_as_a_replacement(
    carrier: Client, national_list: WatchlistVersion, make_user: Callable[..., User]
) -> None:
    case, reference = _referred(carrier)
    analyst = make_user(Role.PIU_ANALYST)

    iapi.direction_give(
        actor=analyst,
        case=case,
        direction=CheckIn.Direction.DO_NOT_BOARD,
        justification="Confirmed identity against the listed entry's photograph.",
    )

    # the carrier fetches the replacement CUSRES by its interchange reference
    update = only(answer_of(carrier.get(f"{URL}ZZ0001234/")))
    assert update.function == "5"
    [miriam] = update.travellers
    assert (miriam.reference, miriam.directive) == (reference, "1Z")
    # and sees the same on the JSON door, by the reference
    answer = carrier.get(f"/api/v1/travel/iapi/{reference}/").json()
    assert (answer["directive"], answer["status"]) == ("do_not_board", "hit_pending_review")
    assert "do not board" in answer["message"]
    # a resend of the check-in keeps the analyst's direction
    [again] = only(answer_of(send(carrier, check_in_message(MIRIAM)))).travellers
    assert again.directive == "1Z"


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.PIU_SUPERVISOR, Role.PIU_ANALYST], ids=str)
def test_an_analyst_may_clear_a_referred_traveller(
    role: Role, carrier: Client, national_list: WatchlistVersion, make_user: Callable[..., User]
) -> None:
    case, reference = _referred(carrier)

    iapi.direction_give(
        actor=make_user(role),
        case=case,
        direction=CheckIn.Direction.BOARD,
        justification="A namesake: different date of birth on the passport.",
    )

    [miriam] = only(answer_of(carrier.get(f"{URL}ZZ0001234/"))).travellers
    assert (miriam.reference, miriam.directive) == (reference, "0Z")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", [Role.AGENCY_LIAISON, Role.OFFICE_EDITOR, Role.VIEWER, None], ids=str
)
def test_only_the_piu_s_reviewers_give_a_direction(
    role: Role | None,
    carrier: Client,
    carrier_account: User,
    national_list: WatchlistVersion,
    make_user: Callable[..., User],
) -> None:
    from django.core.exceptions import PermissionDenied

    case, _reference = _referred(carrier)
    actor = make_user(role) if role is not None else carrier_account

    with pytest.raises(PermissionDenied):
        iapi.direction_give(
            actor=actor, case=case, direction=CheckIn.Direction.DO_NOT_BOARD, justification="x"
        )
    assert CheckIn.objects.get(traveller__surname="KESTREL").direction == ""


@pytest.mark.django_db
def test_no_direction_after_the_piu_s_time_limit(
    carrier: Client, national_list: WatchlistVersion, make_user: Callable[..., User], settings: Any
) -> None:
    settings.AEGIS_IAPI_DIRECTION_MINUTES = 30
    case, _reference = _referred(carrier)
    Case.objects.filter(pk=case.pk).update(opened_at=timezone.now() - dt.timedelta(minutes=31))

    with pytest.raises(ValidationError, match="time for a boarding direction ended"):
        iapi.direction_give(
            actor=make_user(Role.PIU_ANALYST),
            case=case,
            direction=CheckIn.Direction.DO_NOT_BOARD,
            justification="Too late.",
        )
    [miriam] = only(answer_of(carrier.get(f"{URL}ZZ0001234/"))).travellers
    assert miriam.directive == "2Z"


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cut=st.integers(min_value=0, max_value=400),
    noise=st.text(alphabet="+:'?ABCUNHTDX0123456789 \n", max_size=12),
)
def test_any_damaged_check_in_is_answered_with_a_cusres_or_a_400(
    carrier: Client, cut: int, noise: str
) -> None:
    # given a check-in damaged the way lines break: cut short, with stray service characters
    text = check_in_message(CHIDI)
    damaged = text[:cut] + noise + text[cut + len(noise) :]

    response = send(carrier, damaged.encode("utf-8"), "text/plain")

    assert response.status_code in (200, 400)
    if response.status_code == 200:
        answered = parse_cusres(response.content.decode("utf-8"))
        for traveller in (t for r in answered.responses for t in r.travellers):
            assert traveller.directive in {"0Z", "2Z", "8Z"}


# ------------------------------------------------------------------ the AMQP door


@pytest.fixture
def queues() -> Generator[tuple[str, str], None, None]:
    """A check-in queue and a reply queue of their own on the real RabbitMQ."""
    import pika

    try:
        broker = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
    except pika.exceptions.AMQPError as error:
        message = f"RabbitMQ is not reachable at {AMQP_URL}: {error!r}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    name = f"aegis-test-iapi-{uuid.uuid4().hex[:12]}"
    try:
        yield name, f"{name}.cusres"
    finally:
        channel = broker.channel()
        for queue in (name, f"{name}.cusres"):
            channel.queue_delete(queue=queue)
        broker.close()


def publish_check_in(queue: str, body: str, reply_to: str) -> None:
    import pika

    broker = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
    try:
        channel = broker.channel()
        channel.queue_declare(queue=queue, durable=True)
        channel.basic_publish(
            exchange="",
            routing_key=queue,
            body=body.encode("utf-8"),
            properties=pika.BasicProperties(delivery_mode=2, reply_to=reply_to),
        )
    finally:
        broker.close()


def replies(queue: str) -> list[tuple[str, CusresInterchange]]:
    """Every answer waiting on ``queue``: (correlation id, CUSRES read back)."""
    import pika

    broker = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
    found = []
    try:
        channel = broker.channel()
        channel.queue_declare(queue=queue, durable=True)
        while True:
            method, properties, body = channel.basic_get(queue, auto_ack=True)
            if method is None:
                return found
            found.append((properties.correlation_id, parse_cusres(body.decode("utf-8"))))
    finally:
        broker.close()


def consume_check_ins(queue: str, carrier: str = "ZZ") -> str:
    out = StringIO()
    call_command(
        "consume",
        "--iapi",
        "--carrier",
        carrier,
        "--url",
        AMQP_URL,
        "--queue",
        queue,
        "--max-messages",
        "1",
        "--idle-timeout",
        "10",
        stdout=out,
    )
    return out.getvalue()


@pytest.mark.django_db
def test_the_queue_door_answers_on_the_reply_queue_and_pushes_the_later_direction(
    queues: tuple[str, str],
    carrier_account: User,
    national_list: WatchlistVersion,
    make_user: Callable[..., User],
    django_capture_on_commit_callbacks: Any,
) -> None:
    queue, reply = queues
    publish_check_in(queue, check_in_message(CHIDI, MIRIAM), reply_to=reply)

    printed = consume_check_ins(queue)

    assert printed.splitlines() == [
        "interchange ZZ0001234: answered 0Z 2Z",
        "1 messages handled.",
    ]
    [(correlation, first)] = replies(reply)
    assert correlation == "ZZ0001234"
    chidi, miriam = only(first).travellers
    assert (chidi.directive, miriam.directive) == ("0Z", "2Z")
    assert IapiInterchange.objects.get().door == "amqp"

    # when an analyst directs "do not board", the replacement is pushed to the same queue
    with django_capture_on_commit_callbacks(execute=True):
        iapi.direction_give(
            actor=make_user(Role.PIU_ANALYST),
            case=Case.objects.get(),
            direction=CheckIn.Direction.DO_NOT_BOARD,
            justification="Confirmed against the listed entry.",
        )

    [(correlation, update)] = replies(reply)
    assert correlation == "ZZ0001234"
    assert only(update).function == "5"
    chidi, miriam_now = only(update).travellers
    assert (chidi.directive, miriam_now.directive) == ("0Z", "1Z")
    assert miriam_now.reference == miriam.reference


@pytest.mark.django_db
def test_the_queue_door_answers_bad_edifact_with_an_error_and_quarantines_it(
    queues: tuple[str, str], carrier_account: User
) -> None:
    queue, reply = queues
    leg = replace(LEG, carrier="YY")
    publish_check_in(queue, check_in_message(CHIDI, leg=leg, control="ZZ0009999"), reply)

    consume_check_ins(queue)

    [(correlation, answer)] = replies(reply)
    assert correlation == "ZZ0009999"
    assert "carrier YY" in only(answer).errors[0]
    kept = CarrierMessage.objects.get()
    assert (kept.status, kept.door) == ("quarantined", "amqp")
    assert not Traveller.objects.exists()


# ------------------------------------------------------------------ the case page


@pytest.mark.django_db
def test_an_analyst_sends_the_direction_from_the_case_page(
    carrier: Client,
    national_list: WatchlistVersion,
    make_user: Callable[..., User],
    piu_client: Callable[..., Client],
) -> None:
    case, reference = _referred(carrier)
    analyst = make_user(Role.PIU_ANALYST, username="analyst-direction")
    page = piu_client(None, user=analyst)

    before = page.get(f"/piu/cases/{case.pk}/").content.decode()
    sent = page.post(
        f"/piu/cases/{case.pk}/direction/",
        {"direction": "do_not_board", "justification": "Identity confirmed by the liaison."},
    )
    after = page.get(f"/piu/cases/{case.pk}/").content.decode()

    assert "Send the direction" in before
    assert sent.status_code == 302
    assert "Direction sent: Do not board" in after
    assert "direction to carrier: Do not board: Identity confirmed by the liaison." in after
    [miriam] = only(answer_of(carrier.get(f"{URL}ZZ0001234/"))).travellers
    assert (miriam.reference, miriam.directive) == (reference, "1Z")
    # a viewer of the office cannot send one
    viewer = piu_client(None, user=make_user(Role.VIEWER, username="viewer-direction"))
    refused = viewer.post(
        f"/piu/cases/{case.pk}/direction/", {"direction": "board", "justification": "x"}
    )
    assert refused.status_code in (403, 404)
    assert CheckIn.objects.get(reference=reference).direction == "do_not_board"


@pytest.mark.django_db
def test_kept_answers_go_at_the_masking_period(carrier: Client, settings: Any) -> None:
    from aegis.travel.retention import retention_apply

    send(carrier, check_in_message(CHIDI))
    assert IapiInterchange.objects.count() == 1

    retention_apply(now=timezone.now() + dt.timedelta(days=settings.AEGIS_RETENTION_MASK_DAYS - 1))
    kept = IapiInterchange.objects.count()
    retention_apply(now=timezone.now() + dt.timedelta(days=settings.AEGIS_RETENTION_MASK_DAYS + 1))

    assert (kept, IapiInterchange.objects.count()) == (1, 0)
    assert carrier.get(f"{URL}ZZ0001234/").status_code == 404
