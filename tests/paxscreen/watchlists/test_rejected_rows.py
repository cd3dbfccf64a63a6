"""Every loader reports the rows it did not load, with line and reason (issue 15, point 6)."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest

from paxscreen.cli import main as paxscreen_main
from paxscreen.watchlists import (
    EntryKind,
    RejectedRow,
    WatchlistFormatError,
    diff,
    entry_changes,
    load_watchlist,
)

from .conftest import GTAS_CSV, UN_XML

HEADER = (
    "reference,full_name,aliases,date_of_birth,nationality,gender,document_number,"
    "document_type,document_country,kind,programme"
)
# Six listed persons as a national list writes them (names from the UN list); line 4 opens a
# quote it never closes, line 6 has an unquoted comma in the name.
SIX_PERSONS = "\n".join(
    [
        HEADER,
        "NAT-1,FAYSAL AHMAD BIN ALI AL-ZAHRANI,,1986-01-19,SAU,male,K142736,P,SAU,person,",
        "NAT-2,GHALIB ABDULLAH AL-ZAIDI,,1975,YEM,male,,,,person,",
        'NAT-3,"AIMAN MUHAMMED RABI AL-ZAWAHIRI,,1951-06-19,EGY,male,1084010,P,EGY,person,',
        "NAT-4,ABD-AL-MAJID AZIZ AL-ZINDANI,,1950,YEM,male,A005487,P,YEM,person,",
        "NAT-5,AL-ZUBAISI, UGLA ABID SAKR,,1944,IRQ,male,,,,person,",
        "NAT-6,HAMID HAMAD HAMID AL-'ALI,,1960-11-17,KWT,male,,,,person,",
    ]
)


@pytest.fixture
def six_persons(tmp_path: Path) -> Path:
    path = tmp_path / "national.csv"
    path.write_text(SIX_PERSONS + "\n", encoding="utf-8")
    return path


def test_a_malformed_csv_loads_the_good_rows_and_rejects_the_bad_ones(six_persons: Path) -> None:
    loaded = load_watchlist(six_persons)

    assert [entry.reference for entry in loaded.entries] == ["NAT-1", "NAT-2", "NAT-4", "NAT-6"]
    assert loaded.rejected == (
        RejectedRow(4, "unclosed quote: a cell cannot run onto the next line", "", "NAT-3"),
        RejectedRow(
            6, "12 cells where the header has 11 (an unquoted comma in a name?)", "", "NAT-5"
        ),
    )
    # the row after the unclosed quote is its own entry, read as written
    zindani = loaded.entries[2]
    assert (zindani.primary_name, zindani.nationalities) == (
        "ABD-AL-MAJID AZIZ AL-ZINDANI",
        ("YEM",),
    )
    assert loaded.counts()["rejected"] == 2


def test_rows_without_a_name_and_repeated_references_are_rejected(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        f"{HEADER}\nNAT-1,GHALIB ABDULLAH AL-ZAIDI,,1975,YEM,,,,,,\n"
        "NAT-2,,,1980,YEM,,,,,,\nNAT-1,UGLA ABID SAKR AL-ZUBAISI,,1944,IRQ,,,,,,\n"
    )

    loaded = load_watchlist(path)

    assert [str(row) for row in loaded.rejected] == [
        "line 3, column full_name: row without a name",
        "line 4, column reference: reference NAT-1 already on line 2",
    ]


def test_the_gtas_list_as_shipped_rejects_nothing() -> None:
    assert load_watchlist(GTAS_CSV).rejected == ()


def test_the_un_list_rejects_nothing_and_keeps_the_narrative_and_listing_date() -> None:
    loaded = load_watchlist(UN_XML)

    assert loaded.rejected == ()
    entry = next(e for e in loaded.entries if e.reference == "QDi.392")
    assert entry.listed_on == dt.date(2016, 4, 20)
    assert entry.summary.startswith("Was the lead oil and gas division official of Islamic State")
    assert loaded.counts()["entities"] == 305


def test_un_entries_without_reference_or_name_are_rejected_with_their_line(
    tmp_path: Path,
) -> None:
    lines = UN_XML.read_text(encoding="utf-8").splitlines()
    at = next(n for n, line in enumerate(lines) if "<REFERENCE_NUMBER>QDi.392<" in line)
    lines[at] = (
        lines[at]
        .replace("<FIRST_NAME>FAYSAL</FIRST_NAME>", "<FIRST_NAME/>")
        .replace(
            "<SECOND_NAME>AHMAD</SECOND_NAME><THIRD_NAME>BIN ALI</THIRD_NAME>"
            "<FOURTH_NAME>AL-ZAHRANI</FOURTH_NAME>",
            "",
        )
    )
    path = tmp_path / "consolidated.xml"
    path.write_text("\n".join(lines), encoding="utf-8")

    loaded = load_watchlist(path)

    assert loaded.rejected == (
        RejectedRow(at + 1, "no name (FIRST_NAME is empty)", "INDIVIDUAL QDi.392", "QDi.392"),
    )
    assert len(loaded.entries) == 1013


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


BORN_IN_EXCEL = dt.datetime(1986, 1, 19)  # noqa: DTZ001 - as openpyxl gives a date cell


def test_an_xlsx_list_loads_with_typed_cells_and_reports_rejected_rows(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "national.xlsx",
        [
            HEADER.split(","),
            # a date typed into Excel comes back as a naive datetime at midnight
            ["NAT-1", "FAYSAL AHMAD BIN ALI AL-ZAHRANI", None, BORN_IN_EXCEL, "Saudi Arabia"],
            ["NAT-2", None, None, 1975, "YEM", None, None, None, None, None, None],
            ["NAT-3", "GHALIB ABDULLAH AL-ZAIDI", None, 1975, "YEM"],
        ],
    )

    loaded = load_watchlist(path)

    assert [entry.reference for entry in loaded.entries] == ["NAT-1", "NAT-3"]
    assert str(loaded.entries[0].dates_of_birth[0]) == "1986-01-19"
    assert loaded.entries[0].nationalities == ("SAU",)
    assert [str(row) for row in loaded.rejected] == ["line 3, column full_name: row without a name"]


def test_a_list_of_lost_and_stolen_documents_is_typed(tmp_path: Path) -> None:
    path = tmp_path / "sltd.csv"
    path.write_text(
        "reference,document_number,document_type,issuing_country,listed_on\n"
        "SLTD-1,K142736,P,Saudi Arabia,2020-01-05\nSLTD-2,,P,YEM,2020-01-06\n"
    )

    loaded = load_watchlist(path)

    (stolen,) = loaded.entries
    assert (stolen.kind, stolen.documents[0].number, stolen.documents[0].issuing_country) == (
        EntryKind.DOCUMENT,
        "K142736",
        "SAU",
    )
    assert stolen.listed_on == dt.date(2020, 1, 5)
    assert [str(row) for row in loaded.rejected] == [
        "line 3, column document_number: listed document without a number"
    ]


def test_errors_name_the_file_never_its_folder(tmp_path: Path) -> None:
    with pytest.raises(WatchlistFormatError) as missing:
        load_watchlist(tmp_path / "absent.csv")
    with pytest.raises(WatchlistFormatError) as unknown:
        bad = tmp_path / "list.txt"
        bad.write_text("name;born\nAhmed;1980\n")
        load_watchlist(bad)

    for error in (missing.value, unknown.value):
        assert str(tmp_path) not in str(error)
    assert str(missing.value).startswith("absent.csv: cannot read the file")


def test_the_diff_names_the_changed_fields(six_persons: Path, tmp_path: Path) -> None:
    before = load_watchlist(six_persons)
    after_path = tmp_path / "national-2.csv"
    after_path.write_text(
        SIX_PERSONS.replace("1986-01-19,SAU", "1986-01-20,SAU").replace(
            "NAT-2,GHALIB ABDULLAH AL-ZAIDI,,1975,YEM,male,,,,person,\n", ""
        )
        + "\nNAT-7,MUHAMMAD JAWAD AL-SHUBAYLI,,,,,,,,person,\n"
    )
    after = load_watchlist(after_path)

    changes = diff(before, after)

    assert [e.reference for e in changes.added] == ["NAT-7"]
    assert [e.reference for e in changes.removed] == ["NAT-2"]
    assert [(old.reference, entry_changes(old, new)) for old, new in changes.changed] == [
        ("NAT-1", [("dates of birth", "1986-01-19", "1986-01-20")])
    ]


def test_watchlist_info_lists_the_rows_not_loaded(
    six_persons: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert paxscreen_main(["watchlist", "info", str(six_persons)]) == 0

    out = capsys.readouterr().out
    assert "  rejected: 2\n" in out
    assert out.endswith(
        "rows not loaded:\n"
        "  line 4: unclosed quote: a cell cannot run onto the next line\n"
        "  line 6: 12 cells where the header has 11 (an unquoted comma in a name?)\n"
    )


@pytest.mark.parametrize(
    "content",
    [
        b"PK\x03\x04 not a zip at all",
        "zip with a sheet of broken XML",
        "zip with an entity-laden sheet",
    ],
)
def test_a_damaged_or_hostile_workbook_is_refused_in_one_sentence(
    tmp_path: Path, content: bytes | str
) -> None:
    path = tmp_path / "national.xlsx"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        _workbook(path, [HEADER.split(","), ["NAT-1", "GHALIB ABDULLAH AL-ZAIDI"]])
        with zipfile.ZipFile(path) as original:
            parts = {name: original.read(name) for name in original.namelist()}
        sheet = "xl/worksheets/sheet1.xml"
        parts[sheet] = (
            b"<worksheet><sheetData><row><c t='inlineStr'><is><t>unclosed"
            if "broken" in content
            else b'<!DOCTYPE w [<!ENTITY e "boom">]><worksheet><sheetData/></worksheet>'
        )
        with zipfile.ZipFile(path, "w") as damaged:
            for name, data in parts.items():
                damaged.writestr(name, data)

    with pytest.raises(WatchlistFormatError) as refused:
        load_watchlist(path)

    assert str(refused.value).startswith("national.xlsx")
    assert str(tmp_path) not in str(refused.value)
