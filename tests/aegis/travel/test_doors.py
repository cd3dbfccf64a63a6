"""Each door hands messages to the one intake service: HTTP, drop folder, AMQP, command line.

The AMQP tests talk to the real RabbitMQ (127.0.0.1:5672): each uses its own queue and
deletes it. Without a broker they are skipped, unless CI is set, when they fail.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Generator
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client

from aegis.accounts.services import api_token_issue
from aegis.core.models import User
from aegis.core.roles import Role
from aegis.travel.doors import folder_scan, queue_publish
from aegis.travel.models import CarrierMessage, Hit, Traveller, WatchlistVersion
from tests.aegis.travel.conftest import GTAS, MIRIAM, paxlst
from tests.aegis.travel.factories import CarrierFactory

AMQP_URL = os.environ.get("AEGIS_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")


@pytest.fixture
def carrier_client(make_user: Callable[..., User]) -> Client:
    account = make_user(None, username="zed-air-api")
    account.user_permissions.add(Permission.objects.get(codename="submit_carriermessage"))
    CarrierFactory(code="UA", account=account)
    token = api_token_issue(actor=account, user=account, name="test", scopes=["carrier"])
    return Client(HTTP_AUTHORIZATION=f"Token {token}")


@pytest.mark.django_db
def test_http_door_acknowledges_and_loads_with_hits(
    carrier_client: Client, national_list: WatchlistVersion
) -> None:
    response = carrier_client.post(
        "/api/v1/travel/messages/", paxlst(MIRIAM), content_type="application/edifact"
    )

    assert response.status_code == 201
    body = response.json()
    message = CarrierMessage.objects.get()
    assert body == {
        "acknowledgement": str(message.acknowledgement),
        "status": "loaded",
        "travellers": 12,
        "error": "",
        "warnings": [],
        "messages": [
            {
                "position": 1,
                "message_type": "PAXLST",
                "reference": message.parts.get().reference,
                "status": "loaded",
                "error": "",
                "warnings": [],
            }
        ],
    }
    assert (message.door, message.carrier.code) == ("http", "UA")
    assert Hit.objects.get().traveller.surname == "KESTREL"  # screened, but not told


@pytest.mark.django_db
def test_http_door_tells_the_carrier_the_outcome_of_its_own_message_only(
    carrier_client: Client, make_user: Callable[..., User]
) -> None:
    posted = carrier_client.post("/api/v1/travel/messages/", b"garbage", content_type="text/plain")
    url = f"/api/v1/travel/messages/{posted.json()['acknowledgement']}/"
    other = make_user(None, username="other-air-api")
    other.user_permissions.add(Permission.objects.get(codename="submit_carriermessage"))
    CarrierFactory(code="YY", account=other)
    other_token = api_token_issue(actor=other, user=other, name="test", scopes=["carrier"])
    other_client = Client(HTTP_AUTHORIZATION=f"Token {other_token}")

    mine = carrier_client.get(url)
    theirs = other_client.get(url)

    assert mine.json() == {
        "acknowledgement": posted.json()["acknowledgement"],
        "status": "quarantined",
        "travellers": 0,
        "error": posted.json()["error"],
        "warnings": [],
        "messages": [],
    }
    assert posted.json()["error"].startswith("INTERCHANGE: error segment-outside-message")
    assert theirs.status_code == 404


@pytest.mark.django_db
def test_http_door_answers_a_repeat_with_the_first_acknowledgement(
    carrier_client: Client,
) -> None:
    content = paxlst(MIRIAM)  # a UA flight, the account's carrier
    first = carrier_client.post("/api/v1/travel/messages/", content, content_type="text/plain")

    again = carrier_client.post("/api/v1/travel/messages/", content, content_type="text/plain")

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["acknowledgement"] == first.json()["acknowledgement"]
    assert again.json()["status"] == "duplicate"
    assert Traveller.objects.count() == 12


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.PIU_ANALYST, Role.OFFICE_EDITOR], ids=str)
def test_http_door_refuses_accounts_that_submit_for_no_carrier(
    role: Role, client_for: Callable[[Role | None], Client]
) -> None:
    response = client_for(role).post(
        "/api/v1/travel/messages/", paxlst(), content_type="text/plain"
    )

    assert response.status_code == 403
    assert not CarrierMessage.objects.exists()


@pytest.mark.django_db
def test_http_door_refuses_anonymous_callers() -> None:
    response = Client().post("/api/v1/travel/messages/", paxlst(), content_type="text/plain")

    assert response.status_code == 401


@pytest.mark.django_db
def test_folder_door_loads_and_files_away(tmp_path: Path, national_list: WatchlistVersion) -> None:
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    (incoming / "flight.edi").write_bytes(paxlst(MIRIAM))
    (incoming / "broken.edi").write_bytes(b"not a message")
    (incoming / "partial.edi.part").write_bytes(b"still being written")
    out = StringIO()

    with pytest.raises(CommandError) as failed:
        call_command("watch", "--once", "--carrier", "*", "--folder", str(tmp_path), stdout=out)

    assert failed.value.returncode == 2
    assert out.getvalue().splitlines() == [
        "broken.edi: quarantined (0 travellers, 0 hits): INTERCHANGE: error "
        "segment-outside-message at segment 1 / not a message: segment not a message is "
        "outside any message (expected UNH)",
        "flight.edi: loaded (12 travellers, 1 hits)",
        "2 files handled.",
    ]
    assert sorted(p.name for p in (tmp_path / "done").iterdir()) == ["flight.edi"]
    assert sorted(p.name for p in (tmp_path / "quarantine").iterdir()) == ["broken.edi"]
    assert sorted(p.name for p in incoming.iterdir()) == ["partial.edi.part"]
    assert Hit.objects.get().traveller.surname == "KESTREL"


@pytest.mark.django_db
def test_folder_door_after_a_crash_between_loading_and_moving_loads_nothing_twice(
    tmp_path: Path,
) -> None:
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    (incoming / "flight.edi").write_bytes(paxlst())
    call_command("intake", str(incoming / "flight.edi"), stdout=StringIO())  # loaded, not moved
    out = StringIO()

    call_command("watch", "--once", "--carrier", "*", "--folder", str(tmp_path), stdout=out)

    assert out.getvalue().splitlines() == [
        "flight.edi: duplicate (0 travellers, 0 hits)",
        "1 files handled.",
    ]
    assert sorted(p.name for p in (tmp_path / "done").iterdir()) == ["flight.edi"]
    assert (CarrierMessage.objects.count(), Traveller.objects.count()) == (1, 12)


@pytest.mark.django_db
def test_command_line_door_prints_what_was_loaded_quarantined_and_hit(
    tmp_path: Path, national_list: WatchlistVersion
) -> None:
    planted = tmp_path / "planted.edi"
    planted.write_bytes(paxlst(MIRIAM))
    broken = tmp_path / "broken.edi"
    broken.write_bytes(b"UNA:+.? 'UNB+UNOA:4+XX+PIU+261201:0900+1'UNZ+0+1'")
    out = StringIO()

    with pytest.raises(CommandError) as failed:
        call_command(
            "intake",
            str(planted),
            str(broken),
            str(planted),
            str(GTAS / "apis-messages" / "gtas-loader-Test1.txt"),
            stdout=out,
        )

    # Issue 14: it exited 0 although a file was quarantined.
    assert (failed.value.returncode, str(failed.value)) == (2, "1 not loaded in full (see above).")
    assert out.getvalue().splitlines() == [
        f"{planted}: loaded, 12 travellers, 1 hits",
        f"{broken}: quarantined: No PAXLST or PNRGOV message in the interchange.",
        f"{planted}: duplicate",
        f"{GTAS / 'apis-messages' / 'gtas-loader-Test1.txt'}: loaded, 8 travellers, 0 hits",
        # The GTAS file's control references and UNT count are wrong: said, no longer silent.
        "  warning: INTERCHANGE: warning group-reference at segment 110 / UNE: UNE control "
        "reference '1402010600' differs from UNG '1403010600' (expected control reference "
        "'1403010600')",
        "  warning: INTERCHANGE: warning interchange-reference at segment 111 / UNZ: UNZ "
        "control reference '1402010600' differs from UNB '1403010600' (expected control "
        "reference '1403010600')",
        "  warning: PAXLST 1402010600: warning segment-count at segment 109 / message segment "
        "107 / UNT: UNT declares 0000152 segments, the message has 107 (expected UNT segment "
        "count 107)",
        "2 loaded, 1 quarantined, 1 already received; 20 travellers, 1 hits.",
    ]


# ----------------------------------------------------------------------------- AMQP


@pytest.fixture
def queue() -> Generator[str, None, None]:
    import pika

    try:
        broker = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
    except pika.exceptions.AMQPError as error:
        message = f"RabbitMQ is not reachable at {AMQP_URL}: {error!r}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    name = f"aegis-test-{uuid.uuid4().hex[:12]}"
    try:
        yield name
    finally:
        channel = broker.channel()
        channel.queue_delete(queue=name)
        broker.close()


@pytest.mark.django_db
def test_queue_door_loads_a_published_message_with_hits(
    queue: str, national_list: WatchlistVersion
) -> None:
    queue_publish(url=AMQP_URL, queue=queue, bodies=[paxlst(MIRIAM)])
    out = StringIO()

    call_command(
        "consume",
        "--carrier",
        "*",
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

    assert out.getvalue().splitlines() == [
        "message 1: loaded (12 travellers, 1 hits)",
        "1 messages handled.",
    ]
    message = CarrierMessage.objects.get()
    assert (message.door, message.source) == ("amqp", f"amqp:{queue}")
    assert Hit.objects.get().traveller.surname == "KESTREL"


def _database_for_worker(tmp_path: Path) -> tuple[str, Callable[[str], int]]:
    """A database URL a separate worker process can use, and a row counter for it."""
    if connection.vendor == "sqlite":
        # The test database lives in memory: give the worker a file copy of its schema.
        path = tmp_path / "worker.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()

        def count_sqlite(sql: str) -> int:
            with sqlite3.connect(path) as db:
                return int(db.execute(sql).fetchone()[0])

        return f"sqlite:///{path}", count_sqlite
    db = settings.DATABASES["default"]
    url = (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )

    def count_postgres(sql: str) -> int:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return int(cursor.fetchone()[0])

    return url, count_postgres


def _worker(database_url: str, queue: str, *extra: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "aegis.settings.test",
        "AEGIS_TASKS": "eager",
    }
    return subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [
            sys.executable,
            "-m",
            "aegis",
            "consume",
            "--carrier",
            "*",
            "--url",
            AMQP_URL,
            *extra,
            "--queue",
            queue,
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_loses_nothing_and_loads_nothing_twice(
    queue: str, tmp_path: Path
) -> None:
    messages = [paxlst(seed=seed, travellers=20) for seed in range(40)]
    queue_publish(url=AMQP_URL, queue=queue, bodies=messages)
    database_url, count = _database_for_worker(tmp_path)
    loaded = "SELECT COUNT(*) FROM travel_carriermessage"

    worker = _worker(database_url, queue, "--prefetch", "10")
    deadline = time.monotonic() + 60
    while count(loaded) < 8 and time.monotonic() < deadline and worker.poll() is None:
        time.sleep(0.05)
    worker.kill()  # SIGKILL: no clean-up, unacknowledged messages go back to the queue
    worker.wait()
    killed_at = count(loaded)

    restarted = _worker(database_url, queue, "--idle-timeout", "3")
    _out, errors = restarted.communicate(timeout=180)

    assert restarted.returncode == 0, errors.decode()
    assert 8 <= killed_at < 40
    assert count(loaded) == 40
    assert count("SELECT COUNT(DISTINCT sha256) FROM travel_carriermessage") == 40
    assert count("SELECT COUNT(*) FROM travel_traveller") == 40 * 20
    assert count("SELECT COUNT(*) FROM travel_carriermessage WHERE status = 'loaded'") == 40


def test_rabbitmq_door_settings_have_defaults() -> None:
    assert (settings.AEGIS_AMQP_QUEUE, settings.AEGIS_AMQP_URL.startswith("amqp://")) == (
        "aegis.carrier-messages",
        True,
    )


@pytest.mark.django_db
def test_the_copy_filed_in_done_holds_no_sensitive_item(tmp_path: Path) -> None:
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    sample = GTAS / "pnr-messages" / "gtas-loader-2_pnrs_basic.edi"
    (incoming / "pnr.edi").write_bytes(sample.read_bytes())

    folder_scan(tmp_path)

    filed = (tmp_path / "done" / "pnr.edi").read_text(encoding="utf-8")
    assert "AVML" not in filed
    assert filed == CarrierMessage.objects.get().content
