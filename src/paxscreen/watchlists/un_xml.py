"""Loader of the UN Security Council Consolidated List (XML, sc-sanctions.xsd)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException, ElementTree

from paxscreen.watchlists.countries import resolve_country
from paxscreen.watchlists.errors import WatchlistFormatError, unreadable
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

__all__ = ["load_un_xml"]

_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
# Fields of the schema that the model deliberately does not hold.
_IGNORED = frozenset(
    {
        "DATAID",
        "VERSIONNUM",
        "DESIGNATION",
        "TITLE",
        "LIST_TYPE",
        "LAST_DAY_UPDATED",
        "INDIVIDUAL_ADDRESS",
        "ENTITY_ADDRESS",
        "INDIVIDUAL_PLACE_OF_BIRTH",
        "SORT_KEY",
        "SORT_KEY_LAST_MOD",
        "SUBMITTED_BY",
        "SUBMITTED_ON",
    }
)
_HANDLED = frozenset(
    {
        *_NAME_PARTS,
        "UN_LIST_TYPE",
        "REFERENCE_NUMBER",
        "LISTED_ON",
        "NAME_ORIGINAL_SCRIPT",
        "NATIONALITY",
        "GENDER",
        "INDIVIDUAL_ALIAS",
        "ENTITY_ALIAS",
        "INDIVIDUAL_DATE_OF_BIRTH",
        "INDIVIDUAL_DOCUMENT",
        "COMMENTS1",
    }
)
_QUALITY = {
    "good": NameQuality.GOOD,
    "low": NameQuality.LOW,
    "": NameQuality.UNKNOWN,
    # Entity aliases are marked "also known as" or "formerly known as" instead of graded.
    "a.k.a.": NameQuality.UNKNOWN,
    "f.k.a.": NameQuality.UNKNOWN,
}
_GENDER = {"male": "male", "female": "female", "unknown": None, "": None}
_PLACEHOLDERS = frozenset({"na", "n/a", "none", "unknown"})
_MONTHS = {
    month: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for month in names
}
_MONTH_YEAR = re.compile(r"^([a-z]+)\.?\s+(\d{4})$")
_YEAR_AT_END = re.compile(r"\b(\d{4})$")


def _text(element: Element | None) -> str:
    if element is None or element.text is None:
        return ""
    return " ".join(element.text.split())


def _child_text(element: Element, tag: str) -> str:
    return _text(element.find(tag))


def _parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


class _EntryReader:
    """Reads one INDIVIDUAL or ENTITY element, collecting what it cannot map."""

    def __init__(self, element: Element, kind: EntryKind, source: str) -> None:
        self.element = element
        self.kind = kind
        self.source = source
        self.reference = _child_text(element, "REFERENCE_NUMBER")
        self.unmapped: list[UnmappedNote] = []
        self.ignored: Counter[str] = Counter()

    def note(self, tag: str, what: str) -> None:
        self.unmapped.append(UnmappedNote(f"{self.reference} {tag}", what))

    def read(self) -> WatchlistEntry:
        element = self.element
        for child in element:
            if child.tag in _IGNORED:
                if _text(child) or len(child):
                    self.ignored[child.tag] += 1
            elif child.tag not in _HANDLED:
                self.note(child.tag, "unknown field")
        listed_on = _parse_date(_child_text(element, "LISTED_ON"))
        return WatchlistEntry(
            reference=self.reference,
            kind=self.kind,
            names=self._names(),
            dates_of_birth=self._dates_of_birth(),
            nationalities=self._nationalities(),
            documents=self._documents(),
            gender=self._gender(),
            programme=_child_text(element, "UN_LIST_TYPE"),
            listed_on=listed_on,
            source=self.source,
            summary=_child_text(element, "COMMENTS1"),
        )

    def _names(self) -> tuple[ListedName, ...]:
        element = self.element
        primary = " ".join(filter(None, (_child_text(element, tag) for tag in _NAME_PARTS)))
        names = [ListedName(primary, NameKind.PRIMARY, NameQuality.GOOD)]
        alias_tag = "INDIVIDUAL_ALIAS" if self.kind is EntryKind.PERSON else "ENTITY_ALIAS"
        for alias in element.iter(alias_tag):
            text = _child_text(alias, "ALIAS_NAME")
            quality_text = _child_text(alias, "QUALITY").casefold()
            if not text:
                if quality_text:
                    self.note(alias_tag, f"alias of quality {quality_text!r} without a name")
                continue
            quality = _QUALITY.get(quality_text)
            if quality is None:
                self.note(alias_tag, f"unknown alias quality {quality_text!r}; kept as unknown")
                quality = NameQuality.UNKNOWN
            alias_note = _child_text(alias, "NOTE").casefold()
            kind = NameKind.ALIAS
            if (
                "previously listed" in alias_note
                or "formerly listed" in alias_note
                or quality_text == "f.k.a."
            ):
                kind = NameKind.PREVIOUS
            elif alias_note:
                self.ignored[f"{alias_tag}/NOTE"] += 1
            for tag in ("CITY_OF_BIRTH", "COUNTRY_OF_BIRTH"):
                if _child_text(alias, tag):
                    self.ignored[f"{alias_tag}/{tag}"] += 1
            names.append(ListedName(text, kind, quality))
        for original in element.iter("NAME_ORIGINAL_SCRIPT"):
            text = _text(original)
            if text:
                names.append(ListedName(text, NameKind.ORIGINAL_SCRIPT, NameQuality.GOOD))
        return tuple(names)

    def _dates_of_birth(self) -> tuple[ListedDate, ...]:
        dates: list[ListedDate] = []
        for dob in self.element.iter("INDIVIDUAL_DATE_OF_BIRTH"):
            parsed = self._listed_date(dob)
            if parsed is not None:
                dates.append(parsed)
        for alias in self.element.iter("INDIVIDUAL_ALIAS"):
            text = _child_text(alias, "DATE_OF_BIRTH")
            if not text:
                continue
            if re.fullmatch(r"\d{4}", text):
                dates.append(ListedDate(DateKind.EXACT, int(text)))
            elif (day := _parse_date(text)) is not None:
                dates.append(ListedDate(DateKind.EXACT, day.year, day.month, day.day))
            else:
                self.note("INDIVIDUAL_ALIAS/DATE_OF_BIRTH", f"unreadable date {text!r}")
        return tuple(dict.fromkeys(dates))

    def _listed_date(self, dob: Element) -> ListedDate | None:
        kind = _child_text(dob, "TYPE_OF_DATE").upper()
        date_text = _child_text(dob, "DATE")
        year_text = _child_text(dob, "YEAR")
        from_year = _child_text(dob, "FROM_YEAR")
        to_year = _child_text(dob, "TO_YEAR")
        note = _child_text(dob, "NOTE")
        tag = "INDIVIDUAL_DATE_OF_BIRTH"
        if kind == "BETWEEN" and from_year.isdigit() and to_year.isdigit():
            return ListedDate(DateKind.BETWEEN, int(from_year), to_year=int(to_year))
        if date_text:
            day = _parse_date(date_text)
            if day is None:
                self.note(tag, f"unreadable date {date_text!r}")
                return None
            return ListedDate(DateKind.EXACT, day.year, day.month, day.day)
        if year_text.isdigit():
            date_kind = DateKind.APPROXIMATE if kind == "APPROXIMATELY" else DateKind.EXACT
            return ListedDate(date_kind, int(year_text))
        if note:
            return self._date_from_note(note)
        if kind:
            self.note(tag, f"date of birth of type {kind} without a value")
        return None

    def _date_from_note(self, note: str) -> ListedDate | None:
        tag = "INDIVIDUAL_DATE_OF_BIRTH/NOTE"
        folded = note.casefold().strip()
        match = _MONTH_YEAR.match(folded)
        if match and match.group(1) in _MONTHS:
            return ListedDate(DateKind.EXACT, int(match.group(2)), _MONTHS[match.group(1)])
        year = _YEAR_AT_END.search(folded)
        if year:
            self.note(tag, f"{note!r} read as the year {year.group(1)} only")
            return ListedDate(DateKind.EXACT, int(year.group(1)))
        self.note(tag, f"date of birth given only as {note!r}")
        return None

    def _nationalities(self) -> tuple[str, ...]:
        codes: list[str] = []
        for nationality in self.element.iter("NATIONALITY"):
            for value in nationality.iter("VALUE"):
                text = _text(value)
                if not text or text.casefold() in _PLACEHOLDERS:
                    continue
                code = resolve_country(text)
                if code is None:
                    self.note("NATIONALITY", f"unknown country {text!r}")
                else:
                    codes.append(code)
        return tuple(dict.fromkeys(codes))

    def _documents(self) -> tuple[Document, ...]:
        documents: list[Document] = []
        for document in self.element.iter("INDIVIDUAL_DOCUMENT"):
            number = _child_text(document, "NUMBER")
            doc_type = " ".join(
                filter(
                    None,
                    (
                        _child_text(document, "TYPE_OF_DOCUMENT"),
                        _child_text(document, "TYPE_OF_DOCUMENT2"),
                    ),
                )
            )
            if not number:
                if doc_type:
                    self.note("INDIVIDUAL_DOCUMENT", f"{doc_type} without a number")
                continue
            country_text = _child_text(document, "ISSUING_COUNTRY") or _child_text(
                document, "COUNTRY_OF_ISSUE"
            )
            country = resolve_country(country_text) if country_text else None
            if country_text and country is None:
                self.note("INDIVIDUAL_DOCUMENT", f"unknown issuing country {country_text!r}")
            for tag in ("DATE_OF_ISSUE", "CITY_OF_ISSUE", "NOTE"):
                if _child_text(document, tag):
                    self.ignored[f"INDIVIDUAL_DOCUMENT/{tag}"] += 1
            documents.append(Document(doc_type or "unknown", number, country))
        return tuple(documents)

    def _gender(self) -> str | None:
        text = _child_text(self.element, "GENDER").casefold()
        if text not in _GENDER:
            self.note("GENDER", f"unknown gender {text!r}")
            return None
        return _GENDER[text]


def load_un_xml(path: str | Path) -> Watchlist:
    """Load the UN SC Consolidated List XML file at ``path``.

    Every INDIVIDUAL and ENTITY becomes an entry; every non-empty alias is kept with its
    quality. Raises :class:`WatchlistFormatError` if the file is not well-formed XML or not
    a consolidated list.
    """
    path = Path(path)
    try:
        root = ElementTree.parse(path).getroot()
    except ParseError as exc:
        line, column = exc.position
        raise WatchlistFormatError(
            str(path), f"not well-formed XML: {exc}", line=line, column=str(column)
        ) from exc
    except DefusedXmlException as exc:
        # Entity declarations (billion laughs, external entities) are refused, not expanded.
        raise WatchlistFormatError(
            str(path), f"entity declarations are not accepted in a watchlist ({exc})"
        ) from exc
    except OSError as exc:
        raise WatchlistFormatError(str(path), unreadable(exc)) from exc
    if root.tag != "CONSOLIDATED_LIST":
        raise WatchlistFormatError(
            str(path), f"root element is <{root.tag}>, expected <CONSOLIDATED_LIST>"
        )
    source = "UN SC Consolidated List"
    entries: list[WatchlistEntry] = []
    unmapped: list[UnmappedNote] = []
    ignored: Counter[str] = Counter()
    rejected: list[RejectedRow] = []
    seen: dict[str, int | None] = {}
    lines = _start_lines(path)
    for tag, kind in (("INDIVIDUAL", EntryKind.PERSON), ("ENTITY", EntryKind.ENTITY)):
        starts = lines.get(tag, [])
        for position, element in enumerate(root.iter(tag)):
            start = starts[position] if position < len(starts) else None
            reader = _EntryReader(element, kind, source)
            entry = reader.read()
            why = ""
            if not entry.reference:
                why = "no REFERENCE_NUMBER"
            elif not entry.primary_name:
                why = "no name (FIRST_NAME is empty)"
            elif entry.reference in seen:
                why = f"reference already listed on line {seen[entry.reference]}"
            if why:
                where = f"{tag} {entry.reference}".strip()
                reference = entry.reference if entry.reference not in seen else ""
                rejected.append(RejectedRow(start, why, where, reference))
                continue
            seen[entry.reference] = start
            entries.append(entry)
            unmapped.extend(reader.unmapped)
            ignored.update(reader.ignored)
    return Watchlist(
        name=source,
        version=root.get("dateGenerated", ""),
        entries=tuple(entries),
        unmapped=tuple(unmapped),
        ignored_fields=dict(sorted(ignored.items())),
        rejected=tuple(rejected),
    )


_START_TAG = re.compile(rb"<(INDIVIDUAL|ENTITY)[\s>/]")


def _start_lines(path: Path) -> dict[str, list[int]]:
    """The line of each INDIVIDUAL and ENTITY start tag, in document order.

    ElementTree keeps no line numbers; the tags do not nest in each other, so the n-th start
    tag in the text is the n-th element ``root.iter`` gives.
    """
    data = path.read_bytes()
    lines: dict[str, list[int]] = {}
    line, last = 1, 0
    for match in _START_TAG.finditer(data):
        line += data.count(b"\n", last, match.start())
        last = match.start()
        lines.setdefault(match.group(1).decode(), []).append(line)
    return lines
