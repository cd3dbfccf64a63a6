"""Batch re-screening throughput: one core in-process vs worker processes vs Spark local mode.

    .venv/bin/python bench/bench_rescreen.py [--quick] [--size N] [--repeat N]
    .venv/bin/python bench/bench_rescreen.py [--piu | --piu-only] [--travellers 40000] [--rebuild]

Writes a synthetic traveller store (``paxscreen.batch.synthetic``: 200,000 generated
travellers, 20,000 with --quick, plus 20 planted UN-listed individuals, 12 arrival months) and
re-screens it against the UN list at the documented threshold with each engine:

* ``process, 1 worker``: ``rescreen_in_process(workers=1)``, everything in this process;
* ``process, 2 workers``: ``rescreen_in_process(workers=2)``, a fork pool over both cores;
* ``spark local[2]``: ``rescreen_on_spark`` on a local session with 2 cores (Arrow batches
  to and from the Python workers, two partitions per core), hits collected.

Each engine runs once to warm up (Spark: its Python workers start), then ``--repeat`` times; the
best run counts. On two cores the parallel engines can only win in wall time, so wall time is
what the ratios compare; CPU time (this process plus its reaped worker processes) is printed
beside it to show the overhead. Spark's CPU is spent in a JVM and its own Python workers and is
not counted; its session start-up is reported separately. The machine is shared: the load
average is printed before and after. Every engine must return the same hits (checked).

Where Spark's time goes is measured, not guessed: the CPU seconds of the JVM and of its Python
workers (their process tree, read from /proc through psutil) and, inside the workers, per
stage (Arrow batch to persons, screening, hits to Arrow; ``rescreen_on_spark(stage_cpu=…)``).

``--piu`` then measures, in the same run, the PIU's own re-screen (``--piu-only``: only it;
``aegis.travel.tasks.rescreen``: rows read as ``values()``, persons, facts, matching and rules
in worker processes, hits written by the parent) on a
SQLite database kept in ``var/bench_rescreen_piu.sqlite3``: ``aegis migrate`` and ``aegis
demo``, then generated PAXLST manifests through the intake up to ``--travellers``. It times
one process against two (fork, as ``aegis rescreen`` runs) and splits the parent's CPU into
reading rows and writing hits.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

from aegis import datasets
from aegis.core.permissions import SYSTEM
from host import cpu_model
from paxscreen.batch import HitRow, rescreen_in_process
from paxscreen.batch.store import write_store
from paxscreen.batch.synthetic import plant_listed, synthetic_travellers
from paxscreen.match import THRESHOLD, MatchIndex
from paxscreen.watchlists import load_un_xml

UN_LIST = datasets.UN_SC_LIST
PLANTED = 20


ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float | None  # None: not measurable (Spark)


def spark_tree_cpu() -> dict[str, float]:
    """CPU seconds so far of this process's descendants: the JVM and the Python workers."""
    found = {"JVM": 0.0, "Python workers": 0.0}
    for process in psutil.Process().children(recursive=True):
        try:
            times = process.cpu_times()
            kind = "JVM" if "java" in process.name() else "Python workers"
            found[kind] += times.user + times.system
        except psutil.Error:
            continue
    return found


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have been waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(
    engine: Callable[[], list[HitRow]], repeat: int, count_cpu: bool
) -> tuple[Run, list[Run], list[HitRow]]:
    hits = engine()  # warm-up: caches filled, workers started
    runs = []
    for _ in range(repeat):
        cpu, wall = cpu_seconds(), time.perf_counter()
        hits = engine()
        wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
        runs.append(Run(wall, cpu if count_cpu else None))
    return min(runs, key=lambda run: run.wall), runs, hits


def canonical(hits: Sequence[HitRow]) -> list[tuple[str, str, float, str]]:
    return sorted((h.query_id, h.reference_number, h.score, h.explanation) for h in hits)


