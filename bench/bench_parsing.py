"""Benchmark: paxscreen EDIFACT parsing vs pydifact on the same bytes.

    .venv/bin/python bench/bench_parsing.py [--quick] [--repeat N]

Measures, on one core, the best of N runs (median also shown):

* segment level: every segment split into tag, elements and components —
  ``paxscreen.edifact.iter_segments`` vs ``pydifact.parser.Parser().parse`` on the
  same interchanges (pydifact reads one interchange per call, so both are given
  the interchanges one by one);
* full parse: ``paxscreen.edifact.parse`` into typed records (manifests,
  bookings), data-protection filter on, control counts checked;

over a synthetic PAXLST corpus, a synthetic PNRGOV corpus (both from
``paxscreen.synthetic.traffic``, fixed seed) and the real GTAS files; then (not with
``--quick``) the linear-time rows: CPU seconds per MB of ``parse()`` for ordinary,
escape-heavy and single-huge-segment inputs of 1 and 10 MB, in the same run. Prints a
plain table and the same figures as markdown tables for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import statistics
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydifact.parser import Parser

from aegis import datasets
from host import cpu_model
from paxscreen.edifact import iter_messages, iter_segments, parse
from paxscreen.edifact.reader import decode
from paxscreen.synthetic.traffic import generate_paxlst, generate_pnrgov

GTAS = datasets.GTAS_MESSAGES


@dataclass(frozen=True)
class Corpus:
    name: str
    interchanges: list[str]
    segments: int
    travellers: int

    @property
    def size(self) -> int:
        return sum(len(text.encode("utf-8")) for text in self.interchanges)


@dataclass(frozen=True)
class Timing:
    """Seconds of CPU time used by this process (best and median of the runs).

    CPU time rather than wall time: the machine is shared, and waiting for a core
    is not work. Wall time of the best run is kept for reference.
    """

    best: float
    median: float
    wall: float


def _time(function: Callable[[], object], repeat: int, *, pause_gc: bool = False) -> Timing:
    runs = []
    walls = []
    for _ in range(repeat):
        gc.collect()
        if pause_gc:
            gc.disable()
        try:
            started_cpu = time.process_time()
            started = time.perf_counter()
            function()
            runs.append(time.process_time() - started_cpu)
            walls.append(time.perf_counter() - started)
        finally:
            gc.enable()
    return Timing(min(runs), statistics.median(runs), min(walls))


def _moment() -> str:
    """The UTC time and the load average: the machine is shared, its load moves the figures."""
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return f"{time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime())} UTC (load average {load})"


def _split_interchanges(text: str) -> list[str]:
    # The generators write the default service string advice at each interchange.
    advice = "UNA:+.? '"
    return [advice + part for part in text.split(advice) if part]


def _count(interchanges: Sequence[str]) -> tuple[int, int]:
    """Segments (UNA not counted) and travellers (PAXLST travellers, PNR travellers)."""
    segments = _paxscreen_segments(interchanges)
    travellers = sum(_paxscreen_full(text) for text in interchanges)
    return segments, travellers


def _corpus(name: str, interchanges: list[str]) -> Corpus:
    segments, travellers = _count(interchanges)
    return Corpus(name, interchanges, segments, travellers)


def _pydifact_readable(paths: Sequence[Path]) -> tuple[list[str], list[str]]:
    readable, failed = [], []
    for path in paths:
        text = decode(path.read_bytes())
        try:
            list(Parser().parse(text))
        except Exception:  # any failure means pydifact cannot read the file
            failed.append(path.name)
        else:
            readable.append(text)
    return readable, failed


def _pydifact_segments(interchanges: Sequence[str]) -> int:
    count = 0
    for text in interchanges:
        for _segment in Parser().parse(text):
            count += 1
    return count


def _paxscreen_segments(interchanges: Sequence[str]) -> int:
    count = 0
    for text in interchanges:
        for _segment in iter_segments(text):
            count += 1
    return count


def _paxscreen_full(text: str, *, stream: bool = False) -> int:
    """Travellers read by a full parse: ``parse`` keeps every result, ``iter_messages``
    hands them over one by one (as an intake service does) and keeps none."""
    travellers = 0
    for result in iter_messages(text) if stream else parse(text):
        if result.manifest is not None:
            travellers += len(result.manifest.travellers)
        if result.pnr is not None:
            travellers += sum(len(booking.travellers) for booking in result.pnr.bookings)
    return travellers


def _linear_inputs(megabytes: int) -> list[tuple[str, str]]:
    """Three inputs of about ``megabytes`` MB: ordinary, escape-heavy, one huge segment."""
    size = megabytes * 1_000_000
    head = "UNA:+.? 'UNB+UNOA:4+XX+PIU+261201:0900+1'UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'"
    tail = "UNT+4+1'UNZ+1+1'"
    ordinary = ""
    seed = 0
    while len(ordinary) < size:
        ordinary += generate_paxlst(random.Random(seed), flights=20, travellers_per_flight=200)
        seed += 1
    escaped_name = "O?'BRIEN?+?:??" * 8
    escaped = []
    length = len(head)
    while length < size:
        segment = f"NAD+FL+++{escaped_name}:{escaped_name}'"
        escaped.append(segment)
        length += len(segment)
    huge = "FTX+AAI+++" + "FREE TEXT " * (size // 10) + "'"
    return [
        ("ordinary (synthetic PAXLST)", ordinary[:size]),
        ("escape-heavy (?' ?+ ?: ?? in every value)", head + "".join(escaped) + tail),
        ("one huge segment", head + huge + tail),
    ]


def linear_rows(repeat: int) -> list[str]:
    """CPU seconds per MB of ``parse()`` at 1 and 10 MB for each input shape."""
    markdown = [
        "| input | 1 MB: s/MB | 10 MB: s/MB | 10 MB vs 1 MB | vs ordinary at 10 MB |",
        "|---|---:|---:|---:|---:|",
    ]
    per_mb: dict[tuple[str, int], float] = {}
    for megabytes in (1, 10):
        for name, text in _linear_inputs(megabytes):
            timing = _time(lambda t=text: parse(t), repeat)
            per_mb[(name, megabytes)] = timing.best / (len(text.encode()) / 1e6)
    ordinary = per_mb[("ordinary (synthetic PAXLST)", 10)]
    for name, _text in _linear_inputs(1):
        small, large = per_mb[(name, 1)], per_mb[(name, 10)]
        markdown.append(
            f"| {name} | {small:.3f} | {large:.3f} | {large / small:.2f}x | "
            f"**{large / ordinary:.2f}x** |"
        )
    return markdown


def main(argv: Sequence[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--quick", action="store_true", help="small corpora, under a minute")
    options.add_argument("--repeat", type=int, default=None, help="runs per measurement")
    options.add_argument(
        "--linear", action="store_true", help="only the linear-time rows (1 and 10 MB inputs)"
    )
    args = options.parse_args(argv)
    repeat = args.repeat or (3 if args.quick else 5)
    if args.linear:
        print(f"python {platform.python_version()} on {cpu_model()}, {os.cpu_count()} cores")
        print("\n".join(linear_rows(repeat)))
        return 0
    started = _moment()
    flights = 50 if args.quick else 150
    pnr_flights = 12 if args.quick else 40
    warnings.simplefilter("ignore")  # pydifact warns on every service segment

    paxlst = generate_paxlst(random.Random(42), flights=flights, travellers_per_flight=200)
    pnrgov = generate_pnrgov(random.Random(42), flights=pnr_flights, bookings_per_flight=100)
    real_paths = sorted(GTAS.glob("apis-messages/*")) + sorted(GTAS.glob("pnr-messages/*"))
    real_readable, real_failed = _pydifact_readable(real_paths)
    corpora = [
        _corpus("synthetic PAXLST", _split_interchanges(paxlst)),
        _corpus("synthetic PNRGOV", _split_interchanges(pnrgov)),
        _corpus("GTAS files read by both", real_readable),
    ]

    rows = []
    for corpus in corpora:
        ours = _time(lambda c=corpus: _paxscreen_segments(c.interchanges), repeat)
        theirs = _time(lambda c=corpus: _pydifact_segments(c.interchanges), max(1, repeat - 2))
        rows.append((corpus, ours, theirs))

    full_rows = []
    for corpus in corpora[:2]:
        text = "".join(corpus.interchanges)
        assert _paxscreen_full(text) == corpus.travellers
        for label, stream, pause_gc in (
            ("parse(), results kept", False, False),
            ("iter_messages(), streamed", True, False),
            ("parse(), gc paused", False, True),
        ):
            timing = _time(
                lambda t=text, s=stream: _paxscreen_full(t, stream=s), repeat, pause_gc=pause_gc
            )
            full_rows.append((corpus, label, timing))

    print(
        f"python {platform.python_version()} on {cpu_model()}, {os.cpu_count()} cores; "
        f"CPU time per run, best of {repeat} (median in brackets)"
    )
    print(f"measured {started} to {_moment()}")
    print(f"pydifact could not read: {', '.join(real_failed) or 'none'}")
    print()
    header = (
        f"{'corpus':26} {'MB':>6} {'segments':>9} {'travellers':>10} "
        f"{'paxscreen seg/s':>17} {'pydifact seg/s':>16} {'ratio':>6}"
    )
    print("Segment level (tag, elements, components)")
    print(header)
    markdown = [
        "| corpus | size | segments | travellers | paxscreen segments/s | pydifact segments/s "
        "| paxscreen travellers/s | pydifact travellers/s | ratio |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for corpus, ours, theirs in rows:
        ours_rate = corpus.segments / ours.best
        theirs_rate = corpus.segments / theirs.best
        print(
            f"{corpus.name:26} {corpus.size / 1e6:6.2f} {corpus.segments:9,} "
            f"{corpus.travellers:10,} {ours_rate:10,.0f} ({corpus.segments / ours.median:,.0f}) "
            f"{theirs_rate:9,.0f} ({corpus.segments / theirs.median:,.0f}) "
            f"{ours_rate / theirs_rate:5.1f}x"
        )
        markdown.append(
            f"| {corpus.name} | {corpus.size / 1e6:.2f} MB | {corpus.segments:,} | "
            f"{corpus.travellers:,} | {ours_rate:,.0f} | {theirs_rate:,.0f} | "
            f"{corpus.travellers / ours.best:,.0f} | {corpus.travellers / theirs.best:,.0f} | "
            f"**{ours_rate / theirs_rate:.1f}x** |"
        )
    print()
    print("Full parse into typed records (protection filter on, counts checked)")
    markdown += [
        "",
        "| corpus | how | segments | travellers | segments/s | travellers/s "
        "| vs pydifact tokenising |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    # The peer of a full parse: pydifact only tokenising the same corpus in the same run
    # (the yardstick of how fast the shared machine was running).
    tokenising = {corpus.name: theirs for corpus, _, theirs in rows}
    for corpus, label, ours in full_rows:
        print(
            f"{corpus.name:18} {label:27} {corpus.travellers:7,} travellers: "
            f"{corpus.travellers / ours.best:8,.0f} travellers/s "
            f"({corpus.travellers / ours.median:,.0f}), "
            f"{corpus.segments / ours.best:9,.0f} segments/s"
        )
        markdown.append(
            f"| {corpus.name} | {label} | {corpus.segments:,} | {corpus.travellers:,} | "
            f"{corpus.segments / ours.best:,.0f} | **{corpus.travellers / ours.best:,.0f}** | "
            f"{tokenising[corpus.name].best / ours.best:.1f}x |"
        )
    # The linear-time rows come from this same run, so that they, the full-parse rows
    # and the pydifact rows share one machine state.
    linear = [] if args.quick else linear_rows(max(1, repeat - 2))
    print()
    print("\n".join(markdown))
    if linear:
        print()
        print(f"Linear time: CPU s/MB of parse(), best of {max(1, repeat - 2)}")
        print("\n".join(linear))
    return 0


if __name__ == "__main__":
    sys.exit(main())
