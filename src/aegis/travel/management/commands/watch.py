"""``aegis watch``: the drop-folder door."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from aegis.core.switches import HalfCommand
from aegis.travel.doors import door_carrier, folder_scan, folder_watch, outcome_lines
from aegis.travel.intake import IntakeResult


class Command(HalfCommand):
    help = "Load carrier messages dropped in <folder>/incoming (moved to done/ or quarantine/)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--folder", type=Path, default=Path(settings.AEGIS_INTAKE_FOLDER))
        parser.add_argument(
            "--carrier",
            default=settings.AEGIS_INTAKE_FOLDER_CARRIER,
            help="IATA code of the carrier whose flights the folder carries, or '*' for any "
            "(default: AEGIS_INTAKE_FOLDER_CARRIER).",
        )
        parser.add_argument("--interval", type=float, default=2.0, help="Seconds between scans.")
        parser.add_argument("--once", action="store_true", help="Scan once and stop.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            carrier = door_carrier(options["carrier"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        problems = 0

        def report(name: str, result: IntakeResult) -> None:
            nonlocal problems
            if result.message.error and not result.duplicate:
                problems += 1
            for line in outcome_lines(name, result):
                self.stdout.write(line)

        def refused(name: str, why: str) -> None:
            nonlocal problems
            problems += 1
            self.stdout.write(f"{name}: refused: {why}")

        if options["once"]:
            count = folder_scan(options["folder"], report, carrier=carrier, refused=refused)
            self.stdout.write(f"{count} files handled.")
            if problems:
                raise CommandError(f"{problems} files quarantined or refused.", returncode=2)
            return
        self.stdout.write(f"Watching {options['folder'] / 'incoming'} (Ctrl-C to stop).")
        folder_watch(
            options["folder"],
            interval=options["interval"],
            report=report,
            carrier=carrier,
            refused=refused,
        )
