"""Issue 14: intake survives hostile and broken carrier data, on every door.

The messages are written by hand the way a carrier's API system writes them (one segment a
line, UNA, UNB with the sender's code, an EK flight from Dubai), not by our generators.
"""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from aegis.accounts.services import api_token_issue
from aegis.core.models import User
from aegis.core.permissions import SYSTEM
from aegis.travel import intake
from aegis.travel.doors import folder_scan, queue_publish
from aegis.travel.intake import IntakeRefused, message_receive, message_retry
from aegis.travel.models import Carrier, CarrierMessage, Flight, Traveller
from tests.aegis.travel.factories import CarrierFactory

pytestmark = pytest.mark.django_db

MESSAGES = "/api/v1/travel/messages/"


def _flight(carrier: str, flight: str) -> list[str]:
    return [
        "BGM+745'",
        f"NAD+MS+++{carrier} API DESK'",
        "COM+97142184444:TE'",
        f"TDT+20+{flight}+++{carrier}'",
        "LOC+125+DXB'",
        "DTM+189:2612010845:201'",
        "LOC+87+JFK'",
        "DTM+232:2612011530:201'",
    ]


def _passenger(surname: str, given: str, sex: str, nationality: str, seat: str) -> list[str]:
    return [
        f"NAD+FL+++{surname}:{given}'",
        f"ATT+2++{sex}'",
        "DTM+329:810314'",
        "LOC+178+DXB'",
        "LOC+179+JFK'",
        f"NAT+2+{nationality}'",
        f"RFF+SEA:{seat}'",
        f"DOC+P:110:111+{nationality[0]}7731204'",
        "DTM+36:300101'",
        f"LOC+91+{nationality}'",
    ]


HADDAD = ("HADDAD", "SAMIR", "M", "ARE", "14A")
OKAFOR = ("OKAFOR", "GRACE", "F", "NGA", "14B")


def message(
    reference: str,
    *passengers: tuple[str, str, str, str, str],
    carrier: str = "EK",
    flight: str = "EK201",
    unt: int | None = None,
    close: bool = True,
    extra: tuple[str, ...] = (),
) -> list[str]:
    segments = [f"UNH+{reference}+PAXLST:D:05B:UN:IATA'", *_flight(carrier, flight)]
    for passenger in passengers:
        segments += _passenger(*passenger)
    segments += [*extra, f"CNT+42:{len(passengers)}'"]
    if close:
        segments.append(f"UNT+{unt or len(segments) + 1}+{reference}'")
    return segments


def interchange(*messages: list[str], sender: str = "EK") -> bytes:
    lines = [
        "UNA:+.? '",
        f"UNB+UNOA:4+{sender}APIS:ZZ+USCBP:ZZ+261201:0600+26120106++APIS'",
        *(segment for segments in messages for segment in segments),
        f"UNZ+{len(messages)}+26120106'",
    ]
    return ("\n".join(lines) + "\n").encode()


def receive(content: bytes, **kwargs: object) -> intake.IntakeResult:
    return message_receive(
        content=content, door=CarrierMessage.Door.COMMAND, **kwargs, actor=SYSTEM
    )  # type: ignore[arg-type]


@pytest.fixture
def account_of(make_user: Callable[..., User]) -> Callable[[str], Client]:
    def make(code: str) -> Client:
        account = make_user(None, username=f"{code.lower()}-api")
        account.user_permissions.add(Permission.objects.get(codename="submit_carriermessage"))
        CarrierFactory(code=code, account=account)
        return Client(
            HTTP_AUTHORIZATION="Token "
            + api_token_issue(actor=account, user=account, name="test", scopes=["carrier"])
        )

    return make


# --------------------------------------------------------------- 4. one message per outcome


