"""Background tasks of the PIU: they take ids, are idempotent and are enqueued on commit.

The embedded default runs each task in a thread of the web process once the
transaction that queued it commits (``AEGIS_TASKS = "thread"``); ``"eager"`` runs it
at once in the committing thread (tests, the command line).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from contextlib import closing

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.db.models import F, Max
from django.utils import timezone

from paxscreen.batch import ProgressCallback, RescreenProgress, rescreen_chunks

logger = logging.getLogger(__name__)

# Travellers per chunk: a chunk is matched by one worker, then its hits are written in one
# transaction together with the run's progress.
CHUNK_SIZE = 500
# Below this many travellers a re-screening matches them in this process: starting workers
# with forkserver (~0.5-1 s with the UN list, each worker then warming its own caches) costs
# more than they save, matching taking ~0.1 ms a traveller against the UN list.
IN_PROCESS_BELOW = 20_000


def enqueue(task: Callable[..., None], **ids: int) -> None:
    """Run ``task(**ids)`` after the current transaction commits."""

    def run() -> None:
        if settings.AEGIS_TASKS == "eager":
            task(**ids)
            return

        def in_thread() -> None:
            close_old_connections()
            try:
                task(**ids)
            except Exception:
                logger.exception("Task %s%s failed", task.__name__, ids)
            finally:
                connection.close()

        threading.Thread(target=in_thread, name=f"task-{task.__name__}", daemon=True).start()

    transaction.on_commit(run)


def rescreen(
    *,
    run_id: int,
    workers: int | None = None,
    start_method: str = "forkserver",
    progress: ProgressCallback | None = None,
) -> None:
    """Screen every retained traveller again, chunk by chunk, recording the progress.

    The watchlist matching runs in paxscreen's batch engine (``rescreen_chunks``) over
    ``workers`` processes: by default ``AEGIS_SCREENING_WORKERS``, or this process alone
    below ``IN_PROCESS_BELOW`` travellers. The hits are written here, through the same code
    as every other screening, one transaction per chunk with the run's ``done`` and
    ``new_hits``; ``progress`` (a terminal's progress bar) is told after each chunk.

    Workers are started with ``start_method``: ``"forkserver"`` by default because the task
    runs in a thread of the web process, which must not fork; a one-thread command may pass
    ``"fork"``. Idempotent: hits exist once per pair, so a run repeated or resumed adds
    nothing twice.
    """
    from aegis.travel import screening
    from aegis.travel.models import ScreeningRun, Traveller

    run = ScreeningRun.objects.get(pk=run_id)
    if run.status == ScreeningRun.Status.DONE:
        return
    screened = new_hits = 0
    try:
        index, versions = screening.active_index()
        rules = screening.active_rules()
        up_to = Traveller.objects.aggregate(last=Max("pk"))["last"] or 0
        total = Traveller.objects.filter(masked_at__isnull=True, pk__lte=up_to).count()
        ScreeningRun.objects.filter(pk=run_id).update(
            status=ScreeningRun.Status.RUNNING, total=total, done=0, new_hits=0
        )
        if progress is not None:
            progress(RescreenProgress(0, total, 0))
        if workers is None:
            small = total < IN_PROCESS_BELOW or not len(index)
            workers = 1 if small else settings.AEGIS_SCREENING_WORKERS
        chunks = screening.retained_person_chunks(up_to=up_to, chunk_size=CHUNK_SIZE)
        results = rescreen_chunks(chunks, index, workers=workers, start_method=start_method)
        with closing(results):
            for matched in results:
                with transaction.atomic():
                    new_hits += screening.screen_matched(
                        matched=matched, versions=versions, rules=rules
                    )
                    screened += len(matched)
                    ScreeningRun.objects.filter(pk=run_id).update(done=screened, new_hits=new_hits)
                if progress is not None:
                    progress(RescreenProgress(screened, total, new_hits))
    except Exception as error:
        ScreeningRun.objects.filter(pk=run_id).update(
            status=ScreeningRun.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    # Travellers masked while the run went on have nothing left to screen: count them done.
    ScreeningRun.objects.filter(pk=run_id).update(
        status=ScreeningRun.Status.DONE, done=F("total"), finished_at=timezone.now()
    )
    if progress is not None and screened < total:
        progress(RescreenProgress(total, total, new_hits))
