"""``aegis intake FILE...``: load carrier messages through the same service as every door."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aegis.travel.intake import message_receive
from aegis.travel.models import CarrierMessage


class Command(BaseCommand):
    help = "Load PAXLST/PNRGOV files; print what was loaded, quarantined and hit."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        totals = {"loaded": 0, "quarantined": 0, "duplicate": 0, "travellers": 0, "hits": 0}
        for path in options["files"]:
            try:
                content = path.read_bytes()
            except OSError as error:
                raise CommandError(f"{path}: {error}") from error
            result = message_receive(
                content=content, door=CarrierMessage.Door.COMMAND, source=str(path)
            )
            totals[result.status] += 1
            totals["travellers"] += result.travellers
            totals["hits"] += result.hits
            line = f"{path}: {result.status}"
            if result.status == "loaded":
                line += f", {result.travellers} travellers, {result.hits} hits"
            elif result.status == "quarantined":
                line += f": {result.message.error}"
            self.stdout.write(line)
        self.stdout.write(
            "{loaded} loaded, {quarantined} quarantined, {duplicate} already received; "
            "{travellers} travellers, {hits} hits.".format(**totals)
        )
