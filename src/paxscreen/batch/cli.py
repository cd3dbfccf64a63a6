"""``python -m paxscreen rescreen`` and ``python -m paxscreen store synth|info``."""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from paxscreen.batch.rescreen import (
    HIT_COLUMNS,
    HitRow,
    RescreenProgress,
    hit_sort_key,
    rescreen_in_process,
)
from paxscreen.batch.rows import TravellerStoreError
from paxscreen.match import THRESHOLD, MatchIndex
from paxscreen.watchlists import WatchlistFormatError, load_watchlist

if TYPE_CHECKING:
    from types import ModuleType

__all__ = ["ProgressBar", "register", "write_hits"]


def register(subparsers: Any) -> None:
    """Add the ``rescreen`` and ``store`` sub-commands to the paxscreen command line."""
    rescreen = subparsers.add_parser(
        "rescreen",
        help="re-screen a Parquet traveller store against watchlists (in-process or on Spark)",
    )
    rescreen.add_argument("--store", required=True, metavar="DIR", help="traveller store")
    rescreen.add_argument(
        "--watchlist",
        action="append",
        required=True,
        metavar="FILE",
        help="UN SC XML or CSV watchlist; repeat for several",
    )
    rescreen.add_argument(
        "--engine",
        choices=("process", "spark"),
        default="process",
        help="process: worker processes on this machine (default); spark: Spark in local mode",
    )
    rescreen.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="worker processes (process) or local cores (spark); default: every core",
    )
    rescreen.add_argument(
        "--threshold",
        type=float,
        default=THRESHOLD,
        metavar="T",
        help=f"lowest score reported, in [0, 1] (default {THRESHOLD})",
    )
    rescreen.add_argument("--output", required=True, metavar="HITS.csv")
    rescreen.add_argument("--quiet", action="store_true", help="no progress bar")
    rescreen.set_defaults(func=run_rescreen)

    store_parser = subparsers.add_parser("store", help="build and inspect traveller stores")
    actions = store_parser.add_subparsers(dest="action", required=True)
    synth = actions.add_parser(
        "synth", help="write a synthetic traveller store, with listed individuals planted"
    )
    synth.add_argument("--size", type=int, required=True, metavar="N", help="travellers")
    synth.add_argument("--out", required=True, metavar="DIR")
    synth.add_argument(
        "--plant", type=int, default=0, metavar="K", help="listed individuals to plant"
    )
    synth.add_argument(
        "--watchlist", metavar="FILE", help="the list to plant from (needed with --plant)"
    )
    synth.add_argument("--months", type=int, default=12, help="arrival months (from 2024-01)")
    synth.add_argument("--seed", type=int, default=0)
    synth.set_defaults(func=run_store_synth)
    info = actions.add_parser("info", help="travellers per arrival month")
    info.add_argument("store", metavar="DIR")
    info.set_defaults(func=run_store_info)


def _fail(message: str) -> int:
    print(f"paxscreen: error: {message}", file=sys.stderr)
    return 2


def _store_module() -> ModuleType | None:
    """``paxscreen.batch.store``, or None (reported) when pyarrow is not installed."""
    try:
        from paxscreen.batch import store
    except ModuleNotFoundError as exc:
        if exc.name != "pyarrow":
            raise
        _fail("traveller stores need pyarrow, which is not installed: pip install pyarrow")
        return None
    return store


class ProgressBar:
    """A one-line text progress bar for a re-screening, redrawn at most every 0.2 s.

    On a terminal the line is rewritten in place; elsewhere (a log file) a line is written at
    every tenth of the way.
    """

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.interactive = stream.isatty()
        self.started = time.perf_counter()
        self.drawn_at = 0.0
        self.tenth = -1

    def __call__(self, progress: RescreenProgress) -> None:
        now = time.perf_counter()
        done = progress.screened >= progress.total
        if self.interactive:
            if not done and now - self.drawn_at < 0.2:
                return
            self.stream.write("\r" + self.line(progress, now) + ("\n" if done else ""))
        else:
            tenth = int(progress.fraction * 10)
            if tenth == self.tenth:
                return
            self.tenth = tenth
            self.stream.write(self.line(progress, now) + "\n")
        self.drawn_at = now
        self.stream.flush()

    def line(self, progress: RescreenProgress, now: float) -> str:
        filled = int(progress.fraction * self.width)
        elapsed = now - self.started
        rate = progress.screened / elapsed if elapsed > 0 else 0.0
        remaining = (progress.total - progress.screened) / rate if rate else 0.0
        minutes, seconds = divmod(int(remaining), 60)
        return (
            f"[{'#' * filled}{'.' * (self.width - filled)}] {progress.fraction:6.1%} "
            f"{progress.screened:,}/{progress.total:,} travellers, {progress.hits:,} hits, "
            f"{rate:,.0f}/s, {minutes}:{seconds:02d} left"
        )