@pytest.mark.parametrize(
    ("broken", "error"),
    [
        (
            message("EK2012", OKAFOR, close=False),
            "PAXLST EK2012: error missing-unt at segment 42 / message segment 20 / CNT: "
            "message 'EK2012' is not closed by UNT (expected UNT)",
        ),
        (
            [
                segment.replace("DTM+189:2612010845", "DTM+189:2613450845")
                for segment in message("EK2012", OKAFOR)
            ],
            "PAXLST EK2012: error invalid-date at segment 29 / message segment 7 / DTM: "
            "date-time '2613450845' is not a date "
            "(expected YYMMDDHHMM (201) or CCYYMMDDHHMM (203))",
        ),
    ],
    ids=["no UNT", "bad date"],
)
def test_a_broken_second_message_does_not_lose_the_good_first_one(
    broken: list[str], error: str
) -> None:
    result = receive(interchange(message("EK2011", HADDAD), broken))

    stored = CarrierMessage.objects.get()
    assert (result.status, result.travellers, stored.status) == ("partial", 1, "partial")
    assert [(p.position, p.reference, p.status, p.error) for p in stored.parts.all()] == [
        (1, "EK2011", "loaded", ""),
        (2, "EK2012", "quarantined", error),
    ]
    assert stored.error == f"message 2 (PAXLST EK2012): {error}"
    assert list(Traveller.objects.values_list("surname", flat=True)) == ["HADDAD"]


UNT_99 = (
    "PAXLST EK2011: warning segment-count at segment 22 / message segment 21 / UNT: "
    "UNT declares 99 segments, the message has 21 (expected UNT segment count 21)"
)


def test_a_unt_count_that_lies_is_a_warning_on_the_http_door(
    account_of: Callable[[str], Client],
) -> None:
    content = interchange(message("EK2011", HADDAD, unt=99))

    response = account_of("EK").post(MESSAGES, content, content_type="application/edifact")

    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["travellers"], body["warnings"]) == ("loaded", 1, [UNT_99])
    assert body["messages"][0]["warnings"] == [UNT_99]
    assert CarrierMessage.objects.get().warnings == [UNT_99]


def test_a_unt_count_that_lies_is_a_warning_on_the_command_line_and_folder_doors(
    tmp_path: Path,
) -> None:
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    (incoming / "ek201.edi").write_bytes(interchange(message("EK2011", HADDAD, unt=99)))
    (tmp_path / "ek202.edi").write_bytes(
        interchange(message("EK2021", OKAFOR, flight="EK202", unt=99)).replace(b"EK2021", b"EK2022")
    )
    folder, command = StringIO(), StringIO()

    # Loaded with a warning: both commands exit 0 (only what is not loaded fails them).
    call_command("watch", "--once", "--carrier", "EK", "--folder", str(tmp_path), stdout=folder)
    call_command("intake", str(tmp_path / "ek202.edi"), stdout=command)

    assert folder.getvalue().splitlines()[:2] == [
        "ek201.edi: loaded (1 travellers, 0 hits)",
        f"  warning: {UNT_99}",
    ]
    assert command.getvalue().splitlines()[1] == (
        "  warning: PAXLST EK2022: warning segment-count at segment 22 / message segment 21 / "
        "UNT: UNT declares 99 segments, the message has 21 (expected UNT segment count 21)"
    )


# ------------------------------------------------------------------ 3. carrier scoping


def test_a_carrier_cannot_change_another_carriers_passengers_over_http(
    account_of: Callable[[str], Client],
) -> None:
    emirates, kenya_airways = account_of("EK"), account_of("KQ")
    emirates.post(MESSAGES, interchange(message("EK2011", HADDAD)), content_type="text/plain")
    # KQ sends EK's flight: HADDAD with another nationality, sex and seat, a new passport,
    # and a passenger more.
    forged = interchange(
        message("KQ0001", ("HADDAD", "SAMIR", "F", "KEN", "1A"), OKAFOR), sender="KQ"
    )

    response = kenya_airways.post(MESSAGES, forged, content_type="text/plain")

    assert response.status_code == 403
    assert response.json()["message"] == "Carrier KQ may not submit flight 201 of carrier EK."
    assert response.json()["status"] == "quarantined"
    haddad = Traveller.objects.get()
    assert (haddad.nationality, haddad.sex, haddad.seat) == ("ARE", "M", "14A")
    assert list(haddad.documents.values_list("number", flat=True)) == ["A7731204"]
    assert Flight.objects.get().carrier.code == "EK"
    again = kenya_airways.post(MESSAGES, forged, content_type="text/plain")
    assert again.status_code == 403  # a repeat gets the same answer


