"""``aegis retention``: mask and delete personal data past the retention periods."""

from __future__ import annotations

from typing import Any

from aegis.core.switches import HalfCommand
from aegis.travel.retention import retention_apply


class Command(HalfCommand):
    help = "Apply the PIU retention periods (AEGIS_RETENTION_MASK_DAYS / _DELETE_DAYS)."
    # Not a door: it only masks and deletes. An installation whose PIU was switched off
    # still owes its travellers the deletion of what it holds.
    runs_switched_off = True

    def handle(self, *args: Any, **options: Any) -> None:
        result = retention_apply()
        self.stdout.write(result.summary())
        for failure in result.failures:
            self.stderr.write(f"Not masked: {failure}")
