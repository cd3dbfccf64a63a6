"""Reading sources: bytes and their character sets, files, and streaming without reading ahead."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from paxscreen.edifact import iter_messages, parse, parse_file
from paxscreen.edifact.reader import decode, detect_encoding
from paxscreen.synthetic.traffic import generate_paxlst


@pytest.mark.parametrize(
    ("head", "encoding"),
    [
        (b"UNA:+.? 'UNB+UNOC:3+A", "latin-1"),
        (b"UNB+UNOE:3+A", "iso8859-5"),
        (b"UNB+UNOY:4+A+\xc3\xa9", "utf-8"),
        (b"UNB+UNOA:4+A+\xc3\xa9", "utf-8"),
        (b"UNB+UNOA:4+A+\xe9\xe9\xe9\xe9\xe9", "latin-1"),
        (b"UNB+IATA:1+A+\xe2\x80\x99", "utf-8"),
        (b"no envelope at all", "utf-8"),
    ],
)
def test_detect_encoding(head: bytes, encoding: str) -> None:
    assert detect_encoding(head) == encoding


def test_decode_drops_a_byte_order_mark() -> None:
    assert decode("\ufeffUNB+UNOW:4'".encode()) == "UNB+UNOW:4'"


def test_streaming_yields_the_first_message_before_reading_the_rest() -> None:
    text = generate_paxlst(random.Random(3), flights=50, travellers_per_flight=40)
    chunks_read = 0

    def chunks() -> Iterator[str]:
        nonlocal chunks_read
        for start in range(0, len(text), 4096):
            chunks_read += 1
            yield text[start : start + 4096]

    stream = iter_messages(chunks(), chunk_size=4096)
    first = next(stream)
    assert first.manifest is not None
    assert chunks_read < 10
    rest = list(stream)
    assert len(rest) == 49
    assert [message.to_dict() for message in [first, *rest]] == [
        message.to_dict() for message in parse(text)
    ]


def test_parse_file_reads_from_disk_in_chunks(tmp_path: Path) -> None:
    text = generate_paxlst(random.Random(4), flights=3, travellers_per_flight=10)
    path = tmp_path / "traffic.edi"
    path.write_text(text, encoding="utf-8")
    assert [m.to_dict() for m in parse_file(path)] == [m.to_dict() for m in parse(text)]
    with path.open(encoding="utf-8") as handle:
        assert len(list(iter_messages(handle, chunk_size=97))) == 3
