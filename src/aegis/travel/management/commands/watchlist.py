"""``aegis watchlist NAME FILE``: load a new version of a watchlist and re-screen."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from django.db import IntegrityError, transaction

from aegis.core import queue
from aegis.core.permissions import SYSTEM
from aegis.core.switches import HalfCommand
from aegis.travel import tasks
from aegis.travel.models import ScreeningRun, Watchlist, WatchlistVersion
from aegis.travel.services import rescreen_start, watchlist_load

# argparse's own exit status for a usage error: the caller's input, not the program, is wrong.
BAD_INPUT = 2


class Command(HalfCommand):
    help = (
        "Load a watchlist version (UN SC XML, CSV or XLSX), report the rows it could not "
        "load, and screen every retained traveller again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        name: str = options["name"]
        try:
            content = path.read_bytes()
        except OSError as error:
            reason = error.strerror or type(error).__name__
            raise CommandError(
                f"{path.name}: cannot read the file: {reason}", returncode=BAD_INPUT
            ) from None
        file_format = (
            Watchlist.Format.UN_XML if content.lstrip().startswith(b"<") else Watchlist.Format.CSV
        )
        before = set(
            WatchlistVersion.objects.filter(watchlist__name=name).values_list("pk", flat=True)
        )
        try:
            version = watchlist_load(
                actor=SYSTEM,
                name=name,
                content=content,
                file_format=file_format,
                rescreen=False,
                file_name=path.name,
            )
        except ValidationError as error:
            messages = " ".join(" ".join(errors) for errors in error.message_dict.values())
            raise CommandError(
                f"{path.name}: {' '.join(messages.split())}", returncode=BAD_INPUT
            ) from None
        for row in version.rejected:
            where = f", {row['where']}" if row["where"] else ""
            line = f", line {row['line']}" if row["line"] else ""
            self.stderr.write(f"{path.name}{line}{where}: {row['reason']}")
        self.stdout.write(
            f"{version}: {version.persons} listed persons, {version.entities} entities, "
            f"{version.documents} lost or stolen documents; "
            f"{len(version.rejected)} rows not loaded."
        )
        if version.pk in before:
            self.stdout.write(f"{version} already holds this file: nothing to screen again.")
            return
        self._rescreen(f"watchlist {version}")

    def _rescreen(self, reason: str) -> None:
        """Screen again as the upload page does; without a broker, here and now, so the
        command ends with the run done (or failed, saying why) and never leaves it queued."""
        if settings.AEGIS_TASKS == "broker":
            run = rescreen_start(actor=SYSTEM, reason=reason)
            self.stdout.write(f"re-screening run {run.pk}: queued for the worker (aegis worker).")
            return
        try:
            with transaction.atomic():
                run = ScreeningRun.objects.create(reason=reason[:200])
        except IntegrityError:
            run = rescreen_start(actor=SYSTEM, reason=reason)
            self.stdout.write(f"re-screening run {run.pk}, already waiting, will screen it.")
            return
        # Forking is safe only from a process with one thread (a command, not a server).
        start_method = "fork" if threading.active_count() == 1 else "forkserver"
        try:
            tasks.rescreen(run_id=run.pk, start_method=start_method)
        except queue.TryLater:
            # another run is going on: wait for it in a task thread (the process exits after)
            with transaction.atomic():
                tasks.enqueue(tasks.rescreen, run_id=run.pk)
            self.stdout.write(f"re-screening run {run.pk}: waits for the run going on.")
            return
        except Exception as error:
            raise CommandError(f"re-screening run {run.pk} failed: {error}") from error
        run.refresh_from_db()
        self.stdout.write(
            f"re-screening run {run.pk}: {run.get_status_display().lower()}, "
            f"{run.total} travellers, {run.new_hits} new hits."
        )
