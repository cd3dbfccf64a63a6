"""Re-screening retained travellers against a watchlist index, the same way on every engine.

:func:`rescreen_partition` is the one function that turns persons into hit rows; the
in-process engine (:func:`rescreen_in_process`, processes over the cores of one machine) and
the Spark job (:mod:`paxscreen.batch.spark`, tasks over a cluster) both call it, so a hit is
the same row whichever engine found it. pyarrow (for reading the store) is imported only by
:func:`rescreen_in_process`. :func:`rescreen_chunks` screens chunks of persons that the
caller reads from elsewhere (a database) with the same pool of processes, and gives back the
matches themselves, for a caller that keeps more of them than a hit row holds.
"""

from __future__ import annotations

import functools
import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from paxscreen.match import THRESHOLD, Match, MatchIndex, Person

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "HIT_COLUMNS",
    "HitRow",
    "ProgressCallback",
    "RescreenProgress",
    "default_workers",
    "hit_sort_key",
    "rescreen_chunks",
    "rescreen_chunks_with",
    "rescreen_in_process",
    "rescreen_partition",
]

HIT_COLUMNS = (
    "query_id",
    "reference_number",
    "score",
    "explanation",
    "watchlist",
    "matched_name",
    "algorithm_version",
)
_CHUNK_SIZE = 2_000  # persons per task: progress every ~0.1 s per worker, little overhead
_IN_FLIGHT_PER_WORKER = 3  # tasks queued ahead per worker: bounded memory, no idle worker
_NO_CHUNK: Any = object()
_Chunk = TypeVar("_Chunk")
_Result = TypeVar("_Result")
_Row = TypeVar("_Row")
_Checked = TypeVar("_Checked")


@dataclass(frozen=True, slots=True)
class HitRow:
    """One (traveller, listed person) pair scoring at or above the threshold.

    ``score`` is the matching score as the algorithm rounds it (4 decimals); ``explanation``
    is the match's explanations joined with ``"; "``. The first four fields are the columns
    of ``paxscreen match`` output, so hit files of both commands read alike.
    """

    query_id: str
    reference_number: str
    score: float
    explanation: str
    watchlist: str
    matched_name: str
    algorithm_version: str

    def as_tuple(self) -> tuple[str, str, float, str, str, str, str]:
        """The fields in :data:`HIT_COLUMNS` order."""
        return (
            self.query_id,
            self.reference_number,
            self.score,
            self.explanation,
            self.watchlist,
            self.matched_name,
            self.algorithm_version,
        )


def hit_sort_key(hit: HitRow) -> tuple[str, float, str]:
    """The canonical order of hit files: by traveller, then best score first, then listed person."""
    return (hit.query_id, -hit.score, hit.reference_number)


@dataclass(frozen=True, slots=True)
class RescreenProgress:
    """How far a re-screening has got: ``screened`` of ``total`` travellers, ``hits`` so far."""

    screened: int
    total: int
    hits: int

    @property
    def fraction(self) -> float:
        """Share of the travellers screened, in [0, 1] (1 for an empty store)."""
        return self.screened / self.total if self.total else 1.0


ProgressCallback = Callable[[RescreenProgress], None]


def rescreen_partition(
    index: MatchIndex, persons: Iterable[Person], threshold: float = THRESHOLD
) -> list[HitRow]:
    """The hits of ``persons`` against ``index`` at ``threshold``: for each person in the
    given order, their matches best first (as :meth:`MatchIndex.screen` orders them)."""
    hits = []
    for person in persons:
        for match in index.screen(person, threshold):
            hits.append(
                HitRow(
                    query_id=person.query_id,
                    reference_number=match.entry_reference,
                    score=match.score,
                    explanation="; ".join(match.explanations),
                    watchlist=match.watchlist,
                    matched_name=match.matched_name,
                    algorithm_version=match.algorithm_version,
                )
            )
    return hits


