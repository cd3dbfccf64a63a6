"""The tuned PNRGOV path reads exactly what the reader before it read (issue 14, point 6).

The digests in ``golden/equivalence.json`` were written by the reader of commit
``4128caf`` (before the single-pass work) for: every GTAS file, a synthetic PNRGOV and
PAXLST corpus committed as gzip (not regenerated, so a change of the generator does not
move the reference), and messages of that corpus damaged at random with a fixed seed.
Each input is read three ways — lenient with the data-protection filter (the default),
strict without raising, and without the filter — and every result's full ``to_dict()``
must hash to the same digest. Regenerate only for an intended change of the output,
with ``PAXSCREEN_UPDATE_GOLDEN=1``, and say why in the commit.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.paxscreen.edifact.edifact_testdata import GOLDEN, gtas_files

from paxscreen.edifact import ParsedMessage, parse

EQUIVALENCE = Path(__file__).resolve().parent / "equivalence"
DIGESTS = EQUIVALENCE / "digests.json"
_MODES = ("lenient", "strict", "unfiltered")


def _read(data: bytes, mode: str) -> list[ParsedMessage]:
    if mode == "strict":
        return parse(data, strict=True, raise_errors=False)
    if mode == "unfiltered":
        return parse(data, protection=None)
    return parse(data)


def _digest(results: list[ParsedMessage]) -> str:
    text = json.dumps([result.to_dict() for result in results], sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _interchanges(name: str) -> list[bytes]:
    text = gzip.decompress((EQUIVALENCE / name).read_bytes()).decode("utf-8")
    advice = "UNA:+.? '"
    return [(advice + part).encode("utf-8") for part in text.split(advice) if part]


def _damaged(data: bytes, rng: random.Random) -> bytes:
    """One to four edits of the kinds carriers' systems make: a byte lost, doubled,
    replaced by a delimiter or by anything."""
    damaged = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        position = rng.randrange(len(damaged))
        kind = rng.randrange(4)
        if kind == 0:
            del damaged[position]
        elif kind == 1:
            damaged.insert(position, damaged[position])
        elif kind == 2:
            damaged[position] = rng.choice(b"'+:?\n\x00")
        else:
            damaged[position] = rng.randrange(256)
    return bytes(damaged)


def _inputs() -> Iterator[tuple[str, bytes]]:
    for path in gtas_files():
        yield f"gtas/{path.name}", path.read_bytes()
    for corpus in ("pnrgov.edi.gz", "paxlst.edi.gz"):
        for number, data in enumerate(_interchanges(corpus)):
            yield f"{corpus}/{number}", data
    rng = random.Random(14)
    pnrgov = _interchanges("pnrgov.edi.gz")
    for number in range(120):
        source = pnrgov[number % len(pnrgov)]
        # Damage a 6 kB window so each case stays a few bookings long and fast to read.
        start = rng.randrange(0, max(1, len(source) - 6000))
        window = source[:200] + source[start : start + 6000]
        yield f"damaged/{number}", _damaged(window, rng)


def _current() -> dict[str, str]:
    return {
        f"{name} {mode}": _digest(_read(data, mode)) for name, data in _inputs() for mode in _MODES
    }


@pytest.fixture(scope="module")
def current() -> dict[str, str]:
    digests = _current()
    if os.environ.get("PAXSCREEN_UPDATE_GOLDEN"):
        DIGESTS.write_text(json.dumps(digests, indent=1, sort_keys=True) + "\n", "utf-8")
    return digests


def test_every_input_reads_as_the_reference_reader_read_it(current: dict[str, str]) -> None:
    # given the digests the reference reader wrote for every input and mode
    expected = json.loads(DIGESTS.read_text("utf-8"))
    # when the same inputs are parsed now
    # then every result is the same, field by field (the names list what differs)
    assert current.keys() == expected.keys()
    assert [name for name in expected if current[name] != expected[name]] == []


def test_the_corpora_hold_what_the_benchmark_reads() -> None:
    # given the committed synthetic corpora
    # when they are parsed
    travellers = 0
    segments = 0
    for data in _interchanges("pnrgov.edi.gz"):
        for result in parse(data):
            segments += result.segment_count
            if result.pnr is not None:
                travellers += sum(len(booking.travellers) for booking in result.pnr.bookings)
    # then they are a real workload: bookings with travellers, in many segments
    assert travellers > 1_000
    assert segments > 15 * travellers
    # and the GTAS golden outputs cover the same files as the digests
    assert len(list(GOLDEN.glob("*.json"))) == len(gtas_files())


def test_golden_digests_cover_every_mode_of_every_input() -> None:
    expected = json.loads(DIGESTS.read_text("utf-8"))
    names = {name for name, _ in _inputs()}
    assert set(expected) == {f"{name} {mode}" for name in names for mode in _MODES}
