"""The raw segments of one message, with positions, split on demand.

Mappers walk ``raw`` (the unsplit segment strings) and call :meth:`elements`
only for segments they map; everything they do not map goes to
:meth:`keep_unmapped` so that nothing is silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from paxscreen.edifact.errors import Issue, Severity
from paxscreen.edifact.model import UnmappedSegment
from paxscreen.edifact.tokenizer import Delimiters, split_elements, unescape

__all__ = ["MessageSegments", "component", "padded"]


def component(elements: list[list[str]], element: int, index: int = 0) -> str:
    """``elements[element][index]`` stripped, or ``""`` when absent."""
    if element < len(elements):
        parts = elements[element]
        if index < len(parts):
            return parts[index].strip()
    return ""


def padded(elements: list[list[str]], element: int, width: int) -> list[str]:
    """The components of ``elements[element]`` stripped, padded with ``""`` to ``width``.

    ``padded(elements, e, w)[i] == component(elements, e, i)`` for ``i < w``: one call
    for a whole element where a reader needs several of its components.
    """
    if element < len(elements):
        parts = [*map(str.strip, elements[element])]
        if len(parts) < width:
            parts += [""] * (width - len(parts))
        return parts
    return [""] * width


@dataclass(slots=True)
class MessageSegments:
    """Segments UNH..UNT of one message; index 0 is the UNH.

    ``first_number`` is the interchange segment number of the UNH.
    ``pivot_year`` is the two-digit year that splits 19xx from 20xx for birth dates.
    """

    delimiters: Delimiters
    raw: list[str]
    first_number: int
    pivot_year: int = 99
    strict: bool = False
    issues: list[Issue] = field(default_factory=list)
    unmapped: list[UnmappedSegment] = field(default_factory=list)

    def elements(self, index: int) -> list[list[str]]:
        """Elements of segment ``index`` (element 0 is the tag)."""
        return split_elements(self.raw[index], self.delimiters)

    def tag(self, index: int) -> str:
        raw = self.raw[index]
        return raw.split(self.delimiters.element, 1)[0].strip()

    def text(self, index: int) -> str:
        """The segment as sent, minus its tag and first element separator, unescaped."""
        raw = self.raw[index]
        _, _, rest = raw.partition(self.delimiters.element)
        return unescape(rest, self.delimiters.release)

    def keep_unmapped(self, index: int) -> None:
        self.unmapped.append(
            UnmappedSegment(
                segment_number=self.first_number + index,
                message_segment_number=index + 1,
                tag=self.tag(index),
                text=self.text(index),
            )
        )

    def report(
        self,
        index: int,
        code: str,
        text: str,
        *,
        expected: str | None = None,
        severity: Severity = "error",
    ) -> None:
        """Record an issue at segment ``index`` of this message."""
        self.issues.append(
            Issue(
                severity=severity,
                code=code,
                text=text,
                segment_number=self.first_number + index,
                message_segment_number=index + 1,
                tag=self.tag(index) if index < len(self.raw) else None,
                expected=expected,
            )
        )

    def control(self, index: int, code: str, text: str, *, expected: str | None = None) -> None:
        """Record a control-check problem: a warning, or an error in strict mode."""
        self.report(
            index, code, text, expected=expected, severity="error" if self.strict else "warning"
        )
