"""Rewrite a carrier's raw message without what may not be kept, segment by segment.

:func:`redact` removes the segments the data-protection policy removes when parsing
(special meals, medical and assistance requests, free text naming a sensitive term), so
that the stored raw message holds no more than the records do; it counts what it removed
by category and never keeps the content. :func:`mask` depersonalises a message in place:
the names, dates of birth, document numbers and contacts of the given identities are
replaced by fixed-width masks (the length of a name says something about it).

Both work on the tokenizer's raw segments and write them back with
:func:`~paxscreen.edifact.serializer.interchange_text`: segments left alone are written as
they were read, rewritten ones through :func:`~paxscreen.edifact.serializer.segment_text`,
and each UNT's segment count follows the segments removed, so the result parses to the same
records as the original minus what was removed or masked.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from paxscreen.edifact.model import ParsedMessage, RemovedData
from paxscreen.edifact.protection import ProtectionPolicy, default_policy
from paxscreen.edifact.segments import MessageSegments
from paxscreen.edifact.serializer import interchange_text, segment_text
from paxscreen.edifact.tokenizer import Delimiters, iter_segment_batches, split_elements, unescape

__all__ = [
    "DATE_MASK",
    "NAME_MASK",
    "NUMBER_MASK",
    "Identity",
    "Masking",
    "Redaction",
    "category",
    "identities",
    "mask",
    "mask_text",
    "redact",
]

NAME_MASK = "XXXX"
NUMBER_MASK = "XXXXXXXX"
# A date of birth is left out rather than replaced: no mask is a date the readers accept.
DATE_MASK = ""

_SERVICE = frozenset({"UNB", "UNG", "UNH", "UNT", "UNE", "UNZ"})


def category(item: RemovedData) -> str:
    """What kind of sensitive item ``item`` was: meal, medical, special service, free text."""
    reason = item.reason.lower()
    if reason.startswith("free text"):
        return "free text"
    if reason.startswith("meal"):
        return "meal"
    if "health" in reason:
        return "medical"
    return "special service"


@dataclass(frozen=True, slots=True)
class Redaction:
    """A message without its sensitive items, and what was removed (never its content)."""

    text: str
    removed: tuple[RemovedData, ...]

    @property
    def counts(self) -> dict[str, int]:
        """Removed items by category, e.g. ``{"meal": 2, "medical": 1}``."""
        return dict(sorted(Counter(category(item) for item in self.removed).items()))


@dataclass(frozen=True, slots=True)
class Identity:
    """The identifying values of one person to depersonalise in a message."""

    names: tuple[str, ...] = ()
    dates_of_birth: tuple[dt.date, ...] = ()
    document_numbers: tuple[str, ...] = ()
    # Phones, e-mail addresses, ticket and card numbers: masked like names.
    other_values: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Masking:
    """A message with identities masked: how many values were replaced, segments dropped."""

    text: str
    replaced: int = 0
    dropped_segments: int = 0


@dataclass(slots=True)
class _Section:
    """Consecutive segments read with the same delimiters (one UNA's worth)."""

    delimiters: Delimiters
    una: bool
    segments: list[str] = field(default_factory=list)


def _sections(text: str) -> list[_Section]:
    sections: list[_Section] = []
    for batch in iter_segment_batches(text):
        last = sections[-1] if sections else None
        if last is not None and not batch.starts_with_una and last.delimiters == batch.delimiters:
            last.segments.extend(batch.segments)
        else:
            sections.append(_Section(batch.delimiters, batch.starts_with_una, list(batch.segments)))
    return sections


def _tag(raw: str, delimiters: Delimiters) -> str:
    return raw.split(delimiters.element, 1)[0].strip()


def _messages(section: _Section, number: int) -> Iterator[tuple[int, int, int]]:
    """(start, stop, number of the UNH) of each message UNH..UNT of ``section``, as the
    interchange reader delimits them; ``number`` is the interchange segment number before
    the section. Yields ``(-1, -1, number)`` last to carry the number on."""
    start = -1
    start_number = 0
    raw = section.segments
    for index, segment in enumerate(raw):
        tag = _tag(segment, section.delimiters) if segment[:2] == "UN" else ""
        number = 1 if tag == "UNB" else number + 1
        if tag not in _SERVICE:
            continue
        if start >= 0 and tag != "UNT":
            yield start, index, start_number
            start = -1
        if tag == "UNH":
            start, start_number = index, number
        elif tag == "UNT" and start >= 0:
            yield start, index + 1, start_number
            start = -1
    if start >= 0:
        yield start, len(raw), start_number
    yield -1, -1, number


def _fix_count(unt: str, removed: int, delimiters: Delimiters) -> str:
    """``unt`` with its declared segment count lowered by ``removed`` (a wrong count stays
    wrong by as much, so the reader reports what it reported before)."""
    elements = split_elements(unt, delimiters)
    declared = elements[1][0].strip() if len(elements) > 1 else ""
    if not removed or not declared.isdigit():
        return unt
    elements[1][0] = str(max(int(declared) - removed, 0))
    return segment_text(elements[0][0].strip(), elements[1:], delimiters)


def _rewrite(
    text: str,
    message_filter: Callable[[_Section, list[str], int], list[str | None]],
) -> tuple[str, int]:
    """Apply ``message_filter`` to each message (its raw segments, UNH number): it returns
    the segments to write, ``None`` for one to drop. Returns the text and segments dropped."""
    sections = _sections(text)
    dropped = 0
    number = 0
    for section in sections:
        out: list[str] = []
        position = 0
        for start, stop, first in _messages(section, number):
            if start < 0:
                number = first
                break
            out.extend(section.segments[position:start])
            raw = section.segments[start:stop]
            kept = message_filter(section, raw, first)
            removed = sum(segment is None for segment in kept)
            segments = [segment for segment in kept if segment is not None]
            if removed and segments and _tag(segments[-1], section.delimiters) == "UNT":
                segments[-1] = _fix_count(segments[-1], removed, section.delimiters)
            dropped += removed
            out.extend(segments)
            position = stop
        out.extend(section.segments[position:])
        section.segments = out
    return interchange_text((s.delimiters, s.una, s.segments) for s in sections), dropped


def redact(text: str, policy: ProtectionPolicy | None = None) -> Redaction:
    """``text`` without the segments ``policy`` (default: :func:`default_policy`) removes.

    The decision is the parser's own (:meth:`ProtectionPolicy.apply` on each message), so
    ``parse(redact(text).text)`` gives the records of ``parse(text)``, with nothing left to
    remove. ``removed`` numbers segments as the parser does.
    """
    policy = policy or default_policy()
    removed: list[RemovedData] = []

    def without_sensitive(section: _Section, raw: list[str], first: int) -> list[str | None]:
        segments = MessageSegments(section.delimiters, list(raw), first)
        found = policy.apply(segments)
        if not found:
            return list(raw)
        removed.extend(found)
        return [
            None if blanked == "" else segment
            for segment, blanked in zip(raw, segments.raw, strict=True)
        ]

    rewritten, _dropped = _rewrite(text, without_sensitive)
    if not removed:
        return Redaction(text, ())
    return Redaction(rewritten, tuple(removed))


_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def _date_forms(date: dt.date) -> set[str]:
    """How messages write a date of birth: YYMMDD, CCYYMMDD (PAXLST), DDMMMYY (PNR SSR),
    DDMMMCCYY and ISO 8601 (free text)."""
    month = _MONTHS[date.month - 1]
    return {
        f"{date:%y%m%d}",
        f"{date:%Y%m%d}",
        f"{date.day:02d}{month}{date:%y}",
        f"{date.day:02d}{month}{date:%Y}",
        date.isoformat(),
    }


# Segments that carry the times of flights and messages, never a date of birth: a date of
# birth equal to a flight date must not mask the flight.
_TRAVEL_TIMES = frozenset({"TVL", "DAT", "TDT", "RCI", "MSG", "ORG", "EQN", "ABI", "UNB"})
# Segments that carry a person's name; a two-letter name is masked only there, where it is
# not a code (carrier, traveller type) that happens to spell it.
_NAMES = frozenset({"NAD", "TIF", "SSR", "IFT", "LTS", "FTX", "ADD", "CTC"})


class _Needles:
    """The values to mask, as one regular expression per kind of segment."""

    def __init__(self, people: Iterable[Identity]) -> None:
        self.kind: dict[str, str] = {}
        for person in people:
            for given in person.names:
                name = " ".join(given.upper().split())
                if len(name) >= 2:
                    self.kind.setdefault(name, NAME_MASK)
                for token in re.split(r"[\W_]+", name):
                    if len(token) >= 2:
                        self.kind.setdefault(token, NAME_MASK)
            for other in person.other_values:
                value = " ".join(other.upper().split())
                if len(value) >= 4:
                    self.kind.setdefault(value, NAME_MASK)
            for document in person.document_numbers:
                number = document.strip().upper()
                if len(number) >= 3:
                    self.kind[number] = NUMBER_MASK
            for date in person.dates_of_birth:
                for form in _date_forms(date):
                    self.kind[form] = DATE_MASK
        dates = {value for value, mask in self.kind.items() if mask == DATE_MASK}
        short = {value for value in self.kind if len(value) == 2}
        self.everywhere = _pattern(set(self.kind) - short)
        self.in_names = _pattern(set(self.kind))
        self.in_travel = _pattern(set(self.kind) - short - dates)

    def pattern(self, tag: str) -> re.Pattern[str] | None:
        if tag in _TRAVEL_TIMES:
            return self.in_travel
        if tag in _NAMES:
            return self.in_names
        return self.everywhere

    def replace(self, match: re.Match[str]) -> str:
        return self.kind[match.group(0).upper()]


def _pattern(values: set[str]) -> re.Pattern[str] | None:
    if not values:
        return None
    alternatives = "|".join(re.escape(value) for value in sorted(values, key=len, reverse=True))
    # Whole words: not next to a letter or digit ("_" may be a delimiter, so not \w).
    return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])", re.IGNORECASE)


