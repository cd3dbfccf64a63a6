"""``aegis retention``: mask and delete personal data past the retention periods."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from aegis.travel.retention import retention_apply


class Command(BaseCommand):
    help = "Apply the PIU retention periods (AEGIS_RETENTION_MASK_DAYS / _DELETE_DAYS)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = retention_apply()
        self.stdout.write(result.summary())
        for failure in result.failures:
            self.stderr.write(f"Not masked: {failure}")
