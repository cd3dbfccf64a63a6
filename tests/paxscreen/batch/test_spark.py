"""The Spark job gives exactly the in-process hits on the same store (Spark in local mode)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from paxscreen.batch import RescreenProgress, rescreen_in_process
from paxscreen.batch.spark import (
    _index_broadcast,
    collect_hits,
    hits_from_rows,
    main,
    rescreen_on_spark,
    stage_cpu_accumulator,
)
from paxscreen.batch.synthetic import PlantedTraveller
from paxscreen.match import THRESHOLD, MatchIndex

from .conftest import UN_XML


def canonical(hits: Any) -> list[tuple[str, str, float, str]]:
    return sorted((h.query_id, h.reference_number, h.score, h.explanation) for h in hits)


@pytest.mark.parametrize("partitions", [None, 3])
def test_spark_and_in_process_give_the_same_hits(
    spark: Any,
    un_index: MatchIndex,
    mixed_store: Path,
    planted: list[PlantedTraveller],
    partitions: int | None,
) -> None:
    # a low threshold: many hits and near-threshold scores, where any drift would show
    threshold = 0.6
    one_process = list(rescreen_in_process(mixed_store, un_index, threshold=threshold, workers=1))
    in_process = list(rescreen_in_process(mixed_store, un_index, threshold=threshold, workers=2))

    on_spark = hits_from_rows(
        rescreen_on_spark(
            spark, str(mixed_store), un_index, threshold=threshold, partitions=partitions
        ).collect()
    )

    assert len(in_process) > 24
    assert in_process == one_process  # the same rows in the same order
    assert canonical(on_spark) == canonical(in_process)
    assert sorted(h.as_tuple() for h in on_spark) == sorted(h.as_tuple() for h in in_process)
    found = {(h.query_id, h.reference_number) for h in on_spark if h.score >= THRESHOLD}
    assert {(p.person.query_id, p.reference) for p in planted} <= found


def test_the_spark_job_writes_sorted_hits(
    spark: Any, un_index: MatchIndex, mixed_store: Path, tmp_path: Path
) -> None:
    output = tmp_path / "hits"

    code = main(
        ["--store", str(mixed_store), "--watchlist", str(UN_XML), "--output", str(output),
         "--format", "csv", "--master", "local[2]"]
    )  # fmt: skip

    assert code == 0
    lines = [
        line
        for part in sorted(output.glob("part-*.csv"))
        for line in part.read_text(encoding="utf-8").splitlines()
        if not line.startswith("query_id,")
    ]
    expected = sorted(
        rescreen_in_process(mixed_store, un_index, workers=1),
        key=lambda h: (h.query_id, -h.score, h.reference_number),
    )
    assert [line.split(",")[:3] for line in lines] == [
        [h.query_id, h.reference_number, str(h.score)] for h in expected
    ]


def test_the_spark_job_refuses_to_overwrite_hits(
    spark: Any, mixed_store: Path, tmp_path: Path
) -> None:
    output = tmp_path / "hits"
    output.mkdir()

    with pytest.raises(Exception, match="already exists"):
        main(["--store", str(mixed_store), "--watchlist", str(UN_XML), "--output", str(output)])


def test_collecting_on_spark_reports_progress_up_to_the_total(
    spark: Any, un_index: MatchIndex, mixed_store: Path
) -> None:
    reports: list[RescreenProgress] = []

    hits = collect_hits(spark, str(mixed_store), un_index, progress=reports.append)

    assert reports[0] == RescreenProgress(0, 3_024, 0)
    assert reports[-1] == RescreenProgress(3_024, 3_024, len(hits))
    assert [report.screened for report in reports] == sorted(r.screened for r in reports)
    assert canonical(hits) == canonical(rescreen_in_process(mixed_store, un_index, workers=1))


def test_the_store_is_split_in_more_partitions_than_cores_and_the_index_broadcast_once(
    spark: Any, un_index: MatchIndex, mixed_store: Path
) -> None:
    cores = spark.sparkContext.defaultParallelism
    stage_cpu = stage_cpu_accumulator(spark)

    first = rescreen_on_spark(spark, str(mixed_store), un_index, stage_cpu=stage_cpu)
    second = rescreen_on_spark(spark, str(mixed_store), un_index)

    # minPartitionNum asks for 2 per core; Spark packs 6 one-row-group files into 3 (the
    # 12-file benchmark store gets 4): more tasks than cores, so no core idles at the end
    assert first.rdd.getNumPartitions() > cores
    assert first.count() == second.count() > 0
    # one broadcast per session and index: the Python workers keep the index they unpickled
    assert _index_broadcast(spark, un_index) is _index_broadcast(spark, un_index)
    persons, screening, to_arrow, batches = stage_cpu.value
    assert batches > cores
    assert screening > persons > 0
    assert to_arrow >= 0
