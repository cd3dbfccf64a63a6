"""The drop-folder and message-queue doors; both hand each message to ``message_receive``.

Folder: files in ``<folder>/incoming`` are loaded, then moved to ``done/`` or
``quarantine/``. A crash between loading and moving only means the file is read again,
and its digest makes that a no-op. Queue: a message is acknowledged only after the
transaction that stored it committed; a worker killed earlier leaves it unacknowledged,
the broker delivers it again, and the digest makes the second delivery a no-op.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import DatabaseError, close_old_connections, connection

from aegis.travel.intake import IntakeResult, message_receive
from aegis.travel.models import CarrierMessage

logger = logging.getLogger(__name__)

Report = Callable[[str, IntakeResult], None]
MAX_CONSECUTIVE_FAILURES = 5


def _refresh_connection() -> None:
    # A long-running door drops a broken or expired database connection between messages;
    # inside a caller's transaction (tests, a surrounding job) the connection is left alone.
    if not connection.in_atomic_block:
        close_old_connections()


def folder_scan(folder: Path, report: Report | None = None) -> int:
    """Load every file waiting in ``folder/incoming``; returns how many were handled."""
    incoming = folder / "incoming"
    for name in ("incoming", "done", "quarantine"):
        (folder / name).mkdir(parents=True, exist_ok=True)
    handled = 0
    for path in sorted(incoming.iterdir()):
        # Writers drop "name.part" and rename it when complete; hidden files are ignored.
        if not path.is_file() or path.name.startswith(".") or path.suffix == ".part":
            continue
        result = message_receive(
            content=path.read_bytes(), door=CarrierMessage.Door.FOLDER, source=path.name
        )
        target = "quarantine" if result.message.status == "quarantined" else "done"
        shutil.move(str(path), str(folder / target / path.name))
        handled += 1
        if report is not None:
            report(path.name, result)
    return handled


def folder_watch(folder: Path, *, interval: float, report: Report | None = None) -> None:
    while True:
        _refresh_connection()
        folder_scan(folder, report)
        time.sleep(interval)


def queue_consume(
    *,
    url: str,
    queue: str,
    prefetch: int = 10,
    max_messages: int | None = None,
    idle_timeout: float | None = None,
    report: Report | None = None,
) -> int:
    """Consume carrier messages from AMQP ``queue`` (durable); returns how many were handled.

    Stops after ``max_messages`` or when no message came for ``idle_timeout`` seconds.
    """
    import pika

    broker = pika.BlockingConnection(pika.URLParameters(url))
    channel = broker.channel()
    channel.queue_declare(queue=queue, durable=True)
    channel.basic_qos(prefetch_count=prefetch)
    handled = failures = 0
    try:
        for method, properties, body in channel.consume(queue, inactivity_timeout=idle_timeout):
            if method is None:  # idle for idle_timeout seconds
                break
            _refresh_connection()
            headers: dict[str, Any] = (properties.headers or {}) if properties else {}
            try:
                result = message_receive(
                    content=body,
                    door=CarrierMessage.Door.AMQP,
                    source=f"amqp:{queue}:{headers.get('carrier', '')}".rstrip(":"),
                )
            except DatabaseError:
                # Not a bad message (those are quarantined) but the database failing, or a
                # concurrent worker loading the same flight: give the message back, wait, retry.
                failures += 1
                logger.exception("Intake failed; the message goes back to the queue")
                channel.basic_nack(method.delivery_tag, requeue=True)
                if failures >= MAX_CONSECUTIVE_FAILURES:
                    raise
                time.sleep(min(30, 2**failures))
                continue
            except Exception:
                logger.exception("Intake failed; the message goes back to the queue")
                channel.basic_nack(method.delivery_tag, requeue=True)
                raise
            failures = 0
            channel.basic_ack(method.delivery_tag)
            handled += 1
            if report is not None:
                report(str(method.delivery_tag), result)
            if max_messages is not None and handled >= max_messages:
                break
    finally:
        try:
            channel.cancel()
            broker.close()
        except Exception:  # the connection may already be gone
            logger.debug("AMQP connection already closed", exc_info=True)
    return handled


def queue_publish(*, url: str, queue: str, bodies: list[bytes]) -> None:
    """Publish raw messages, persistent, to ``queue`` (tests, demos, carrier simulators)."""
    import pika

    broker = pika.BlockingConnection(pika.URLParameters(url))
    try:
        channel = broker.channel()
        channel.queue_declare(queue=queue, durable=True)
        for body in bodies:
            channel.basic_publish(
                exchange="",
                routing_key=queue,
                body=body,
                properties=pika.BasicProperties(delivery_mode=2),
            )
    finally:
        broker.close()