def write_hits(path: Path, hits: Iterable[HitRow]) -> int:
    """Write ``hits`` as CSV (header :data:`HIT_COLUMNS`, score with 4 decimals) to ``path``,
    atomically: the file appears complete or not at all. Returns the rows written.
    Raises ``OSError`` when the file cannot be written."""
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - renamed into place on success
        "w",
        encoding="utf-8",
        newline="",
        dir=path.parent,
        prefix=".hits-",
        suffix=".csv",
        delete=False,
    )
    count = 0
    try:
        with handle:
            writer = csv.writer(handle)
            writer.writerow(HIT_COLUMNS)
            for hit in hits:
                row = hit.as_tuple()
                writer.writerow((*row[:2], f"{hit.score:.4f}", *row[3:]))
                count += 1
        Path(handle.name).replace(path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return count


def run_rescreen(args: argparse.Namespace) -> int:
    """Re-screen the store; write every hit, sorted by traveller then best score, as CSV."""
    if not 0.0 <= args.threshold <= 1.0:
        return _fail(f"--threshold {args.threshold} is outside [0, 1]")
    if args.workers is not None and args.workers < 1:
        return _fail(f"--workers {args.workers} must be at least 1")
    output = Path(args.output)
    if not output.parent.is_dir():
        return _fail(f"{output}: cannot write the output file: no directory {output.parent}")
    store = _store_module()
    if store is None:
        return 2
    try:
        total = store.count_travellers(args.store)
        index = MatchIndex.build(load_watchlist(path) for path in args.watchlist)
    except (TravellerStoreError, WatchlistFormatError) as exc:
        return _fail(str(exc))
    started = time.perf_counter()
    try:
        if args.engine == "spark":
            hits = _rescreen_spark(args, index, quiet=args.quiet)
        else:
            progress = None if args.quiet else ProgressBar(sys.stderr)
            hits = sorted(
                rescreen_in_process(
                    args.store,
                    index,
                    threshold=args.threshold,
                    workers=args.workers,
                    progress=progress,
                ),
                key=hit_sort_key,
            )
    except TravellerStoreError as exc:
        return _fail(str(exc))
    except OSError as exc:  # a damaged Parquet file
        return _fail(f"{args.store}: cannot read the traveller store: {exc}")
    try:
        written = write_hits(output, hits)
    except OSError as exc:
        return _fail(f"{output}: cannot write the output file: {exc}")
    elapsed = time.perf_counter() - started
    print(
        f"re-screened {total:,} travellers against {len(index)} listed persons on "
        f"{args.engine} in {elapsed:.1f} s: {written:,} hits at threshold {args.threshold} "
        f"({index.version}) -> {output}"
    )
    return 0


def _rescreen_spark(args: argparse.Namespace, index: MatchIndex, *, quiet: bool) -> list[HitRow]:
    from paxscreen.batch.rescreen import default_workers
    from paxscreen.batch.spark import collect_hits, local_session

    cores = args.workers or default_workers()
    if not quiet:
        print(f"starting Spark in local mode on {cores} cores…", file=sys.stderr)
    spark = local_session(cores)
    try:
        hits = collect_hits(
            spark,
            str(Path(args.store).resolve()),
            index,
            threshold=args.threshold,
            progress=None if quiet else ProgressBar(sys.stderr),
        )
        return sorted(hits, key=hit_sort_key)
    finally:
        spark.stop()


def run_store_synth(args: argparse.Namespace) -> int:
    """Write a synthetic store of ``--size`` travellers plus ``--plant`` listed individuals."""
    store = _store_module()
    if store is None:
        return 2
    from paxscreen.batch.synthetic import plant_listed, synthetic_travellers

    if args.size < 0 or args.plant < 0 or args.months < 1:
        return _fail("--size and --plant must be at least 0, --months at least 1")
    planted = []
    if args.plant:
        if not args.watchlist:
            return _fail("--plant needs --watchlist, the list to plant individuals from")
        try:
            planted = plant_listed(load_watchlist(args.watchlist), args.plant, seed=args.seed)
        except (WatchlistFormatError, ValueError) as exc:
            return _fail(str(exc))
    try:
        written = store.write_store(
            args.out,
            synthetic_travellers(args.size, planted=planted, seed=args.seed, months=args.months),
        )
    except OSError as exc:
        return _fail(f"{args.out}: cannot write the store: {exc}")
    print(f"wrote {written:,} travellers ({len(planted)} planted) to {args.out}")
    for traveller in planted:
        print(f"  planted {traveller.person.query_id}: {traveller.reference}")
    return 0


def run_store_info(args: argparse.Namespace) -> int:
    """Print the travellers of each arrival month and the total."""
    store = _store_module()
    if store is None:
        return 2
    try:
        dataset = store.open_store(args.store)
    except TravellerStoreError as exc:
        return _fail(str(exc))
    table = dataset.to_table(columns=[store.PARTITION_COLUMN])
    counts = table.group_by(store.PARTITION_COLUMN).aggregate([([], "count_all")])
    columns = counts.to_pydict()
    months = sorted(zip(columns[store.PARTITION_COLUMN], columns["count_all"], strict=True))
    for month, count in months:
        print(f"{month}: {count:,}")
    print(f"total: {sum(count for _, count in months):,} travellers in {len(dataset.files)} files")
    return 0
