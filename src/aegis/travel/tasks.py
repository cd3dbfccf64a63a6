"""Background tasks of the PIU: they take ids, are idempotent and are enqueued on commit.

The embedded default runs each task in a thread of the web process once the
transaction that queued it commits (``AEGIS_TASKS = "thread"``); ``"eager"`` runs it
at once in the committing thread (tests, the command line).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

BATCH_SIZE = 500


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


def rescreen(*, run_id: int) -> None:
    """Screen every retained traveller again, in batches, recording the progress.

    Idempotent: hits exist once per pair, so a run repeated or resumed adds nothing twice.
    """
    from aegis.travel.models import ScreeningRun, Traveller
    from aegis.travel.screening import screen_travellers

    run = ScreeningRun.objects.get(pk=run_id)
    if run.status == ScreeningRun.Status.DONE:
        return
    ids = list(
        Traveller.objects.filter(masked_at__isnull=True).order_by("pk").values_list("pk", flat=True)
    )
    ScreeningRun.objects.filter(pk=run_id).update(
        status=ScreeningRun.Status.RUNNING, total=len(ids), done=0
    )
    new_hits = 0
    try:
        for start in range(0, len(ids), BATCH_SIZE):
            batch = ids[start : start + BATCH_SIZE]
            with transaction.atomic():
                new_hits += screen_travellers(traveller_ids=batch)
                ScreeningRun.objects.filter(pk=run_id).update(
                    done=start + len(batch), new_hits=new_hits
                )
    except Exception as error:
        ScreeningRun.objects.filter(pk=run_id).update(
            status=ScreeningRun.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    ScreeningRun.objects.filter(pk=run_id).update(
        status=ScreeningRun.Status.DONE, finished_at=timezone.now()
    )
