"""Reading real people files: one bad cell costs that cell, never the run (issue #15)."""

from __future__ import annotations

from pathlib import Path

import pytest

from paxscreen.match import CellProblem, PartialDate, PeopleFileError, Person, read_people

HEADER = (
    "query_id,full_name,first_name,middle_name,last_name,gender,date_of_birth,"
    "place_of_birth,nationality\n"
)
# Written the way registries and carriers write them: ICAO 9303 "X", "other", "unspecified",
# country names instead of codes, impossible dates and ISO dates with a time-zone suffix.
REAL_ROWS = (
    "1,AMINA DIALLO,,,,other,1980-04-02,,Ivory Coast\n"
    "2,HAJI OMAR,,,,X,1974-01-32,,Brunei\n"
    "3,MARIA DA SILVA,,,,unspecified,1960-01-01-05:00,,East Timor\n"
    "4,JOHN SMITH,,,,F,1971-07-01T00:00:00Z,,gb\n"
    "5,,Ali,,Hassan,unknown,1990,,Atlantis\n"
)


def _read(tmp_path: Path, content: str) -> tuple[list[Person], list[CellProblem]]:
    path = tmp_path / "people.csv"
    path.write_text(content, encoding="utf-8")
    problems: list[CellProblem] = []
    return list(read_people(path, on_problem=problems.append)), problems


def test_real_rows_are_all_read_and_bad_cells_become_unknown(tmp_path: Path) -> None:
    people, problems = _read(tmp_path, HEADER + REAL_ROWS)

    assert [p.query_id for p in people] == ["1", "2", "3", "4", "5"]
    # other / X / unspecified / unknown are accepted and say nothing for or against a listed gender
    assert [p.gender for p in people] == [None, None, None, "female", None]
    assert [p.nationality for p in people] == ["CIV", "BRN", "TLS", "GBR", None]
    assert [p.date_of_birth for p in people] == [
        PartialDate(1980, 4, 2),
        None,
        PartialDate(1960, 1, 1),
        PartialDate(1971, 7, 1),
        PartialDate(1990),
    ]
    assert [(p.line, p.column, p.value) for p in problems] == [
        (3, "date_of_birth", "1974-01-32"),
        (6, "nationality", "Atlantis"),
    ]
    assert problems[0].reason == "'1974-01-32' has no day 32 in 1974-01: date of birth unknown"
    assert problems[1].reason == "unknown country 'Atlantis': nationality unknown"


def test_a_row_without_any_name_is_reported_and_skipped(tmp_path: Path) -> None:
    people, problems = _read(tmp_path, HEADER + "1,,,,,M,1980,,FR\n2,PETER BROWN,,,,,,,\n")

    assert [p.query_id for p in people] == ["2"]
    assert [(p.line, p.column, p.reason) for p in problems] == [
        (2, "full_name", "no name in any of the name columns: row not screened")
    ]


def test_a_row_without_query_id_is_screened_under_its_line(tmp_path: Path) -> None:
    people, problems = _read(tmp_path, HEADER + ",PETER BROWN,,,,,,,\n")

    assert [p.query_id for p in people] == ["line 2"]
    assert [(p.column, p.reason) for p in problems] == [
        ("query_id", "empty query_id: screened as 'line 2'")
    ]


def test_strict_reading_still_stops_at_the_first_bad_cell(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(HEADER + REAL_ROWS, encoding="utf-8")

    with pytest.raises(PeopleFileError, match=r"people.csv, line 3, column date_of_birth"):
        list(read_people(path))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1960-01-01-05:00", PartialDate(1960, 1, 1)),
        ("1960-01-01+02:00", PartialDate(1960, 1, 1)),
        ("1960-01-01Z", PartialDate(1960, 1, 1)),
        ("1960-01-01T10:30:00-05:00", PartialDate(1960, 1, 1)),
        ("1960-01-01 10:30", PartialDate(1960, 1, 1)),
        ("1960-01", PartialDate(1960, 1)),
        ("1960", PartialDate(1960)),
    ],
)
def test_dates_lose_times_and_time_zones(text: str, expected: PartialDate) -> None:
    assert PartialDate.parse(text) == expected


@pytest.mark.parametrize("text", ["1974-01-32", "1974-13-01", "1974-02-30", "19x5", "1960-1-1x"])
def test_impossible_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=repr(text)):
        PartialDate.parse(text)
