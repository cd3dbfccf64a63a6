"""Reading the people to screen from a CSV file, with errors that name file, line and column.

Real files carry cells no reader foresaw (a date "1974-01-32", a country "Atlantis"). Read
tolerantly (``on_problem`` given), such a cell is taken as unknown for that row and reported as
a :class:`CellProblem`; the row is still screened with what it has. Only a row without any name
is left out (and reported). Read strictly (no ``on_problem``), the first problem raises
:class:`PeopleFileError`. A file that cannot be read as CSV at all raises in both modes.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from paxscreen.match.model import PartialDate, Person
from paxscreen.watchlists import resolve_country, resolve_gender

__all__ = ["PEOPLE_COLUMNS", "CellProblem", "PeopleFileError", "read_people"]

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
_NAME_COLUMNS = ("full_name", "first_name", "middle_name", "last_name")


class PeopleFileError(ValueError):
    """A people file is unusable; the message names file, line and column."""

    def __init__(self, path: str, line: int | None, column: str | None, message: str) -> None:
        where = path + (f", line {line}" if line is not None else "")
        where += f", column {column}" if column else ""
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
        self.column = column


@dataclass(frozen=True, slots=True)
class CellProblem:
    """A cell read as unknown (or a row left out), with what was done about it."""

    line: int
    column: str
    value: str
    reason: str  # e.g. "'1974-01-32' has no day 32 in 1974-01: date of birth unknown"


class _Problem(Exception):
    def __init__(self, column: str, value: str, reason: str, consequence: str) -> None:
        super().__init__(reason)
        self.column, self.value, self.reason, self.consequence = column, value, reason, consequence


def read_people(
    path: str | Path, *, on_problem: Callable[[CellProblem], None] | None = None
) -> Iterator[Person]:
    """Yield the people of a PEOPLE.csv file (UTF-8, header row, columns ``PEOPLE_COLUMNS``).

    Without ``on_problem`` (strict), raises :class:`PeopleFileError` for a row without
    ``query_id`` or name, a date not written YYYY, YYYY-MM or YYYY-MM-DD (a time or time zone
    after it is dropped), an unknown country or gender. With it, each such cell is reported
    and read as unknown. A missing column or an unreadable file raises in both modes.
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
                person = _person(name, line, row, on_problem)
                if person is not None:
                    yield person
        except (csv.Error, UnicodeDecodeError) as exc:
            raise PeopleFileError(name, line + 1, None, f"unreadable row: {exc}") from exc


def _person(
    path: str, line: int, row: dict[str, str], on_problem: Callable[[CellProblem], None] | None
) -> Person | None:
    values = {column: (row.get(column) or "").strip() for column in PEOPLE_COLUMNS}

    def problem(error: _Problem) -> None:
        if on_problem is None:
            raise PeopleFileError(path, line, error.column, error.reason)
        on_problem(
            CellProblem(line, error.column, error.value, f"{error.reason}: {error.consequence}")
        )

    if not any(values[column] for column in _NAME_COLUMNS):
        problem(_Problem("full_name", "", "no name in any of the name columns", "row not screened"))
        return None
    query_id = values["query_id"]
    if not query_id:
        query_id = f"line {line}"
        problem(_Problem("query_id", "", "empty query_id", f"screened as {query_id!r}"))
    date_of_birth = None
    if text := values["date_of_birth"]:
        try:
            date_of_birth = PartialDate.parse(text)
        except ValueError as exc:
            problem(_Problem("date_of_birth", text, str(exc), "date of birth unknown"))
    nationality = None
    if text := values["nationality"]:
        nationality = resolve_country(text)
        if nationality is None:
            problem(
                _Problem("nationality", text, f"unknown country {text!r}", "nationality unknown")
            )
    gender, understood = resolve_gender(values["gender"])
    if not understood:
        problem(
            _Problem("gender", values["gender"], f"unknown gender {values['gender']!r}",
                     "gender unknown")
        )  # fmt: skip
    return Person(
        query_id=query_id,
        full_name=values["full_name"],
        given_name=values["first_name"],
        middle_name=values["middle_name"],
        surname=values["last_name"],
        gender=gender,
        date_of_birth=date_of_birth,
        nationality=nationality,
    )
