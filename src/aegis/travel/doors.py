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

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection

from aegis.core.permissions import SYSTEM
from aegis.core.switches import require_half
from aegis.travel.intake import IntakeRefused, IntakeResult, message_receive, too_large
from aegis.travel.models import Carrier, CarrierMessage

logger = logging.getLogger(__name__)

Report = Callable[[str, IntakeResult], None]
Refusal = Callable[[str, str], None]  # (name, why)
MAX_CONSECUTIVE_FAILURES = 5


def _refresh_connection() -> None:
    # A long-running door drops a broken or expired database connection between messages;
    # inside a caller's transaction (tests, a surrounding job) the connection is left alone.
    if not connection.in_atomic_block:
        close_old_connections()


ANY_CARRIER = "*"


def outcome_lines(name: str, result: IntakeResult) -> list[str]:
    """What the folder and queue doors print for one message: outcome, error, warnings."""
    line = f"{name}: {result.status} ({result.travellers} travellers, {result.hits} hits)"
    if result.duplicate:
        return [line]
    if result.message.error:
        line += f": {result.message.error}"
    return [line, *(f"  warning: {warning}" for warning in result.message.warnings)]


def door_carrier(code: str) -> Carrier | None:
    """The carrier a folder or queue is configured for; ``"*"`` is any carrier (None).

    Raises ``ValueError`` when nothing was configured: a door that accepts any carrier's
    flights must say so.
    """
    code = code.strip().upper()
    if not code:
        raise ValueError(
            "Say which carrier's flights this door carries: --carrier XX (its IATA code), "
            "or --carrier '*' to accept any carrier."
        )
    if code == ANY_CARRIER:
        return None
    carrier, _created = Carrier.objects.get_or_create(code=code[:3])
    return carrier


def _free_name(folder: Path, name: str) -> Path:
    """``folder/name``, or ``name.1``, ``name.2`` … when taken: nothing is overwritten."""
    target = folder / name
    number = 0
    while target.exists() or target.is_symlink():
        number += 1
        target = folder / f"{name}.{number}"
    return target


def _file_away(path: Path, folder: Path) -> Path:
    target = _free_name(folder, path.name)
    shutil.move(str(path), str(target))
    return target


def folder_scan(
    folder: Path,
    report: Report | None = None,
    *,
    carrier: Carrier | None = None,
    refused: Refusal | None = None,
) -> int:
    """Load every file waiting in ``folder/incoming``; returns how many were handled.

    ``carrier``: the carrier whose flights this folder carries (None: any carrier).
    Symbolic links, empty and oversized files are refused: moved to ``quarantine/``
    unread, nothing stored, and told to ``refused``. A file that fails for any other
    reason (the database down) stays in ``incoming`` for the next scan and the scan
    goes on with the next file.
    """
    require_half("piu")  # nothing is read, moved or stored with the PIU switched off
    incoming = folder / "incoming"
    for name in ("incoming", "done", "quarantine"):
        (folder / name).mkdir(parents=True, exist_ok=True)
    handled = 0
    for path in sorted(incoming.iterdir()):
        # Writers drop "name.part" and rename it when complete; hidden files are ignored.
        if path.name.startswith(".") or path.suffix == ".part":
            continue
        if path.is_symlink():
            # A link could point anywhere on the host: never read through it.
            _refuse(path, folder, "A symbolic link is not a message; it was not followed.", refused)
            handled += 1
            continue
        if not path.is_file():
            continue
        try:
            content = _read_bounded(path)
            result = message_receive(
                actor=SYSTEM,
                content=content,
                door=CarrierMessage.Door.FOLDER,
                source=path.name,
                carrier=carrier,
            )
        except IntakeRefused as refusal:
            _refuse(path, folder, refusal.text, refused)
            handled += 1
            continue
        except Exception:
            logger.exception("Intake of %s failed; it stays in incoming/", path.name)
            continue
        target = "done" if result.message.status == CarrierMessage.Status.LOADED else "quarantine"
        filed = _file_away(path, folder / target)
        if result.message.removed_sensitive and not result.duplicate:
            # The copy kept on disk holds no more than the database: without what was removed.
            filed.write_text(result.message.content, encoding="utf-8")
        handled += 1
        if report is not None:
            report(path.name, result)
    return handled


def _read_bounded(path: Path) -> bytes:
    """The file's bytes; refused unread past ``AEGIS_INTAKE_MAX_BYTES``."""
    limit = settings.AEGIS_INTAKE_MAX_BYTES
    size = path.stat().st_size
    if size > limit:
        raise too_large(size)
    with path.open("rb") as file:
        content = file.read(limit + 1)
    if len(content) > limit:  # grew while being read
        raise too_large(len(content))
    return content


def _refuse(path: Path, folder: Path, text: str, refused: Refusal | None) -> None:
    logger.warning("Refused %s: %s", path.name, text)
    _file_away(path, folder / "quarantine")
    if refused is not None:
        refused(path.name, text)


