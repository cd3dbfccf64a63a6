"""``aegis highlights YYYY-MM --language ar --format html|pdf|md --output FILE``.

The month's newsletter, in English or another UN language.

A published issue is written as it was published; for any other month the issue is
composed afresh from the current database, and nothing is saved.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from aegis.core.switches import HalfCommand
from aegis.reporting.composition import content_for_month
from aegis.reporting.models import TRANSLATION_LANGUAGES
from aegis.reporting.rendering import FORMATS, render_html, render_markdown, render_pdf


def _month(text: str) -> date:
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError:
        raise CommandError(f"{text!r} is not a month: write it as YYYY-MM, e.g. 2020-09.") from None


class Command(HalfCommand):
    help = "Write the Monthly Highlights of a month as HTML, PDF or Markdown."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("month", help="YYYY-MM")
        parser.add_argument("--format", choices=FORMATS, default="html")
        parser.add_argument(
            "--language",
            choices=("en", *TRANSLATION_LANGUAGES),
            default="en",
            help="The issue in this language: its published translation, else as it stands.",
        )
        parser.add_argument("--output", help="File to write; standard output when omitted.")

    def handle(self, *args: Any, **options: Any) -> None:
        month = _month(options["month"])
        content = content_for_month(month, language=options["language"])
        if not content["sections"]:
            self.stderr.write(f"No published activity is reported for {month:%B %Y}.")
        fmt = options["format"]
        data: bytes = (
            render_pdf(content)
            if fmt == "pdf"
            else (render_html(content) if fmt == "html" else render_markdown(content)).encode()
        )
        if options["output"]:
            path = Path(options["output"])
            try:
                path.write_bytes(data)
            except OSError as error:
                raise CommandError(f"Cannot write {path}: {error.strerror}.") from None
            self.stdout.write(f"Wrote {path} ({len(data):,} bytes, {fmt}).")
        elif fmt == "pdf":
            sys.stdout.buffer.write(data)
        else:
            self.stdout.write(data.decode(), ending="")
