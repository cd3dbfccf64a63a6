"""Read carrier files: bytes or text in, one :class:`ParsedMessage` per message out.

``iter_messages`` streams (constant memory over any number of messages);
``parse`` and ``parse_file`` collect the results. In lenient mode (the default)
problems are recorded on each result; in strict mode control-check mismatches
become errors and the first error raises :class:`EdifactError` unless
``raise_errors=False`` is passed (the command line does that to report every
message).
"""

from __future__ import annotations

import codecs
import gc
import io
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from paxscreen.edifact.errors import EdifactError
from paxscreen.edifact.integrity import check_message
from paxscreen.edifact.interchange import InterchangeProblems, RawMessage, iter_envelopes
from paxscreen.edifact.model import ParsedMessage
from paxscreen.edifact.paxlst import read_manifest
from paxscreen.edifact.pnrgov import read_pnr_push
from paxscreen.edifact.protection import ProtectionPolicy, default_policy
from paxscreen.edifact.tokenizer import CHUNK_SIZE

__all__ = ["decode", "detect_encoding", "iter_messages", "parse", "parse_file", "read_message"]

# UNB syntax identifier → character set (ISO 9735 part 1, annex; IATA uses its own id).
_SYNTAX_CODECS = {
    "UNOA": "ascii",
    "UNOB": "ascii",
    "UNOC": "latin-1",
    "UNOD": "iso8859-2",
    "UNOE": "iso8859-5",
    "UNOF": "iso8859-7",
    "UNOG": "iso8859-3",
    "UNOH": "iso8859-4",
    "UNOI": "iso8859-6",
    "UNOJ": "iso8859-8",
    "UNOK": "iso8859-9",
    "UNOW": "utf-8",
    "UNOY": "utf-8",
}

Source = str | bytes | os.PathLike[str] | TextIO | BinaryIO | Iterable[str]
_USE_DEFAULT = object()


def _declared(head: bytes) -> str | None:
    """The codec of the UNB syntax identifier in ``head``, or None (absent or unknown)."""
    position = head.find(b"UNB")
    if position == -1:
        return None
    identifier = head[position + 4 : position + 8].decode("ascii", "replace").upper()
    return _SYNTAX_CODECS.get(identifier)


def detect_encoding(head: bytes) -> str:
    """Pick the codec for a file from its first bytes (the UNB syntax identifier).

    ASCII levels (UNOA/UNOB) and unknown identifiers are read as UTF-8 when the
    bytes are valid UTF-8 (a superset, and what carriers actually send), else
    Latin-1, which never fails.
    """
    declared = _declared(head)
    if declared not in (None, "ascii", "utf-8"):
        return str(declared)
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still UTF-8.
        if exc.start < len(head) - 3:
            return "latin-1"
    return "utf-8"


# A UTF-8 multi-byte sequence: its presence beside invalid bytes means UTF-8 with damage,
# its absence a single-byte file (Latin-1) declared as ASCII.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def decode(data: bytes) -> str:
    """Decode a whole interchange, honouring its syntax identifier.

    Text declared ASCII or UTF-8 that holds valid UTF-8 sequences beside invalid bytes
    is read as UTF-8 with U+FFFD for the invalid bytes, which the readers report
    (``invalid-encoding``), rather than as Latin-1 mojibake of the valid ones.
    """
    if _declared(data[:4096]) in (None, "ascii", "utf-8"):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            damaged_utf8 = _UTF8_SEQUENCE.search(data) is not None
            text = data.decode("utf-8" if damaged_utf8 else "latin-1", errors="replace")
    else:
        text = data.decode(detect_encoding(data[:4096]), errors="replace")
    return text[1:] if text.startswith("\ufeff") else text


def _open_text(path: os.PathLike[str] | str) -> TextIO:
    binary = Path(path).open("rb")  # noqa: SIM115 - handed to the TextIOWrapper that closes it
    head = binary.peek(4096)[:4096] if isinstance(binary, io.BufferedReader) else b""
    encoding = detect_encoding(head)
    if codecs.lookup(encoding).name == "utf-8":
        encoding = "utf-8-sig"
    return io.TextIOWrapper(binary, encoding=encoding, errors="replace", newline="")


