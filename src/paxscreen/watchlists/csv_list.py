"""Loader of watchlists kept as CSV files, through a declared column mapping."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass, fields
from pathlib import Path

from paxscreen.watchlists.countries import resolve_country
from paxscreen.watchlists.errors import WatchlistFormatError, unreadable
from paxscreen.watchlists.genders import resolve_gender
from paxscreen.watchlists.model import (
    DateKind,
    Document,
    EntryKind,
    ListedDate,
    ListedName,
    NameKind,
    NameQuality,
    RejectedRow,
    UnmappedNote,
    Watchlist,
    WatchlistEntry,
)

__all__ = ["GTAS_MAPPING", "ColumnMapping", "TableReader", "load_csv"]


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
    listed_on: str | None = None
    summary: str | None = None

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

    Each line is one row: a row that cannot be read (an unclosed quote, more cells than the
    header, no name) is rejected with its line and reason and the next line is read as the
    next row, so a stray quote never swallows the rows after it. Unreadable dates, unknown
    countries and columns the mapping does not use are reported as unmapped (the row is kept).
    The version is a digest of the file's bytes. Raises :class:`WatchlistFormatError` when
    the file cannot be read at all, lacks a mapped column or holds a cell over 128 KB.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise WatchlistFormatError(str(path), unreadable(exc)) from exc
    table = TableReader(path, mapping, name=name, kind=kind)
    header_seen = False
    for line, physical in enumerate(text.splitlines(), start=1):
        if not physical.strip():
            continue
        try:
            cells = next(csv.reader([physical], strict=True))
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                # a hostile file, not a bad row: refuse it whole
                raise WatchlistFormatError(str(path), str(exc), line=line) from exc
            reason = (
                "unclosed quote: a cell cannot run onto the next line"
                if "unexpected end of data" in str(exc)
                else f"unreadable row ({exc})"
            )
            if not header_seen:
                raise WatchlistFormatError(str(path), reason, line=line) from exc
            table.reject(line, reason, cells=physical.split(","))
            continue
        if not header_seen:
            table.set_header(cells)
            header_seen = True
        else:
            table.add_row(line, cells)
    if not header_seen:
        table.set_header([])
    return table.watchlist(version=hashlib.sha256(raw).hexdigest()[:16])


class TableReader:
    """Turns the rows of a table (CSV lines, sheet rows) into entries through a mapping,
    rejecting with line and reason the rows it cannot load."""

    def __init__(
        self, path: Path, mapping: ColumnMapping, *, name: str | None, kind: EntryKind
    ) -> None:
        self.path = path
        self.mapping = mapping
        self.name = name or path.stem
        self.kind = kind
        self.header: list[str] = []
        self.columns = mapping.columns()
        self.unused: list[str] = []
        self.ignored: Counter[str] = Counter()
        self.entries: list[WatchlistEntry] = []
        self.unmapped: list[UnmappedNote] = []
        self.rejected: list[RejectedRow] = []
        self.references: dict[str, int] = {}

    def set_header(self, header: list[str]) -> None:
        self.header = [column.strip() for column in header]
        for column in self.columns.values():
            if column not in self.header:
                raise WatchlistFormatError(
                    str(self.path),
                    f"missing column {column!r} (header: {', '.join(self.header)})",
                    line=1,
                )
        self.unused = [column for column in self.header if column not in self.columns.values()]

    def reject(
        self, line: int, reason: str, column: str = "", cells: list[str] | None = None
    ) -> None:
        """Record a row not loaded; with its ``cells``, the reference it gives, if any (so a
        version's diff can tell an entry whose row was rejected from one taken off the list)."""
        reference = ""
        if cells is not None and self.mapping.reference in self.header:
            position = self.header.index(self.mapping.reference)
            if position < len(cells):
                reference = cells[position].strip().strip('"').strip()
        where = f"column {column}" if column else ""
        self.rejected.append(RejectedRow(line, reason, where, reference))

    def add_row(self, line: int, cells: list[str]) -> None:
        if not any(cell.strip() for cell in cells):
            return  # ",,,,": a blank row as spreadsheets export them, nothing to load
        if len(cells) > len(self.header):  # every cell after the extra one is in the wrong column
            self.reject(
                line,
                f"{len(cells)} cells where the header has {len(self.header)} "
                "(an unquoted comma in a name?)",
                cells=cells,
            )
            return
        row = dict(zip(self.header, cells, strict=False))
        entry = self._entry(line, row)
        if entry is not None:
            self.entries.append(entry)

    def _entry(self, line: int, row: dict[str, str]) -> WatchlistEntry | None:
        mapping = self.mapping
        values = {
            field_name: (row.get(column) or "").strip()
            for field_name, column in self.columns.items()
        }
        for column in self.unused:
            if (row.get(column) or "").strip():
                self.ignored[column] += 1

        def note(column: str, what: str) -> None:
            self.unmapped.append(UnmappedNote(f"line {line}, column {column}", what))

        entry_kind = self.kind
        if kind_text := (values.get("kind") or "").casefold():
            try:
                entry_kind = EntryKind(kind_text)
            except ValueError:
                note(str(mapping.kind), f"unknown kind {kind_text!r}; read as {self.kind.value}")
        reference = values.get("reference") or f"{self.path.stem}:{line}"
        if reference in self.references:
            self.reject(
                line,
                f"reference {reference} already on line {self.references[reference]}",
                str(mapping.reference),
            )
            return None
        names: list[ListedName] = []
        full = values.get("full_name") or " ".join(
            filter(None, (values.get(key) for key in ("first_name", "middle_name", "last_name")))
        )
        if full:
            names.append(ListedName(full, NameKind.PRIMARY, NameQuality.GOOD))
        for alias in (values.get("aliases") or "").split(";"):
            if alias.strip():
                names.append(ListedName(alias.strip(), NameKind.ALIAS, NameQuality.UNKNOWN))
        documents: tuple[Document, ...] = ()
        if number := values.get("document_number"):
            type_text = values.get("document_type") or ""
            country_text = values.get("document_country") or ""
            country = resolve_country(country_text) if country_text else None
            if country_text and country is None:
                note(str(mapping.document_country), f"unknown country {country_text!r}")
            doc_type = _DOCUMENT_TYPES.get(type_text.casefold(), type_text or "unknown")
            documents = (Document(doc_type, number, country),)
        if entry_kind is EntryKind.DOCUMENT:
            if not documents:
                self.reject(
                    line,
                    "listed document without a number",
                    str(mapping.document_number),
                    cells=list(row.values()),
                )
                return None
        elif not names:
            self.reject(
                line,
                "row without a name",
                str(mapping.full_name or mapping.last_name or "name"),
                cells=list(row.values()),
            )
            return None
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
        gender_text = (values.get("gender") or "").casefold()
        gender, understood = resolve_gender(gender_text)
        if not understood:
            note(str(mapping.gender), f"unknown gender {gender_text!r}")
        listed_on = None
        if listed_text := values.get("listed_on"):
            try:
                listed_on = dt.date.fromisoformat(listed_text[:10])
            except ValueError:
                note(str(mapping.listed_on), f"unreadable date {listed_text!r}")
        self.references[reference] = line
        return WatchlistEntry(
            reference=reference,
            kind=entry_kind,
            names=tuple(names),
            dates_of_birth=dates,
            nationalities=nationalities,
            documents=documents,
            gender=gender,
            programme=values.get("programme") or "",
            listed_on=listed_on,
            source=self.name,
            summary=values.get("summary") or "",
        )

    def watchlist(self, *, version: str) -> Watchlist:
        return Watchlist(
            name=self.name,
            version=version,
            entries=tuple(self.entries),
            unmapped=tuple(self.unmapped),
            ignored_fields=dict(sorted(self.ignored.items())),
            rejected=tuple(sorted(self.rejected, key=lambda row: row.line or 0)),
        )
