"""The traveller store: retained travellers as a Parquet dataset partitioned by arrival month.

Layout (Hive-style, readable by pyarrow, Spark, DuckDB…)::

    STORE/arrival_month=2024-01/part-<write id>-0.parquet
    STORE/arrival_month=2024-02/…

One row per traveller with the fields of :class:`paxscreen.match.Person`: ``query_id``, the name
(``full_name`` or its parts), ``gender`` (``male``/``female`` or null), ``date_of_birth`` as
text ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, ``nationality`` (ISO alpha-3), ``documents``
(a list of ``{type, number, issuing_country}``), and ``arrival_date``. Partitioning by month
lets a retention policy drop whole months and a re-screening read only the months it needs.

The row format itself (:data:`PERSON_COLUMNS`, :func:`person_from_record`) lives in
:mod:`paxscreen.batch.rows`, which needs no pyarrow.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds

from paxscreen.batch.rows import (
    PERSON_COLUMNS,
    StoredTraveller,
    TravellerStoreError,
    person_from_record,
)
from paxscreen.match import Person

__all__ = [
    "PARTITION_COLUMN",
    "PERSON_COLUMNS",
    "STORE_SCHEMA",
    "StoredTraveller",
    "TravellerStoreError",
    "count_travellers",
    "iter_batches",
    "open_store",
    "person_from_record",
    "persons_from_batch",
    "write_store",
]

_DOCUMENT = pa.struct(
    [("type", pa.string()), ("number", pa.string()), ("issuing_country", pa.string())]
)
STORE_SCHEMA = pa.schema(
    [
        pa.field("query_id", pa.string(), nullable=False),
        ("full_name", pa.string()),
        ("given_name", pa.string()),
        ("middle_name", pa.string()),
        ("surname", pa.string()),
        ("gender", pa.string()),
        ("date_of_birth", pa.string()),
        ("nationality", pa.string()),
        ("documents", pa.list_(_DOCUMENT)),
        ("arrival_date", pa.date32()),
    ]
)
PARTITION_COLUMN = "arrival_month"
_PARTITIONING = ds.partitioning(pa.schema([(PARTITION_COLUMN, pa.string())]), flavor="hive")
_WRITE_BATCH = 50_000
_ROWS_PER_GROUP = 16_384


def write_store(directory: str | Path, travellers: Iterable[StoredTraveller]) -> int:
    """Add ``travellers`` to the store at ``directory`` (created if absent); return the count.

    Each call writes new files (named by a fresh write id), so a store grows by appending
    and nothing already stored is overwritten. Raises :class:`TravellerStoreError` for a
    traveller without ``query_id``.
    """
    directory = Path(directory)
    written = 0

    def batches() -> Iterator[pa.RecordBatch]:
        nonlocal written
        iterator = iter(travellers)
        while chunk := list(islice(iterator, _WRITE_BATCH)):
            written += len(chunk)
            yield _record_batch(chunk)

    ds.write_dataset(
        batches(),
        directory,
        schema=STORE_SCHEMA.append(pa.field(PARTITION_COLUMN, pa.string())),
        format="parquet",
        partitioning=_PARTITIONING,
        basename_template=f"part-{uuid.uuid4().hex}-{{i}}.parquet",
        existing_data_behavior="overwrite_or_ignore",
        max_rows_per_group=_ROWS_PER_GROUP,
        min_rows_per_group=min(_ROWS_PER_GROUP, _WRITE_BATCH),
    )
    return written


def _record_batch(chunk: list[StoredTraveller]) -> pa.RecordBatch:
    columns: dict[str, list[Any]] = {name: [] for name in STORE_SCHEMA.names}
    months: list[str] = []
    for traveller in chunk:
        person = traveller.person
        if not person.query_id:
            raise TravellerStoreError("a traveller without query_id cannot be stored")
        columns["query_id"].append(person.query_id)
        columns["full_name"].append(person.full_name or None)
        columns["given_name"].append(person.given_name or None)
        columns["middle_name"].append(person.middle_name or None)
        columns["surname"].append(person.surname or None)
        columns["gender"].append(person.gender)
        columns["date_of_birth"].append(
            str(person.date_of_birth) if person.date_of_birth is not None else None
        )
        columns["nationality"].append(person.nationality)
        columns["documents"].append(
            [
                {"type": d.type, "number": d.number, "issuing_country": d.issuing_country}
                for d in person.documents
            ]
        )
        columns["arrival_date"].append(traveller.arrival_date)
        months.append(f"{traveller.arrival_date:%Y-%m}")
    arrays = [pa.array(columns[field.name], type=field.type) for field in STORE_SCHEMA]
    arrays.append(pa.array(months, type=pa.string()))
    return pa.RecordBatch.from_arrays(
        arrays, schema=STORE_SCHEMA.append(pa.field(PARTITION_COLUMN, pa.string()))
    )


def open_store(directory: str | Path) -> ds.Dataset:
    """The store at ``directory`` as a pyarrow dataset.

    Raises :class:`TravellerStoreError` when the directory is missing, holds no Parquet file,
    or lacks a column of :data:`PERSON_COLUMNS`.
    """
    path = Path(directory)
    if not path.is_dir():
        raise TravellerStoreError(f"{path}: no traveller store (not a directory)")
    try:
        dataset = ds.dataset(path, format="parquet", partitioning=_PARTITIONING)
    except (OSError, pa.ArrowInvalid) as exc:
        raise TravellerStoreError(f"{path}: unreadable traveller store: {exc}") from exc
    if not dataset.files:
        raise TravellerStoreError(f"{path}: no traveller store (no Parquet file in it)")
    missing = [name for name in PERSON_COLUMNS if name not in dataset.schema.names]
    if missing:
        raise TravellerStoreError(
            f"{path}: not a traveller store: missing column(s) {', '.join(missing)}"
        )
    return dataset


def count_travellers(directory: str | Path) -> int:
    """How many travellers the store holds (read from the Parquet footers).

    Raises :class:`TravellerStoreError` as :func:`open_store` does, or for a damaged file.
    """
    dataset = open_store(directory)
    try:
        return int(dataset.count_rows())
    except (OSError, pa.ArrowInvalid) as exc:
        raise TravellerStoreError(f"{directory}: unreadable traveller store: {exc}") from exc


def iter_batches(directory: str | Path, batch_size: int) -> Iterator[pa.RecordBatch]:
    """The stored persons in batches of at most ``batch_size`` rows, always in the same order
    (files in path order, rows in file order). Raises :class:`TravellerStoreError` as
    :func:`open_store` does, or for a damaged file."""
    scanner = open_store(directory).scanner(
        columns=list(PERSON_COLUMNS), batch_size=batch_size, use_threads=False
    )
    try:
        for batch in scanner.to_batches():
            if batch.num_rows:
                yield batch
    except (OSError, pa.ArrowInvalid) as exc:
        raise TravellerStoreError(f"{directory}: unreadable traveller store: {exc}") from exc


def persons_from_batch(batch: pa.RecordBatch) -> list[Person]:
    """The persons of a batch of stored rows (see :func:`person_from_record`)."""
    return [person_from_record(record) for record in batch.to_pylist()]
