"""What is screened (a person) and what screening returns (matches)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from paxscreen.watchlists import Document

__all__ = ["Match", "PartialDate", "Person"]

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
# what may follow a full date: a time ("T10:30", " 10:30:00") and/or a time zone ("Z", "+02:00",
# "-05:00"), as ISO 8601 and XML Schema write them (xs:date allows "1960-01-01-05:00")
_TIME_OR_ZONE = re.compile(
    r"^(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$"
)


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date of birth as far as it is known: a year, a month or a day."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raises ``ValueError`` otherwise.

        A time and a time-zone suffix after a full date are dropped ("1960-01-01-05:00",
        "1960-01-01T10:30:00Z"); an impossible date ("1974-01-32") is an error.
        """
        stripped = text.strip()
        timed = _TIME_OR_ZONE.match(stripped)
        match = _PARTIAL_DATE.match(timed.group(1) if timed else stripped)
        if match is None:
            raise ValueError(f"{text!r} is not a date as YYYY, YYYY-MM or YYYY-MM-DD")
        year = int(match.group(1))
        month, day = (int(part) if part else None for part in match.groups()[1:])
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"{text!r} has no month {month}")
        if month is not None and day is not None:
            try:
                dt.date(year, month, day)
            except ValueError:
                raise ValueError(f"{text!r} has no day {day} in {year}-{month:02d}") from None
        return cls(year, month, day)

    def __str__(self) -> str:
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return f"{self.year}-{self.month:02d}"
        return f"{self.year}-{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True, slots=True)
class Person:
    """A traveller to screen. Give ``full_name`` or the name parts (or both: parts win)."""

    query_id: str
    full_name: str = ""
    given_name: str = ""
    middle_name: str = ""
    surname: str = ""
    gender: str | None = None  # "male" / "female"
    date_of_birth: PartialDate | None = None
    nationality: str | None = None  # ISO alpha-3
    documents: tuple[Document, ...] = ()


@dataclass(frozen=True, slots=True)
class Match:
    """A watchlist entry that a person matched at or above the threshold."""

    entry_reference: str
    score: float
    explanations: tuple[str, ...]
    algorithm_version: str
    watchlist: str = ""
    matched_name: str = ""