def test_a_flight_named_only_by_its_designator_is_still_scoped(
    account_of: Callable[[str], Client],
) -> None:
    content = interchange(message("KQ0001", HADDAD, carrier="", flight="EK201"), sender="KQ")

    response = account_of("KQ").post(MESSAGES, content, content_type="text/plain")

    assert response.status_code == 403
    assert not Traveller.objects.exists()


def test_the_folder_door_of_one_carrier_quarantines_another_carriers_flight(
    tmp_path: Path,
) -> None:
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    (incoming / "ek201.edi").write_bytes(interchange(message("EK2011", HADDAD)))
    (incoming / "kq100.edi").write_bytes(
        interchange(message("KQ1001", OKAFOR, carrier="KQ", flight="KQ100"), sender="KQ")
    )

    folder_scan(tmp_path, carrier=Carrier.objects.create(code="KQ"))

    assert sorted(p.name for p in (tmp_path / "quarantine").iterdir()) == ["ek201.edi"]
    assert sorted(p.name for p in (tmp_path / "done").iterdir()) == ["kq100.edi"]
    assert list(Traveller.objects.values_list("surname", flat=True)) == ["OKAFOR"]
    refused = CarrierMessage.objects.get(source="ek201.edi")
    assert refused.error == "Carrier KQ may not submit flight 201 of carrier EK."


def test_folder_and_queue_doors_ask_which_carrier_they_carry(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="--carrier '\\*' to accept any carrier"):
        call_command("watch", "--once", "--folder", str(tmp_path), stdout=StringIO())


# ------------------------------------------------------------ 1, 5. corrupt data is never silent


def test_a_nul_byte_is_quarantined_with_its_position_and_the_folder_goes_on(
    tmp_path: Path,
) -> None:
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    (incoming / "a-nul.edi").write_bytes(
        interchange(message("EK2011", HADDAD)).replace(b"HADDAD", b"HAD\x00DAD")
    )
    (incoming / "b-good.edi").write_bytes(interchange(message("EK2021", OKAFOR, flight="EK202")))

    folder_scan(tmp_path, carrier=None)

    nul = CarrierMessage.objects.get(source="a-nul.edi")
    assert nul.status == "quarantined"
    assert nul.error == (
        "PAXLST EK2011: error control-character at segment 11 / message segment 10 / NAD: "
        "control character U+0000 at character 13 of the segment (expected printable characters)"
    )
    assert "HAD\u2400DAD" in nul.content  # the NUL shown, storable in PostgreSQL
    assert sorted(p.name for p in (tmp_path / "done").iterdir()) == ["b-good.edi"]
    assert sorted(p.name for p in (tmp_path / "quarantine").iterdir()) == ["a-nul.edi"]


def test_a_nul_byte_over_http_is_a_quarantine_not_a_misleading_400(
    account_of: Callable[[str], Client],
) -> None:
    content = interchange(message("EK2011", HADDAD)).replace(b"HADDAD", b"HAD\x00DAD")

    response = account_of("EK").post(MESSAGES, content, content_type="text/plain")

    assert response.status_code == 201
    assert response.json()["status"] == "quarantined"
    assert "control character U+0000" in response.json()["error"]


def test_a_lost_segment_terminator_is_quarantined_not_loaded_as_a_traveller() -> None:
    content = interchange(message("EK2011", HADDAD)).replace(
        b"NAD+FL+++HADDAD:SAMIR'\nATT", b"NAD+FL+++HADDAD:SAMIRATT"
    )

    result = receive(content)

    assert result.status == "quarantined"
    assert "error missing-terminator" in result.message.error
    assert not Traveller.objects.exists()


def test_invalid_utf8_loads_with_a_warning_instead_of_mojibake() -> None:
    content = interchange(message("EK2011", ("MüLLER", "JÜRGEN", "M", "DEU", "3C"))).replace(
        "JÜRGEN".encode(), b"J\xc3(RGEN"
    )

    result = receive(content)

    assert (result.status, Traveller.objects.get().given_names) == ("loaded", "J\ufffd(RGEN")
    assert Traveller.objects.get().surname == "MüLLER"
    assert result.message.warnings == [
        "PAXLST EK2011: warning invalid-encoding at segment 11 / message segment 10 / NAD: "
        "bytes at character 18 of the segment are not in the character set the UNB declares "
        "(expected text in the declared character set)"
    ]


# ------------------------------------------------------------------ 2, 6. size and empty


