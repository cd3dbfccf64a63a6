"""Batch re-screening of retained travellers: a Parquet traveller store, an in-process engine
over the cores of one machine, and a Spark job over a cluster, sharing one screening function.

``paxscreen.batch.spark`` imports pyspark when used; nothing else here needs it.
"""

from paxscreen.batch.rescreen import (
    HIT_COLUMNS,
    HitRow,
    ProgressCallback,
    RescreenProgress,
    default_workers,
    hit_sort_key,
    rescreen_in_process,
    rescreen_partition,
)
from paxscreen.batch.store import (
    PERSON_COLUMNS,
    StoredTraveller,
    TravellerStoreError,
    count_travellers,
    write_store,
)

__all__ = [
    "HIT_COLUMNS",
    "PERSON_COLUMNS",
    "HitRow",
    "ProgressCallback",
    "RescreenProgress",
    "StoredTraveller",
    "TravellerStoreError",
    "count_travellers",
    "default_workers",
    "hit_sort_key",
    "rescreen_in_process",
    "rescreen_partition",
    "write_store",
]
