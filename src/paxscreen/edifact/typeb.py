"""IATA Type B envelopes around EDIFACT payloads (GTAS users asked for them: US-CBP/GTAS #2010).

A Type B message carries a heading before its text: optional start-of-message characters
(SOH, STX), a line with the priority code and the recipients' seven-character addresses,
then the origin line, ``.`` followed by the sender's address and the filing time::

    QU JFKCBXH WASCBXH
    .DXBEKXS 011200
    UNA:+.? '
    UNB+UNOA:4+...

:func:`unwrap` returns the envelope (or None when the text starts with the EDIFACT
payload) and the payload, without the heading and the end-of-message character (ETX).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["TypeBEnvelope", "unwrap"]


@dataclass(frozen=True, slots=True)
class TypeBEnvelope:
    priority: str
    recipients: tuple[str, ...]
    origin: str
    filed: str

    def to_dict(self) -> dict[str, object]:
        return {
            "priority": self.priority,
            "recipients": list(self.recipients),
            "origin": self.origin,
            "filed": self.filed,
        }


_HEADING = re.compile(
    r"\A[\x01\x02\s]*"
    r"(?P<priority>[A-Z]{2})(?P<addresses>(?:[ \t]+[A-Z0-9]{7})+)[ \t]*\r?\n"
    r"(?:[ \t]*[A-Z0-9]{7}(?:[ \t]+[A-Z0-9]{7})*[ \t]*\r?\n)*"  # address continuation lines
    r"\.(?P<origin>[A-Z0-9]{7})(?:[ \t]+(?P<filed>\d{6})[^\r\n]*)?[ \t]*\r?\n"
)


def unwrap(text: str) -> tuple[TypeBEnvelope | None, str]:
    """Split a Type B heading from its EDIFACT payload; text without one comes back whole."""
    heading = _HEADING.match(text)
    if heading is None:
        return None, text
    recipients = re.findall(
        r"[A-Z0-9]{7}", text[heading.start("addresses") : heading.start("origin")]
    )
    payload = text[heading.end() :].lstrip("\x02").rstrip("\x03\r\n\t ")
    envelope = TypeBEnvelope(
        priority=heading.group("priority"),
        recipients=tuple(recipients),
        origin=heading.group("origin"),
        filed=heading.group("filed") or "",
    )
    return envelope, payload
