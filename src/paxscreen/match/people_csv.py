"""Reading the people to screen from a CSV file, with errors that name file, line and column."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from paxscreen.match.model import PartialDate, Person
from paxscreen.watchlists import resolve_country

__all__ = ["PEOPLE_COLUMNS", "PeopleFileError", "read_people"]

PEOPLE_COLUMNS = (
    "query_id",
    "full_name",
    "first_name",
    "middle_name",
    "last_name",
    "gender",
    "date_of_birth",
    "place_of_birth",
    "nationality",
)
_GENDERS = {"m": "male", "male": "male", "f": "female", "female": "female"}
_UNKNOWN_GENDERS = frozenset({"", "u", "x", "unknown"})


class PeopleFileError(ValueError):
    """A people file is unusable; the message names file, line and column."""

    def __init__(self, path: str, line: int | None, column: str | None, message: str) -> None:
        where = path + (f", line {line}" if line is not None else "")
        where += f", column {column}" if column else ""
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
        self.column = column


def read_people(path: str | Path) -> Iterator[Person]:
    """Yield the people of a PEOPLE.csv file (UTF-8, header row, columns ``PEOPLE_COLUMNS``).

    Raises :class:`PeopleFileError` for a missing column, a row without ``query_id`` or name,
    a date not written YYYY, YYYY-MM or YYYY-MM-DD, an unknown country or gender.
    """
    path = Path(path)
    name = str(path)
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise PeopleFileError(name, None, None, f"cannot read the file: {exc}") from exc
    with handle:
        reader = csv.DictReader(handle)
        try:
            header = reader.fieldnames or []
        except (csv.Error, UnicodeDecodeError) as exc:
            raise PeopleFileError(name, 1, None, f"unreadable header: {exc}") from exc
        for column in PEOPLE_COLUMNS:
            if column not in header:
                raise PeopleFileError(name, 1, column, "missing column")
        line = 1
        try:
            for row in reader:
                line = reader.line_num
                yield _person(name, line, row)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise PeopleFileError(name, line + 1, None, f"unreadable row: {exc}") from exc


def _person(path: str, line: int, row: dict[str, str]) -> Person:
    values = {column: (row.get(column) or "").strip() for column in PEOPLE_COLUMNS}
    if not values["query_id"]:
        raise PeopleFileError(path, line, "query_id", "empty query_id")
    if not any(
        values[column] for column in ("full_name", "first_name", "middle_name", "last_name")
    ):
        raise PeopleFileError(path, line, "full_name", "no name in any of the name columns")
    date_of_birth = None
    if values["date_of_birth"]:
        try:
            date_of_birth = PartialDate.parse(values["date_of_birth"])
        except ValueError as exc:
            raise PeopleFileError(path, line, "date_of_birth", str(exc)) from exc
    nationality = None
    if values["nationality"]:
        nationality = resolve_country(values["nationality"])
        if nationality is None:
            raise PeopleFileError(
                path, line, "nationality", f"unknown country {values['nationality']!r}"
            )
    gender_text = values["gender"].casefold()
    if gender_text not in _GENDERS and gender_text not in _UNKNOWN_GENDERS:
        raise PeopleFileError(path, line, "gender", f"unknown gender {values['gender']!r}")
    return Person(
        query_id=values["query_id"],
        full_name=values["full_name"],
        given_name=values["first_name"],
        middle_name=values["middle_name"],
        surname=values["last_name"],
        gender=_GENDERS.get(gender_text),
        date_of_birth=date_of_birth,
        nationality=nationality,
    )
