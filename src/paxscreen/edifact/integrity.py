"""Checks of a message's raw text that no mapper would notice.

Each finds what corrupt or hostile data leaves behind, once per message and at C
speed (one regular-expression search over the joined segments), and records it on
the message with its segment number and position:

- ``control-character`` (error): a C0 control character or DEL that is not one of the
  interchange's own delimiters, NUL included — no store takes it, no carrier means it.
- ``invalid-encoding`` (warning): U+FFFD, the mark the decoder left where the bytes were
  not in the character set the UNB declares, or a C1 control character (U+0080–U+009F),
  what bytes of another code page become in Latin-1. One damaged character must not keep
  a whole flight from screening, so the message loads and says which value is damaged.
- ``missing-terminator`` (error in PAXLST, warning in PNRGOV): a segment tag with its
  element separator and a qualifier code glued to the end of a value
  (``NAD+FL+++DOE:JOHNATT+2++M``), what a lost segment terminator leaves. PAXLST values
  are names, codes and dates, so this is an error there; PNRGOV carries free text (IFT,
  SSR), where it is only a warning.
"""

from __future__ import annotations

import bisect
import re

from paxscreen.edifact.segments import MessageSegments

__all__ = ["check_message"]

_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f"

# Segment tags of the two message types (UN/EDIFACT D.05B PAXLST, PNRGOV 11.1–19.1).
_PAXLST_TAGS = "ATT BGM CNT COM CPI CTA DOC DTM EMP FTX GEI LOC MEA NAD NAT QTY RFF TDT UNT"
_PNRGOV_TAGS = (
    "ABI ADD APD DAT EBD EQN FAR FOP IFT LTS MSG ORG PTK RCI REF SAC SRC SSR TBD TIF TKT TRI "
    "TVL TXD"
)

_JOIN = "\n"  # never inside a raw segment: the tokeniser removes line breaks
_PATTERNS: dict[tuple[str, str, str], re.Pattern[str]] = {}
_SCREENS: dict[tuple[str, str, str], tuple[re.Pattern[str], re.Pattern[str]]] = {}


def _controls(delimiters: str) -> str:
    return "".join(f"\\x{ord(c):02x}" for c in map(chr, range(32)) if c not in delimiters).replace(
        "\\x0a", ""
    )


def _tags(message_type: str) -> str:
    return (_PNRGOV_TAGS if message_type == "PNRGOV" else _PAXLST_TAGS).replace(" ", "|")


def _pattern(element: str, component: str, delimiters: str, message_type: str) -> re.Pattern[str]:
    key = (element + component, delimiters, message_type)
    pattern = _PATTERNS.get(key)
    if pattern is None:
        controls = _controls(delimiters)
        tags = _tags(message_type)
        pattern = re.compile(
            f"(?P<control>[{controls}\\x7f])"
            "|(?P<replacement>[\ufffd\x80-\x9f])"
            f"|(?<=[A-Z0-9])(?P<glued>{tags}){element}[A-Z0-9]{{1,3}}"
            f"(?=[{element}{component}\n]|$)"
        )
        _PATTERNS[key] = pattern
    return pattern


def _screens(
    element: str, component: str, delimiters: str, message_type: str
) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Two searches that find a message clean exactly when :func:`_pattern` finds nothing.

    The combined pattern has no literal start, so the regular-expression engine tries
    its three branches at every character (it was a fifth of a PNRGOV parse); each of
    these starts with a character class or a literal, which the engine scans for at C
    speed. The glued-tag branch is anchored on the element separator and looks back.
    """
    key = (element + component, delimiters, message_type)
    screens = _SCREENS.get(key)
    if screens is None:
        screens = (
            re.compile(f"[{_controls(delimiters)}\\x7f\ufffd\x80-\x9f]"),
            re.compile(
                f"{element}(?<=[A-Z0-9](?:{_tags(message_type)}){element})[A-Z0-9]{{1,3}}"
                f"(?=[{element}{component}\n]|$)"
            ),
        )
        _SCREENS[key] = screens
    return screens


def check_message(segments: MessageSegments, message_type: str) -> None:
    """Record the corruption found in ``segments`` as issues on it (see the module text)."""
    raw = segments.raw
    text = _JOIN.join(raw)
    delimiters = segments.delimiters
    service = delimiters.component + delimiters.element + delimiters.release + delimiters.segment
    element = re.escape(delimiters.element)
    component = re.escape(delimiters.component)
    characters, glued = _screens(element, component, service, message_type)
    if characters.search(text) is None and glued.search(text) is None:
        return
    # Something is there: the combined pattern reports it, in the order it always has.
    pattern = _pattern(element, component, service, message_type)
    starts = [0]
    for segment in raw:
        starts.append(starts[-1] + len(segment) + 1)
    reported: set[tuple[int, str]] = set()
    for found in pattern.finditer(text):
        index = bisect.bisect_right(starts, found.start()) - 1
        kind = found.lastgroup or ""
        if (index, kind) in reported:
            continue
        reported.add((index, kind))
        position = found.start() - starts[index] + 1
        if kind == "control":
            segments.report(
                index,
                "control-character",
                f"control character U+{ord(found.group()):04X} at character {position} "
                "of the segment",
                expected="printable characters",
            )
        elif kind == "replacement":
            segments.report(
                index,
                "invalid-encoding",
                f"bytes at character {position} of the segment are not in the character set "
                "the UNB declares",
                expected="text in the declared character set",
                severity="warning",
            )
        else:
            segments.report(
                index,
                "missing-terminator",
                f"{found.group('glued') + delimiters.element!r} at character {position} of the "
                "segment looks like the start of another segment: a segment terminator may be "
                "missing",
                expected=f"segment terminator {delimiters.segment!r} before the segment tag",
                severity="warning" if message_type == "PNRGOV" else "error",
            )
