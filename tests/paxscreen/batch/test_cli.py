from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from paxscreen.batch import RescreenProgress
from paxscreen.batch.cli import ProgressBar
from paxscreen.cli import main

from .conftest import UN_XML


@pytest.fixture
def planted_store(tmp_path: Path) -> Path:
    directory = tmp_path / "store"
    code = main(["store", "synth", "--size", "2000", "--out", str(directory), "--plant", "3",
                 "--watchlist", str(UN_XML), "--months", "2", "--seed", "4"])  # fmt: skip
    assert code == 0
    return directory


def test_store_synth_writes_and_lists_the_planted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = tmp_path / "store"

    code = main(["store", "synth", "--size", "100", "--out", str(directory), "--plant", "2",
                 "--watchlist", str(UN_XML), "--months", "3"])  # fmt: skip

    assert code == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"wrote 102 travellers (2 planted) to {directory}"
    assert [line.split(":")[0] for line in out[1:]] == [
        "  planted PLANTED-0000",
        "  planted PLANTED-0001",
    ]
    assert sorted(path.name for path in directory.iterdir()) == [
        "arrival_month=2024-01",
        "arrival_month=2024-02",
        "arrival_month=2024-03",
    ]


def test_store_info_counts_per_month(
    planted_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()

    code = main(["store", "info", str(planted_store)])

    assert code == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == ["2024-01", "2024-02", "total"]
    assert lines[-1] == "total: 2,003 travellers in 2 files"


def test_rescreen_writes_the_planted_hits_sorted(
    planted_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "hits.csv"

    code = main(["rescreen", "--store", str(planted_store), "--watchlist", str(UN_XML),
                 "--workers", "2", "--output", str(output)])  # fmt: skip

    assert code == 0
    with output.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == [
        "query_id",
        "reference_number",
        "score",
        "explanation",
        "watchlist",
        "matched_name",
        "algorithm_version",
    ]
    planted = [row["query_id"] for row in rows if row["query_id"].startswith("PLANTED-")]
    assert planted == ["PLANTED-0000", "PLANTED-0001", "PLANTED-0002"]
    assert rows == sorted(rows, key=lambda r: (r["query_id"], -float(r["score"])))
    captured = capsys.readouterr()
    assert captured.out.startswith("re-screened 2,003 travellers against 709 listed persons")
    assert "100.0% 2,003/2,003 travellers" in captured.err


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--threshold", "2"], "--threshold 2.0 is outside [0, 1]"),
        (["--workers", "0"], "--workers 0 must be at least 1"),
        (["--store", "/nonexistent/store"], "/nonexistent/store: no traveller store"),
        (["--output", "/nonexistent/hits.csv"], "no directory /nonexistent"),
    ],
)
def test_rescreen_errors_leave_no_output(
    planted_store: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    arguments: list[str],
    message: str,
) -> None:
    output = tmp_path / "hits.csv"
    base = ["--store", str(planted_store), "--watchlist", str(UN_XML), "--output", str(output)]

    code = main(["rescreen", *base, *arguments])

    assert code == 2
    assert message in capsys.readouterr().err
    assert not output.exists()


def test_store_synth_needs_a_list_to_plant_from(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["store", "synth", "--size", "10", "--out", str(tmp_path / "s"), "--plant", "1"])

    assert code == 2
    assert "--plant needs --watchlist" in capsys.readouterr().err


def test_the_progress_bar_in_a_log_writes_a_line_per_tenth() -> None:
    stream = io.StringIO()
    bar = ProgressBar(stream, width=10)

    for screened in (0, 50, 100, 550, 1000):
        bar(RescreenProgress(screened, 1000, screened // 500))

    lines = stream.getvalue().splitlines()
    assert [line[:19] for line in lines] == [
        "[..........]   0.0%",
        "[#.........]  10.0%",
        "[#####.....]  55.0%",
        "[##########] 100.0%",
    ]
    assert lines[-1].split("%")[1].startswith(" 1,000/1,000 travellers, 2 hits,")