def read_message(message: RawMessage, protection: ProtectionPolicy | None = None) -> ParsedMessage:
    """Map one raw message (PAXLST, PNRGOV; others are kept unmapped)."""
    segments = message.segments
    check_message(segments, message.message_type)
    removed = protection.apply(segments) if protection is not None else []
    manifest = None
    pnr = None
    if message.message_type == "PAXLST":
        manifest = read_manifest(segments)
    elif message.message_type == "PNRGOV":
        pnr = read_pnr_push(segments)
    else:
        segments.report(
            0,
            "unsupported-message",
            f"message type {message.message_type!r} is not read; its segments are kept unmapped",
            expected="PAXLST or PNRGOV",
            severity="warning",
        )
        for index in range(1, len(segments.raw) - 1):
            if segments.raw[index]:
                segments.keep_unmapped(index)
    return ParsedMessage(
        message_type=message.message_type,
        message_reference=message.reference or None,
        message_version=message.version or None,
        interchange=message.header,
        first_segment_number=segments.first_number,
        segment_count=len(segments.raw),
        manifest=manifest,
        pnr=pnr,
        unmapped=tuple(segments.unmapped),
        removed=tuple(removed),
        issues=tuple(segments.issues),
    )


def _problems(problems: InterchangeProblems) -> ParsedMessage:
    return ParsedMessage(
        message_type="INTERCHANGE",
        message_reference=None,
        message_version=None,
        interchange=problems.header,
        first_segment_number=problems.first_segment_number,
        segment_count=problems.segment_count,
        manifest=None,
        pnr=None,
        unmapped=tuple(problems.unmapped),
        removed=(),
        issues=tuple(problems.issues),
    )


def iter_messages(
    source: Source,
    *,
    strict: bool = False,
    raise_errors: bool | None = None,
    protection: ProtectionPolicy | object | None = _USE_DEFAULT,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[ParsedMessage]:
    """Yield one result per message of ``source``, in order, streaming.

    ``source`` is EDIFACT text, bytes, a path (``pathlib.Path``), a text or
    binary file object, or an iterable of text chunks. ``protection`` is the
    data-protection policy (default: :func:`default_policy`; ``None`` keeps
    everything). Problems outside any message come as a result whose
    ``message_type`` is ``"INTERCHANGE"``.

    Raises :class:`EdifactError` for the first error when ``raise_errors``
    (default: ``strict``) is true.
    """
    policy = default_policy() if protection is _USE_DEFAULT else protection
    if policy is not None and not isinstance(policy, ProtectionPolicy):
        raise TypeError("protection must be a ProtectionPolicy or None")
    should_raise = strict if raise_errors is None else raise_errors
    opened: TextIO | None = None
    text_source: str | TextIO | Iterable[str]
    if isinstance(source, bytes):
        text_source = decode(source)
    elif isinstance(source, os.PathLike):
        opened = _open_text(source)
        text_source = opened
    elif isinstance(source, io.BufferedIOBase | io.RawIOBase):
        text_source = decode(source.read())
    else:
        text_source = source  # type: ignore[assignment]
    try:
        for item in iter_envelopes(text_source, strict=strict, chunk_size=chunk_size):
            result = read_message(item, policy) if isinstance(item, RawMessage) else _problems(item)
            if should_raise and result.errors:
                raise EdifactError(result.errors[0])
            yield result
    finally:
        if opened is not None:
            opened.close()


def parse(
    source: Source,
    *,
    strict: bool = False,
    raise_errors: bool | None = None,
    protection: ProtectionPolicy | object | None = _USE_DEFAULT,
) -> list[ParsedMessage]:
    """Parse every message of ``source`` (see :func:`iter_messages`).

    The cyclic garbage collector is paused while the results are built: they are
    all kept alive, so each of its passes would re-scan a growing heap of records
    that hold no cycles (it was a third of a PNRGOV parse). It is restored as it
    was, also when an error is raised. Memory stays bounded by the input, which the
    doors limit in size.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        return list(
            iter_messages(source, strict=strict, raise_errors=raise_errors, protection=protection)
        )
    finally:
        if collecting:
            gc.enable()


def parse_file(
    path: str | os.PathLike[str],
    *,
    strict: bool = False,
    raise_errors: bool | None = None,
    protection: ProtectionPolicy | object | None = _USE_DEFAULT,
) -> list[ParsedMessage]:
    """Parse a file, streaming it from disk (see :func:`iter_messages`)."""
    return parse(Path(path), strict=strict, raise_errors=raise_errors, protection=protection)