def default_workers() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def rescreen_in_process(
    store_path: str | Path,
    index: MatchIndex,
    *,
    threshold: float = THRESHOLD,
    workers: int | None = None,
    chunk_size: int = _CHUNK_SIZE,
    progress: ProgressCallback | None = None,
    start_method: str | None = None,
) -> Iterator[HitRow]:
    """Re-screen every traveller of the store at ``store_path``; yield the hits in store order.

    With ``workers`` above 1 (default: every core), chunks of ``chunk_size`` travellers are
    screened by a pool of processes that each hold the index: with the ``fork`` start method
    (the default where available) workers share the parent's index without copying it; with
    ``spawn``/``forkserver`` it is pickled once per worker. With ``workers=1`` everything runs
    in this process. The order of the hits does not depend on ``workers``.

    Forking a multi-threaded process (a web server with threads) is unsafe: there, pass
    ``start_method="forkserver"`` or run the re-screening in a background task process.

    ``progress`` is called after each chunk with a :class:`RescreenProgress` (and once at the
    start); an exception it raises stops the re-screening (the workers are terminated), which
    is how a caller cancels. Closing the returned iterator early also terminates the workers.
    Raises, when called, :class:`~paxscreen.batch.TravellerStoreError` for a missing store,
    ``ValueError`` for a threshold outside [0, 1] or a non-positive ``workers``/``chunk_size``;
    while iterating, :class:`~paxscreen.batch.TravellerStoreError` for an unreadable row.
    """
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold {threshold} is outside [0, 1]")
    workers = default_workers() if workers is None else workers
    if workers < 1 or chunk_size < 1:
        raise ValueError("workers and chunk_size must be at least 1")
    from paxscreen.batch import store

    total = store.count_travellers(store_path)
    return _rescreen(
        store.iter_batches(store_path, chunk_size),
        index,
        threshold=threshold,
        workers=workers,
        total=total,
        progress=progress,
        start_method=start_method,
    )


def rescreen_chunks(
    chunks: Iterable[Sequence[Person]],
    index: MatchIndex,
    *,
    threshold: float = THRESHOLD,
    workers: int | None = None,
    start_method: str | None = None,
) -> Generator[list[tuple[str, list[Match]]], None, None]:
    """Screen each chunk of persons against ``index``; yield, per chunk and in chunk order,
    every person's ``query_id`` with their matches at ``threshold`` (best first, as
    :meth:`MatchIndex.screen` orders them; an empty list for a person who matched nothing).

    ``chunks`` is read lazily, a few chunks per worker ahead of the results, so a caller can
    read persons from a database and write each chunk's hits as it comes back. Workers and
    ``start_method`` are as for :func:`rescreen_in_process` (one worker: everything in this
    process); persons are pickled to the workers and matches back. Closing the returned
    iterator early terminates the workers. Raises, when called, ``ValueError`` for a
    threshold outside [0, 1] or a non-positive ``workers``.
    """
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold {threshold} is outside [0, 1]")
    workers = default_workers() if workers is None else workers
    if workers < 1:
        raise ValueError("workers must be at least 1")
    return _screen_chunks(
        _screen_persons,
        iter(chunks),
        index,
        threshold=threshold,
        workers=workers,
        start_method=start_method,
    )


def rescreen_chunks_with(
    chunks: Iterable[Sequence[_Row]],
    index: MatchIndex,
    prepare: Callable[[_Row], tuple[Person, _Checked]],
    *,
    threshold: float = THRESHOLD,
    workers: int | None = None,
    start_method: str | None = None,
) -> Generator[list[tuple[str, list[Match], _Checked]], None, None]:
    """As :func:`rescreen_chunks`, for chunks of a caller's rows: each row is turned by
    ``prepare`` into the person to match against ``index`` and whatever else the caller
    screens it for (rules on a traveller's facts), in the worker, so that reading a row is
    all the caller's process does. Yields, per chunk, each person's ``query_id``, matches
    and the second item ``prepare`` returned.

    ``prepare`` must be picklable (a module-level function or an instance of a module-level
    class) and import nothing a bare worker process cannot (no Django).
    """
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold {threshold} is outside [0, 1]")
    workers = default_workers() if workers is None else workers
    if workers < 1:
        raise ValueError("workers must be at least 1")
    return _screen_chunks(
        functools.partial(_screen_prepared, prepare),
        iter(chunks),
        index,
        threshold=threshold,
        workers=workers,
        start_method=start_method,
    )


def _rescreen(
    batches: Iterator[pa.RecordBatch],
    index: MatchIndex,
    *,
    threshold: float,
    workers: int,
    total: int,
    progress: ProgressCallback | None,
    start_method: str | None,
) -> Iterator[HitRow]:
    screened = hit_count = 0
    if progress is not None:
        progress(RescreenProgress(0, total, 0))
    screen: Callable[[MatchIndex, float, Any], tuple[int, list[HitRow]]]
    if workers == 1:
        screen, chunks = _screen_batch, batches
    else:
        screen, chunks = _screen_ipc, map(_to_ipc, batches)
    results = _screen_chunks(
        screen, chunks, index, threshold=threshold, workers=workers, start_method=start_method
    )
    with closing(results):
        for rows, hits in results:
            screened += rows
            hit_count += len(hits)
            if progress is not None:
                progress(RescreenProgress(screened, total, hit_count))
            yield from hits


