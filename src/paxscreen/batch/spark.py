"""Re-screening a traveller store on Apache Spark with the library's own matching code.

The driver builds the :class:`~paxscreen.match.MatchIndex` and broadcasts it once per session;
each task receives its partition of the Parquet store as Arrow record batches
(``mapInArrow``), turns them into persons as the in-process engine does and calls the same
:func:`~paxscreen.batch.rescreen.rescreen_partition`, so both engines give the same hits on
the same store; hits go back as Arrow batches. Measured on 200,000 travellers, handing them
over as pickled rows cost 9.0 CPU seconds (JVM and Python together, as much as screening
them); as Arrow batches, 2.3. On a cluster::

    spark-submit --py-files paxscreen.zip src/paxscreen/batch/spark.py \\
        --store s3a://bucket/travellers --watchlist un.xml --output s3a://bucket/hits

(see README, "Batch re-screening"). pyspark and pyarrow are imported only inside the
functions here, so the rest of the library never needs them."""

from __future__ import annotations

import argparse
import functools
import os
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from paxscreen.batch.rescreen import (
    HIT_COLUMNS,
    HitRow,
    ProgressCallback,
    RescreenProgress,
    rescreen_partition,
)
from paxscreen.batch.rows import PERSON_COLUMNS
from paxscreen.match import ALGORITHM_VERSION, THRESHOLD, MatchIndex

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.accumulators import Accumulator
    from pyspark.sql import DataFrame, SparkSession

__all__ = [
    "STAGES",
    "StageCpu",
    "collect_hits",
    "hits_from_rows",
    "local_session",
    "main",
    "rescreen_on_spark",
    "stage_cpu_accumulator",
    "two_partitions_per_core",
]

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
        .config("spark.sql.files.minPartitionNum", str(2 * cores))
        .getOrCreate()
    )


def two_partitions_per_core(spark: SparkSession) -> None:
    """Split stores into at least two partitions per executor core, unless the session says
    otherwise: Spark packs small Parquet files into one partition per core, and one task that
    ends late then leaves a core idle (measured: 2 partitions for a 5.8 MB store on 2 cores)."""
    if spark.conf.get("spark.sql.files.minPartitionNum", None) is None:
        cores = int(spark.sparkContext.defaultParallelism)
        spark.conf.set("spark.sql.files.minPartitionNum", str(2 * cores))


def rescreen_on_spark(
    spark: SparkSession,
    store: str,
    index: MatchIndex,
    *,
    threshold: float = THRESHOLD,
    partitions: int | None = None,
    screened: Accumulator[int] | None = None,
    stage_cpu: Accumulator[list[float]] | None = None,
) -> DataFrame:
    """A DataFrame of the hits (columns :data:`HIT_SCHEMA_DDL`) of the store at ``store`` (any
    path Spark reads: local, ``hdfs://``, ``s3a://``…) against ``index`` at ``threshold``.

    The travellers reach the Python workers as Arrow record batches (``mapInArrow``) and the
    hits leave them the same way: no row is pickled between the JVM and Python. The index is
    broadcast once per session and kept by each Python worker across jobs (see
    :func:`_index_broadcast`); each batch is screened by :func:`rescreen_partition`.
    ``partitions`` repartitions the store first (a shuffle; without it the store is split as
    ``spark.sql.files.minPartitionNum`` asks, which :func:`local_session` and :func:`main` set
    to two partitions per core). ``screened``, an accumulator, counts the travellers screened
    as tasks finish; ``stage_cpu`` (see :func:`stage_cpu_accumulator`) adds up the workers'
    CPU seconds per stage. Nothing runs until the DataFrame is used.
    Raises ``ValueError`` for a threshold outside [0, 1].
    """
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold {threshold} is outside [0, 1]")
    travellers: Any = spark.read.parquet(store).select(*PERSON_COLUMNS)
    if partitions is not None:
        travellers = travellers.repartition(partitions)
    screen = functools.partial(
        _screen_batches, _index_broadcast(spark, index), threshold, screened, stage_cpu
    )
    return travellers.mapInArrow(screen, HIT_SCHEMA_DDL)  # type: ignore[no-any-return]


