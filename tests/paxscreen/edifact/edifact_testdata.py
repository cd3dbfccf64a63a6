"""Where the real carrier messages and the golden outputs live (imported by the tests)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aegis import datasets

GTAS = datasets.GTAS_MESSAGES
APIS = datasets.GTAS_PAXLST
PNR = datasets.GTAS_PNRGOV
GOLDEN = Path(__file__).resolve().parent / "golden"


def gtas_files() -> list[Path]:
    """Every GTAS message file, PAXLST first, sorted by name."""
    return sorted(APIS.iterdir()) + sorted(PNR.iterdir())


def first_difference(actual: Any, expected: Any, path: str = "$") -> str | None:
    """The JSON path of the first difference between two JSON values, or None."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in expected.keys() | actual.keys():
            if key not in actual or key not in expected:
                return f"{path}.{key} (missing on one side)"
            found = first_difference(actual[key], expected[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(expected, list) and isinstance(actual, list):
        if len(actual) != len(expected):
            return f"{path} (length {len(actual)} != {len(expected)})"
        for index, (left, right) in enumerate(zip(actual, expected, strict=True)):
            found = first_difference(left, right, f"{path}[{index}]")
            if found:
                return found
        return None
    if actual != expected:
        return f"{path}: {actual!r} != {expected!r}"
    return None
