"""Issue 16: an import reads its file as a stream and stops at the row limit.

A 287 KB XLSX holding 2 million rows took 62 s and 636 MB before the 20,000-row limit
applied. The file here is built the smallest way that reproduces it: the sheet of an
openpyxl workbook rewritten with 2 million rows holding one number, which deflate
compresses to under 400 KB, as the attacker's 287 KB file did.
"""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from aegis.activities.exchange import REQUIRED
from aegis.activities.models import Activity
from aegis.core.roles import Role
from aegis.core.tabular import MAX_IMPORT_ROWS, TableError, read_table

MILLIONS = 2_000_000
# One number a row, as in the attacker's file: 26 bytes of XML that deflate shrinks ~180 times.
_ROW = "<row><c><v>1</v></c></row>"


def _xlsx_with_rows(count: int) -> bytes:
    """An XLSX whose first sheet has the activity import's header and ``count`` rows."""
    workbook = Workbook()
    workbook.active.append(REQUIRED)  # type: ignore[union-attr]
    small = io.BytesIO()
    workbook.save(small)
    big = io.BytesIO()
    with (
        zipfile.ZipFile(small) as source,
        zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for item in source.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                target.writestr(item, source.read(item))
                continue
            header = "".join(f'<c t="inlineStr"><is><t>{name}</t></is></c>' for name in REQUIRED)
            with target.open(item.filename, "w") as sheet:
                sheet.write(
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                    b'main"><sheetData><row>' + header.encode() + b"</row>"
                )
                chunk = (_ROW * 10_000).encode()
                for _ in range(count // 10_000):
                    sheet.write(chunk)
                sheet.write(b"</sheetData></worksheet>")
    return big.getvalue()


@pytest.fixture(scope="module")
def two_million_rows() -> bytes:
    return _xlsx_with_rows(MILLIONS)


def test_the_generated_file_is_as_small_as_the_attackers(two_million_rows: bytes) -> None:
    assert len(two_million_rows) < 400_000


def test_reading_stops_at_the_limit_with_bounded_memory(two_million_rows: bytes) -> None:
    tracemalloc.start()
    try:
        with pytest.raises(TableError) as refused:
            read_table(io.BytesIO(two_million_rows), name="activities.xlsx", required=REQUIRED)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert str(refused.value) == (
        "Line 20002: more than 20,000 rows; nothing was imported. Split the file."
    )
    assert peak < 50_000_000


def test_a_csv_stops_at_the_limit_too() -> None:
    lines = ",".join(REQUIRED) + "\n" + "x-1,Workshop,workshop,2020-09-14,IAEA\n" * 200_000
    upload = io.BytesIO(lines.encode())
    del lines
    tracemalloc.start()
    try:
        with pytest.raises(TableError, match="Line 20002: more than 20,000 rows"):
            read_table(upload, name="a.csv", required=REQUIRED)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert peak < 50_000_000


def test_the_limit_itself_is_accepted() -> None:
    rows = read_table(
        io.BytesIO(_xlsx_with_rows(MAX_IMPORT_ROWS)), name="a.xlsx", required=REQUIRED
    )

    assert (len(rows), rows[-1].line, rows[-1].values) == (
        20_000,
        20_001,
        {"external_id": "1"},
    )


@pytest.mark.django_db
def test_the_import_page_refuses_it_and_saves_nothing(
    two_million_rows: bytes, client_for: Callable[[Role | None], Client]
) -> None:
    client = client_for(Role.OFFICE_EDITOR)
    upload = SimpleUploadedFile("activities.xlsx", two_million_rows)

    tracemalloc.start()
    try:
        response = client.post("/activities/import/", {"file": upload})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert response.status_code == 200
    assert "more than 20,000 rows; nothing was imported" in response.content.decode()
    assert not Activity.objects.exists()
    assert peak < 50_000_000
