"""Tokeniser: text (or a text stream) → raw segment strings.

The scanning is left to ``str.split`` and to C-level ``str`` methods: a segment
is only split into elements and components when a mapper asks for it. Release
characters are honoured by re-joining the pieces whose last character is an
unpaired release character, which costs nothing when the text has none.

Line breaks are not part of EDIFACT data: carriers wrap long segments at a fixed
width, so CR and LF are removed (unless one of them is the declared segment
terminator) and whitespace at the start of a segment is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TextIO

from paxscreen.edifact.errors import Issue

__all__ = [
    "DEFAULT_DELIMITERS",
    "Delimiters",
    "Segment",
    "SegmentBatch",
    "iter_segment_batches",
    "iter_segments",
    "split_elements",
    "unescape",
]

CHUNK_SIZE = 1 << 20


@dataclass(frozen=True, slots=True)
class Delimiters:
    """The six service characters of a UNA service string advice.

    ``release`` is ``""`` when the interchange declares none (a space in UNA).
    """

    component: str = ":"
    element: str = "+"
    decimal: str = "."
    release: str = "?"
    reserved: str = " "
    segment: str = "'"

    @property
    def service_string_advice(self) -> str:
        release = self.release or " "
        return (
            f"UNA{self.component}{self.element}{self.decimal}{release}{self.reserved}{self.segment}"
        )

    def escape(self, value: str) -> str:
        """Return ``value`` with every service character preceded by the release character."""
        rel = self.release
        if not rel:
            return value
        for char in (rel, self.component, self.element, self.segment):
            if char in value:
                value = value.replace(char, rel + char)
        return value


DEFAULT_DELIMITERS = Delimiters()


@dataclass(slots=True)
class Segment:
    """One segment, split: ``elements[i][j]`` is component ``j`` of element ``i`` after the tag."""

    tag: str
    elements: list[list[str]]
    number: int


@dataclass(slots=True)
class SegmentBatch:
    """Consecutive raw segments read with the same delimiters.

    ``first_number`` is the 1-based number of ``segments[0]`` counted from the
    start of the input (UNA not counted); the interchange reader renumbers per
    interchange.
    """

    delimiters: Delimiters
    segments: list[str]
    first_number: int
    issues: list[Issue] = field(default_factory=list)
    starts_with_una: bool = False


def unescape(value: str, release: str) -> str:
    """Remove release characters: ``?+`` → ``+``, ``??`` → ``?``; a dangling one is kept.

    With C-level string methods only (a regular-expression substitution with a
    template ran Python code for every release character): the pairs ``??`` are
    found left to right by ``split``, so every release character left inside a
    piece is a single one and goes; a single one at the very end has nothing to
    release and stays.
    """
    if not release or release not in value:
        return value
    pieces = value.split(release + release)
    kept = release.join([piece.replace(release, "") for piece in pieces])
    return kept + release if pieces[-1].endswith(release) else kept


def _released(text: str, pieces: list[str], separator: str, release: str) -> list[int]:
    """Indices of the ``pieces`` of ``text.split(separator)`` that end with an odd run of
    release characters, in order.

    Only the pieces before a ``release + separator`` of the text can; ``str.find`` finds
    those and ``str.count`` numbers them, each reading on from the last, so the text is
    read once at C speed instead of testing every piece (most segments and values hold
    no release character).
    """
    marker = release + separator
    # When released separators are common (escape-heavy text), testing every piece in
    # one comprehension is cheaper than a find and a count for each of them.
    if len(separator) != 1 or len(release) != 1 or 8 * text.count(marker) > len(pieces):
        return [
            index
            for index, part in enumerate(pieces)
            if part.endswith(release) and (len(part) - len(part.rstrip(release))) % 2
        ]
    glued = []
    index = 0  # the piece the separator at ``cut`` closes
    counted = 0  # separators of text[:counted] are in ``index``
    position = text.find(marker)
    while position != -1:
        cut = position + 1
        index += text.count(separator, counted, cut)
        counted = cut
        part = pieces[index]
        if (len(part) - len(part.rstrip(release))) % 2:
            glued.append(index)
        position = text.find(marker, cut)
    # The last piece has no separator after it, yet is listed too when it qualifies.
    last = pieces[-1]
    if last.endswith(release) and (len(last) - len(last.rstrip(release))) % 2:
        glued.append(len(pieces) - 1)
    return glued


def _split_escaped(text: str, separator: str, release: str) -> list[str]:
    """Split on ``separator`` except where an odd run of release characters precedes it.

    Linear in ``len(text)`` however many separators are escaped: ``str.split`` cuts
    everywhere, :func:`_released` finds the pieces whose separator was released (the
    piece ends with an odd run of release characters; the run lies within the piece,
    as the separator is not one), and only those runs of pieces are re-joined, each
    once. Pieces that need no joining are copied by list slices, not one by one.
    """
    pieces = text.split(separator)
    if release + separator not in text:
        return pieces
    glued = _released(text, pieces, separator, release)
    if not glued:
        return pieces
    out: list[str] = []
    cursor = 0  # pieces[cursor:] not yet copied to out
    position = 0
    count = len(glued)
    while position < count:
        first = last = glued[position]
        while position + 1 < count and glued[position + 1] == last + 1:
            position += 1
            last = glued[position]
        # pieces[first] … pieces[last + 1] are one value (to the end at most).
        out.extend(pieces[cursor:first])
        out.append(separator.join(pieces[first : last + 2]))
        cursor = last + 2
        position += 1
    out.extend(pieces[cursor:])
    return out


def split_elements(raw: str, delimiters: Delimiters) -> list[list[str]]:
    """Split a raw segment into elements and components, release characters removed.

    Element 0 is the tag. Components are returned as they appear (no trimming).
    """
    rel = delimiters.release
    comp = delimiters.component
    if not rel or rel not in raw:
        return [element.split(comp) for element in raw.split(delimiters.element)]
    if rel + delimiters.element not in raw and rel + comp not in raw:
        return [
            [unescape(component, rel) for component in element.split(comp)]
            for element in raw.split(delimiters.element)
        ]
    return [
        [unescape(component, rel) for component in _split_escaped(element, comp, rel)]
        for element in _split_escaped(raw, delimiters.element, rel)
    ]


def _repair_lookalikes(text: str, delimiters: Delimiters) -> tuple[str, int]:
    """Replace typographic apostrophes used as terminators (before a segment tag) by ``'``."""
    pattern = _LOOKALIKE_TERMINATOR.get(delimiters.element)
    if pattern is None:
        pattern = re.compile(
            "[\u2019\u2018](?=\\s*[A-Z]{3}(?:" + re.escape(delimiters.element) + "|'|$))"
        )
        _LOOKALIKE_TERMINATOR[delimiters.element] = pattern
    return pattern.subn("'", text)


