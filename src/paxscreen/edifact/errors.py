"""Parse issues and the exception raised for them.

Every issue names where it happened (segment number in the interchange and in
the message, segment tag) and what the parser expected there, so an operator
can find the fault in the carrier's file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["EdifactError", "Issue", "Severity"]

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem found while reading a message.

    ``segment_number`` counts segments from 1 within the interchange (UNA
    excluded); ``message_segment_number`` counts from 1 at the UNH of the message.
    """

    severity: Severity
    code: str
    text: str
    segment_number: int | None = None
    message_segment_number: int | None = None
    tag: str | None = None
    expected: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "code": self.code,
            "text": self.text,
            "segment_number": self.segment_number,
            "message_segment_number": self.message_segment_number,
            "tag": self.tag,
            "expected": self.expected,
        }

    def __str__(self) -> str:
        where = []
        if self.segment_number is not None:
            where.append(f"segment {self.segment_number}")
        if self.message_segment_number is not None:
            where.append(f"message segment {self.message_segment_number}")
        if self.tag:
            where.append(self.tag)
        location = f" at {' / '.join(where)}" if where else ""
        expected = f" (expected {self.expected})" if self.expected else ""
        return f"{self.severity} {self.code}{location}: {self.text}{expected}"


class EdifactError(ValueError):
    """Raised when a message cannot be read (strict mode) or is not EDIFACT at all."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(str(issue))
        self.issue = issue
