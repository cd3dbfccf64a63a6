"""Country codes and EDIFACT date/time values.

Countries are normalised to ISO 3166-1 alpha-3 (PAXLST's own convention); the
tables come from ``pycountry`` plus ``data/country_aliases.json`` and are built
once. Dates are parsed with a small cache because manifests repeat them a lot.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources

__all__ = [
    "country_alpha3",
    "country_table",
    "parse_amount",
    "parse_date",
    "parse_datetime",
    "parse_ddmonyy",
]


@cache
def country_table() -> dict[str, str]:
    """Every accepted country code (alpha-2, alpha-3, aliases) → alpha-3. Built once."""
    import pycountry

    table: dict[str, str] = {}
    for country in pycountry.countries:
        table[country.alpha_3] = country.alpha_3
        table[country.alpha_2] = country.alpha_3
    data = json.loads(
        resources.files("paxscreen.edifact").joinpath("data/country_aliases.json").read_text()
    )
    table.update(data["aliases"])
    for code in data["keep"]:
        table[code] = code
    return table


def country_alpha3(value: str | None) -> tuple[str | None, bool]:
    """Return ``(code, recognised)``: the alpha-3 code, or the raw value and ``False``."""
    if not value:
        return None, True
    code = value.strip().upper()
    if not code:
        return None, True
    known = country_table().get(code)
    if known is None:
        return code, False
    return known, True


_DATE_CACHE: dict[tuple[str, int], dt.date | None] = {}


def _year(two_digits: int, pivot: int) -> int:
    """Expand a two-digit year: years above ``pivot`` are 19xx, the rest 20xx."""
    return 1900 + two_digits if two_digits > pivot else 2000 + two_digits


def parse_date(value: str, pivot: int = 99) -> dt.date | None:
    """Parse YYMMDD or CCYYMMDD; ``None`` when it is not a valid date.

    ``pivot`` decides the century of two-digit years (birth dates use the
    interchange year, expiry dates 99, i.e. always 20xx).
    """
    key = (value, pivot)
    try:
        return _DATE_CACHE[key]
    except KeyError:
        pass
    result: dt.date | None = None
    text = value.strip()
    try:
        if len(text) == 6 and text.isdigit():
            result = dt.date(_year(int(text[:2]), pivot), int(text[2:4]), int(text[4:6]))
        elif len(text) == 8 and text.isdigit():
            result = dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        result = None
    if len(_DATE_CACHE) > 100_000:
        _DATE_CACHE.clear()
    _DATE_CACHE[key] = result
    return result


def parse_datetime(
    value: str, time: str | None = None, fmt: str | None = None
) -> dt.datetime | None:
    """Parse an EDIFACT date-time.

    Formats: 201 (YYMMDDHHMM), 203 (CCYYMMDDHHMM), 102 (CCYYMMDD) and 101
    (YYMMDD); without a format the length decides. PNRGOV writes the date as
    DDMMYY and the time separately: pass ``time`` (HHMM, or HHMMSS) for that.
    """
    text = value.strip()
    try:
        if time is not None:
            if len(text) != 6 or not text.isdigit():
                return None
            clock = time.strip()
            hour = int(clock[:2]) if len(clock) >= 4 else 0
            minute = int(clock[2:4]) if len(clock) >= 4 else 0
            second = int(clock[4:6]) if len(clock) >= 6 else 0
            return dt.datetime(  # noqa: DTZ001 - EDIFACT times carry no zone
                2000 + int(text[4:6]), int(text[2:4]), int(text[:2]), hour, minute, second
            )
        if not text.isdigit():
            return None
        if fmt == "203" or (fmt is None and len(text) == 12):
            return dt.datetime(  # noqa: DTZ001
                int(text[:4]), int(text[4:6]), int(text[6:8]), int(text[8:10]), int(text[10:12])
            )
        if fmt == "201" or (fmt is None and len(text) == 10):
            return dt.datetime(  # noqa: DTZ001
                2000 + int(text[:2]),
                int(text[2:4]),
                int(text[4:6]),
                int(text[6:8]),
                int(text[8:10]),
            )
        if fmt == "102" or len(text) == 8:
            return dt.datetime(int(text[:4]), int(text[4:6]), int(text[6:8]))  # noqa: DTZ001
        if len(text) == 6:
            return dt.datetime(2000 + int(text[:2]), int(text[2:4]), int(text[4:6]))  # noqa: DTZ001
    except ValueError:
        return None
    return None


_MONTHS = {
    name: number
    for number, name in enumerate(
        ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), 1
    )
}


def parse_ddmonyy(value: str, pivot: int = 99) -> dt.date | None:
    """Parse the SSR form ``12JUL64``; ``None`` when invalid."""
    text = value.strip().upper()
    if len(text) != 7:
        return None
    month = _MONTHS.get(text[2:5])
    if month is None or not text[:2].isdigit() or not text[5:].isdigit():
        return None
    try:
        return dt.date(_year(int(text[5:]), pivot), month, int(text[:2]))
    except ValueError:
        return None


def parse_amount(value: str, decimal_mark: str = ".") -> Decimal | None:
    """Parse a numeric value written with the interchange's decimal mark."""
    text = value.strip()
    if not text:
        return None
    if decimal_mark != ".":
        text = text.replace(decimal_mark, ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None