def folder_watch(
    folder: Path,
    *,
    interval: float,
    report: Report | None = None,
    carrier: Carrier | None = None,
    refused: Refusal | None = None,
) -> None:
    require_half("piu")
    while True:
        _refresh_connection()
        folder_scan(folder, report, carrier=carrier, refused=refused)
        time.sleep(interval)


def queue_consume(
    *,
    url: str,
    queue: str,
    prefetch: int = 10,
    max_messages: int | None = None,
    idle_timeout: float | None = None,
    report: Report | None = None,
    carrier: Carrier | None = None,
    refused: Refusal | None = None,
) -> int:
    """Consume carrier messages from AMQP ``queue`` (durable); returns how many were handled.

    ``carrier``: the carrier whose flights this queue carries (None: any carrier). An
    empty or oversized message is refused: rejected without requeueing (to the queue's
    dead-letter exchange, if it has one), nothing stored, told to ``refused``. Stops after
    ``max_messages`` or when no message came for ``idle_timeout`` seconds.
    """
    import pika

    require_half("piu")  # before connecting: not one message is taken off the queue
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
                    actor=SYSTEM,
                    content=body,
                    door=CarrierMessage.Door.AMQP,
                    source=f"amqp:{queue}:{headers.get('carrier', '')}".rstrip(":"),
                    carrier=carrier,
                )
            except IntakeRefused as refusal:
                logger.warning("Refused message %s: %s", method.delivery_tag, refusal.text)
                channel.basic_reject(method.delivery_tag, requeue=False)
                handled += 1
                if refused is not None:
                    refused(str(method.delivery_tag), refusal.text)
                if max_messages is not None and handled >= max_messages:
                    break
                continue
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


def reply_publish(*, url: str, queue: str, body: bytes, correlation_id: str) -> None:
    """Send one CUSRES, persistent, to a carrier's reply ``queue``, correlated by the
    interchange reference (UNB 0020) of the PAXLST it answers."""
    import pika

    broker = pika.BlockingConnection(pika.URLParameters(url))
    try:
        channel = broker.channel()
        channel.queue_declare(queue=queue, durable=True)
        channel.basic_publish(
            exchange="",
            routing_key=queue,
            body=body,
            properties=pika.BasicProperties(
                delivery_mode=2,
                correlation_id=correlation_id,
                content_type="application/edifact",
            ),
        )
    finally:
        broker.close()


def iapi_queue_consume(
    *,
    url: str,
    queue: str,
    carrier: Carrier | None,
    reply_queue: str = "",
    max_messages: int | None = None,
    idle_timeout: float | None = None,
    report: Callable[[str, str], None] | None = None,
) -> int:
    """Answer interactive PAXLST messages from AMQP ``queue`` with CUSRES; returns how many.

    Each answer goes to the message's ``reply_to`` (else ``reply_queue``) with the
    PAXLST's interchange reference (UNB 0020) as ``correlation_id``; a later analyst's
    direction is pushed there too. A message is acknowledged once its answer is stored and
    sent: a worker killed before that leaves it to be delivered again, and answering it
    twice loads nothing twice. Bad EDIFACT is answered with an error and quarantined.
    ``report`` gets (interchange reference, CUSRES text).
    """
    import pika

    from aegis.travel import iapi_edifact

    require_half("piu")
    broker = pika.BlockingConnection(pika.URLParameters(url))
    channel = broker.channel()
    channel.queue_declare(queue=queue, durable=True)
    channel.basic_qos(prefetch_count=1)  # one check-in at a time: each waits at a counter
    handled = 0
    try:
        for method, properties, body in channel.consume(queue, inactivity_timeout=idle_timeout):
            if method is None:
                break
            _refresh_connection()
            reply_to = (properties.reply_to if properties else "") or reply_queue
            try:
                answer = iapi_edifact.paxlst_check(
                    actor=SYSTEM,
                    carrier=carrier,
                    content=body,
                    door=CarrierMessage.Door.AMQP,
                    reply_to=reply_to,
                )
            except IntakeRefused as refusal:
                logger.warning("Refused iAPI message %s: %s", method.delivery_tag, refusal.text)
                channel.basic_reject(method.delivery_tag, requeue=False)
            except Exception:
                logger.exception("iAPI check failed; the message goes back to the queue")
                channel.basic_nack(method.delivery_tag, requeue=True)
                raise
            else:
                if reply_to:
                    channel.queue_declare(queue=reply_to, durable=True)
                    channel.basic_publish(
                        exchange="",
                        routing_key=reply_to,
                        body=answer.text.encode("utf-8"),
                        properties=pika.BasicProperties(
                            delivery_mode=2,
                            correlation_id=answer.control_reference,
                            content_type="application/edifact",
                        ),
                    )
                channel.basic_ack(method.delivery_tag)
                if report is not None:
                    report(answer.control_reference, answer.text)
            handled += 1
            if max_messages is not None and handled >= max_messages:
                break
    finally:
        try:
            channel.cancel()
            broker.close()
        except Exception:
            logger.debug("AMQP connection already closed", exc_info=True)
    return handled