def mask(text: str, people: Iterable[Identity]) -> Masking:
    """``text`` with the identifying values of ``people`` replaced, segment by segment.

    Names, contacts and document numbers (as whole words, in any element) become
    :data:`NAME_MASK` / :data:`NUMBER_MASK`; a date of birth is taken out of the value
    that holds it, and a date-of-birth segment (``DTM+329``) left without its date is
    dropped. Service segments (UNB, UNH, UNT …) are left as they are. The result parses
    with no error the original did not have.
    """
    needles = _Needles(people)
    if not needles.kind:
        return Masking(text)
    replaced = 0

    def rewrite(delimiters: Delimiters, segment: str) -> str | None:
        nonlocal replaced
        tag = _tag(segment, delimiters)
        pattern = needles.pattern(tag)
        if tag in _SERVICE or pattern is None:
            return segment
        if not pattern.search(unescape(segment, delimiters.release)):
            return segment
        elements = split_elements(segment, delimiters)
        changed = 0
        for element in elements[1:]:
            for position, value in enumerate(element):
                new, count = pattern.subn(needles.replace, value)
                if count:
                    element[position] = new
                    changed += count
        if not changed:
            return segment
        replaced += changed
        if tag == "DTM" and _date_of_birth_emptied(elements):
            return None
        return segment_text(elements[0][0].strip(), elements[1:], delimiters)

    def in_message(section: _Section, raw: list[str], first: int) -> list[str | None]:
        return [rewrite(section.delimiters, segment) for segment in raw]

    # Segments outside messages (stray data) hold personal data too.
    sections_text = _mask_outside(text, rewrite)
    rewritten, dropped = _rewrite(sections_text, in_message)
    if not replaced:
        return Masking(text)
    return Masking(rewritten, replaced, dropped)


