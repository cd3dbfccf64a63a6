"""Interchange structure: UNB/UNZ, UNG/UNE, UNH/UNT with their control checks.

:func:`iter_envelopes` walks the raw segments once and yields each message as
soon as its UNT is read (constant memory), and, after each interchange, the
problems found outside any message. Count and reference mismatches are
warnings, or errors in strict mode; structural faults (a message without UNT,
a missing UNB) are always errors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TextIO

from paxscreen.edifact.codes import parse_datetime
from paxscreen.edifact.errors import Issue, Severity
from paxscreen.edifact.model import InterchangeHeader, UnmappedSegment
from paxscreen.edifact.segments import MessageSegments, component
from paxscreen.edifact.tokenizer import (
    CHUNK_SIZE,
    DEFAULT_DELIMITERS,
    Delimiters,
    iter_segment_batches,
    split_elements,
    unescape,
)

__all__ = ["InterchangeProblems", "RawMessage", "iter_envelopes"]


@dataclass(slots=True)
class RawMessage:
    """One message UNH..UNT, not yet mapped."""

    header: InterchangeHeader | None
    message_type: str
    version: str
    reference: str
    segments: MessageSegments


@dataclass(slots=True)
class InterchangeProblems:
    """Issues and stray segments found outside any message of one interchange."""

    header: InterchangeHeader | None
    first_segment_number: int
    segment_count: int
    issues: list[Issue] = field(default_factory=list)
    unmapped: list[UnmappedSegment] = field(default_factory=list)


_SERVICE = frozenset({"UNB", "UNG", "UNH", "UNT", "UNE", "UNZ"})


def _header(elements: list[list[str]]) -> InterchangeHeader:
    date = component(elements, 4, 0)
    time = component(elements, 4, 1) or "0000"
    prepared = parse_datetime(date + time[:4], fmt="203" if len(date) == 8 else "201")
    return InterchangeHeader(
        syntax_identifier=component(elements, 1, 0),
        syntax_version=component(elements, 1, 1),
        sender=component(elements, 2, 0),
        recipient=component(elements, 3, 0),
        prepared=prepared,
        control_reference=component(elements, 5, 0),
        application_reference=component(elements, 7, 0) or None,
    )


def _pivot(header: InterchangeHeader | None) -> int:
    if header is not None and header.prepared is not None:
        return header.prepared.year % 100
    return dt.datetime.now(dt.UTC).year % 100


class _Walker:
    """State of the single pass over the segments (see :func:`iter_envelopes`)."""

    def __init__(self, strict: bool) -> None:
        self.strict = strict
        self.control_severity: Severity = "error" if strict else "warning"
        self.header: InterchangeHeader | None = None
        self.number = 0  # segment number within the interchange
        self.problems = InterchangeProblems(None, 1, 0)
        self.in_interchange = False
        self.after_unz = False
        self.message: list[str] | None = None
        self.message_start = 0
        self.message_delimiters: Delimiters | None = None
        self.message_issues: list[Issue] = []
        self.messages_in_group = 0
        self.messages_in_interchange = 0
        self.groups_in_interchange = 0
        self.group_reference: str | None = None
        self.group_start = 0

    def issue(
        self,
        severity: Severity,
        code: str,
        text: str,
        *,
        tag: str | None,
        expected: str | None = None,
        number: int | None = None,
        message_number: int | None = None,
    ) -> Issue:
        return Issue(
            severity=severity,
            code=code,
            text=text,
            segment_number=self.number if number is None else number,
            message_segment_number=message_number,
            tag=tag,
            expected=expected,
        )

    def problem(self, issue: Issue) -> None:
        self.problems.issues.append(issue)

    def stray(self, raw: str, delimiters: Delimiters, tag: str) -> None:
        _, _, rest = raw.partition(delimiters.element)
        self.problems.unmapped.append(
            UnmappedSegment(self.number, 0, tag, unescape(rest, delimiters.release))
        )

    def open_interchange(self, elements: list[list[str]]) -> None:
        self.header = _header(elements)
        self.in_interchange = True
        self.after_unz = False
        self.messages_in_interchange = 0
        self.groups_in_interchange = 0
        self.problems = InterchangeProblems(self.header, self.number, 0)

    def finish_message(self, closed: bool) -> RawMessage | None:
        raw = self.message
        if raw is None:
            return None
        delimiters = self.message_delimiters or DEFAULT_DELIMITERS
        segments = MessageSegments(
            delimiters=delimiters,
            raw=raw,
            first_number=self.message_start,
            pivot_year=_pivot(self.header),
            strict=self.strict,
            issues=self.message_issues,
        )
        if not closed:
            segments.report(
                len(raw) - 1,
                "missing-unt",
                f"message {self._reference(raw, delimiters)!r} is not closed by UNT",
                expected="UNT",
            )
        unh = split_elements(raw[0], delimiters)
        message = RawMessage(
            header=self.header,
            message_type=component(unh, 2, 0),
            version=":".join(part.strip() for part in unh[2][1:3]) if len(unh) > 2 else "",
            reference=component(unh, 1, 0),
            segments=segments,
        )
        self.message = None
        self.message_issues = []
        self.messages_in_group += 1
        self.messages_in_interchange += 1
        return message

    @staticmethod
    def _reference(raw: list[str], delimiters: Delimiters) -> str:
        return component(split_elements(raw[0], delimiters), 1, 0)

    def check_unt(self, elements: list[list[str]]) -> None:
        raw = self.message or []
        delimiters = self.message_delimiters or DEFAULT_DELIMITERS
        declared = component(elements, 1, 0)
        reference = component(elements, 2, 0)
        actual = len(raw)
        expected_reference = self._reference(raw, delimiters) if raw else ""

        if declared != str(actual) and (not declared.isdigit() or int(declared) != actual):
            self.message_issues.append(
                self.issue(
                    self.control_severity,
                    "segment-count",
                    f"UNT declares {declared or 'no'} segments, the message has {actual}",
                    tag="UNT",
                    expected=f"UNT segment count {actual}",
                    message_number=actual,
                )
            )
        if reference != expected_reference:
            self.message_issues.append(
                self.issue(
                    self.control_severity,
                    "message-reference",
                    f"UNT message reference {reference!r} differs from UNH {expected_reference!r}",
                    tag="UNT",
                    expected=f"message reference {expected_reference!r}",
                    message_number=actual,
                )
            )

    def check_count(
        self, tag: str, elements: list[list[str]], actual: int, reference: str | None, what: str
    ) -> None:
        declared = component(elements, 1, 0)
        if not declared.isdigit() or int(declared) != actual:
            self.problem(
                self.issue(
                    self.control_severity,
                    f"{what}-count",
                    f"{tag} declares {declared or 'no'} {what}s, the "
                    f"{'group' if tag == 'UNE' else 'interchange'} has {actual}",
                    tag=tag,
                    expected=f"{tag} count {actual}",
                )
            )
        found = component(elements, 2, 0)
        if reference is not None and found != reference:
            self.problem(
                self.issue(
                    self.control_severity,
                    f"{'group' if tag == 'UNE' else 'interchange'}-reference",
                    f"{tag} control reference {found!r} differs from "
                    f"{'UNG' if tag == 'UNE' else 'UNB'} {reference!r}",
                    tag=tag,
                    expected=f"control reference {reference!r}",
                )
            )

    def flush_problems(self) -> InterchangeProblems | None:
        problems = self.problems
        problems.segment_count = self.number - problems.first_segment_number + 1
        self.problems = InterchangeProblems(self.header, self.number + 1, 0)
        if problems.issues or problems.unmapped:
            return problems
        return None


def iter_envelopes(
    source: str | TextIO | Iterable[str],
    *,
    strict: bool = False,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[RawMessage | InterchangeProblems]:
    """Yield every message of ``source`` and the problems found outside messages."""
    walker = _Walker(strict)
    for batch in iter_segment_batches(source, chunk_size=chunk_size):
        delimiters = batch.delimiters
        for issue in batch.issues:
            walker.problem(issue)
        segments = batch.segments
        # Candidates for service segments; the runs between them are copied into
        # the open message in one slice instead of one append per segment.
        candidates = _service_candidates(segments)
        candidates.append(len(segments))
        start = 0
        for stop in candidates:
            if stop > start:
                if walker.message is not None:
                    walker.message.extend(segments[start:stop])
                    walker.number += stop - start
                else:
                    for raw in segments[start:stop]:
                        walker.number += 1
                        _outside(walker, raw, delimiters)
            if stop == len(segments):
                break
            raw = segments[stop]
            walker.number += 1
            start = stop + 1
            tag = raw.split(delimiters.element, 1)[0].strip()
            if tag in _SERVICE:
                yield from _service(walker, tag, raw, delimiters)
            elif walker.message is not None:
                walker.message.append(raw)
            else:
                _outside(walker, raw, delimiters)
    if walker.message is not None:
        unclosed = walker.finish_message(closed=False)
        if unclosed is not None:
            yield unclosed
    if walker.in_interchange:
        walker.problem(
            walker.issue(
                walker.control_severity,
                "missing-unz",
                "input ends before UNZ",
                tag=None,
                expected="UNZ",
            )
        )
    problems = walker.flush_problems()
    if problems is not None:
        yield problems


def _service_candidates(segments: list[str]) -> list[int]:
    """Indices of the segments that start with ``UN``, in order.

    A handful per interchange among thousands: ``str.find`` looks for them in the
    segments joined by line breaks (which the tokeniser removed from every segment) and
    ``str.count`` numbers them, at C speed instead of one slice per segment.
    """
    joined = "\n".join(segments)
    if joined.count("\n") != len(segments) - 1:  # a released line break inside a segment
        return [index for index, raw in enumerate(segments) if raw[:2] == "UN"]
    found = [0] if joined[:2] == "UN" else []
    index = 0  # the segment that starts after the line break at ``position``
    counted = 0
    position = joined.find("\nUN")
    while position != -1:
        index += joined.count("\n", counted, position + 1)
        counted = position + 1
        found.append(index)
        position = joined.find("\nUN", counted)
    return found


def _outside(walker: _Walker, raw: str, delimiters: Delimiters) -> None:
    """A segment that is in no message: stray data after UNZ, or a misplaced segment."""
    tag = raw.split(delimiters.element, 1)[0].strip()
    if walker.after_unz:
        walker.problem(
            walker.issue(
                "warning",
                "data-after-interchange",
                f"text {raw[:40]!r} after UNZ is not a segment of any interchange; ignored",
                tag=None,
                expected="UNA, UNB or end of input",
            )
        )
    else:
        walker.problem(
            walker.issue(
                "error",
                "segment-outside-message",
                f"segment {tag} is outside any message",
                tag=tag,
                expected="UNH",
            )
        )
    walker.stray(raw, delimiters, tag)


def _service(
    walker: _Walker, tag: str, raw: str, delimiters: Delimiters
) -> Iterator[RawMessage | InterchangeProblems]:
    if tag == "UNH":
        if walker.message is not None:
            message = walker.finish_message(closed=False)
            if message is not None:
                yield message
        if not walker.in_interchange and walker.header is None:
            walker.problem(
                walker.issue(
                    "error", "missing-unb", "message before any UNB", tag="UNH", expected="UNB"
                )
            )
            walker.in_interchange = True
        walker.message = [raw]
        walker.message_start = walker.number
        walker.message_delimiters = delimiters
        return
    if tag == "UNT":
        if walker.message is None:
            walker.problem(
                walker.issue(
                    "error", "unexpected-unt", "UNT without UNH", tag="UNT", expected="UNH"
                )
            )
            walker.stray(raw, delimiters, tag)
            return
        walker.message.append(raw)
        walker.check_unt(split_elements(raw, delimiters))
        message = walker.finish_message(closed=True)
        if message is not None:
            yield message
        return
    if walker.message is not None:
        message = walker.finish_message(closed=False)
        if message is not None:
            yield message
    elements = split_elements(raw, delimiters)
    if tag == "UNB":
        if walker.in_interchange:
            walker.problem(
                walker.issue(
                    walker.control_severity,
                    "missing-unz",
                    "UNB before UNZ",
                    tag="UNB",
                    expected="UNZ",
                )
            )
        problems = walker.flush_problems()
        if problems is not None:
            yield problems
        walker.number = 1
        walker.open_interchange(elements)
    elif tag == "UNG":
        walker.group_reference = component(elements, 5, 0)
        walker.messages_in_group = 0
        walker.groups_in_interchange += 1
        if walker.header is not None:
            header = walker.header
            walker.header = InterchangeHeader(
                syntax_identifier=header.syntax_identifier,
                syntax_version=header.syntax_version,
                sender=header.sender,
                recipient=header.recipient,
                prepared=header.prepared,
                control_reference=header.control_reference,
                application_reference=header.application_reference,
                group_reference=walker.group_reference,
                group_sender=component(elements, 2, 0),
                group_recipient=component(elements, 3, 0),
            )
    elif tag == "UNE":
        walker.check_count(
            "UNE", elements, walker.messages_in_group, walker.group_reference, "message"
        )
        walker.group_reference = None
    elif tag == "UNZ":
        if walker.groups_in_interchange:
            walker.check_count(
                "UNZ",
                elements,
                walker.groups_in_interchange,
                walker.header.control_reference if walker.header else None,
                "group",
            )
        else:
            walker.check_count(
                "UNZ",
                elements,
                walker.messages_in_interchange,
                walker.header.control_reference if walker.header else None,
                "message",
            )
        walker.in_interchange = False
        walker.after_unz = True
        problems = walker.flush_problems()
        if problems is not None:
            yield problems
