"""Locust users for the interactive API benchmark (``bench/bench_iapi.py`` starts them).

Each user is a carrier's check-in system sending one traveller at a time to
``POST /api/v1/travel/iapi/``, ``AEGIS_IAPI_RATE`` requests per second on average, at
random moments (a Poisson process, as check-ins at many desks arrive): users firing
together on a fixed beat would queue behind each other and measure their own burst. The
travellers come, in order and each once, from the JSON-lines file ``AEGIS_IAPI_REQUESTS``;
the carrier's token is ``AEGIS_IAPI_TOKEN``. An answer counts as a failure unless it is 200
with one of the three statuses, and a hit comes with its case.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import time
from pathlib import Path

from locust import FastHttpUser, task

_BODIES = Path(os.environ["AEGIS_IAPI_REQUESTS"]).read_text().splitlines()
_NEXT = itertools.count()
_HEADERS = {
    "Authorization": f"Token {os.environ['AEGIS_IAPI_TOKEN']}",
    "Content-Type": "application/json",
}
_STATUSES = {"no_hit", "hit_pending_review", "hit_reviewed"}


_RATE = float(os.environ.get("AEGIS_IAPI_RATE", "1"))


class CheckInSystem(FastHttpUser):
    def on_start(self) -> None:
        self.next_at = time.monotonic() + random.expovariate(_RATE)

    def wait_time(self) -> float:
        # The next arrival of this desk's Poisson process, however long the last answer took.
        self.next_at += random.expovariate(_RATE)
        return max(0.0, self.next_at - time.monotonic())

    @task
    def check_traveller(self) -> None:
        body = _BODIES[next(_NEXT) % len(_BODIES)]
        with self.client.post(
            "/api/v1/travel/iapi/", data=body, headers=_HEADERS, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}: {(response.text or '')[:200]}")
                return
            answer = json.loads(response.text or "{}")
            status = answer.get("status")
            if status not in _STATUSES or (status != "no_hit") != (answer.get("case") is not None):
                response.failure(f"unexpected answer {answer}")
            else:
                response.success()
