"""Loader of watchlists kept as Excel workbooks (XLSX): the first sheet, a header row."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from paxscreen.watchlists.csv_list import ColumnMapping, TableReader
from paxscreen.watchlists.errors import WatchlistFormatError, unreadable
from paxscreen.watchlists.model import EntryKind, Watchlist

__all__ = ["MAX_ROWS", "load_xlsx", "sheet_rows"]

# A national list of a few hundred thousand rows fits; a sheet claiming millions is refused
# at that row instead of being read whole.
MAX_ROWS = 1_000_000


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        # a date typed into Excel arrives as a datetime at midnight
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a document number typed as a number
    return str(value)


def _without_folder(exc: Exception, path: Path) -> str:
    """The reader's message with the file named as the user knows it (openpyxl names the
    full path, here a temporary copy on the server)."""
    return " ".join(str(exc).replace(str(path), path.name).split())


def sheet_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells as text) of the first sheet, read as a stream.

    Any failure of the reader on a damaged or hostile workbook (a broken zip, malformed or
    entity-laden XML, a missing part) is a :class:`WatchlistFormatError`, never a crash.
    """
    # openpyxl parses through defusedxml when it is installed (it is: a dependency).
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # whatever a hostile file makes the reader raise
        raise WatchlistFormatError(
            str(path), f"not a readable XLSX workbook ({_without_folder(exc, path)})"
        ) from exc
    try:
        if not workbook.worksheets:
            raise WatchlistFormatError(str(path), "the workbook has no sheet")
        sheet = workbook.worksheets[0]
        number = 0
        try:
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                if number > MAX_ROWS:
                    raise WatchlistFormatError(
                        str(path), f"more than {MAX_ROWS:,} rows: split the list", line=number
                    )
                yield number, [_cell_text(value) for value in row]
        except WatchlistFormatError:
            raise
        except Exception as exc:  # as above, while the sheet is streamed
            raise WatchlistFormatError(
                str(path),
                f"the first sheet cannot be read ({_without_folder(exc, path)})",
                line=number + 1,
            ) from exc
    finally:
        workbook.close()


def load_xlsx(
    path: str | Path,
    mapping: ColumnMapping | None = None,
    *,
    name: str | None = None,
    kind: EntryKind = EntryKind.PERSON,
) -> Watchlist:
    """Load the first sheet of an XLSX workbook: a header row, then one entry a row.

    Without ``mapping`` the header chooses it as for CSV files (see ``load_watchlist``).
    Rows that cannot be loaded are rejected with their row number and reason.
    """
    from paxscreen.watchlists.loader import mapping_for_header

    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise WatchlistFormatError(str(path), unreadable(exc)) from exc
    rows = sheet_rows(path)
    table: TableReader | None = None
    for number, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        if table is None:
            header = [cell.strip() for cell in cells]
            while header and not header[-1]:
                header.pop()
            chosen, chosen_kind = (
                (mapping, kind) if mapping is not None else mapping_for_header(path, set(header))
            )
            table = TableReader(path, chosen, name=name, kind=chosen_kind)
            table.set_header(header)
            continue
        table.add_row(number, cells)
    if table is None:
        raise WatchlistFormatError(str(path), "the first sheet is empty", line=1)
    return table.watchlist(version=hashlib.sha256(raw).hexdigest()[:16])
