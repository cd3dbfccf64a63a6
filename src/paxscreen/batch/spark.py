"""Re-screening a traveller store on Apache Spark with the library's own matching code.

The driver builds the :class:`~paxscreen.match.MatchIndex` once and broadcasts it; each task
reads its partition of the Parquet store and calls the same
:func:`~paxscreen.batch.rescreen.rescreen_partition` as the in-process engine, so both engines
give the same hits on the same store. On a cluster::

    spark-submit --py-files paxscreen.zip src/paxscreen/batch/spark.py \\
        --store s3a://bucket/travellers --watchlist un.xml --output s3a://bucket/hits

(see README, "Batch re-screening"). pyspark is imported only inside the functions here, so
the rest of the library never needs it.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from paxscreen.batch.rescreen import (
    HIT_COLUMNS,
    HitRow,
    ProgressCallback,
    RescreenProgress,
    rescreen_partition,
)
from paxscreen.batch.rows import PERSON_COLUMNS, person_from_record
from paxscreen.match import ALGORITHM_VERSION, THRESHOLD, MatchIndex

if TYPE_CHECKING:
    from pyspark.accumulators import Accumulator
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["collect_hits", "hits_from_rows", "local_session", "main", "rescreen_on_spark"]

HIT_SCHEMA_DDL = (
    "query_id STRING, reference_number STRING, score DOUBLE, explanation STRING, "
    "watchlist STRING, matched_name STRING, algorithm_version STRING"
)


def local_session(cores: int = 2, app_name: str = "paxscreen-rescreen") -> SparkSession:
    """A Spark session in local mode on ``cores`` cores of this machine: no UI, bound to the
    loopback interface, Python workers running this interpreter."""
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder: Any = SparkSession.builder
    return (  # type: ignore[no-any-return]
        builder.master(f"local[{cores}]")
        .appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", str(max(2, cores)))
        .getOrCreate()
    )


def rescreen_on_spark(
    spark: SparkSession,
    store: str,
    index: MatchIndex,
    *,
    threshold: float = THRESHOLD,
    partitions: int | None = None,
    screened: Accumulator[int] | None = None,
) -> DataFrame:
    """A DataFrame of the hits (columns :data:`HIT_SCHEMA_DDL`) of the store at ``store`` (any
    path Spark reads: local, ``hdfs://``, ``s3a://``…) against ``index`` at ``threshold``.

    The index is broadcast to the executors once; each partition of the store is screened by
    :func:`rescreen_partition`. ``partitions`` repartitions the store first (more tasks than
    files, to use every executor core). ``screened``, an accumulator, counts the travellers
    screened as tasks finish. Nothing runs until the DataFrame is used.
    Raises ``ValueError`` for a threshold outside [0, 1].
    """
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold {threshold} is outside [0, 1]")
    travellers: Any = spark.read.parquet(store).select(*PERSON_COLUMNS)
    if partitions is not None:
        travellers = travellers.repartition(partitions)
    broadcast = spark.sparkContext.broadcast(index)
    screen = functools.partial(_screen_partition, broadcast, threshold, screened)
    return spark.createDataFrame(travellers.rdd.mapPartitions(screen), schema=HIT_SCHEMA_DDL)


def _screen_partition(
    broadcast: Any, threshold: float, screened: Any, rows: Iterable[Any]
) -> Iterator[tuple[Any, ...]]:
    # Runs on the executors: ``broadcast.value`` is unpickled once per Python worker and kept
    # (workers are reused), together with the index's per-process cache of prepared entries.
    index: MatchIndex = broadcast.value
    if index.version != ALGORITHM_VERSION:
        # the executors run another release of the library than the driver that built the index
        raise RuntimeError(
            f"the index was built by {index.version} but this executor runs "
            f"{ALGORITHM_VERSION}: ship the driver's paxscreen to the executors"
        )
    count = 0
    for row in rows:
        count += 1
        for hit in rescreen_partition(
            index, (person_from_record(row.asDict(recursive=True)),), threshold
        ):
            yield hit.as_tuple()
    if screened is not None:
        screened.add(count)


def collect_hits(
    spark: SparkSession,
    store: str,
    index: MatchIndex,
    *,
    threshold: float = THRESHOLD,
    partitions: int | None = None,
    progress: ProgressCallback | None = None,
) -> list[HitRow]:
    """The hits of :func:`rescreen_on_spark`, collected to the driver (hits are few).

    ``progress`` is called from a driver thread every half second while the job runs (and once
    at the end) with the travellers of the finished tasks: on Spark, progress advances a task
    at a time. Raises what the job raises.
    """
    context: Any = spark.sparkContext
    screened = context.accumulator(0)
    frame = rescreen_on_spark(
        spark, store, index, threshold=threshold, partitions=partitions, screened=screened
    )
    if progress is None:
        return hits_from_rows(frame.collect())
    total = int(spark.read.parquet(store).count())
    finished = threading.Event()

    def report() -> None:
        while not finished.wait(0.5):
            progress(RescreenProgress(min(screened.value, total), total, 0))

    progress(RescreenProgress(0, total, 0))
    reporter = threading.Thread(target=report, name="rescreen-progress", daemon=True)
    reporter.start()
    try:
        hits = hits_from_rows(frame.collect())
    finally:
        finished.set()
        reporter.join()
    progress(RescreenProgress(total, total, len(hits)))
    return hits


def hits_from_rows(rows: Iterable[Any]) -> list[HitRow]:
    """Collected rows of a hits DataFrame as :class:`HitRow` objects."""
    return [HitRow(**{column: row[column] for column in HIT_COLUMNS}) for row in rows]


def main(argv: Sequence[str] | None = None) -> int:
    """``spark-submit …/spark.py --store STORE --watchlist FILE --output DIR``: write the hits
    as Parquet (or CSV with a header) under DIR, sorted by traveller, best score first."""
    parser = argparse.ArgumentParser(
        prog="paxscreen-rescreen-spark",
        description="Re-screen a Parquet traveller store against watchlists on Spark.",
    )
    parser.add_argument("--store", required=True, help="traveller store (a path Spark reads)")
    parser.add_argument(
        "--watchlist",
        action="append",
        required=True,
        metavar="FILE",
        help="UN SC XML or CSV watchlist, read on the driver; repeat for several",
    )
    parser.add_argument("--output", required=True, metavar="DIR", help="hits directory")
    parser.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    parser.add_argument("--threshold", type=float, default=THRESHOLD, metavar="T")
    parser.add_argument(
        "--partitions", type=int, default=None, metavar="N", help="repartition the store first"
    )
    parser.add_argument(
        "--overwrite", action="store_true", help="replace DIR if it exists (default: fail)"
    )
    parser.add_argument(
        "--master", default=None, help="e.g. local[4] (default: what spark-submit sets)"
    )
    args = parser.parse_args(argv)
    if not 0.0 <= args.threshold <= 1.0:
        parser.error(f"--threshold {args.threshold} is outside [0, 1]")

    from pyspark.sql import SparkSession, functions

    from paxscreen.watchlists import WatchlistFormatError, load_watchlist

    try:
        index = MatchIndex.build(load_watchlist(path) for path in args.watchlist)
    except WatchlistFormatError as exc:
        print(f"paxscreen: error: {exc}", file=sys.stderr)
        return 2
    # A session already running in this process (a notebook, a test) is used and left running.
    started_here = SparkSession.getActiveSession() is None
    builder: Any = SparkSession.builder.appName("paxscreen-rescreen")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        hits = rescreen_on_spark(
            spark, args.store, index, threshold=args.threshold, partitions=args.partitions
        ).orderBy("query_id", functions.desc("score"), "reference_number")
        writer = hits.write.mode("overwrite" if args.overwrite else "errorifexists")
        if args.format == "csv":
            writer.option("header", "true").csv(args.output)
        else:
            writer.parquet(args.output)
        written = spark.read.format(args.format).option("header", "true").load(args.output)
        print(
            f"re-screened {args.store} against {len(index)} listed persons at threshold "
            f"{args.threshold} ({index.version}): {written.count()} hits -> {args.output}"
        )
    finally:
        if started_here:
            spark.stop()
    return 0


if __name__ == "__main__":
    # Run as a script by spark-submit: call the package's module, so that the functions shipped
    # to executors are pickled by reference to ``paxscreen.batch.spark``, not by value.
    from paxscreen.batch.spark import main as package_main

    raise SystemExit(package_main())
