"""Gender cells as lists and travel documents write them, resolved to "male" / "female"."""

from __future__ import annotations

__all__ = ["resolve_gender"]

_GENDERS = {"m": "male", "male": "male", "man": "male", "f": "female", "female": "female",
            "woman": "female"}  # fmt: skip
# ICAO 9303 writes "X" (and "<") for unspecified; registries "other", "unspecified", "unknown".
_NEITHER = frozenset(
    {"", "u", "x", "<", "unknown", "other", "unspecified", "not specified", "diverse", "d", "o"}
)


def resolve_gender(text: str) -> tuple[str | None, bool]:
    """``(gender, understood)``: "male", "female" or ``None`` when the cell says neither.

    ``understood`` is false for a value that is no way of writing a gender (then ``None``).
    Other, X, unspecified and unknown say nothing for or against a listed gender.
    """
    folded = text.strip().casefold()
    gender = _GENDERS.get(folded)
    if gender is not None:
        return gender, True
    return None, folded in _NEITHER
