"""Activity dates as the office writes them: one or more days and runs of days.

``parse_periods("2020-09-21/2020-09-23, 2020-09-24")`` or
``parse_periods("21-23 & 24 Sep 2020")`` give the same two periods, and
``format_periods`` writes them back as the newsletter does: "21-23 & 24 Sep".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_LONG = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ISO_RUN = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:\s*(?:/|to|–|—)\s*(\d{4}-\d{2}-\d{2}))?$")
_NEWSLETTER = re.compile(r"^(?P<days>[\d\s,&\-–]+?)\s+(?P<month>[A-Za-z]+)\.?\s+(?P<year>\d{4})$")


_MONTH_NAMED = re.compile(r"^(?P<month>[A-Za-z]+)\.?\s+(?P<year>\d{4})$")
_MONTH_ISO = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})$")


class PeriodError(ValueError):
    """A date text that cannot be read; the message says which part and why."""


@dataclass(frozen=True, order=True, slots=True)
class Period:
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError(f"{self.end.isoformat()} is before {self.start.isoformat()}.")


def _iso(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PeriodError(f"{text!r} is not a date (YYYY-MM-DD).") from None


def _newsletter(match: re.Match[str]) -> list[Period]:
    month_text = match["month"][:3].lower()
    if month_text not in _MONTHS:
        raise PeriodError(f"{match['month']!r} is not a month.")
    month, year = _MONTHS.index(month_text) + 1, int(match["year"])
    periods = []
    for part in re.split(r"\s*(?:,|&)\s*", match["days"].strip()):
        first, _, last = part.replace("–", "-").partition("-")
        try:
            periods.append(
                Period(date(year, month, int(first)), date(year, month, int(last or first)))
            )
        except ValueError as exc:
            raise PeriodError(f"{part!r} in {match[0]!r}: {exc}") from None
    return periods


def parse_periods(text: str) -> list[Period]:
    """Read "2020-09-03, 2020-09-10/2020-09-12" or "3, 10-12 Sep 2020" into sorted periods.

    Raises PeriodError naming the part that could not be read.
    """
    text = text.strip()
    if not text:
        raise PeriodError("No date given.")
    newsletter = _NEWSLETTER.match(text)
    if newsletter:
        return sorted(_newsletter(newsletter))
    periods = []
    for part in re.split(r"\s*[,;]\s*", text):
        run = _ISO_RUN.match(part)
        if run is None:
            raise PeriodError(
                f"{part!r} is neither a date (YYYY-MM-DD), a run (YYYY-MM-DD/YYYY-MM-DD) "
                "nor days of a month (3, 10 & 26 Sep 2020)."
            )
        start = _iso(run[1])
        periods.append(Period(start, _iso(run[2]) if run[2] else start))
    return sorted(periods)


def parse_month(text: str) -> date:
    """The first day of the month written "Jul 2020", "July 2020" or "2020-07".

    Raises PeriodError when ``text`` is not a month of a year.
    """
    text = text.strip()
    named, iso = _MONTH_NAMED.match(text), _MONTH_ISO.match(text)
    if named and named["month"][:3].lower() in _MONTHS:
        full = named["month"].lower().rstrip(".")
        if _LONG[_MONTHS.index(full[:3])].lower().startswith(full):
            return date(int(named["year"]), _MONTHS.index(full[:3]) + 1, 1)
    if iso and 1 <= int(iso["month"]) <= 12:
        return date(int(iso["year"]), int(iso["month"]), 1)
    raise PeriodError(f'{text!r} is not a month: write "Jul 2020", "July 2020" or "2020-07".')


def month_period(text: str) -> Period:
    """The whole month written as ``parse_month`` reads it, as one period."""
    first = parse_month(text)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return Period(first, date.fromordinal(following.toordinal() - 1))


def merge_periods(periods: Iterable[Period]) -> list[Period]:
    """Sorted, with overlapping periods joined (adjacent days stay apart, as written)."""
    merged: list[Period] = []
    for period in sorted(periods):
        if merged and period.start <= merged[-1].end:
            merged[-1] = Period(merged[-1].start, max(merged[-1].end, period.end))
        else:
            merged.append(period)
    return merged


def _days(period: Period) -> str:
    if period.start == period.end:
        return str(period.start.day)
    return f"{period.start.day}-{period.end.day}"


def _join(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} & {parts[-1]}"


def format_periods(periods: Iterable[Period], *, long_months: bool = False) -> str:
    """Write periods as the newsletter does: "3, 10 & 26 Sep", "21-23 & 24 Sep", "14 September"."""
    names = _LONG if long_months else _SHORT
    ordered = sorted(periods)
    pieces = []
    for (year, month), group in groupby(ordered, key=lambda p: (p.start.year, p.start.month)):
        in_month: list[Period] = []
        crossing: list[Period] = []
        for period in group:
            (in_month if (period.end.year, period.end.month) == (year, month) else crossing).append(
                period
            )
        if in_month:
            pieces.append(f"{_join([_days(p) for p in in_month])} {names[month - 1]}")
        pieces.extend(
            f"{p.start.day} {names[p.start.month - 1]}-{p.end.day} {names[p.end.month - 1]}"
            for p in crossing
        )
    return _join(pieces) if pieces else ""
