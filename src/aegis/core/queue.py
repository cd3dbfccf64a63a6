"""Background tasks: registered functions that take ids, are idempotent, and are sent only
when the transaction that asked for them commits.

``settings.AEGIS_TASKS`` says where they run:

- ``"broker"`` (``AEGIS_BROKER_URL`` set): Dramatiq messages on RabbitMQ, queue
  ``AEGIS_TASK_QUEUE``, run by ``aegis worker``. Messages are persistent and acknowledged only
  once the task has returned, so a task whose worker died (killed, restarted, machine lost) is
  delivered again to the next worker, and a web restart loses nothing.
- ``"thread"`` (no broker: the embedded demo): in a thread of the committing process, which
  waits for it before exiting.
- ``"eager"``: at once, in the committing thread (tests, the command line).

A task of a half that is switched off (``aegis.core.switches``) is not run: it is skipped
with one line in the log, and its ``unsent`` callback marks its record failed with why.

A task that cannot run yet (another run of its kind holds the slot) raises ``TryLater``: the
broker delivers it again after a back-off, the thread waits and tries again.

This module knows no app: a task is named by its dotted path, and ``aegis worker`` imports
each app's ``tasks`` module.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

import dramatiq
from django.conf import settings
from django.db import close_old_connections, connection, transaction
from dramatiq.brokers.rabbitmq import RabbitmqBroker
from dramatiq.middleware import Retries, ShutdownNotifications

from aegis.core.switches import SwitchedOff, half_enabled, half_of_module, switched_off_text

logger = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")


class TryLater(Exception):
    """The task cannot start yet (its kind's one slot is taken); run it again later."""


class Task:
    """A registered task: ``name`` (its dotted path) and ``function``; ``unsent`` is told
    when the message could not be handed to the broker, so the caller's record can say so."""

    def __init__(
        self,
        function: Callable[..., None],
        *,
        unsent: Callable[[Exception, dict[str, int]], None] | None,
    ) -> None:
        self.function = function
        self.name = f"{function.__module__}.{function.__qualname__}"
        self.unsent = unsent
        self.half = half_of_module(function.__module__)

    def enabled(self) -> bool:
        return half_enabled(self.half)

    def skipped(self, ids: dict[str, int]) -> bool:
        """True (and said, and recorded) when this task's half is switched off."""
        if self.half is None or self.enabled():
            return False
        why = switched_off_text(self.half)
        logger.warning("Task %s%s skipped: %s", self.name, ids, why)
        if self.unsent is not None:
            self.unsent(SwitchedOff(why), ids)
        return True

    def call(self, ids: dict[str, int]) -> None:
        """Run at once in this thread, unless the task's half is switched off."""
        if not self.skipped(ids):
            self.function(**ids)

    def run(self, ids: dict[str, int]) -> None:
        """Run once in a worker thread, with a fresh database connection."""
        close_old_connections()
        try:
            self.call(ids)
        finally:
            connection.close()


TASKS: dict[str, Task] = {}
# Back-off between two tries of a task that must wait for its slot (milliseconds).
RETRY_MIN_MS = 2_000
RETRY_MAX_MS = 60_000


def task(
    *, unsent: Callable[[Exception, dict[str, int]], None] | None = None
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Register the decorated function as a background task (it stays callable as is)."""

    def register(function: Callable[P, R]) -> Callable[P, R]:
        registered = Task(function, unsent=unsent)  # type: ignore[arg-type]
        TASKS[registered.name] = registered
        return function

    return register


def enqueue(function: Callable[..., Any], **ids: int) -> None:
    """Run the registered ``function(**ids)`` after the current transaction commits."""
    registered = TASKS[f"{function.__module__}.{function.__qualname__}"]
    mode = settings.AEGIS_TASKS

    def send() -> None:
        if mode == "eager":
            registered.call(ids)
        elif mode == "thread":
            # Not a daemon: a command (``aegis watchlist``) finishes the task it asked for
            # before its process exits, instead of leaving the run queued for ever.
            threading.Thread(
                target=_in_thread, args=(registered, ids), name=f"task-{registered.name}"
            ).start()
        else:
            try:
                actor(registered.name).send(**ids)
            except Exception as error:
                logger.exception("Could not queue %s%s", registered.name, ids)
                if registered.unsent is not None:
                    registered.unsent(error, ids)

    transaction.on_commit(send)


def _in_thread(registered: Task, ids: dict[str, int]) -> None:
    backoff = RETRY_MIN_MS / 1000
    deadline = time.monotonic() + settings.AEGIS_TASK_QUEUED_TIMEOUT
    while True:
        try:
            registered.run(ids)
        except TryLater:
            if time.monotonic() > deadline:
                logger.error("Task %s%s gave up waiting for its slot", registered.name, ids)
                return
            time.sleep(backoff)
            backoff = min(backoff * 2, RETRY_MAX_MS / 1000)
            continue
        except Exception:
            logger.exception("Task %s%s failed", registered.name, ids)
        return


# ----------------------------------------------------------------------------- the broker


def _retry_when(retries: int, error: BaseException) -> bool:
    # Only a task waiting for its slot is tried again; any other failure is recorded by the
    # task itself (a failed run with its error) and the message goes to the dead-letter queue.
    return isinstance(error, TryLater)


@functools.cache
def _broker(url: str, queue: str) -> RabbitmqBroker:
    # No time limit (a re-screening of a year of traffic takes as long as it takes) and no
    # age limit: a message waits for a worker however long that takes.
    broker = RabbitmqBroker(
        url=url,
        confirm_delivery=True,
        middleware=[
            ShutdownNotifications(),
            Retries(retry_when=_retry_when, min_backoff=RETRY_MIN_MS, max_backoff=RETRY_MAX_MS),
        ],
    )
    dramatiq.set_broker(broker)
    return broker


def broker() -> RabbitmqBroker:
    """The Dramatiq broker of ``AEGIS_BROKER_URL``, with every registered task declared."""
    current = _broker(settings.AEGIS_BROKER_URL, settings.AEGIS_TASK_QUEUE)
    for name in TASKS:
        actor(name)
    return current


def actor(name: str) -> dramatiq.Actor[..., None]:
    """The Dramatiq actor of the registered task ``name`` on the configured queue."""
    current = _broker(settings.AEGIS_BROKER_URL, settings.AEGIS_TASK_QUEUE)
    if name not in current.actors:
        registered = TASKS[name]

        def run(**ids: int) -> None:
            registered.run(ids)

        declare = dramatiq.actor(
            actor_name=name, queue_name=settings.AEGIS_TASK_QUEUE, broker=current
        )
        declare(run)
    found: dramatiq.Actor[..., None] = current.get_actor(name)
    return found


def autodiscover() -> None:
    """Import each installed app's ``tasks`` module, registering its tasks."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("tasks")