# The driver's broadcasts, by index: a job run again with the same index (a benchmark, a
# notebook) reuses the broadcast, so every Python worker keeps the index it already unpickled,
# with its cache of prepared entries, instead of receiving and warming a copy per job.
_broadcasts: dict[tuple[int, int], tuple[Any, MatchIndex, Any]] = {}
_broadcasts_lock = threading.Lock()


def _index_broadcast(spark: SparkSession, index: MatchIndex) -> Any:
    context: Any = spark.sparkContext
    key = (id(context), id(index))
    with _broadcasts_lock:
        kept = _broadcasts.get(key)
        # the context and index are kept with their broadcast: their ids are not reused while
        # the entry lives; a stopped context's broadcasts are gone
        if kept is not None and kept[0] is context and kept[1] is index and context._jsc:
            return kept[2]
        if len(_broadcasts) >= 4:
            _broadcasts.clear()
        broadcast = context.broadcast(index)
        _broadcasts[key] = (context, index, broadcast)
        return broadcast


class StageCpu:
    """An accumulator parameter (``sparkContext.accumulator([0.0] * 4, StageCpu())``): CPU
    seconds of the Python workers reading batches into persons, screening them and writing
    the hits as Arrow, and the batches seen."""

    def zero(self, value: list[float]) -> list[float]:
        return [0.0] * len(value)

    def addInPlace(self, value: list[float], other: list[float]) -> list[float]:
        return [a + b for a, b in zip(value, other, strict=True)]


STAGES = ("persons from Arrow", "screening", "hits to Arrow", "batches")


def stage_cpu_accumulator(spark: SparkSession) -> Accumulator[list[float]]:
    """An accumulator for ``rescreen_on_spark(stage_cpu=…)``, in the order of :data:`STAGES`."""
    context: Any = spark.sparkContext
    return context.accumulator([0.0] * len(STAGES), StageCpu())  # type: ignore[no-any-return]


def _screen_batches(
    broadcast: Any,
    threshold: float,
    screened: Any,
    stage_cpu: Any,
    batches: Iterable[pa.RecordBatch],
) -> Iterator[pa.RecordBatch]:
    # Runs in the executors' Python workers. ``broadcast.value`` is unpickled once per worker
    # and kept while the worker is reused (the default), with the index's per-process cache.
    import pyarrow as pa

    from paxscreen.batch.store import persons_from_batch

    index: MatchIndex = broadcast.value
    if index.version != ALGORITHM_VERSION:
        # the executors run another release of the library than the driver that built the index
        raise RuntimeError(
            f"the index was built by {index.version} but this executor runs "
            f"{ALGORITHM_VERSION}: ship the driver's paxscreen to the executors"
        )
    schema = _hit_schema()
    count = 0
    cpu = [0.0] * len(STAGES)
    for batch in batches:
        started = time.process_time()
        persons = persons_from_batch(batch)
        read = time.process_time()
        hits = rescreen_partition(index, persons, threshold)
        matched = time.process_time()
        if hits:
            columns = list(zip(*(hit.as_tuple() for hit in hits), strict=True))
            yield pa.RecordBatch.from_arrays(
                [
                    pa.array(column, type=field.type)
                    for column, field in zip(columns, schema, strict=True)
                ],
                schema=schema,
            )
        count += batch.num_rows
        done = time.process_time()
        cpu[0] += read - started
        cpu[1] += matched - read
        cpu[2] += done - matched
        cpu[3] += 1
    if screened is not None:
        screened.add(count)
    if stage_cpu is not None:
        stage_cpu.add(cpu)


def _hit_schema() -> pa.Schema:
    import pyarrow as pa

    return pa.schema(
        [(column, pa.float64() if column == "score" else pa.string()) for column in HIT_COLUMNS]
    )


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
    two_partitions_per_core(spark)
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
