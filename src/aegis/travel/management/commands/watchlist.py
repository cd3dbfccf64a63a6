"""``aegis watchlist NAME FILE``: load a new version of a watchlist and re-screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from aegis.core.switches import HalfCommand
from aegis.travel.models import Watchlist
from aegis.travel.services import watchlist_load


class Command(HalfCommand):
    help = "Load a watchlist version (UN SC XML or CSV); travellers are screened again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        content = path.read_text(encoding="utf-8-sig")
        file_format = (
            Watchlist.Format.UN_XML if content.lstrip().startswith("<") else Watchlist.Format.CSV
        )
        version = watchlist_load(
            actor=None, name=options["name"], content=content, file_format=file_format
        )
        self.stdout.write(f"{version}: {version.persons} listed persons.")
