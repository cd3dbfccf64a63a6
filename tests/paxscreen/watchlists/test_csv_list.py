from __future__ import annotations

from pathlib import Path

import pytest

from paxscreen.watchlists import (
    GTAS_MAPPING,
    DateKind,
    Document,
    ListedDate,
    RejectedRow,
    UnmappedNote,
    WatchlistFormatError,
    load_csv,
    load_watchlist,
)

from .conftest import GTAS_CSV


def test_gtas_list_loads_through_its_mapping() -> None:
    watchlist = load_watchlist(GTAS_CSV)

    assert watchlist.counts()["persons"] == 7
    ryan = watchlist.entries[1]
    assert ryan.primary_name == "ryan benson"
    assert ryan.dates_of_birth == (ListedDate(DateKind.EXACT, 1975, 11, 10),)
    assert ryan.documents == (Document("Visa", "883456", "USA"),)
    assert watchlist.ignored_fields == {"coc": 6, "email": 7, "phone": 7}
    assert watchlist.unmapped == ()


def test_unreadable_values_are_reported_not_dropped(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        "firstname,lastname,middlename,dob,documentcountry,documentnumber,documenttype\n"
        "Ahmed,Hashimi,,31-31-1980,Atlantis,X12345,P\n"
        ",,,,,,\n"
        "Ahmed,,,,,,\n"
        ",,,1980-01-01,,,\n"
    )

    watchlist = load_csv(path, GTAS_MAPPING)

    assert len(watchlist.entries) == 2
    assert watchlist.unmapped == (
        UnmappedNote("line 2, column documentcountry", "unknown country 'Atlantis'"),
        UnmappedNote("line 2, column dob", "unreadable date '31-31-1980'"),
    )
    # the blank row is skipped; a row with a date but no name is rejected, with its line
    assert watchlist.rejected == (RejectedRow(5, "row without a name", "column lastname"),)


def test_missing_column_names_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("firstname,lastname\nAhmed,Hashimi\n")

    with pytest.raises(
        WatchlistFormatError, match=r"list\.csv, line 1: missing column 'middlename'"
    ):
        load_csv(path, GTAS_MAPPING)


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_text("name;born\nAhmed;1980\n")

    with pytest.raises(WatchlistFormatError, match="unknown watchlist format"):
        load_watchlist(path)
