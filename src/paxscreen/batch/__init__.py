"""Batch re-screening of retained travellers: a Parquet traveller store, an in-process engine
over the cores of one machine, and a Spark job over a cluster, sharing one screening function.

Writing and reading the store (``paxscreen.batch.store``) needs pyarrow, and the Spark job
(``paxscreen.batch.spark``) pyspark when used; importing this package needs neither.
"""

from paxscreen.batch.rescreen import (
    HIT_COLUMNS,
    HitRow,
    ProgressCallback,
    RescreenProgress,
    default_workers,
    hit_sort_key,
    rescreen_chunks,
    rescreen_chunks_with,
    rescreen_in_process,
    rescreen_partition,
)
from paxscreen.batch.rows import PERSON_COLUMNS, StoredTraveller, TravellerStoreError

__all__ = [
    "HIT_COLUMNS",
    "PERSON_COLUMNS",
    "HitRow",
    "ProgressCallback",
    "RescreenProgress",
    "StoredTraveller",
    "TravellerStoreError",
    "default_workers",
    "hit_sort_key",
    "rescreen_chunks",
    "rescreen_chunks_with",
    "rescreen_in_process",
    "rescreen_partition",
]
