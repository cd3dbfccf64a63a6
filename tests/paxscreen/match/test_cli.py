from __future__ import annotations

import csv
from pathlib import Path

import pytest

from paxscreen.cli import main

from .conftest import GTAS_CSV, UN_XML

HEADER = (
    "query_id,full_name,first_name,middle_name,last_name,gender,date_of_birth,"
    "place_of_birth,nationality\n"
)


def test_match_writes_one_row_per_hit(tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text(HEADER + "1,KIM SOK CHOL,,,,M,1955,,kp\n2,,Peter,,Brown,,1980-01-02,,GB\n")
    hits = tmp_path / "hits.csv"

    code = main(["match", "--watchlist", str(UN_XML), "--watchlist", str(GTAS_CSV),
                 "--people", str(people), "--output", str(hits)])  # fmt: skip

    assert code == 0
    with hits.open() as handle:
        rows = list(csv.DictReader(handle))
    assert rows == [
        {
            "query_id": "1",
            "reference_number": "KPi.036",
            "score": "1.0000",
            "explanation": "name KIM = KIM; name SOK = SOK; name CHOL = CHOL; "
            "born 1955 in the listed year (1955-05-08); nationality PRK as listed",
        }
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("query_id,full_name\n1,KIM\n", "people.csv, line 1, column first_name: missing column"),
        (HEADER + "1,KIM SOK CHOL,,,,,19x5,,\n", "people.csv, line 2, column date_of_birth"),
        (HEADER + "1,KIM SOK CHOL,,,,,,,Atlantis\n", "people.csv, line 2, column nationality"),
        (HEADER + "1,,,,,,,,\n", "people.csv, line 2, column full_name: no name"),
    ],
)
def test_bad_people_file_fails_without_output_when_strict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    people = tmp_path / "people.csv"
    people.write_text(content)
    hits = tmp_path / "hits.csv"

    code = main(
        ["match", "--strict", "--watchlist", str(GTAS_CSV), "--people", str(people),
         "--output", str(hits)]
    )  # fmt: skip

    assert code == 2
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == [people]


def test_unknown_watchlist_format_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    listing = tmp_path / "list.txt"
    listing.write_text("name;born\n")
    people = tmp_path / "people.csv"
    people.write_text(HEADER)

    code = main(
        [
            "match",
            "--watchlist",
            str(listing),
            "--people",
            str(people),
            "--output",
            str(tmp_path / "h.csv"),
        ]
    )

    assert code == 2
    assert "list.txt, line 1: unknown watchlist format" in capsys.readouterr().err


def test_watchlist_info_counts_what_was_loaded(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["watchlist", "info", str(UN_XML)])

    out = capsys.readouterr().out
    assert code == 0
    assert "  persons: 709\n  entities: 305\n" in out
    assert (
        "LYi.026 INDIVIDUAL_DATE_OF_BIRTH/NOTE: date of birth given only as '29 years old'" in out
    )


def test_missing_people_file_fails_without_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["match", "--watchlist", str(GTAS_CSV), "--people", str(tmp_path / "absent.csv"),
         "--output", str(tmp_path / "hits.csv")]
    )  # fmt: skip

    assert code == 2
    assert "absent.csv: cannot read the file" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


# A real file: ICAO "X", "other", country names, an impossible date, a time-zone suffix.
REAL_PEOPLE = HEADER + (
    "1,KIM SOK CHOL,,,,other,1955,,Korea DPR\n"
    "2,AMINA DIALLO,,,,X,1974-01-32,,Ivory Coast\n"
    "3,HAJI OMAR,,,,unspecified,1960-01-01-05:00,,Brunei\n"
    "4,MARIA DA SILVA,,,,F,1981-02-03,,East Timor\n"
    "5,,,,,M,1980,,FR\n"
    "6,PETER BROWN,,,,,1980-01-02,,Atlantis\n"
)


def test_one_bad_cell_costs_that_cell_not_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    people = tmp_path / "people.csv"
    people.write_text(REAL_PEOPLE, encoding="utf-8")
    hits, rejects = tmp_path / "hits.csv", tmp_path / "rejects.csv"

    code = main(
        ["match", "--watchlist", str(UN_XML), "--people", str(people), "--output", str(hits),
         "--rejects", str(rejects)]
    )  # fmt: skip

    assert code == 0
    out, err = capsys.readouterr()
    assert "screened 5 people" in out
    with hits.open() as handle:
        assert [row["query_id"] for row in csv.DictReader(handle)] == ["1"]
    with rejects.open() as handle:
        assert list(csv.DictReader(handle)) == [
            {"line": "3", "column": "date_of_birth", "value": "1974-01-32",
             "reason": "'1974-01-32' has no day 32 in 1974-01: date of birth unknown"},
            {"line": "6", "column": "full_name", "value": "",
             "reason": "no name in any of the name columns: row not screened"},
            {"line": "7", "column": "nationality", "value": "Atlantis",
             "reason": "unknown country 'Atlantis': nationality unknown"},
        ]  # fmt: skip
    assert "3 cells read as unknown or rows left out (1 row not screened)" in err
    assert "people.csv, line 3, column date_of_birth: '1974-01-32' has no day 32" in err


def test_strict_mode_stops_at_the_first_bad_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    people = tmp_path / "people.csv"
    people.write_text(REAL_PEOPLE, encoding="utf-8")

    code = main(
        ["match", "--strict", "--watchlist", str(UN_XML), "--people", str(people),
         "--output", str(tmp_path / "hits.csv")]
    )  # fmt: skip

    assert code == 2
    assert "people.csv, line 3, column date_of_birth" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == [people]
