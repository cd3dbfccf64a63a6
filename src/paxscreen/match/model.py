"""What is screened (a person) and what screening returns (matches)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from paxscreen.watchlists import Document

__all__ = ["Match", "PartialDate", "Person"]

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date of birth as far as it is known: a year, a month or a day."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raises ``ValueError`` otherwise."""
        match = _PARTIAL_DATE.match(text.strip())
        if match is None:
            raise ValueError(f"{text!r} is not a date as YYYY, YYYY-MM or YYYY-MM-DD")
        year = int(match.group(1))
        month, day = (int(part) if part else None for part in match.groups()[1:])
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"{text!r} has no month {month}")
        if month is not None and day is not None:
            dt.date(year, month, day)  # raises ValueError for an impossible day
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
