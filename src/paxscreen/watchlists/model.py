"""One model for every watchlist, whatever file it came from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "DateKind",
    "Document",
    "EntryKind",
    "ListedDate",
    "ListedName",
    "NameKind",
    "NameQuality",
    "RejectedRow",
    "UnmappedNote",
    "Watchlist",
    "WatchlistDiff",
    "WatchlistEntry",
    "diff",
    "entry_changes",
]


class EntryKind(StrEnum):
    PERSON = "person"
    ENTITY = "entity"  # an organisation
    DOCUMENT = "document"  # a lost or stolen travel document: number and issuing country


class NameKind(StrEnum):
    PRIMARY = "primary"
    ALIAS = "alias"
    ORIGINAL_SCRIPT = "original_script"
    PREVIOUS = "previous"


class NameQuality(StrEnum):
    """How much a listed name can be trusted; the UN list grades aliases Good or Low."""

    GOOD = "good"
    LOW = "low"
    UNKNOWN = "unknown"


class DateKind(StrEnum):
    EXACT = "exact"  # a day, a month or a year as given (``month``/``day`` may be None)
    APPROXIMATE = "approximate"  # "about <year>"
    BETWEEN = "between"  # a year range, ``year`` to ``to_year`` inclusive


@dataclass(frozen=True, slots=True)
class ListedName:
    text: str
    kind: NameKind = NameKind.PRIMARY
    quality: NameQuality = NameQuality.GOOD


@dataclass(frozen=True, slots=True)
class ListedDate:
    """A listed date of birth, possibly partial or a range."""

    kind: DateKind
    year: int
    month: int | None = None
    day: int | None = None
    to_year: int | None = None

    def __str__(self) -> str:
        if self.kind is DateKind.BETWEEN:
            return f"{self.year}\u2013{self.to_year}"
        if self.kind is DateKind.APPROXIMATE:
            return f"about {self.year}"
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return f"{self.year}-{self.month:02d}"
        return f"{self.year}-{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True, slots=True)
class Document:
    type: str
    number: str
    issuing_country: str | None = None  # ISO alpha-3

    @property
    def normalised_number(self) -> str:
        """The number in upper case without spaces, dashes or other separators."""
        return "".join(char for char in self.number.upper() if char.isalnum())


@dataclass(frozen=True, slots=True)
class WatchlistEntry:
    reference: str
    kind: EntryKind
    names: tuple[ListedName, ...]
    dates_of_birth: tuple[ListedDate, ...] = ()
    nationalities: tuple[str, ...] = ()  # ISO alpha-3
    documents: tuple[Document, ...] = ()
    gender: str | None = None  # "male" / "female"
    programme: str = ""
    listed_on: dt.date | None = None
    source: str = ""
    summary: str = ""  # the list's narrative (the UN list's COMMENTS1)

    @property
    def primary_name(self) -> str:
        for name in self.names:
            if name.kind is NameKind.PRIMARY:
                return name.text
        return self.names[0].text if self.names else ""


@dataclass(frozen=True, slots=True)
class UnmappedNote:
    """Something in the source that could not be put into the model."""

    where: str  # e.g. "KPi.033 INDIVIDUAL_DATE_OF_BIRTH" or "line 4, column dob"
    what: str


@dataclass(frozen=True, slots=True)
class RejectedRow:
    """A row (or listed entry) of the source that was not loaded, and why.

    ``line`` is the line of the file (CSV, XML) or the row of the sheet (XLSX) where it starts.
    """

    line: int | None
    reason: str
    where: str = ""  # e.g. "column dob", "INDIVIDUAL QDi.392"
    reference: str = ""  # the entry's reference, when the row gives one

    def __str__(self) -> str:
        place = f"line {self.line}" if self.line is not None else "?"
        if self.where:
            place += f", {self.where}"
        return f"{place}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Watchlist:
    name: str
    version: str
    entries: tuple[WatchlistEntry, ...]
    unmapped: tuple[UnmappedNote, ...] = ()
    # Source fields deliberately not modelled (addresses, comments…), with how often they
    # carried a value: reported so that nothing is dropped silently.
    ignored_fields: Mapping[str, int] = field(default_factory=dict)
    # Rows of the source not loaded at all (no name, an unclosed quote, too many cells …).
    rejected: tuple[RejectedRow, ...] = ()

    def counts(self) -> dict[str, int]:
        """Counts of what was loaded, for ``watchlist info`` and load checks."""
        names = [name for entry in self.entries for name in entry.names]
        return {
            "entries": len(self.entries),
            "persons": sum(entry.kind is EntryKind.PERSON for entry in self.entries),
            "entities": sum(entry.kind is EntryKind.ENTITY for entry in self.entries),
            "listed_documents": sum(entry.kind is EntryKind.DOCUMENT for entry in self.entries),
            "names": len(names),
            "aliases": sum(name.kind is NameKind.ALIAS for name in names),
            "low_quality_aliases": sum(
                name.kind is NameKind.ALIAS and name.quality is NameQuality.LOW for name in names
            ),
            "original_script_names": sum(name.kind is NameKind.ORIGINAL_SCRIPT for name in names),
            "dates_of_birth": sum(len(entry.dates_of_birth) for entry in self.entries),
            "nationalities": sum(len(entry.nationalities) for entry in self.entries),
            "documents": sum(len(entry.documents) for entry in self.entries),
            "unmapped": len(self.unmapped),
            "rejected": len(self.rejected),
        }


@dataclass(frozen=True, slots=True)
class WatchlistDiff:
    added: tuple[WatchlistEntry, ...]
    changed: tuple[tuple[WatchlistEntry, WatchlistEntry], ...]  # (old, new)
    removed: tuple[WatchlistEntry, ...]


def diff(old: Watchlist, new: Watchlist) -> WatchlistDiff:
    """Compare two versions of a list by entry reference.

    An entry is changed when any field a version page shows differs (:func:`entry_changes`);
    where it was loaded from (``source``) does not count.
    """
    before = {entry.reference: entry for entry in old.entries}
    after = {entry.reference: entry for entry in new.entries}
    return WatchlistDiff(
        added=tuple(entry for ref, entry in after.items() if ref not in before),
        changed=tuple(
            (before[ref], entry)
            for ref, entry in after.items()
            if ref in before and before[ref] != entry and entry_changes(before[ref], entry)
        ),
        removed=tuple(entry for ref, entry in before.items() if ref not in after),
    )


# What a version page shows of an entry, field by field (label, value as sorted texts).
_FACETS: tuple[tuple[str, Callable[[WatchlistEntry], list[str]]], ...] = (
    ("kind", lambda e: [e.kind.value]),
    ("names", lambda e: sorted({f"{n.text} ({n.kind.value})" for n in e.names})),
    ("dates of birth", lambda e: sorted(str(date) for date in e.dates_of_birth)),
    ("nationalities", lambda e: sorted(e.nationalities)),
    (
        "documents",
        lambda e: sorted(
            f"{d.type} {d.number}" + (f" ({d.issuing_country})" if d.issuing_country else "")
            for d in e.documents
        ),
    ),
    ("gender", lambda e: [e.gender] if e.gender else []),
    ("programme", lambda e: [e.programme] if e.programme else []),
    ("listed on", lambda e: [e.listed_on.isoformat()] if e.listed_on else []),
    ("summary", lambda e: [e.summary] if e.summary else []),
)


def entry_changes(old: WatchlistEntry, new: WatchlistEntry) -> list[tuple[str, str, str]]:
    """The fields that differ between two versions of an entry: (field, before, after)."""
    changes = []
    for label, values in _FACETS:
        before, after = values(old), values(new)
        if before != after:
            changes.append((label, "; ".join(before) or "\u2014", "; ".join(after) or "\u2014"))
    return changes