@pytest.fixture
def small_limit(settings: object) -> int:
    settings.AEGIS_INTAKE_MAX_BYTES = 2000  # type: ignore[attr-defined]
    return 2000


def test_an_oversized_message_is_refused_on_every_door(
    small_limit: int, tmp_path: Path, account_of: Callable[[str], Client]
) -> None:
    big = interchange(message("EK2011", *[HADDAD] * 20))
    expected = f"The message is {len(big):,} bytes; the largest accepted is 2,000 bytes."
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    (incoming / "big.edi").write_bytes(big)
    (tmp_path / "big.edi").write_bytes(big)
    refused: list[tuple[str, str]] = []
    out = StringIO()

    response = account_of("EK").post(MESSAGES, big, content_type="text/plain")
    folder_scan(tmp_path, refused=lambda name, why: refused.append((name, why)))
    with pytest.raises(CommandError) as command:
        call_command("intake", str(tmp_path / "big.edi"), stdout=out)

    assert (response.status_code, response.json()["message"]) == (413, expected)
    assert refused == [("big.edi", expected)]
    assert [p.name for p in (tmp_path / "quarantine").iterdir()] == ["big.edi"]
    assert command.value.returncode == 2
    assert out.getvalue().splitlines()[0] == f"{tmp_path / 'big.edi'}: refused: {expected}"
    assert not CarrierMessage.objects.exists()


def test_an_empty_file_gets_the_same_answer_on_every_door(
    tmp_path: Path, account_of: Callable[[str], Client]
) -> None:
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    (incoming / "empty.edi").write_bytes(b"\r\n")
    (tmp_path / "empty.edi").write_bytes(b"\r\n")
    refused: list[tuple[str, str]] = []
    out = StringIO()

    response = account_of("EK").post(MESSAGES, b"\r\n", content_type="text/plain")
    folder_scan(tmp_path, refused=lambda name, why: refused.append((name, why)))
    with pytest.raises(CommandError):
        call_command("intake", str(tmp_path / "empty.edi"), stdout=out)
    with pytest.raises(IntakeRefused) as service:
        receive(b"")

    assert (response.status_code, response.json()["errors"]) == (
        400,
        {"content": ["The message is empty."]},
    )
    assert refused == [("empty.edi", "The message is empty.")]
    assert (
        out.getvalue().splitlines()[0]
        == f"{tmp_path / 'empty.edi'}: refused: The message is empty."
    )
    assert service.value.text == "The message is empty."
    assert not CarrierMessage.objects.exists()


# ------------------------------------------------------------------------ 6. the folder


def test_the_drop_folder_refuses_symbolic_links(tmp_path: Path) -> None:
    outside = tmp_path / "outside.edi"
    outside.write_bytes(interchange(message("EK2011", HADDAD)))
    incoming = tmp_path / "drop" / "incoming"
    incoming.mkdir(parents=True)
    (incoming / "link.edi").symlink_to(outside)
    refused: list[tuple[str, str]] = []

    folder_scan(tmp_path / "drop", refused=lambda name, why: refused.append((name, why)))

    assert refused == [("link.edi", "A symbolic link is not a message; it was not followed.")]
    assert (tmp_path / "drop" / "quarantine" / "link.edi").is_symlink()
    assert not CarrierMessage.objects.exists()


def test_the_drop_folder_never_overwrites_a_done_file(tmp_path: Path) -> None:
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    for flight in ("EK201", "EK203"):
        (incoming / "flight.edi").write_bytes(
            interchange(message("R" + flight, HADDAD, flight=flight))
        )
        folder_scan(tmp_path)

    done = sorted(p.name for p in (tmp_path / "done").iterdir())
    assert done == ["flight.edi", "flight.edi.1"]
    assert b"EK203" in (tmp_path / "done" / "flight.edi.1").read_bytes()
    assert b"EK201" in (tmp_path / "done" / "flight.edi").read_bytes()


# ------------------------------------------------------------------------- retry


