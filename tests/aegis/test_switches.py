"""Each half's switch closes every one of its doors: pages, API operations, carrier doors,
management commands, the drop folder, the carrier queue and the background tasks.

Observation 5 of the security review: AEGIS_OFFICE_ENABLED=false did not close the office
pages or API; AEGIS_PIU_ENABLED=false did not close the carrier doors. The doors are found
by walking the URLconf, the OpenAPI schema and the management commands, so a new page,
endpoint or command is covered too.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from collections.abc import Callable, Generator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command, get_commands, load_command_class
from django.test import Client

from aegis.core import queue as tasks_queue
from aegis.core.models import User
from aegis.core.permissions import SYSTEM
from aegis.core.roles import Role
from aegis.core.switches import HalfCommand, SwitchedOff, half_of_module
from aegis.travel.doors import queue_consume, queue_publish
from aegis.travel.models import CarrierMessage, ScreeningRun
from aegis.travel.services import rescreen_start
from tests.aegis.travel.conftest import verify_second_factor
from tests.aegis.urlwalk import sample_paths

pytestmark = pytest.mark.django_db

OFFICE = re.compile(
    r"^/(organisations|activities|coordination|highlights|public|funding|search)/"
    r"|^/api/v1/(organisations|activities|funding|agreements|programmes|office-units|coordination|results)[/.]"
)
PIU = re.compile(r"^/(piu|api/v1/travel)/")
# Doors of neither half: sign-in, the account's security, the admin, languages, the API's
# own plumbing, health.
COMMON = re.compile(
    r"^/(|healthz|accounts/.*|admin/.*|i18n/.*|static/.*|api/v1/(|\.?json/?|me/|auth/.*|schema/|docs/|\.\*))$"
)


@pytest.fixture
def admin_client(make_user: Callable[..., User]) -> Client:
    admin = make_user(Role.ADMINISTRATOR)
    client = Client()
    client.force_login(admin)
    verify_second_factor(client, admin)
    return client


def test_every_route_belongs_to_a_half_or_is_common() -> None:
    strays = [
        path
        for path in sample_paths()
        if not (OFFICE.search(path) or PIU.search(path) or COMMON.match(path))
    ]

    assert strays == []


@pytest.mark.parametrize(
    ("switch", "half"), [("AEGIS_OFFICE_ENABLED", OFFICE), ("AEGIS_PIU_ENABLED", PIU)]
)
def test_a_switch_off_closes_every_page_and_endpoint_of_its_half(
    switch: str, half: re.Pattern[str], admin_client: Client, settings: Any
) -> None:
    settings.__setattr__(switch, False)
    doors = sorted({path for path in sample_paths() if half.search(path)})

    opened = {
        (path, method): status
        for path in doors
        for method in ("get", "post")
        if (status := getattr(admin_client, method)(path).status_code) != 404
    }

    assert len(doors) > 10
    assert opened == {}


@pytest.mark.parametrize(
    ("switch", "half"), [("AEGIS_OFFICE_ENABLED", OFFICE), ("AEGIS_PIU_ENABLED", PIU)]
)
def test_a_switch_off_closes_every_operation_of_the_schema(
    switch: str, half: re.Pattern[str], admin_client: Client, settings: Any
) -> None:
    schema = admin_client.get("/api/v1/schema/?format=json").json()
    settings.__setattr__(switch, False)
    operations = [
        (re.sub(r"\{[^}]+\}", "1", path), method)
        for path, item in schema["paths"].items()
        for method in item
        if half.search(path)
    ]

    opened = [
        (path, method)
        for path, method in operations
        if getattr(admin_client, method)(path).status_code != 404
    ]

    assert len(operations) > 5
    assert opened == []


def test_carrier_doors_close_with_the_piu_for_tokens_too(settings: Any) -> None:
    settings.AEGIS_PIU_ENABLED = False
    token_client = Client(HTTP_AUTHORIZATION="Token anything")

    assert (
        token_client.post("/api/v1/travel/messages/", "UNA", content_type="text/plain").status_code
        == 404
    )
    assert (
        token_client.post("/api/v1/travel/iapi/", {}, content_type="application/json").status_code
        == 404
    )
    assert (
        token_client.post(
            "/api/v1/travel/iapi/paxlst/", "UNA", content_type="application/edifact"
        ).status_code
        == 404
    )


# ----------------------------------------------------------------------------- commands

SWITCH_OF = {"office": "AEGIS_OFFICE_ENABLED", "piu": "AEGIS_PIU_ENABLED"}
REPO = Path(__file__).resolve().parents[2]
AMQP_URL = os.environ.get("AEGIS_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")
APIS_MESSAGE = REPO / "data/messages/gtas/apis-messages/gtas-loader-Test1.txt"


def aegis_commands() -> dict[str, type[Any]]:
    """Every management command of Aegis' own apps, by name."""
    return {
        name: type(load_command_class(app, name))
        for name, app in get_commands().items()
        if app.startswith("aegis.")
    }


def half_commands() -> list[tuple[str, str]]:
    """(half, command) for every command that belongs to a half, found by walking them."""
    return sorted(
        (half, name)
        for name, command in aegis_commands().items()
        if issubclass(command, HalfCommand) and (half := command.half()) is not None
    )


def test_every_command_of_a_half_app_is_switched_with_it() -> None:
    strays = [
        name
        for name, command in aegis_commands().items()
        if half_of_module(command.__module__) is not None
        and not (issubclass(command, HalfCommand) and command.__module__.startswith("aegis."))
    ]
    found = half_commands()

    assert strays == []
    assert ("office", "highlights") in found
    assert {name for half, name in found if half == "piu"} == {
        "consume",
        "intake",
        "rescreen",
        "watch",
        "watchlist",
    }


