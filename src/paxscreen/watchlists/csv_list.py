"""Loader of watchlists kept as CSV files, through a declared column mapping."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass, fields
from pathlib import Path

from paxscreen.watchlists.countries import resolve_country
from paxscreen.watchlists.errors import WatchlistFormatError
from paxscreen.watchlists.genders import resolve_gender
from paxscreen.watchlists.model import (
    DateKind,
    Document,
    EntryKind,
    ListedDate,
    ListedName,
    NameKind,
    NameQuality,
    UnmappedNote,
    Watchlist,
    WatchlistEntry,
)

__all__ = ["GTAS_MAPPING", "ColumnMapping", "load_csv"]


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Which CSV column holds which field of the model (``None``: the list has no such column).

    ``date_formats`` are tried in order (``strptime`` formats); a bare year ``YYYY`` and ISO
    ``YYYY-MM``/``YYYY-MM-DD`` are always accepted.
    """

    reference: str | None = None
    full_name: str | None = None
    first_name: str | None = None
    middle_name: str | None = None
    last_name: str | None = None
    aliases: str | None = None  # several aliases separated by ";"
    date_of_birth: str | None = None
    date_formats: tuple[str, ...] = ()
    nationality: str | None = None
    gender: str | None = None
    document_number: str | None = None
    document_type: str | None = None
    document_country: str | None = None
    kind: str | None = None
    programme: str | None = None

    def columns(self) -> dict[str, str]:
        """Model field → column name, for the columns this mapping uses."""
        return {
            item.name: value
            for item in fields(self)
            if item.name != "date_formats" and isinstance(value := getattr(self, item.name), str)
        }


# GTAS watchlist export (gtas-wl-*.csv); GTAS is US software: dates are month-day-year.
GTAS_MAPPING = ColumnMapping(
    first_name="firstname",
    middle_name="middlename",
    last_name="lastname",
    date_of_birth="dob",
    date_formats=("%m-%d-%Y", "%Y-%m-%d"),
    document_number="documentnumber",
    document_type="documenttype",
    document_country="documentcountry",
)

_DOCUMENT_TYPES = {"p": "Passport", "v": "Visa", "i": "Identity card"}


def _parse_listed_date(text: str, formats: tuple[str, ...]) -> ListedDate | None:
    if len(text) == 4 and text.isdigit():
        return ListedDate(DateKind.EXACT, int(text))
    if len(text) == 7 and text[4] == "-" and text[:4].isdigit() and text[5:].isdigit():
        month = int(text[5:])
        return ListedDate(DateKind.EXACT, int(text[:4]), month) if 1 <= month <= 12 else None
    for date_format in (*formats, "%Y-%m-%d"):
        try:
            day = dt.datetime.strptime(text, date_format).date()  # noqa: DTZ007 - a date only
        except ValueError:
            continue
        return ListedDate(DateKind.EXACT, day.year, day.month, day.day)
    return None


def load_csv(
    path: str | Path,
    mapping: ColumnMapping,
    *,
    name: str | None = None,
    kind: EntryKind = EntryKind.PERSON,
) -> Watchlist:
    """Load a CSV watchlist (UTF-8, header row) through ``mapping``.

    Rows without any name are reported as unmapped, as are unreadable dates, unknown countries
    and columns the mapping does not use. The version is a digest of the file's bytes.
    Raises :class:`WatchlistFormatError` when the file cannot be read or lacks a mapped column.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise WatchlistFormatError(str(path), f"cannot read the file: {exc}") from exc
    reader = csv.DictReader(text.splitlines())
    try:
        header = reader.fieldnames or []
        rows = list(reader)
    except csv.Error as exc:  # a field over the csv module's limit (128 KB), a NUL byte …
        raise WatchlistFormatError(str(path), str(exc), line=reader.reader.line_num) from exc
    columns = mapping.columns()
    for column in columns.values():
        if column not in header:
            raise WatchlistFormatError(
                str(path), f"missing column {column!r} (header: {', '.join(header)})", line=1
            )
    ignored: Counter[str] = Counter()
    unused = [column for column in header if column not in columns.values()]
    entries: list[WatchlistEntry] = []
    unmapped: list[UnmappedNote] = []
    for line, row in enumerate(rows, start=2):
        values = {
            field_name: (row.get(column) or "").strip() for field_name, column in columns.items()
        }
        for column in unused:
            if (row.get(column) or "").strip():
                ignored[column] += 1
        reference = values.get("reference") or f"{path.stem}:{line}"

        def note(column: str, what: str, line: int = line) -> None:
            unmapped.append(UnmappedNote(f"line {line}, column {column}", what))

        names: list[ListedName] = []
        full = values.get("full_name") or " ".join(
            filter(None, (values.get(key) for key in ("first_name", "middle_name", "last_name")))
        )
        if full:
            names.append(ListedName(full, NameKind.PRIMARY, NameQuality.GOOD))
        for alias in (values.get("aliases") or "").split(";"):
            if alias.strip():
                names.append(ListedName(alias.strip(), NameKind.ALIAS, NameQuality.UNKNOWN))
        if not names:
            note(mapping.full_name or mapping.last_name or "name", "row without a name: skipped")
            continue
        dates: tuple[ListedDate, ...] = ()
        if dob_text := values.get("date_of_birth"):
            listed = _parse_listed_date(dob_text, mapping.date_formats)
            if listed is None:
                note(str(mapping.date_of_birth), f"unreadable date {dob_text!r}")
            else:
                dates = (listed,)
        nationalities: tuple[str, ...] = ()
        if nationality_text := values.get("nationality"):
            code = resolve_country(nationality_text)
            if code is None:
                note(str(mapping.nationality), f"unknown country {nationality_text!r}")
            else:
                nationalities = (code,)
        documents: tuple[Document, ...] = ()
        if number := values.get("document_number"):
            type_text = values.get("document_type") or ""
            country_text = values.get("document_country") or ""
            country = resolve_country(country_text) if country_text else None
            if country_text and country is None:
                note(str(mapping.document_country), f"unknown country {country_text!r}")
            doc_type = _DOCUMENT_TYPES.get(type_text.casefold(), type_text or "unknown")
            documents = (Document(doc_type, number, country),)
        gender_text = (values.get("gender") or "").casefold()
        gender, understood = resolve_gender(gender_text)
        if not understood:
            note(str(mapping.gender), f"unknown gender {gender_text!r}")
        entry_kind = kind
        if kind_text := (values.get("kind") or "").casefold():
            try:
                entry_kind = EntryKind(kind_text)
            except ValueError:
                note(str(mapping.kind), f"unknown kind {kind_text!r}; read as {kind.value}")
        entries.append(
            WatchlistEntry(
                reference=reference,
                kind=entry_kind,
                names=tuple(names),
                dates_of_birth=dates,
                nationalities=nationalities,
                documents=documents,
                gender=gender,
                programme=values.get("programme") or "",
                source=name or path.stem,
            )
        )
    return Watchlist(
        name=name or path.stem,
        version=hashlib.sha256(raw).hexdigest()[:16],
        entries=tuple(entries),
        unmapped=tuple(unmapped),
        ignored_fields=dict(sorted(ignored.items())),
    )