def test_a_quarantined_message_is_loaded_by_a_retry_after_the_fix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    content = interchange(message("EK2011", HADDAD), message("EK2021", OKAFOR, flight="EK202"))

    original = intake._load_manifest
    loaded: list[object] = []

    def load_once_then_fail(*args: object) -> None:
        # The first message loads; the second meets a bug in the loader, fixed later.
        if loaded:
            raise intake.QuarantineError("The loader failed.")
        loaded.append(original(*args))  # type: ignore[arg-type]

    monkeypatch.setattr(intake, "_load_manifest", load_once_then_fail)
    first = receive(content)
    monkeypatch.setattr(intake, "_load_manifest", original)
    out = StringIO()

    call_command("intake", "--retry", str(first.message.pk), stdout=out)

    assert (first.status, first.travellers) == ("partial", 1)
    stored = CarrierMessage.objects.get()
    assert (stored.status, stored.error, stored.travellers_loaded) == ("loaded", "", 2)
    assert [p.status for p in stored.parts.all()] == ["loaded", "loaded"]
    assert out.getvalue().splitlines()[0] == f"message {stored.pk}: loaded, 1 travellers, 0 hits"
    assert Traveller.objects.count() == 2
    # A second retry has nothing left to do and loads nothing twice.
    assert message_retry(message_id=stored.pk, actor=SYSTEM).travellers == 0
    assert Traveller.objects.count() == 2


# ------------------------------------------------------------------------ the queue door


def test_the_queue_door_refuses_oversized_messages_and_scopes_to_its_carrier(
    small_limit: int,
) -> None:
    from tests.aegis.travel.test_doors import AMQP_URL

    pika = pytest.importorskip("pika")
    queue = "aegis-test-intake-hostile"
    try:
        queue_publish(
            url=AMQP_URL,
            queue=queue,
            bodies=[
                interchange(message("EK2011", *[HADDAD] * 20)),
                interchange(message("EK2021", OKAFOR, flight="EK202", unt=99)),
            ],
        )
    except pika.exceptions.AMQPError as error:
        pytest.skip(f"RabbitMQ is not reachable: {error!r}")
    out = StringIO()
    try:
        call_command(
            "consume",
            "--carrier",
            "KQ",
            "--url",
            AMQP_URL,
            "--queue",
            queue,
            "--max-messages",
            "2",
            "--idle-timeout",
            "10",
            stdout=out,
        )
    finally:
        broker = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
        broker.channel().queue_delete(queue=queue)
        broker.close()

    lines = out.getvalue().splitlines()
    assert lines[0].startswith("message 1: refused: The message is ")
    assert lines[0].endswith("bytes; the largest accepted is 2,000 bytes.")
    assert lines[1] == (
        "message 2: quarantined (0 travellers, 0 hits): "
        "Carrier KQ may not submit flight 202 of carrier EK."
    )
    assert lines[2] == (
        "  warning: PAXLST EK2021: warning segment-count at segment 22 / message segment 21 / "
        "UNT: UNT declares 99 segments, the message has 21 (expected UNT segment count 21)"
    )
    assert CarrierMessage.objects.get().source == f"amqp:{queue}"


# ------------------------------------------------------------------ 7. Type B envelopes


def _type_b(payload: bytes) -> bytes:
    # As a carrier's messaging provider delivers it: SOH, heading, origin line, STX … ETX.
    return b"\x01QU JFKCBXH WASCBXH\r\n.DXBEKXS 011200 PDM\r\n\x02" + payload + b"\x03"


def test_a_type_b_envelope_is_accepted_and_its_addresses_kept(
    tmp_path: Path, account_of: Callable[[str], Client]
) -> None:
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    (incoming / "ek202.tpb").write_bytes(
        _type_b(interchange(message("EK2021", OKAFOR, flight="EK202")))
    )

    response = account_of("EK").post(
        MESSAGES, _type_b(interchange(message("EK2011", HADDAD))), content_type="text/plain"
    )
    folder_scan(tmp_path, carrier=None)

    assert (response.status_code, response.json()["status"], response.json()["warnings"]) == (
        201,
        "loaded",
        [],
    )
    envelope = {
        "priority": "QU",
        "recipients": ["JFKCBXH", "WASCBXH"],
        "origin": "DXBEKXS",
        "filed": "011200",
    }
    assert [(m.status, m.envelope) for m in CarrierMessage.objects.order_by("pk")] == [
        ("loaded", envelope),
        ("loaded", envelope),
    ]
    assert sorted(Traveller.objects.values_list("surname", flat=True)) == ["HADDAD", "OKAFOR"]
