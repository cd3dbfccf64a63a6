"""Data protection at the parser: drop what a PIU may not process, and say what was dropped.

Special meals and service requests reveal religion or health; so can free text.
The codes and terms are data (``data/sensitive_data.json``) so that each PIU
can adapt them to its legal basis. The filter runs on the raw segments before
any mapping, so removed values never reach a record.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from paxscreen.edifact.model import RemovedData
from paxscreen.edifact.segments import MessageSegments

__all__ = ["ProtectionPolicy", "default_policy"]


@dataclass(frozen=True, slots=True)
class ProtectionPolicy:
    """What to remove: SSR codes (code → reason), free-text terms, tags that hold free text."""

    ssr_codes: Mapping[str, str]
    text_terms: tuple[str, ...]
    text_tags: frozenset[str]

    @classmethod
    def from_json(cls, path: str | Path) -> ProtectionPolicy:
        """Load a policy from a JSON file shaped like ``data/sensitive_data.json``."""
        return cls.from_mapping(json.loads(Path(path).read_text(encoding="utf-8")))

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> ProtectionPolicy:
        codes = data.get("ssr_codes", {})
        terms = data.get("text_terms", [])
        tags = data.get("text_tags", ["IFT", "LTS", "FTX", "SSR"])
        if not isinstance(codes, Mapping) or not isinstance(terms, Iterable):
            raise ValueError("ssr_codes must be an object and text_terms a list")
        if not isinstance(tags, Iterable):
            raise ValueError("text_tags must be a list")
        return cls(
            ssr_codes={str(code).upper(): str(reason) for code, reason in codes.items()},
            text_terms=tuple(str(term).upper() for term in terms),
            text_tags=frozenset(str(tag) for tag in tags),
        )

    def with_codes(self, extra: Mapping[str, str]) -> ProtectionPolicy:
        """A copy of this policy that also removes the SSR codes in ``extra``."""
        return ProtectionPolicy({**self.ssr_codes, **extra}, self.text_terms, self.text_tags)

    @property
    def _pattern(self) -> re.Pattern[str] | None:
        return _compile(self.text_terms)

    def apply(self, segments: MessageSegments) -> list[RemovedData]:
        """Blank out the sensitive segments of ``segments`` in place; return what was removed."""
        removed: list[RemovedData] = []
        tags = self.text_tags
        raw = segments.raw
        # Most messages (API above all) hold none of the tags: one C-level scan says so.
        joined = "\n" + "\n".join(raw)
        if not any("\n" + tag in joined for tag in tags):
            return removed
        codes = self.ssr_codes
        pattern = self._pattern
        delimiters = segments.delimiters
        element = delimiters.element
        release = delimiters.release
        for index in _candidates(raw, joined, tags):
            text = raw[index]
            head, _, rest = text.partition(element)
            tag = head.strip()
            if tag not in tags:
                continue
            # A segment without release characters is read with partition; one with them
            # takes the release-aware split (as MessageSegments does), which is slower.
            plain = not release or release not in rest
            if tag == "SSR":
                code = self._ssr_code(segments, index, rest, plain) if element in text else ""
                if code in codes:
                    removed.append(
                        RemovedData(segments.first_number + index, tag, code, codes[code])
                    )
                    raw[index] = ""
                    continue
            if pattern is None:
                continue
            match = pattern.search((rest if plain else segments.text(index)).upper())
            if match:
                removed.append(
                    RemovedData(
                        segments.first_number + index,
                        tag,
                        match.group(0),
                        f"free text mentions {match.group(0)}",
                    )
                )
                raw[index] = ""
        return removed

    @staticmethod
    def _ssr_code(segments: MessageSegments, index: int, rest: str, plain: bool) -> str:
        """The SSR code (element 1, component 1), upper case."""
        if plain:
            delimiters = segments.delimiters
            first = rest.partition(delimiters.element)[0]
            return first.partition(delimiters.component)[0].strip().upper()
        return segments.elements(index)[1][0].strip().upper()


def _candidates(raw: list[str], joined: str, tags: frozenset[str]) -> list[int]:
    """Indices of the segments whose first three characters are one of ``tags``, in order.

    ``joined`` is ``raw`` with a line break before each segment (the tokeniser removed
    them from the segments). A PNR push holds one such segment in ten: ``str.find``
    locates them and ``str.count`` numbers them, instead of a slice of every segment.
    """
    if any(len(tag) != 3 or "\n" in tag for tag in tags) or joined.count("\n") != len(raw):
        return [index for index, text in enumerate(raw) if text[:3] in tags]
    positions = []
    for tag in tags:
        marker = "\n" + tag
        position = joined.find(marker)
        while position != -1:
            positions.append(position)
            position = joined.find(marker, position + 1)
    positions.sort()
    found = []
    index = -1  # the segment after the line break at ``position``
    counted = 0
    for position in positions:
        index += joined.count("\n", counted, position + 1)
        counted = position + 1
        found.append(index)
    return found


@cache
def _compile(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    if not terms:
        return None
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![A-Z0-9])(?:{alternatives})(?![A-Z0-9])")


@cache
def default_policy() -> ProtectionPolicy:
    """The policy shipped in ``data/sensitive_data.json``."""
    text = resources.files("paxscreen.edifact").joinpath("data/sensitive_data.json").read_text()
    return ProtectionPolicy.from_mapping(json.loads(text))
