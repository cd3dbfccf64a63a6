"""Country references (names, demonyms, ISO codes) resolved to ISO 3166 alpha-3 codes.

The one country table of the watchlists and the people readers: ``countrynames``
(OpenSanctions' maintained table of English and other-language names, variants such as
"Ivory Coast", "Brunei", "East Timor", demonyms and ISO codes in any case), with a few phrases
found in watchlists on top (``data/country_aliases.csv``).
"""

from __future__ import annotations

import csv
import re
from functools import cache, lru_cache
from importlib import resources

import countrynames

from paxscreen.names import fold

__all__ = ["resolve_country"]

_QUALIFIER = re.compile(r"\(.*?\)|\..*$|,.*$")


@cache
def _aliases() -> dict[str, str]:
    text = resources.files("paxscreen.watchlists").joinpath("data", "country_aliases.csv")
    lines = [
        line for line in text.read_text("utf-8").splitlines() if line and not line.startswith("#")
    ]
    rows = csv.reader(lines)
    next(rows)
    return {fold(alias): code for alias, code in rows}


def _lookup(text: str) -> str | None:
    folded = fold(text)
    if not folded:
        return None
    code = _aliases().get(folded)
    if code is None:
        code = countrynames.to_code_3(text)
    return code


@lru_cache(maxsize=4096)
def resolve_country(text: str) -> str | None:
    """Return the ISO alpha-3 code that ``text`` names, or ``None`` if it names no country.

    Accepts alpha-2 and alpha-3 codes in any case, English names and their common variants,
    demonyms ("Afghan") and names followed by a qualifier ("Bahrain (citizenship revoked…)").
    """
    code = _lookup(text)
    if code is None:
        stripped = _QUALIFIER.sub("", text)
        if stripped != text:
            code = _lookup(stripped)
    return code