_LOOKALIKE_TERMINATOR: dict[str, re.Pattern[str]] = {}


def _split_segments(text: str, delimiters: Delimiters) -> list[str]:
    terminator = delimiters.segment
    if terminator == "\r":
        if "\n" in text:
            text = text.replace("\n", "")
    elif terminator == "\n":
        if "\r" in text:
            text = text.replace("\r", "")
    elif "\n" in text or "\r" in text:
        text = text.replace("\r", "").replace("\n", "")
    rel = delimiters.release
    if rel and rel in text:
        pieces = _split_escaped(text, terminator, rel)
    else:
        pieces = text.split(terminator)
    if (
        terminator + " " in text
        or terminator + "\t" in text
        or text[:1].isspace()
        or (terminator in "\r\n" and " " in text)
    ):
        pieces = [piece.lstrip() for piece in pieces]
    if "" in pieces:
        pieces = [piece for piece in pieces if piece]
    return pieces


def _read_una(text: str, position: int) -> tuple[Delimiters, int, Issue | None]:
    """Read the service string advice at ``text[position:]`` (which starts with ``UNA``).

    Returns the delimiters, the position just after the advice and an issue when
    the advice had to be repaired. Some carriers omit the decimal mark, sending
    five characters (``UNA:+\\*'``); that form is recognised by a printable fifth
    character followed by a line break.
    """
    chars = text[position + 3 : position + 9]
    if len(chars) == 6 and chars[5] in "\r\n" and not chars[4].isspace() and chars[4] != " ":
        component, element, release, reserved, terminator = (
            chars[0],
            chars[1],
            chars[2],
            chars[3],
            chars[4],
        )
        short = Issue(
            severity="warning",
            code="una-short",
            text=f"UNA service string advice {chars[:5]!r} has five characters; "
            "read as component, element, release, reserved, terminator with '.' as decimal mark",
            expected="six service characters",
        )
        release = "" if release == " " else release
        return (
            Delimiters(component, element, ".", release, reserved, terminator),
            position + 8,
            short,
        )
    if len(chars) < 6:
        raise ValueError("truncated UNA")
    component, element, decimal, release = chars[0], chars[1], chars[2], chars[3]
    reserved, terminator = chars[4], chars[5]
    release = "" if release == " " else release
    end = position + 9
    issue: Issue | None = None
    lookalike = _APOSTROPHE_LOOKALIKES.get(terminator)
    if lookalike is not None:
        ahead = text[end : end + 512]
        if terminator not in ahead and lookalike in ahead:
            issue = Issue(
                severity="warning",
                code="una-terminator-repaired",
                text=f"UNA declares segment terminator {terminator!r} but the segments end "
                f"with {lookalike!r}; read {lookalike!r}",
                tag="UNA",
                expected=f"segment terminator {terminator!r}",
            )
            terminator = lookalike
    return Delimiters(component, element, decimal, release, reserved, terminator), end, issue


# Word processors turn the apostrophe of a UNA into typographic quotes.
_APOSTROPHE_LOOKALIKES = {"\u2019": "'", "\u2018": "'", "\u00b4": "'", "`": "'"}


def _find_una(text: str, start: int, terminator: str) -> int:
    """Position of the next ``UNA`` that begins a segment (after a terminator and blanks), or -1."""
    position = text.find("UNA", start)
    while position != -1:
        before = position
        while before > start and text[before - 1] in " \t\r\n":
            before -= 1
        if before == start or text[before - 1] == terminator:
            return position
        position = text.find("UNA", position + 3)
    return -1


