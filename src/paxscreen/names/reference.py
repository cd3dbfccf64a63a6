"""Reference data of the name pipeline, read once from the files in ``data/``."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["NameReference", "name_reference"]


@dataclass(frozen=True, slots=True)
class NameReference:
    """Honorifics to drop, particles to join or drop, variant spellings to unify, and name
    words too common in the world's population to identify anyone on their own."""

    honorifics: frozenset[str]
    joined_particles: frozenset[str]
    dropped_connectors: frozenset[str]
    variants: dict[str, str]
    common: frozenset[str]
    # script -> ((anyascii spelling, practical spelling), ...)
    transliteration: dict[str, tuple[tuple[str, str], ...]]


def _data_lines(filename: str) -> list[str]:
    text = resources.files("paxscreen.names").joinpath("data", filename).read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def name_reference() -> NameReference:
    """Load the reference data (cached: the files are read once per process).

    Raises ``ValueError`` if a data file is malformed.
    """
    honorifics = frozenset(_data_lines("honorifics.txt"))
    joined: set[str] = set()
    dropped: set[str] = set()
    for line in _data_lines("particles.txt"):
        word, _, kind = line.partition(",")
        if kind == "join":
            joined.add(word)
        elif kind == "drop":
            dropped.add(word)
        else:
            raise ValueError(f"particles.txt: unknown particle kind {kind!r} for {word!r}")
    variants: dict[str, str] = {}
    rows = csv.reader(_data_lines("name_variants.csv"))
    header = next(rows)
    if header != ["canonical", "variant"]:
        raise ValueError(f"name_variants.csv: unexpected header {header!r}")
    for canonical, variant in rows:
        variants[variant] = canonical
        variants.setdefault(canonical, canonical)
    common = frozenset(variants.get(word, word) for word in _data_lines("common_tokens.txt"))
    transliteration: dict[str, list[tuple[str, str]]] = {}
    rows = csv.reader(_data_lines("transliteration.csv"))
    if next(rows) != ["script", "written", "latin"]:
        raise ValueError("transliteration.csv: unexpected header")
    for script, written, latin in rows:
        transliteration.setdefault(script, []).append((written, latin))
    return NameReference(
        common=common,
        transliteration={script: tuple(pairs) for script, pairs in transliteration.items()},
        honorifics=honorifics,
        joined_particles=frozenset(joined),
        dropped_connectors=frozenset(dropped),
        variants=variants,
    )
