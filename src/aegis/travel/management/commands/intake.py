"""``aegis intake FILE...``: load carrier messages through the same service as every door.

Exits 2 when anything was quarantined or refused (each line says why), so a script can
tell; ``--retry ID`` re-processes the quarantined messages of a stored interchange.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from aegis.core.permissions import SYSTEM
from aegis.core.switches import HalfCommand
from aegis.travel.doors import ANY_CARRIER, door_carrier
from aegis.travel.intake import IntakeRefused, IntakeResult, message_receive, message_retry
from aegis.travel.models import CarrierMessage


class Command(HalfCommand):
    help = "Load PAXLST/PNRGOV files; print what was loaded, quarantined and hit."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", type=Path)
        parser.add_argument(
            "--carrier",
            default=ANY_CARRIER,
            help="Load only flights of this carrier (IATA code); default: any carrier.",
        )
        parser.add_argument(
            "--retry",
            type=int,
            action="append",
            default=[],
            metavar="ID",
            help="Re-process the quarantined messages of stored interchange ID (repeatable).",
        )

    def _line(self, name: str, result: IntakeResult) -> str:
        line = f"{name}: {result.status}"
        if result.status in {"loaded", "partial"}:
            line += f", {result.travellers} travellers, {result.hits} hits"
        if result.status in {"partial", "quarantined"}:
            line += f": {result.message.error}"
        return line

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["files"] and not options["retry"]:
            raise CommandError("Give files to load or --retry ID.")
        totals = {
            "loaded": 0,
            "partial": 0,
            "quarantined": 0,
            "refused": 0,
            "duplicate": 0,
            "travellers": 0,
            "hits": 0,
        }

        def emit(name: str, result: IntakeResult) -> None:
            totals[result.status] += 1
            totals["travellers"] += result.travellers
            totals["hits"] += result.hits
            self.stdout.write(self._line(name, result))
            if not result.duplicate:
                for warning in result.message.warnings:
                    self.stdout.write(f"  warning: {warning}")

        for message_id in options["retry"]:
            try:
                emit(f"message {message_id}", message_retry(message_id=message_id, actor=SYSTEM))
            except CarrierMessage.DoesNotExist:
                raise CommandError(f"No carrier message {message_id}.") from None
        try:
            carrier = door_carrier(options["carrier"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        for path in options["files"]:
            try:
                content = path.read_bytes()
            except OSError as error:
                raise CommandError(f"{path}: {error}") from error
            try:
                result = message_receive(
                    actor=SYSTEM,
                    content=content,
                    door=CarrierMessage.Door.COMMAND,
                    source=str(path),
                    carrier=carrier,
                )
            except IntakeRefused as refusal:
                totals["refused"] += 1
                self.stdout.write(f"{path}: refused: {refusal.text}")
                continue
            emit(str(path), result)
        partly = f", {totals['partial']} partly" if totals["partial"] else ""
        refused = f", {totals['refused']} refused" if totals["refused"] else ""
        self.stdout.write(
            f"{totals['loaded']} loaded{partly}, {totals['quarantined']} quarantined{refused}, "
            f"{totals['duplicate']} already received; "
            f"{totals['travellers']} travellers, {totals['hits']} hits."
        )
        failed = totals["partial"] + totals["quarantined"] + totals["refused"]
        if failed:
            raise CommandError(f"{failed} not loaded in full (see above).", returncode=2)