def _screen_chunks(
    screen: Callable[[MatchIndex, float, _Chunk], _Result],
    chunks: Iterator[_Chunk],
    index: MatchIndex,
    *,
    threshold: float,
    workers: int,
    start_method: str | None,
) -> Generator[_Result, None, None]:
    """``screen(index, threshold, chunk)`` of each chunk, in chunk order: in this process with
    one worker, else in a pool of ``workers`` processes that each hold the index. ``screen``
    must be a module-level function or a partial of one (pickled with each chunk)."""
    if workers == 1:
        for chunk in chunks:
            yield screen(index, threshold, chunk)
        return
    if start_method is None:
        methods = multiprocessing.get_all_start_methods()
        start_method = "fork" if "fork" in methods else "spawn"
    context = multiprocessing.get_context(start_method)
    if start_method == "forkserver":
        # Workers fork from a server that has imported the engine already: about half the
        # start-up of a pool (measured with the UN list: ~1.0 s -> ~0.5 s for two workers).
        context.set_forkserver_preload([__name__])
    # Forked workers share the parent's index pages until written; freezing the heap keeps
    # the workers' garbage collector from touching (and so copying) every page of it.
    gc.freeze()
    try:
        pool = context.Pool(workers, initializer=_start_worker, initargs=(index, threshold))
    finally:
        gc.unfreeze()
    try:
        pending: deque[AsyncResult[_Result]] = deque()
        chunks_left = True
        while chunks_left or pending:
            while chunks_left and len(pending) < workers * _IN_FLIGHT_PER_WORKER:
                chunk = next(chunks, _NO_CHUNK)
                if chunk is _NO_CHUNK:
                    chunks_left = False
                else:
                    pending.append(pool.apply_async(_screen_in_worker, (screen, chunk)))
            if pending:
                yield pending.popleft().get()
        pool.close()
    finally:
        pool.terminate()
        pool.join()


# Worker side: the index and threshold a pool worker screens with, set once per worker.
_worker_index: MatchIndex | None = None
_worker_threshold = THRESHOLD


def _start_worker(index: MatchIndex, threshold: float) -> None:
    global _worker_index, _worker_threshold  # one index per worker process
    _worker_index, _worker_threshold = index, threshold


def _screen_in_worker(
    screen: Callable[[MatchIndex, float, _Chunk], _Result], chunk: _Chunk
) -> _Result:
    if _worker_index is None:
        raise RuntimeError("worker started without an index")
    return screen(_worker_index, _worker_threshold, chunk)


# What a worker does with one chunk: (index, threshold, chunk) -> result.
def _screen_persons(
    index: MatchIndex, threshold: float, persons: Sequence[Person]
) -> list[tuple[str, list[Match]]]:
    return [(person.query_id, index.screen(person, threshold)) for person in persons]


def _screen_prepared(
    prepare: Callable[[_Row], tuple[Person, _Checked]],
    index: MatchIndex,
    threshold: float,
    rows: Sequence[_Row],
) -> list[tuple[str, list[Match], _Checked]]:
    screened = []
    for row in rows:
        person, checked = prepare(row)
        screened.append((person.query_id, index.screen(person, threshold), checked))
    return screened


def _screen_batch(
    index: MatchIndex, threshold: float, batch: pa.RecordBatch
) -> tuple[int, list[HitRow]]:
    from paxscreen.batch import store

    return batch.num_rows, rescreen_partition(index, store.persons_from_batch(batch), threshold)


def _screen_ipc(index: MatchIndex, threshold: float, payload: bytes) -> tuple[int, list[HitRow]]:
    return _screen_batch(index, threshold, _from_ipc(payload))


# Chunks travel to workers as Arrow IPC bytes: compact, and cheaper to send than persons.
def _to_ipc(batch: pa.RecordBatch) -> bytes:
    import pyarrow as pa

    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, batch.schema) as writer:
        writer.write_batch(batch)
    return bytes(sink.getvalue())


def _from_ipc(payload: bytes) -> pa.RecordBatch:
    import pyarrow as pa

    with pa.ipc.open_stream(payload) as reader:
        return reader.read_next_batch()
