"""Locust users for the interactive API benchmark (``bench/bench_iapi.py`` starts them).

Each user is a carrier's check-in system sending one traveller at a time to
``POST /api/v1/travel/iapi/`` at a constant pace (``AEGIS_IAPI_RATE`` requests per second
per user). The travellers come, in order and each once, from the JSON-lines file
``AEGIS_IAPI_REQUESTS``; the carrier's token is ``AEGIS_IAPI_TOKEN``. An answer counts as
a failure unless it is 200 with one of the three statuses, and a hit comes with its case.
"""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path

from locust import FastHttpUser, constant_throughput, task

_BODIES = Path(os.environ["AEGIS_IAPI_REQUESTS"]).read_text().splitlines()
_NEXT = itertools.count()
_HEADERS = {
    "Authorization": f"Token {os.environ['AEGIS_IAPI_TOKEN']}",
    "Content-Type": "application/json",
}
_STATUSES = {"no_hit", "hit_pending_review", "hit_reviewed"}


class CheckInSystem(FastHttpUser):
    wait_time = constant_throughput(float(os.environ.get("AEGIS_IAPI_RATE", "1")))

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
