"""Airports by IATA code and the country each is in, from ``airportsdata`` (MIT).

The data set is maintained from the IATA and ICAO registers (about 7,900 airports with an
IATA code). Countries come as ISO alpha-2 and are given here as alpha-3, the code the
rest of paxscreen uses; Kosovo (``XK``, no ISO code) is ICAO 9303's ``RKS``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import airportsdata
import pycountry

__all__ = ["Airport", "airport", "airport_country"]

# Codes the data set uses that ISO 3166 does not assign.
_USER_ASSIGNED = {"XK": "RKS"}


@dataclass(frozen=True, slots=True)
class Airport:
    iata: str
    name: str
    city: str
    country: str  # ISO 3166 alpha-3 (or ICAO 9303's code where ISO has none)
    tz: str


def _alpha_3(alpha_2: str) -> str:
    if alpha_2 in _USER_ASSIGNED:
        return _USER_ASSIGNED[alpha_2]
    country = pycountry.countries.get(alpha_2=alpha_2)
    return str(country.alpha_3) if country is not None else alpha_2


@cache
def _airports() -> dict[str, Airport]:
    return {
        code: Airport(
            iata=code,
            name=row["name"],
            city=row["city"],
            country=_alpha_3(row["country"]),
            tz=row["tz"],
        )
        for code, row in airportsdata.load("IATA").items()
    }


def airport(code: str) -> Airport | None:
    """The airport with IATA ``code`` (any case), or ``None`` when no airport has it."""
    return _airports().get(code.strip().upper())


def airport_country(code: str) -> str | None:
    """The alpha-3 country of the airport with IATA ``code``, or ``None`` when unknown."""
    found = airport(code)
    return found.country if found is not None else None