@pytest.mark.parametrize(("half", "name"), half_commands())
def test_a_switch_off_refuses_every_command_of_its_half_in_one_line_exit_2(
    half: str, name: str, settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.__setattr__(SWITCH_OF[half], False)
    command = load_command_class(get_commands()[name], name)

    # No arguments at all: the refusal comes before the arguments are read.
    with pytest.raises(SystemExit) as exit_:
        command.run_from_argv(["aegis", name])

    errors = capsys.readouterr().err.splitlines()
    assert exit_.value.code == 2
    assert errors == [
        f"aegis {name}: The "
        + ("office platform" if half == "office" else "Passenger Information Unit")
        + f" is switched off on this installation ({SWITCH_OF[half]}=false)."
    ]


@pytest.mark.parametrize(("half", "name"), half_commands())
def test_the_other_switch_off_leaves_the_command_alone(half: str, name: str, settings: Any) -> None:
    other = "piu" if half == "office" else "office"
    settings.__setattr__(SWITCH_OF[other], False)

    # It gets as far as its own arguments (none given: a usage error, not the switch).
    with pytest.raises(CommandError) as error:
        call_command(name, "--no-such-option")

    assert "switched off" not in str(error.value)


@pytest.mark.django_db
def test_the_aegis_command_refuses_a_real_carrier_file_with_the_piu_off() -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "aegis.settings.test",
        "AEGIS_PIU_ENABLED": "false",
    }

    done = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "aegis", "intake", str(APIS_MESSAGE)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "aegis intake: The Passenger Information Unit is switched off on this installation "
        "(AEGIS_PIU_ENABLED=false)."
    ]
    assert done.stdout == ""


@pytest.mark.django_db
def test_retention_still_runs_with_the_piu_off(settings: Any) -> None:
    # Not a door: an installation whose PIU was switched off still deletes what it holds.
    settings.AEGIS_PIU_ENABLED = False
    out = StringIO()

    call_command("retention", stdout=out)

    assert "masked" in out.getvalue()


# ----------------------------------------------------------------------------- consumers


@pytest.mark.django_db
def test_the_drop_folder_is_not_read_with_the_piu_off(tmp_path: Path, settings: Any) -> None:
    settings.AEGIS_PIU_ENABLED = False
    (tmp_path / "incoming").mkdir()
    dropped = tmp_path / "incoming" / APIS_MESSAGE.name
    dropped.write_bytes(APIS_MESSAGE.read_bytes())

    with pytest.raises(CommandError) as error:
        call_command("watch", "--once", "--folder", str(tmp_path), "--carrier", "*")

    assert error.value.returncode == 2
    assert dropped.read_bytes() == APIS_MESSAGE.read_bytes()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["incoming"]
    assert not CarrierMessage.objects.exists()


@pytest.fixture
def carrier_queue() -> Generator[str, None, None]:
    import pika

    try:
        broker = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
    except pika.exceptions.AMQPError as error:
        message = f"RabbitMQ is not reachable at {AMQP_URL}: {error!r}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    name = f"aegis-test-switch-{uuid.uuid4().hex[:12]}"
    try:
        yield name
    finally:
        broker.channel().queue_delete(queue=name)
        broker.close()


def waiting_messages(queue: str) -> int:
    import pika

    broker = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
    try:
        declared = broker.channel().queue_declare(queue=queue, durable=True, passive=True)
        return int(declared.method.message_count)
    finally:
        broker.close()


@pytest.mark.django_db
def test_the_carrier_queue_is_not_consumed_with_the_piu_off(
    carrier_queue: str, settings: Any
) -> None:
    queue_publish(url=AMQP_URL, queue=carrier_queue, bodies=[APIS_MESSAGE.read_bytes()])
    settings.AEGIS_PIU_ENABLED = False
    options = ["--url", AMQP_URL, "--queue", carrier_queue, "--carrier", "*"]

    with pytest.raises(CommandError) as error:
        call_command("consume", *options, "--max-messages", "1", "--idle-timeout", "2")
    with pytest.raises(SwitchedOff):
        queue_consume(url=AMQP_URL, queue=carrier_queue, max_messages=1, idle_timeout=2)

    assert error.value.returncode == 2
    assert waiting_messages(carrier_queue) == 1
    assert not CarrierMessage.objects.exists()


# ----------------------------------------------------------------------------- tasks


def test_the_worker_refuses_to_start_when_every_task_is_switched_off(settings: Any) -> None:
    settings.AEGIS_PIU_ENABLED = False
    settings.AEGIS_BROKER_URL = AMQP_URL
    tasks_queue.autodiscover()

    with pytest.raises(CommandError) as error:
        call_command("worker", "--threads", "1")

    assert error.value.returncode == 2
    assert "AEGIS_PIU_ENABLED=false" in str(error.value)
    assert {task.half for task in tasks_queue.TASKS.values()} == {"piu"}


@pytest.mark.django_db
def test_a_task_of_a_switched_off_half_is_skipped_and_its_run_says_why(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.AEGIS_TASKS = "eager"
    with django_capture_on_commit_callbacks(execute=True):
        run = rescreen_start(actor=SYSTEM, reason="test")  # queued while the PIU is on
        settings.AEGIS_PIU_ENABLED = False  # the worker's installation has it off

    run.refresh_from_db()
    assert (run.status, run.error) == (
        ScreeningRun.Status.FAILED,
        "The Passenger Information Unit is switched off on this installation "
        "(AEGIS_PIU_ENABLED=false).",
    )
    assert run.total == 0
