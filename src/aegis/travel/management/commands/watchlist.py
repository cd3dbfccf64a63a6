"""``aegis watchlist NAME FILE``: load a new version of a watchlist and re-screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser

from aegis.core.switches import HalfCommand
from aegis.travel.models import Watchlist
from aegis.travel.services import watchlist_load

# argparse's own exit status for a usage error: the caller's input, not the program, is wrong.
BAD_INPUT = 2


class Command(HalfCommand):
    help = "Load a watchlist version (UN SC XML or CSV); travellers are screened again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            content = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(
                f"{path}: cannot read the file: {error}", returncode=BAD_INPUT
            ) from None
        file_format = (
            Watchlist.Format.UN_XML if content.lstrip().startswith("<") else Watchlist.Format.CSV
        )
        try:
            version = watchlist_load(
                actor=None, name=options["name"], content=content, file_format=file_format
            )
        except ValidationError as error:
            messages = " ".join(" ".join(errors) for errors in error.message_dict.values())
            # The service names its temporary copy; the user knows the file by its own name.
            raise CommandError(
                f"{path}: {' '.join(messages.split())}", returncode=BAD_INPUT
            ) from None
        self.stdout.write(f"{version}: {version.persons} listed persons.")
