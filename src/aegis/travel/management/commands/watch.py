"""``aegis watch``: the drop-folder door."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from aegis.travel.doors import folder_scan, folder_watch
from aegis.travel.intake import IntakeResult


class Command(BaseCommand):
    help = "Load carrier messages dropped in <folder>/incoming (moved to done/ or quarantine/)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--folder", type=Path, default=Path(settings.AEGIS_INTAKE_FOLDER))
        parser.add_argument("--interval", type=float, default=2.0, help="Seconds between scans.")
        parser.add_argument("--once", action="store_true", help="Scan once and stop.")

    def handle(self, *args: Any, **options: Any) -> None:
        def report(name: str, result: IntakeResult) -> None:
            self.stdout.write(
                f"{name}: {result.status} ({result.travellers} travellers, {result.hits} hits)"
            )

        if options["once"]:
            count = folder_scan(options["folder"], report)
            self.stdout.write(f"{count} files handled.")
            return
        self.stdout.write(f"Watching {options['folder'] / 'incoming'} (Ctrl-C to stop).")
        folder_watch(options["folder"], interval=options["interval"], report=report)