def _read_chunks(source: str | TextIO | Iterable[str], chunk_size: int) -> Iterator[str]:
    if isinstance(source, str):
        yield source
        return
    read = getattr(source, "read", None)
    if read is not None:
        while chunk := read(chunk_size):
            yield chunk
        return
    yield from source


def iter_segment_batches(
    source: str | TextIO | Iterable[str], *, chunk_size: int = CHUNK_SIZE
) -> Iterator[SegmentBatch]:
    """Yield raw segments in batches, reading ``source`` in chunks (constant memory).

    ``source`` is a whole text, a text file object or an iterable of text chunks.
    Each UNA switches the delimiters for what follows it; without UNA the
    defaults (``:+.? '``) apply.
    """
    chunks = _read_chunks(source, chunk_size)
    delimiters = DEFAULT_DELIMITERS
    # ``buffer[pos:]`` is the unread text; the buffer is only rebuilt when a chunk
    # is appended, so a whole text given at once is never copied.
    buffer = ""
    pos = 0
    eof = False
    number = 1
    pending_issues: list[Issue] = []
    after_una = False
    searched = 0  # buffer[pos:searched] holds no unescaped terminator

    def more() -> bool:
        nonlocal buffer, pos, eof
        chunk = next(chunks, None)
        if chunk is None:
            eof = True
            return False
        buffer = buffer[pos:] + chunk
        pos = 0
        return True

    while True:
        if not eof and len(buffer) - pos < chunk_size and more():
            continue
        if pos >= len(buffer):
            return
        una = _find_una(buffer, pos, delimiters.segment)
        if una >= pos and not buffer[pos:una].strip():
            if len(buffer) - una < 600 and not eof:  # room for _read_una look-ahead
                more()
                continue
            try:
                delimiters, end, issue = _read_una(buffer, una)
            except ValueError:
                end = len(buffer)
                issue = Issue(
                    severity="error",
                    code="una-truncated",
                    text="input ends inside the UNA service string advice",
                    segment_number=number,
                    tag="UNA",
                    expected="UNA followed by six service characters",
                )
            if issue is not None:
                pending_issues.append(issue)
            pos = end
            after_una = True
            continue
        if una > pos:
            part, pos = buffer[pos:una], una
        elif eof:
            part, pos = buffer[pos:], len(buffer)
        else:
            cut = _last_terminator(buffer, delimiters, pos, searched)
            if cut < 0:
                unread = len(buffer) - pos
                more()
                searched = pos + unread
                continue
            part, pos = buffer[pos : cut + 1], cut + 1
        if delimiters.segment == "'" and ("\u2019" in part or "\u2018" in part):
            part, repaired = _repair_lookalikes(part, delimiters)
            if repaired:
                pending_issues.append(
                    Issue(
                        severity="warning",
                        code="terminator-repaired",
                        text=f"{repaired} typographic apostrophe(s) used as segment terminator "
                        'before a segment tag; read as "\'"',
                        expected='segment terminator "\'"',
                    )
                )
        searched = 0
        segments = _split_segments(part, delimiters)
        if segments or pending_issues:
            yield SegmentBatch(delimiters, segments, number, pending_issues, after_una)
            number += len(segments)
            pending_issues = []
            after_una = False


def _release_run(text: str, end: int, start: int, release: str) -> int:
    """How many release characters immediately precede ``text[end]`` (not before ``start``)."""
    position = end
    while position > start and text[position - 1] == release:
        position -= 1
    return end - position


def _last_terminator(text: str, delimiters: Delimiters, start: int = 0, floor: int = 0) -> int:
    """Position of the last unescaped terminator in ``text[start:]``, or -1.

    ``text[start:floor]`` is known to hold none (searched before more text came),
    so a long escaped run is scanned once, not once per chunk.
    """
    terminator = delimiters.segment
    rel = delimiters.release
    floor = max(start, floor)
    cut = text.rfind(terminator, floor)
    while cut >= floor and rel and _release_run(text, cut, start, rel) % 2:
        cut = text.rfind(terminator, floor, cut)
    return cut


def iter_segments(
    source: str | TextIO | Iterable[str], *, chunk_size: int = CHUNK_SIZE
) -> Iterator[Segment]:
    """Yield every segment of ``source``, fully split (tag, elements, components).

    Segment numbers count from 1 over the whole input. This is the segment-level
    view; the message readers work on the raw batches instead and split lazily.
    """
    for batch in iter_segment_batches(source, chunk_size=chunk_size):
        delimiters = batch.delimiters
        number = batch.first_number
        rel = delimiters.release
        element_sep = delimiters.element
        comp = delimiters.component
        for raw in batch.segments:
            if rel and rel in raw:
                elements = split_elements(raw, delimiters)
            else:
                elements = [element.split(comp) for element in raw.split(element_sep)]
            yield Segment(elements[0][0].strip(), elements[1:], number)
            number += 1
