"""Country references (names, demonyms, ISO codes) resolved to ISO 3166 alpha-3 codes."""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources

import pycountry

from paxscreen.names import fold

__all__ = ["resolve_country"]

_QUALIFIER = re.compile(r"\(.*?\)|\..*$|,.*$")


@cache
def _country_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for country in pycountry.countries:
        code = str(country.alpha_3)
        table[fold(str(country.alpha_2))] = code
        table[fold(code)] = code
        for attribute in ("name", "official_name", "common_name"):
            value = getattr(country, attribute, None)
            if value:
                table.setdefault(fold(str(value)), code)
    text = resources.files("paxscreen.watchlists").joinpath("data", "country_aliases.csv")
    lines = [
        line for line in text.read_text("utf-8").splitlines() if line and not line.startswith("#")
    ]
    rows = csv.reader(lines)
    next(rows)
    for alias, code in rows:
        table[fold(alias)] = code
    return table


def resolve_country(text: str) -> str | None:
    """Return the ISO alpha-3 code that ``text`` names, or ``None`` if it names no country.

    Accepts alpha-2 and alpha-3 codes in any case, English names (short, official, common),
    demonyms ("Afghan") and names followed by a qualifier ("Bahrain (citizenship revoked…)").
    """
    table = _country_table()
    folded = fold(text)
    if not folded:
        return None
    code = table.get(folded)
    if code is None:
        code = table.get(fold(_QUALIFIER.sub("", text)))
    return code
