from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from paxscreen.batch import (
    HitRow,
    RescreenProgress,
    TravellerStoreError,
    rescreen_chunks,
    rescreen_in_process,
    rescreen_partition,
)
from paxscreen.batch.store import STORE_SCHEMA
from paxscreen.batch.synthetic import PlantedTraveller, synthetic_travellers
from paxscreen.match import THRESHOLD, MatchIndex, PartialDate, Person


def test_a_partition_gives_one_row_per_match_as_the_index_screens(un_index: MatchIndex) -> None:
    persons = [
        Person("1", full_name="KIM SOK CHOL", date_of_birth=PartialDate(1955), nationality="PRK"),
        Person("2", given_name="Peter", surname="Brown"),
    ]

    hits = rescreen_partition(un_index, persons, THRESHOLD)

    assert hits == [
        HitRow(
            query_id="1",
            reference_number="KPi.036",
            score=1.0,
            explanation="name KIM = KIM; name SOK = SOK; name CHOL = CHOL; "
            "born 1955 in the listed year (1955-05-08); nationality PRK as listed",
            watchlist="UN SC Consolidated List",
            matched_name="KIM SOK CHOL",
            algorithm_version="aegis-name-v2",
        )
    ]


@pytest.mark.parametrize("workers", [1, 2])
def test_in_process_finds_every_planted_individual(
    un_index: MatchIndex, mixed_store: Path, planted: list[PlantedTraveller], workers: int
) -> None:
    hits = list(rescreen_in_process(mixed_store, un_index, workers=workers, chunk_size=500))

    found = {(hit.query_id, hit.reference_number) for hit in hits}
    assert {(p.person.query_id, p.reference) for p in planted} <= found
    assert all(hit.score >= THRESHOLD for hit in hits)


def test_the_hits_and_their_order_do_not_depend_on_the_workers(
    un_index: MatchIndex, mixed_store: Path
) -> None:
    alone = list(rescreen_in_process(mixed_store, un_index, threshold=0.6, workers=1))
    pooled = list(
        rescreen_in_process(mixed_store, un_index, threshold=0.6, workers=2, chunk_size=300)
    )

    assert len(alone) > 24
    assert pooled == alone


def test_progress_is_reported_per_chunk_up_to_the_total(
    un_index: MatchIndex, mixed_store: Path
) -> None:
    reports: list[RescreenProgress] = []

    hits = list(
        rescreen_in_process(
            mixed_store, un_index, workers=2, chunk_size=1000, progress=reports.append
        )
    )

    assert reports[0] == RescreenProgress(0, 3_024, 0)
    assert reports[-1] == RescreenProgress(3_024, 3_024, len(hits))
    assert [report.screened for report in reports] == sorted(r.screened for r in reports)
    assert reports[-1].fraction == 1.0
    assert len(reports) >= 1 + 3_024 // 1000  # one per chunk at least (files split chunks)


class Cancelled(Exception):
    pass


@pytest.mark.parametrize("workers", [1, 2])
def test_a_progress_callback_that_raises_cancels(
    un_index: MatchIndex, mixed_store: Path, workers: int
) -> None:
    def cancel_after_first_chunk(report: RescreenProgress) -> None:
        if report.screened:
            raise Cancelled

    with pytest.raises(Cancelled):
        list(
            rescreen_in_process(
                mixed_store,
                un_index,
                workers=workers,
                chunk_size=500,
                progress=cancel_after_first_chunk,
            )
        )


def test_an_unreadable_row_in_a_worker_stops_the_rescreening(
    tmp_path: Path, un_index: MatchIndex
) -> None:
    # a store written by another tool may hold a date this library cannot read
    row = dict.fromkeys(STORE_SCHEMA.names)
    row.update(query_id="7", full_name="KIM SOK CHOL", date_of_birth="1955-13-01")
    pq.write_table(pa.Table.from_pylist([row], schema=STORE_SCHEMA), tmp_path / "part.parquet")

    with pytest.raises(TravellerStoreError, match="traveller 7: date_of_birth"):
        list(rescreen_in_process(tmp_path, un_index, workers=2))


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"threshold": 1.5}, "outside"),
        ({"workers": 0}, "at least 1"),
        ({"chunk_size": 0}, "at least 1"),
    ],
)
def test_bad_arguments_are_refused(
    un_index: MatchIndex, mixed_store: Path, arguments: dict[str, float], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        rescreen_in_process(mixed_store, un_index, **arguments)  # type: ignore[arg-type]


def test_a_missing_store_is_reported_when_called(tmp_path: Path, un_index: MatchIndex) -> None:
    with pytest.raises(TravellerStoreError, match="no traveller store"):
        rescreen_in_process(tmp_path / "absent", un_index)


@pytest.fixture(scope="module")
def person_chunks(planted: list[PlantedTraveller]) -> list[list[Person]]:
    """600 travellers, the 12 planted listed individuals among them, in chunks of 20."""
    persons = [t.person for t in synthetic_travellers(588, planted=planted, seed=3)]
    return [persons[start : start + 20] for start in range(0, len(persons), 20)]


@pytest.mark.parametrize(("workers", "start_method"), [(1, None), (2, "fork"), (2, "forkserver")])
def test_chunks_of_persons_get_the_index_matches_of_each_person_in_chunk_order(
    un_index: MatchIndex,
    person_chunks: list[list[Person]],
    planted: list[PlantedTraveller],
    workers: int,
    start_method: str | None,
) -> None:
    screened = list(
        rescreen_chunks(person_chunks, un_index, workers=workers, start_method=start_method)
    )

    assert screened == [
        [(person.query_id, un_index.screen(person)) for person in chunk] for chunk in person_chunks
    ]
    found = {
        (query_id, match.entry_reference)
        for chunk in screened
        for query_id, matches in chunk
        for match in matches
    }
    assert {(p.person.query_id, p.reference) for p in planted} <= found


def test_chunks_of_persons_are_read_a_few_per_worker_ahead_of_the_results(
    un_index: MatchIndex, person_chunks: list[list[Person]]
) -> None:
    read: list[int] = []

    def chunks() -> Iterator[list[Person]]:
        for number, chunk in enumerate(person_chunks):
            read.append(number)
            yield chunk

    results = rescreen_chunks(chunks(), un_index, workers=2)
    first = next(results)
    results.close()

    assert [query_id for query_id, _ in first] == [p.query_id for p in person_chunks[0]]
    assert 2 <= len(read) < len(person_chunks)


@pytest.mark.parametrize(
    ("arguments", "message"), [({"threshold": -0.1}, "outside"), ({"workers": 0}, "at least 1")]
)
def test_bad_arguments_for_chunks_are_refused_when_called(
    un_index: MatchIndex, arguments: dict[str, float], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        rescreen_chunks([], un_index, **arguments)  # type: ignore[arg-type]
