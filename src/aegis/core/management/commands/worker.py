"""``aegis worker``: run the background tasks queued on RabbitMQ (``AEGIS_BROKER_URL``)."""

from __future__ import annotations

import signal
import threading
from typing import Any

import dramatiq
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from aegis.core import queue
from aegis.core.switches import switched_off_text


class Command(BaseCommand):
    help = (
        "Run the background tasks (re-screenings) queued on AEGIS_BROKER_URL, queue "
        "AEGIS_TASK_QUEUE, until stopped (SIGTERM or Ctrl-C finish the task in hand)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--threads", type=int, default=2, help="tasks run at the same time (default 2)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        queue.autodiscover()
        skipped = sorted(name for name, task in queue.TASKS.items() if not task.enabled())
        if queue.TASKS and len(skipped) == len(queue.TASKS):
            # Every task is of a switched-off half: its messages stay on the queue.
            halves = sorted({task.half or "" for task in queue.TASKS.values()})
            raise CommandError(
                " ".join(switched_off_text(half) for half in halves)
                + " No task of this worker is enabled.",
                returncode=2,
            )
        if not settings.AEGIS_BROKER_URL:
            raise CommandError("AEGIS_BROKER_URL is not set: there is no queue to work from.")
        if options["threads"] < 1:
            raise CommandError(f"--threads {options['threads']} must be at least 1")
        worker = dramatiq.Worker(queue.broker(), worker_threads=options["threads"])
        stop = threading.Event()
        for number in (signal.SIGTERM, signal.SIGINT):
            signal.signal(number, lambda *_: stop.set())
        worker.start()
        self.stdout.write(
            f"Worker on queue {settings.AEGIS_TASK_QUEUE} with {options['threads']} threads "
            f"({', '.join(sorted(queue.TASKS))})."
        )
        if skipped:
            self.stdout.write(f"Skipped (their half is switched off): {', '.join(skipped)}.")
        self.stdout.flush()
        stop.wait()
        worker.stop()
        self.stdout.write("Worker stopped.")
