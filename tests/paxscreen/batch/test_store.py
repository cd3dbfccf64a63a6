from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from paxscreen.batch import store
from paxscreen.match import PartialDate, Person
from paxscreen.watchlists import Document

from .conftest import PersonFactory, StoredTravellerFactory


def read_back(directory: Path) -> list[Person]:
    return [
        person
        for batch in store.iter_batches(directory, batch_size=1000)
        for person in store.persons_from_batch(batch)
    ]


@pytest.mark.parametrize(
    "person",
    [
        PersonFactory.build(query_id="full"),
        Person("name only", full_name="KIM SOK CHOL"),
        Person("year", full_name="A B", date_of_birth=PartialDate(1955)),
        Person("month", full_name="A B", date_of_birth=PartialDate(1955, 5), gender="female"),
        Person(
            "parts and documents",
            given_name="Abdul",
            middle_name="Rahman",
            surname="Al-Hashimi",
            nationality="IRQ",
            documents=(Document("P", "A 123-456", "IRQ"), Document("national id", "77", None)),
        ),
    ],
    ids=lambda person: person.query_id,
)
def test_a_stored_person_reads_back_equal(tmp_path: Path, person: Person) -> None:
    store.write_store(tmp_path, [StoredTravellerFactory.build(person=person)])

    assert read_back(tmp_path) == [person]


def test_travellers_are_partitioned_by_arrival_month(tmp_path: Path) -> None:
    travellers = [
        StoredTravellerFactory.build(arrival_date=dt.date(2024, 1, 31)),
        StoredTravellerFactory.build(arrival_date=dt.date(2024, 2, 1)),
        StoredTravellerFactory.build(arrival_date=dt.date(2024, 2, 29)),
    ]

    written = store.write_store(tmp_path, travellers)

    assert written == 3
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "arrival_month=2024-01",
        "arrival_month=2024-02",
    ]
    table = pq.read_table(next((tmp_path / "arrival_month=2024-02").glob("*.parquet")))
    assert table.column("arrival_date").to_pylist() == [dt.date(2024, 2, 1), dt.date(2024, 2, 29)]
    assert table.schema.field("date_of_birth").type == pa.string()
    assert table.column("date_of_birth").to_pylist() == ["1980-01-02", "1980-01-02"]


def test_writing_again_appends(tmp_path: Path) -> None:
    store.write_store(tmp_path, [StoredTravellerFactory.build(person__query_id="first")])
    store.write_store(tmp_path, [StoredTravellerFactory.build(person__query_id="second")])

    assert store.count_travellers(tmp_path) == 2
    assert sorted(person.query_id for person in read_back(tmp_path)) == ["first", "second"]


def test_batches_keep_the_store_order(tmp_path: Path) -> None:
    travellers = [
        StoredTravellerFactory.build(person__query_id=f"Q{number:03d}") for number in range(250)
    ]
    store.write_store(tmp_path, travellers)

    batches = list(store.iter_batches(tmp_path, batch_size=100))

    assert [batch.num_rows for batch in batches] == [100, 100, 50]
    assert [p.query_id for p in read_back(tmp_path)] == [f"Q{n:03d}" for n in range(250)]


def test_a_traveller_without_query_id_is_refused(tmp_path: Path) -> None:
    with pytest.raises(store.TravellerStoreError, match="without query_id"):
        store.write_store(tmp_path, [StoredTravellerFactory.build(person__query_id="")])


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"query_id": None}, "no query_id"),
        ({"query_id": "7", "date_of_birth": "1955-13"}, "traveller 7: date_of_birth: .* no month"),
        ({"query_id": "7", "date_of_birth": "05/08/1955"}, "traveller 7: date_of_birth"),
    ],
)
def test_an_unreadable_row_names_the_traveller(record: dict[str, str], message: str) -> None:
    with pytest.raises(store.TravellerStoreError, match=message):
        store.person_from_record(record)


def test_a_missing_store_is_reported(tmp_path: Path) -> None:
    with pytest.raises(store.TravellerStoreError, match="not a directory"):
        store.count_travellers(tmp_path / "absent")


def test_an_empty_directory_is_not_a_store(tmp_path: Path) -> None:
    with pytest.raises(store.TravellerStoreError, match="no Parquet file"):
        store.open_store(tmp_path)


def test_a_parquet_file_of_other_columns_is_not_a_store(tmp_path: Path) -> None:
    pq.write_table(pa.table({"flight": ["LH400"]}), tmp_path / "flights.parquet")

    with pytest.raises(store.TravellerStoreError, match=r"missing column\(s\) query_id"):
        store.open_store(tmp_path)


def test_the_store_schema_begins_with_the_person_columns() -> None:
    assert tuple(store.STORE_SCHEMA.names[: len(store.PERSON_COLUMNS)]) == store.PERSON_COLUMNS


def test_a_damaged_file_among_good_ones_is_reported(tmp_path: Path) -> None:
    store.write_store(tmp_path, [StoredTravellerFactory.build()])
    (tmp_path / "arrival_month=2024-03" / "zz-damaged.parquet").write_bytes(b"PAR1 not parquet")

    with pytest.raises(store.TravellerStoreError, match="unreadable traveller store"):
        store.count_travellers(tmp_path)