def machine() -> str:
    cpu = cpu_model()
    java = subprocess.run(
        ["java", "-version"],  # noqa: S607 - the JVM Spark uses, found as Spark finds it
        capture_output=True,
        text=True,
        check=False,
    ).stderr.splitlines()
    import pyspark

    return (
        f"machine: {platform.node()}, {os.cpu_count()} cores, {cpu}; Python "
        f"{platform.python_version()}; PySpark {pyspark.__version__}; "
        f"{java[0] if java else 'java: not found'}"
    )


def _burn(loops: int) -> int:
    total = 0
    for number in range(loops):
        total += number * number
    return total


def parallel_headroom(loops: int = 10_000_000) -> float:
    """How much faster two processes did twice the work of one, right now (ideal 2.0): what
    the shared machine offers to a second worker while this benchmark runs."""
    import multiprocessing

    started = time.perf_counter()
    _burn(loops)
    one = time.perf_counter() - started
    with multiprocessing.get_context("fork").Pool(2) as pool:
        started = time.perf_counter()
        pool.map(_burn, [loops, loops])
        two = time.perf_counter() - started
    return 2 * one / two


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20,000 travellers (~2 minutes)")
    parser.add_argument("--size", type=int, default=None, help="generated travellers")
    parser.add_argument("--repeat", type=int, default=None, help="timed runs per engine")
    parser.add_argument(
        "--piu", action="store_true", help="then the PIU re-screen on a database, in the same run"
    )
    parser.add_argument("--piu-only", action="store_true", help="only the PIU re-screen")
    parser.add_argument(
        "--travellers", type=int, default=40_000, help="--piu: travellers in the database"
    )
    parser.add_argument("--rebuild", action="store_true", help="--piu: make the database again")
    args = parser.parse_args(argv)
    if args.piu_only:
        return piu(args.travellers, repeat=args.repeat or 2, rebuild=args.rebuild)
    size = args.size or (20_000 if args.quick else 200_000)
    repeat = args.repeat or (2 if args.quick else 3)

    print(machine())
    print(
        f"mode: {'quick' if args.quick else 'full'}; best of {repeat} runs after a warm-up; "
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; parallel headroom "
        f"{parallel_headroom():.2f}x (a pure-Python loop on 2 processes vs 1; 2.00 = a free core)"
    )
    un = load_un_xml(UN_LIST)
    index = MatchIndex.build([un])
    directory = Path(tempfile.mkdtemp(prefix="bench-rescreen-"))
    try:
        started = time.perf_counter()
        travellers = write_store(
            directory,
            synthetic_travellers(size, planted=plant_listed(un, PLANTED, seed=1), seed=2),
        )
        written = time.perf_counter() - started
        megabytes = sum(path.stat().st_size for path in directory.rglob("*.parquet")) / 1e6
        print(
            f"store: {travellers:,} travellers ({PLANTED} planted UN-listed individuals), "
            f"12 arrival months, {megabytes:.1f} MB Parquet, generated and written in "
            f"{written:.1f} s; index: {len(index)} listed persons of the UN list, "
            f"threshold {THRESHOLD}"
        )
        results: list[tuple[str, Run, list[Run]]] = []
        hits_by_engine: dict[str, list[HitRow]] = {}

        for workers in (1, 2):
            name = f"process, {workers} worker{'s' if workers > 1 else ''}"
            best, runs, hits = timed(
                lambda workers=workers: list(  # type: ignore[misc]
                    rescreen_in_process(directory, index, workers=workers)
                ),
                repeat,
                count_cpu=True,
            )
            results.append((name, best, runs))
            hits_by_engine[name] = hits

        from paxscreen.batch.spark import (
            STAGES,
            hits_from_rows,
            local_session,
            rescreen_on_spark,
            stage_cpu_accumulator,
        )

        started = time.perf_counter()
        spark = local_session(2, app_name="bench-rescreen")
        spark.sparkContext.setLogLevel("ERROR")
        session_start = time.perf_counter() - started
        try:
            partitions = spark.read.parquet(str(directory)).rdd.getNumPartitions()
            # a first job starts the Python workers and fills their caches: not in the CPU
            # figures, which are then those of jobs on warm workers
            rescreen_on_spark(spark, str(directory), index).collect()
            stage_cpu = stage_cpu_accumulator(spark)
            tree_before = spark_tree_cpu()
            best, runs, hits = timed(
                lambda: hits_from_rows(
                    rescreen_on_spark(spark, str(directory), index, stage_cpu=stage_cpu).collect()
                ),
                repeat,
                count_cpu=False,
            )
            tree = {k: v - tree_before[k] for k, v in spark_tree_cpu().items()}
        finally:
            spark.stop()
        jobs = repeat + 1
        print(
            f"Spark, CPU seconds per job (mean of {jobs} jobs on warm workers; {partitions} "
            f"partitions): JVM {tree['JVM'] / jobs:.2f}, Python workers "
            f"{tree['Python workers'] / jobs:.2f}, of which "
            + ", ".join(
                f"{stage} {value / jobs:.2f}"
                for stage, value in zip(STAGES[:3], stage_cpu.value[:3], strict=True)
            )
            + f" ({stage_cpu.value[3] / jobs:.0f} Arrow batches per job)"
        )
        results.append(("spark local[2]", best, runs))
        hits_by_engine["spark local[2]"] = hits
    finally:
        shutil.rmtree(directory, ignore_errors=True)

    reference = canonical(hits_by_engine["process, 1 worker"])
    same = all(canonical(hits) == reference for hits in hits_by_engine.values())
    planted_found = sum(hit[0].startswith("PLANTED-") for hit in reference)
    print(
        f"hits: {len(reference)} ({planted_found} of the {PLANTED} planted found); "
        f"identical across engines: {'yes' if same else 'NO'}"
    )
    print(f"Spark session start-up (not in the figures below): {session_start:.1f} s")
    single = results[0][1]
    print(
        f"\n{'engine':20s} {'wall s':>8s} {'travellers/s':>13s} {'CPU s':>8s} "
        f"{'per CPU-s':>10s} {'vs 1 worker':>12s}  all runs (wall s)"
    )
    for name, best, runs in results:
        cpu = f"{best.cpu:8.2f}" if best.cpu is not None else f"{'n/a':>8s}"
        per_cpu = f"{travellers / best.cpu:10,.0f}" if best.cpu else f"{'n/a':>10s}"
        print(
            f"{name:20s} {best.wall:8.2f} {travellers / best.wall:13,.0f} {cpu} {per_cpu} "
            f"{single.wall / best.wall:11.2f}x  {', '.join(f'{r.wall:.2f}' for r in runs)}"
        )
    print(
        f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; parallel "
        f"headroom {parallel_headroom():.2f}x"
    )
    print("\nmarkdown:")
    print("| engine | wall s | travellers/s | CPU s | travellers per CPU-s | vs 1 worker |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, best, _ in results:
        cpu = f"{best.cpu:.2f}" if best.cpu is not None else "n/a"
        per_cpu = f"{travellers / best.cpu:,.0f}" if best.cpu else "n/a"
        print(
            f"| {name} | {best.wall:.2f} | {travellers / best.wall:,.0f} | {cpu} | {per_cpu} "
            f"| **{single.wall / best.wall:.2f}x** |"
        )
    if args.piu:
        print()
        if piu(args.travellers, repeat=repeat, rebuild=args.rebuild) != 0:
            return 1
    return 0 if same else 1


def _aegis(*args: str, env: dict[str, str]) -> None:
    subprocess.run([str(ROOT / ".venv" / "bin" / "aegis"), *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def _interchange(segments: list[str], reference: int) -> str:
    unb = f"UNB+UNOA:4+XX+PIU+260101:0000+{reference:010d}++APIS"
    return "UNA:+.? '\n" + "'\n".join([unb, *segments, f"UNZ+1+{reference:010d}"]) + "'\n"


def piu(travellers: int, *, repeat: int, rebuild: bool) -> int:
    """The PIU re-screen (``tasks.rescreen``) with one process and with two, on a database of
    ``travellers`` retained travellers, the active lists and rules of the demo."""
    import random

    path = ROOT / "var" / "bench_rescreen_piu.sqlite3"
    url = f"sqlite:///{path}"
    env = {**os.environ, "DATABASE_URL": url}
    if rebuild or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        started = time.perf_counter()
        _aegis("migrate", "--noinput", env=env)
        _aegis("demo", env=env)
        print(f"database: migrated and demo loaded in {time.perf_counter() - started:.0f} s")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aegis.settings.local")
    import django

    django.setup()
    from aegis.travel import screening, tasks
    from aegis.travel.intake import message_receive
    from aegis.travel.models import CarrierMessage, Hit, Rule, ScreeningRun, Traveller
    from paxscreen.edifact import serialize_manifest
    from paxscreen.synthetic.traffic import generate_manifests

    rng = random.Random(7)
    started, added, flights = time.perf_counter(), 0, 0
    while (have := Traveller.objects.filter(masked_at__isnull=True).count()) < travellers:
        for manifest in generate_manifests(rng, flights=10, travellers_per_flight=200):
            flights += 1
            reference = 500_000 + Traveller.objects.count() + flights
            message_receive(
                content=_interchange(
                    serialize_manifest(manifest, message_reference=f"B{reference}"), reference
                ).encode(),
                door=CarrierMessage.Door.COMMAND,
                source=f"bench:{reference}",
                actor=SYSTEM,
            )
        added = Traveller.objects.count() - have
    if added:
        print(f"intake: {flights} manifests in {time.perf_counter() - started:.0f} s")
    index, _ = screening.active_index()
    rules = Rule.objects.filter(is_active=True).count()
    total = Traveller.objects.filter(masked_at__isnull=True).count()
    print(
        f"mode: PIU re-screen (tasks.rescreen); {total:,} retained travellers, {len(index)} "
        f"listed persons, {rules} active rules, {Hit.objects.count():,} hits before; best of "
        f"{repeat} runs after a warm-up; load average "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}; parallel headroom "
        f"{parallel_headroom():.2f}x"
    )

    # The parent's own CPU, split by stage: reading rows (in the thread that feeds the
    # workers) and writing what they found (thread CPU, not the pool's pickling threads).
    stage = {"reading rows": 0.0, "writing hits": 0.0}
    chunks, record = screening.retained_row_chunks, screening.screen_checked

    def reading(**kwargs: Any) -> Any:
        source = chunks(**kwargs)
        while True:
            begun = time.thread_time()
            chunk = next(source, None)
            stage["reading rows"] += time.thread_time() - begun
            if chunk is None:
                return
            yield chunk

    def writing(**kwargs: Any) -> int:
        begun = time.thread_time()
        try:
            return record(**kwargs)
        finally:
            stage["writing hits"] += time.thread_time() - begun

    screening.retained_row_chunks = reading  # type: ignore[assignment]
    screening.screen_checked = writing  # type: ignore[assignment]

    def rescreen(workers: int) -> list[HitRow]:
        run = ScreeningRun.objects.create(reason="bench")
        tasks.rescreen(run_id=run.pk, workers=workers, start_method="fork")
        run.refresh_from_db()
        if run.status != ScreeningRun.Status.DONE:
            raise RuntimeError(f"run {run.pk}: {run.status} {run.error}")
        return []

    results = []
    for workers in (1, 2):
        for key in stage:
            stage[key] = 0.0
        best, runs, _ = timed(lambda workers=workers: rescreen(workers), repeat, count_cpu=True)
        results.append((workers, best, runs, {k: v / (repeat + 1) for k, v in stage.items()}))
    hits = Hit.objects.count()
    single = results[0][1]
    print(f"hits after: {hits:,} (every run after the first adds none: the work is the same)")
    print(
        "\n| processes | wall s | travellers/s | CPU s | parent: reading rows, writing hits "
        "(CPU s per run) | vs 1 process |"
    )
    print("|---|---:|---:|---:|---|---:|")
    for workers, best, runs, parent in results:
        print(
            f"| {workers} | {best.wall:.2f} | {total / best.wall:,.0f} | {best.cpu:.2f} | "
            f"{parent['reading rows']:.2f}, {parent['writing hits']:.2f} | "
            f"**{single.wall / best.wall:.2f}x** |  runs: "
            + ", ".join(f"{r.wall:.2f}" for r in runs)
        )
    print(
        f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; parallel "
        f"headroom {parallel_headroom():.2f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