def mask_text(text: str, people: Iterable[Identity]) -> str:
    """Free text (a reader's error or warning quoting a segment) with the identifying values
    of ``people`` masked as :func:`mask` masks them."""
    pattern = _Needles(people)
    compiled = pattern.in_names
    if compiled is None:
        return text
    return compiled.sub(lambda match: pattern.replace(match) or NAME_MASK, text)


def _date_of_birth_emptied(elements: list[list[str]]) -> bool:
    qualifier = elements[1][0].strip() if len(elements) > 1 and elements[1] else ""
    value = elements[1][1].strip() if len(elements) > 1 and len(elements[1]) > 1 else ""
    return qualifier == "329" and not value


def _mask_outside(text: str, rewrite: Callable[[Delimiters, str], str | None]) -> str:
    """``text`` with the segments outside any message rewritten (most texts have none)."""
    sections = _sections(text)
    number = 0
    touched = False
    for section in sections:
        inside: set[int] = set()
        for start, stop, first in _messages(section, number):
            if start < 0:
                number = first
                break
            inside.update(range(start, stop))
        out: list[str] = []
        for index, segment in enumerate(section.segments):
            if index in inside:
                out.append(segment)
                continue
            new = rewrite(section.delimiters, segment)
            touched = touched or new != segment
            if new is not None:
                out.append(new)
        section.segments = out
    if not touched:
        return text
    return interchange_text((s.delimiters, s.una, s.segments) for s in sections)


def identities(parsed: Sequence[ParsedMessage]) -> list[Identity]:
    """The identity of every traveller (and booking contact) in ``parsed``, to mask them."""
    people: list[Identity] = []
    for item in parsed:
        if item.manifest is not None:
            for traveller in item.manifest.travellers:
                people.append(
                    Identity(
                        names=(traveller.surname, *traveller.given_names),
                        dates_of_birth=(traveller.date_of_birth,)
                        if traveller.date_of_birth
                        else (),
                        document_numbers=tuple(d.number for d in traveller.documents if d.number),
                    )
                )
        if item.pnr is not None:
            for booking in item.pnr.bookings:
                people.append(
                    Identity(
                        other_values=tuple(c.value for c in booking.contacts if c.value)
                        + tuple(
                            " ".join(filter(None, (a.street, a.city)))
                            for a in booking.addresses
                            if a.street
                        )
                    )
                )
                for person in booking.travellers:
                    names = [person.surname, *person.given_names]
                    for document in person.documents:
                        names += [document.surname or "", *document.given_names]
                    people.append(
                        Identity(
                            names=tuple(name for name in names if name),
                            dates_of_birth=tuple(
                                d.date_of_birth for d in person.documents if d.date_of_birth
                            ),
                            document_numbers=tuple(
                                number
                                for number in (
                                    *(d.number for d in person.documents),
                                    *(d.number for d in person.other_documents),
                                )
                                if number
                            ),
                            other_values=tuple(c.value for c in person.contacts if c.value)
                            + tuple(t.number for t in person.tickets if t.number),
                        )
                    )
    return people
