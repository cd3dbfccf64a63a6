"""Values read from PNRGOV free text and composite elements, shared by the group readers.

Names with titles (``JOHNMR``), contacts in OSI/IFT text, record locators, agencies,
and memoised forms of the date and amount parsers: a push repeats the same dates and
fares for hundreds of travellers, and the results are immutable, so each distinct
value is parsed once.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from functools import cache
from importlib import resources

from paxscreen.edifact.codes import parse_amount, parse_datetime, parse_ddmonyy
from paxscreen.edifact.model import Agency, Contact, RecordLocator
from paxscreen.edifact.segments import component, padded

__all__ = [
    "agency",
    "amount",
    "contact_from_text",
    "ddmonyy",
    "locators",
    "moment",
    "split_title",
]


@cache
def _titles() -> tuple[str, ...]:
    data = json.loads(
        resources.files("paxscreen.edifact").joinpath("data/name_titles.json").read_text()
    )
    titles: list[str] = data["titles"]
    return tuple(titles)


_TITLES: dict[str, tuple[tuple[str, ...], str | None]] = {}


def split_title(given: str) -> tuple[tuple[str, ...], str | None]:
    """``"JOHNMR"`` → ``(("JOHN",), "MR")``; ``"KONG CHUN MRS"`` → ``(("KONG", "CHUN"), "MRS")``.

    Memoised: a push repeats the same given names (the result is immutable).
    """
    try:
        return _TITLES[given]
    except KeyError:
        pass
    if len(_TITLES) > _CACHE_LIMIT:
        _TITLES.clear()
    result = _TITLES[given] = _split_title(given)
    return result


def _split_title(given: str) -> tuple[tuple[str, ...], str | None]:
    words = given.split()
    if not words:
        return (), None
    last = words[-1]
    for title in _titles():
        if last == title and len(words) > 1:
            return tuple(words[:-1]), title
        if last.endswith(title) and len(last) - len(title) >= 2:
            return (*words[:-1], last[: -len(title)]), title
    return tuple(words), None


_PHONE_PREFIXES = ("CTCR", "CTCH", "CTCB", "CTCM", "CTCP", "CTCT", "CTCA", "CTCF", "CTC M", "CTC")


def _decode_email(text: str) -> str:
    # IATA free-text encoding of e-mail addresses: // is @, .. is _, ./ is -.
    return text.replace("//", "@").replace("..", "_").replace("./", "-")


def contact_from_text(text: str, source: str) -> Contact | None:
    """A phone or e-mail contact from an OSI/free text such as ``CTCE JOHN..DOE//MAIL.COM``."""
    body = text.strip()
    upper = body.upper()
    if not upper.startswith("CTC"):
        return None  # every prefix below starts so
    for prefix in ("CTCE", "CTC E"):
        if upper.startswith(prefix):
            value = body[len(prefix) :].strip()
            return Contact("email", _decode_email(value), prefix.replace(" ", ""), source)
    for prefix in _PHONE_PREFIXES:
        if upper.startswith(prefix):
            value = body[len(prefix) :].strip()
            if not value:
                return None
            return Contact("phone", value, prefix.replace(" ", ""), source)
    return None


_MOMENTS: dict[tuple[str, str], dt.datetime | None] = {}
_DAYS: dict[tuple[str, int], dt.date | None] = {}
_AMOUNTS: dict[tuple[str, str], Decimal | None] = {}
_CACHE_LIMIT = 50_000  # bounded: hostile input cannot grow them without end


def moment(date: str, time: str) -> dt.datetime | None:
    """``parse_datetime(date, time)`` (PNRGOV DDMMYY and HHMM), memoised."""
    key = (date, time)
    try:
        return _MOMENTS[key]
    except KeyError:
        pass
    if len(_MOMENTS) > _CACHE_LIMIT:
        _MOMENTS.clear()
    result = _MOMENTS[key] = parse_datetime(date, time)
    return result


def ddmonyy(value: str, pivot: int = 99) -> dt.date | None:
    """``parse_ddmonyy(value, pivot)`` (SSR dates such as ``12JUL64``), memoised."""
    key = (value, pivot)
    try:
        return _DAYS[key]
    except KeyError:
        pass
    if len(_DAYS) > _CACHE_LIMIT:
        _DAYS.clear()
    result = _DAYS[key] = parse_ddmonyy(value, pivot)
    return result


def amount(value: str, decimal_mark: str) -> Decimal | None:
    """``parse_amount(value, decimal_mark)``, memoised."""
    key = (value, decimal_mark)
    try:
        return _AMOUNTS[key]
    except KeyError:
        pass
    if len(_AMOUNTS) > _CACHE_LIMIT:
        _AMOUNTS.clear()
    result = _AMOUNTS[key] = parse_amount(value, decimal_mark)
    return result


def locators(elements: list[list[str]]) -> list[RecordLocator]:
    """The record locators of an RCI segment (one per element)."""
    found = []
    for element in elements[1:]:
        parts = [part.strip() for part in element] + ["", "", "", "", ""]
        if not parts[1]:
            continue
        if len(parts[2]) == 6 and parts[2].isdigit():
            created = moment(parts[2], parts[3] or "0000")
        else:
            created = moment(parts[3], parts[4] or "0000") if parts[3] else None
        found.append(RecordLocator(parts[0] or None, parts[1], created))
    return found


def agency(elements: list[list[str]], country: str | None) -> Agency:
    """The agency of an ORG segment, its country already read."""
    system = padded(elements, 1, 2)
    agent = padded(elements, 2, 2)
    count = len(elements)
    # Positional, in field order: system, location, IATA number, agent, city,
    # originator type, country, currency, agent id (one per booking; keywords cost twice).
    return Agency(
        system[0] or None,
        system[1] or None,
        agent[0] or None,
        agent[1] or None,
        (elements[3][0].strip() if count > 3 else "") or None,
        (elements[5][0].strip() if count > 5 else "") or None,
        country,
        component(elements, 6, 1) or None,
        (elements[7][0].strip() if count > 7 else "") or None,
    )
