"""Background tasks of the PIU: they take ids, are idempotent and are enqueued on commit
through ``aegis.core.queue`` (RabbitMQ and ``aegis worker`` when a broker is configured,
a thread of the web process otherwise, at once in tests).
"""

from __future__ import annotations

import logging
from contextlib import closing

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from aegis.core import queue
from aegis.core.switches import SwitchedOff
from paxscreen.batch import ProgressCallback, RescreenProgress, rescreen_chunks_with

logger = logging.getLogger(__name__)

# Below this many travellers a re-screening matches them in this process: starting workers
# with forkserver (~0.5-1 s with the UN list, each worker then warming its own caches) costs
# more than they save, matching taking ~0.1 ms a traveller against the UN list.
IN_PROCESS_BELOW = 20_000

enqueue = queue.enqueue


def _rescreen_unsent(error: Exception, ids: dict[str, int]) -> None:
    from aegis.travel.models import ScreeningRun

    ScreeningRun.objects.filter(pk=ids["run_id"], status=ScreeningRun.Status.QUEUED).update(
        status=ScreeningRun.Status.FAILED,
        error=(
            str(error)
            if isinstance(error, SwitchedOff)
            else f"Could not be queued for the worker: {error}"
        )[:2000],
        finished_at=timezone.now(),
    )


def _start(run_id: int) -> bool:
    """Move the run to running (its kind's one slot); False when it is done already.

    A run found running is one whose worker died and whose message came back: it starts
    again from the first chunk (the hits of the chunks already written are not added twice).
    """
    from aegis.travel.models import ScreeningRun

    with transaction.atomic():
        run = ScreeningRun.objects.select_for_update().get(pk=run_id)
        if run.status == ScreeningRun.Status.DONE:
            return False
        try:
            with transaction.atomic():
                ScreeningRun.objects.filter(pk=run_id).update(
                    status=ScreeningRun.Status.RUNNING,
                    done=0,
                    new_hits=0,
                    error="",
                    finished_at=None,
                    heartbeat_at=timezone.now(),
                )
        except IntegrityError as error:
            raise queue.TryLater(f"another re-screening is running (run {run_id} waits)") from error
    return True


@queue.task(unsent=_rescreen_unsent)
def rescreen(
    *,
    run_id: int,
    workers: int | None = None,
    start_method: str = "forkserver",
    progress: ProgressCallback | None = None,
) -> None:
    """Screen every retained traveller again, chunk by chunk, recording the progress.

    The watchlist matching and the rules run in paxscreen's batch engine
    (``rescreen_chunks_with``, rules on facts read as ``values()`` rows) over
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

    if not _start(run_id):
        return
    screened = new_hits = 0
    try:
        index, versions = screening.active_index()
        rules = screening.active_rules()
        up_to = Traveller.objects.aggregate(last=Max("pk"))["last"] or 0
        total = Traveller.objects.filter(masked_at__isnull=True, pk__lte=up_to).count()
        ScreeningRun.objects.filter(pk=run_id).update(total=total, heartbeat_at=timezone.now())
        if progress is not None:
            progress(RescreenProgress(0, total, 0))
        if workers is None:
            small = total < IN_PROCESS_BELOW or not (len(index) or rules)
            workers = 1 if small else settings.AEGIS_SCREENING_WORKERS
        # Persons, rule facts and rules are built and evaluated in the workers from values()
        # rows, beside the matching: the parent only reads rows and writes what was found.
        chunks = screening.retained_row_chunks(
            up_to=up_to, chunk_size=settings.AEGIS_RESCREEN_CHUNK_SIZE, with_facts=bool(rules)
        )
        results = rescreen_chunks_with(
            chunks, index, screening.rescreen_row(rules), workers=workers, start_method=start_method
        )
        with closing(results):
            for matched in results:
                with transaction.atomic():
                    new_hits += screening.screen_checked(
                        checked=matched, versions=versions, rules=rules, index=index
                    )
                    screened += len(matched)
                    ScreeningRun.objects.filter(pk=run_id).update(
                        done=screened, new_hits=new_hits, heartbeat_at=timezone.now()
                    )
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
