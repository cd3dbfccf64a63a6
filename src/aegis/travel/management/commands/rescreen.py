"""``aegis rescreen``: re-screen every retained traveller now, with a progress bar."""

from __future__ import annotations

import sys
import threading
import time
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import IntegrityError

from aegis.core.switches import HalfCommand
from aegis.travel import tasks
from aegis.travel.models import ScreeningRun
from paxscreen.batch.cli import ProgressBar


class Command(HalfCommand):
    help = (
        "Re-screen every retained traveller against the active watchlists and rules, in the "
        "foreground, as a recorded screening run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            metavar="N",
            help="worker processes matching travellers (default: AEGIS_SCREENING_WORKERS, "
            f"or one below {tasks.IN_PROCESS_BELOW:,} travellers)",
        )
        parser.add_argument(
            "--reason", default="aegis rescreen", help="why, as the run shows it on the PIU pages"
        )
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        workers: int | None = options["workers"]
        if workers is not None and workers < 1:
            raise CommandError(f"--workers {workers} must be at least 1")
        # The run is started here rather than queued (services.rescreen_start queues it).
        try:
            run = ScreeningRun.objects.create(reason=options["reason"][:200])
        except IntegrityError as error:
            raise CommandError(
                "a re-screening is already waiting for the worker; it will screen everything"
            ) from error
        # The bar redraws its line in place: it needs the raw stream, not Django's wrapper.
        bar = None if options["quiet"] else ProgressBar(options.get("stderr") or sys.stderr)
        # Forking is safe only from a process with one thread (a command, not a server).
        start_method = "fork" if threading.active_count() == 1 else "forkserver"
        started = time.perf_counter()
        try:
            tasks.rescreen(run_id=run.pk, workers=workers, start_method=start_method, progress=bar)
        except Exception as error:
            raise CommandError(f"re-screening run {run.pk} failed: {error}") from error
        run.refresh_from_db()
        self.stdout.write(
            f"Re-screened {run.total:,} travellers in {time.perf_counter() - started:.1f} s: "
            f"{run.new_hits:,} new hits (run {run.pk})."
        )
