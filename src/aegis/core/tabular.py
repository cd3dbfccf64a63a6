"""Tables in and out: CSV and XLSX exports of lists, and reading uploaded tables.

Readers return rows with the line number a person sees in a spreadsheet (the
header is line 1), so that import errors can name the row.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.reader.excel import ExcelReader
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse  # defusedxml's when installed, as openpyxl

FORMATS = ("csv", "xlsx")
_ROW_TAG = f"{{{SHEET_MAIN_NS}}}row"
MAX_IMPORT_ROWS = 20_000


@dataclass(frozen=True, slots=True)
class Row:
    line: int
    values: dict[str, str]


@dataclass(frozen=True, slots=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


class ImportFailed(Exception):
    """Raised with every bad row; nothing was saved."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        super().__init__(f"{len(errors)} error(s); nothing was imported")
        self.errors = list(errors)


@dataclass(frozen=True, slots=True)
class ImportResult:
    created: int
    updated: int


class TableError(ValueError):
    """The file as a whole cannot be read (format, header, size)."""


# A cell beginning with one of these is read as a formula by spreadsheet programs
# (OWASP "CSV injection"): such text is written with a leading apostrophe, as text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value`` as an export writes it: None as empty, text that a spreadsheet would run
    as a formula prefixed with an apostrophe; numbers and dates unchanged."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    """Every cell of ``row`` through ``safe_cell``: the one path of every export."""
    return [safe_cell(value) for value in row]


def table_response(
    *, columns: Sequence[str], rows: Iterable[Sequence[Any]], fmt: str, filename: str
) -> HttpResponse:
    """An attachment with ``rows`` under ``columns`` as CSV (UTF-8 with BOM) or XLSX."""
    if fmt == "xlsx":
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(filename[:31])
        sheet.append(safe_row(columns))
        for row in rows:
            sheet.append(safe_row(row))
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    elif fmt == "csv":
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(safe_row(columns))
        writer.writerows(safe_row(row) for row in rows)
        # The BOM lets spreadsheet programs read accents and non-Latin names right.
        response = HttpResponse("\ufeff" + text.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        raise TableError(_("Unknown format %(fmt)s: use csv or xlsx.") % {"fmt": fmt})
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def read_table(upload: IO[bytes], *, name: str, required: Sequence[str]) -> list[Row]:
    """Rows of an uploaded CSV or XLSX file (chosen by ``name``'s extension).

    The file is read as a stream, one line at a time, and reading stops at the first line
    past ``MAX_IMPORT_ROWS``: a small file that unpacks to millions of rows is refused
    before it fills the memory. Raises TableError when the file cannot be read, lacks a
    required column or has too many rows.
    """
    lowered = name.lower()
    if lowered.endswith(".xlsx"):
        header, records = _read_xlsx(upload)
    elif lowered.endswith(".csv"):
        header, records = _read_csv(upload)
    else:
        raise TableError(_("%(name)s is neither a .csv nor an .xlsx file.") % {"name": name})
    missing = [column for column in required if column not in header]
    if missing:
        raise TableError(
            _("Line 1: missing column(s) %(columns)s.") % {"columns": ", ".join(missing)}
        )
    rows = []
    for count, (line, record) in enumerate(records, start=1):
        # Blank lines count too: millions of them cost as much to read as full ones.
        if count > MAX_IMPORT_ROWS:
            raise TableError(
                _("Line %(line)s: more than %(n)s rows; nothing was imported. Split the file.")
                % {"line": line, "n": f"{MAX_IMPORT_ROWS:,}"}
            )
        values = {
            column: ("" if value is None else str(value)).strip()
            for column, value in zip(header, record, strict=False)
            if column
        }
        if any(values.values()):
            rows.append(Row(line, values))
    return rows


Records = Iterator[tuple[int, list[str]]]


def _read_csv(upload: IO[bytes]) -> tuple[list[str], Records]:
    text = io.TextIOWrapper(upload, encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    try:
        header = [column.strip() for column in next(reader)]
    except StopIteration:
        raise TableError(_("The file is empty.")) from None
    except UnicodeDecodeError as exc:
        raise TableError(_("The file is not UTF-8 text: %(error)s.") % {"error": exc}) from None
    except csv.Error as exc:
        raise TableError(_("Line 1: %(error)s") % {"error": exc}) from None

    def records() -> Records:
        try:
            for record in reader:
                yield reader.line_num, record
        except UnicodeDecodeError as exc:
            raise TableError(
                _("Line %(line)s: the file is not UTF-8 text: %(error)s.")
                % {"line": reader.line_num + 1, "error": exc}
            ) from None
        except csv.Error as exc:
            raise TableError(
                _("Line %(line)s: %(error)s") % {"line": reader.line_num, "error": exc}
            ) from None

    return header, records()


def _count_sheet_rows(upload: IO[bytes], *, stop_after: int) -> int:
    """The row elements of the workbook's first sheet, counted as a stream up to
    ``stop_after`` + 1.

    openpyxl, even read-only, parses a whole sheet that lacks a ``<dimension>`` element
    while opening it (to size it): 2 million rows took over a minute. Counting first,
    and stopping early, refuses such a file before openpyxl sees it.
    """
    reader = ExcelReader(upload, read_only=True)
    reader.read_manifest()
    reader.read_workbook()
    first = next(iter(reader.parser.find_sheets()), None)
    if first is None:
        return 0
    count = 0
    with reader.archive.open(first[1].target) as sheet:
        for _event, element in iterparse(sheet, events=("end",)):
            if element.tag == _ROW_TAG:
                count += 1
                if count > stop_after:
                    break
            element.clear()
    upload.seek(0)
    return count


def _read_xlsx(upload: IO[bytes]) -> tuple[list[str], Records]:
    try:
        rows = _count_sheet_rows(upload, stop_after=MAX_IMPORT_ROWS + 1)
    except Exception as exc:  # openpyxl and expat raise many kinds for a damaged file
        if _holds_no_worksheet(upload):
            raise TableError(str(_NO_SHEET)) from None
        raise TableError(_("Not a readable XLSX file: %(error)s.") % {"error": exc}) from None
    if rows > MAX_IMPORT_ROWS + 1:  # the header and the limit
        raise TableError(
            _("Line %(line)s: more than %(n)s rows; nothing was imported. Split the file.")
            % {"line": MAX_IMPORT_ROWS + 2, "n": f"{MAX_IMPORT_ROWS:,}"}
        )
    try:
        # read_only parses the sheet as it goes instead of building every cell first.
        workbook = load_workbook(upload, read_only=True, data_only=True)
        if not workbook.worksheets:
            raise TableError(str(_NO_SHEET))
        sheet = workbook.worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        first = next(lines)
    except StopIteration:
        raise TableError(_("The file is empty.")) from None
    except TableError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        if _holds_no_worksheet(upload):
            raise TableError(str(_NO_SHEET)) from None
        raise TableError(_("Not a readable XLSX file: %(error)s.") % {"error": exc}) from None
    header = ["" if cell is None else str(cell).strip() for cell in first]

    def records() -> Records:
        number = 1
        try:
            for number, record in enumerate(lines, start=2):
                yield number, ["" if cell is None else _cell_text(cell) for cell in record]
        except Exception as exc:  # a damaged sheet fails part-way
            raise TableError(
                _("Line %(line)s: not a readable XLSX row: %(error)s.")
                % {"line": number + 1, "error": exc}
            ) from None
        finally:
            workbook.close()

    return header, records()


_NO_SHEET = gettext_lazy("The workbook has no sheet to read: put the table on its first sheet.")


def _holds_no_worksheet(upload: IO[bytes]) -> bool:
    """Whether ``upload`` is an XLSX package without a single worksheet (no sheet at all, or
    chart sheets only): openpyxl then fails with an error that tells a user nothing."""
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as package:
            relations = package.read("xl/_rels/workbook.xml.rels")
    except (KeyError, OSError, zipfile.BadZipFile):
        return False
    return re.search(rb"relationships/worksheet[\"']", relations) is None


def _cell_text(cell: object) -> str:
    # Spreadsheets turn dates into datetimes and whole numbers into floats.
    if hasattr(cell, "date") and hasattr(cell, "hour"):
        return cell.date().isoformat()  # type: ignore[no-any-return]
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)
