"""The re-screening after a list load goes through RabbitMQ to ``aegis worker``: a worker
killed in the middle of it (SIGKILL, no clean-up) leaves the message unacknowledged, and the
next worker finishes the run, adding no hit twice. Against the real broker (CI fails without
one; locally the test is skipped)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from aegis.core import queue
from aegis.core.permissions import SYSTEM
from aegis.travel import services
from aegis.travel.intake import message_receive
from aegis.travel.models import ScreeningRun, Watchlist
from tests.aegis.travel.conftest import RI_WON_HO, UN_XML, paxlst
from tests.aegis.travel.test_doors import _database_for_worker

AMQP_URL = os.environ.get("AEGIS_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")


@pytest.fixture
def task_queue(settings: Any) -> Generator[str, None, None]:
    """A queue of this test alone (parallel runs share the broker), deleted afterwards with
    the delay and dead-letter queues Dramatiq declares beside it."""
    import pika

    try:
        broker = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
    except pika.exceptions.AMQPError as error:
        message = f"RabbitMQ is not reachable at {AMQP_URL}: {error!r}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    name = f"aegis-test-tasks-{uuid.uuid4().hex[:12]}"
    settings.AEGIS_TASKS = "broker"
    settings.AEGIS_BROKER_URL = AMQP_URL
    settings.AEGIS_TASK_QUEUE = name
    try:
        yield name
    finally:
        queue.broker().close()
        channel = broker.channel()
        for suffix in ("", ".DQ", ".XQ"):
            channel.queue_delete(queue=name + suffix)
        broker.close()


def _worker(database_url: str, task_queue: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "aegis.settings.test",
        "AEGIS_BROKER_URL": AMQP_URL,
        "AEGIS_TASK_QUEUE": task_queue,
        # Small chunks: one transaction every five travellers, so there is a middle to kill in.
        "AEGIS_RESCREEN_CHUNK_SIZE": "5",
        "AEGIS_SCREENING_WORKERS": "1",
    }
    env.pop("AEGIS_TASKS", None)
    return subprocess.Popen(
        [sys.executable, "-m", "aegis", "worker", "--threads", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait(condition: Callable[[], bool], worker: subprocess.Popen[bytes], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if worker.poll() is not None:
            raise AssertionError(f"the worker exited: {worker.stderr.read().decode()}")  # type: ignore[union-attr]
        if time.monotonic() > deadline:
            raise AssertionError(f"not reached within {seconds} s")
        time.sleep(0.01)


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_during_a_rescreening_leaves_it_to_the_next_one(
    task_queue: str, tmp_path: Path, un_xml_text: str
) -> None:
    # Eight flights of 60 travellers, Ri Won Ho (UN list, KPi.033) on the third, loaded
    # before the list: nobody is hit until the list comes and the re-screening runs.
    for seed in range(8):
        message_receive(
            content=paxlst(*([RI_WON_HO] if seed == 2 else []), seed=seed, travellers=60),
            door="folder",
            actor=SYSTEM,
        )
    services.watchlist_load(
        actor=SYSTEM,
        name="UN SC Consolidated List",
        content=un_xml_text,
        file_format=Watchlist.Format.UN_XML,
    )  # queues the run on RabbitMQ when it commits
    run = ScreeningRun.objects.get()
    assert (run.reason.startswith("watchlist UN SC Consolidated List"), run.status) == (
        True,
        "queued",
    )
    database_url, count = _database_for_worker(tmp_path)
    progress = "SELECT done FROM travel_screeningrun"  # the one run
    total = count("SELECT COUNT(*) FROM travel_traveller")

    worker = _worker(database_url, task_queue)
    _wait(lambda: count(progress) >= 100, worker, seconds=120)
    worker.kill()  # SIGKILL: the message was not acknowledged, RabbitMQ gives it back
    worker.wait()
    killed_at = count(progress)
    stopped_as = count("SELECT status = 'running' FROM travel_screeningrun")

    restarted = _worker(database_url, task_queue)
    finished = "SELECT COUNT(*) FROM travel_screeningrun WHERE status = 'done'"
    try:
        _wait(lambda: count(finished) == 1, restarted, seconds=120)
    finally:
        restarted.send_signal(signal.SIGTERM)  # finishes the task in hand, then exits
        _out, errors = restarted.communicate(timeout=60)

    assert restarted.returncode == 0, errors.decode()
    assert (total, stopped_as) == (480, 1)
    assert 100 <= killed_at < total
    assert count(progress) == total
    assert count("SELECT COUNT(*) FROM travel_hit") == 1  # Ri Won Ho, once
    assert count("SELECT COUNT(*) FROM travel_case") == 1


def test_the_worker_needs_a_broker(settings: Any) -> None:
    settings.AEGIS_BROKER_URL = ""

    with pytest.raises(CommandError, match="AEGIS_BROKER_URL is not set"):
        call_command("worker")


@pytest.mark.django_db(transaction=True)
def test_without_a_broker_the_command_line_finishes_its_rescreening_before_it_exits(
    tmp_path: Path,
) -> None:
    # The embedded default runs tasks in a thread: `aegis watchlist` must not exit (and
    # leave its run queued for ever) while the re-screening it asked for is going on.
    message_receive(content=paxlst(RI_WON_HO, seed=2, travellers=60), door="folder", actor=SYSTEM)
    database_url, count = _database_for_worker(tmp_path)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "aegis.settings.test",
        "AEGIS_TASKS": "thread",
    }
    env.pop("AEGIS_BROKER_URL", None)

    loaded = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "aegis", "watchlist", "UN SC Consolidated List", UN_XML],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert loaded.returncode == 0, loaded.stderr
    assert count("SELECT COUNT(*) FROM travel_screeningrun WHERE status = 'done'") == 1
    assert count("SELECT done FROM travel_screeningrun") == 60
    assert count("SELECT COUNT(*) FROM travel_hit") == 1
