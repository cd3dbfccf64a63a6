"""Who a traveller is, as far as a false-match decision may rely on it.

A suppression must never silence a namesake, so it is keyed by identifying data only:
each travel document (number and issuing country) or, when the traveller has no
document with both, name, date of birth and nationality together. A traveller with
neither has no identity here, and a false-match decision on them suppresses nothing.
The values are kept as keyed digests (HMAC-SHA256 with the installation's secret), so a
suppression holds no readable personal data and outlives the traveller's masking.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

__all__ = ["Identity", "traveller_identities"]

DOCUMENT = "document"
PERSON = "person"


@dataclass(frozen=True, slots=True)
class Identity:
    kind: str  # DOCUMENT or PERSON (Suppression.IdentityKind)
    digest: str


def _clean(text: str | None) -> str:
    return "".join(char for char in (text or "").upper() if char.isalnum())


def _digest(*parts: str) -> str:
    message = "|".join(parts).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def traveller_identities(
    *,
    surname: str,
    given_names: str,
    date_of_birth: dt.date | None,
    nationality: str,
    documents: Iterable[tuple[str, str]],
) -> list[Identity]:
    """The identities of a traveller: one per document ``(number, issuing country)`` with
    both known; else name + date of birth + nationality when all are known; else none."""
    found = []
    for raw_number, raw_country in documents:
        if "•" in raw_number:
            continue  # masked by retention: no longer identifies anyone
        number, country = _clean(raw_number), _clean(raw_country)
        if number and country:
            found.append(Identity(DOCUMENT, _digest(DOCUMENT, country, number)))
    if found:
        return list(dict.fromkeys(found))
    names = [_clean(surname), *(_clean(part) for part in given_names.split())]
    if _clean(surname) and len([n for n in names if n]) >= 2 and date_of_birth and nationality:
        return [
            Identity(
                PERSON,
                _digest(PERSON, *names, date_of_birth.isoformat(), _clean(nationality)),
            )
        ]
    return []
