"""``python -m paxscreen parse``: one JSON object per message, exit status by mode."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from paxscreen.cli import main


def test_prints_one_json_line_per_message(gtas: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = gtas / "apis-messages" / "gtas-loader-multiple_flight_leg_apis.txt"
    assert main(["parse", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    records = [json.loads(line) for line in lines]
    assert [record["message_type"] for record in records] == ["PAXLST", "INTERCHANGE"]
    assert records[0]["file"] == str(path)
    assert records[0]["manifest"]["travellers"][0]["surname"] == "BARRETT"
    assert records[1]["issues"][0]["code"] == "data-after-interchange"


def test_strict_mode_exits_non_zero_and_still_prints_everything(
    gtas: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = gtas / "pnr-messages" / "gtas-parsers-pnrBadFormat.txt"
    assert main(["parse", str(path), "--strict"]) == 1
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [issue["severity"] for record in records for issue in record["issues"]] == [
        "error",
        "error",
    ]
    assert records[0]["issues"][0]["segment_number"] == 26


def test_lenient_mode_exits_zero_on_warnings(
    gtas: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = gtas / "pnr-messages" / "gtas-parsers-pnrBadFormat.txt"
    assert main(["parse", str(path)]) == 0


def test_json_format_is_an_array_of_messages(
    gtas: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = gtas / "apis-messages" / "gtas-parsers-apisMessage.txt"
    second = gtas / "apis-messages" / "gtas-loader-multiple_flight_leg_apis.txt"
    assert main(["parse", str(first), str(second), "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [(Path(record["file"]).name, record["message_type"]) for record in records] == [
        ("gtas-parsers-apisMessage.txt", "PAXLST"),
        ("gtas-loader-multiple_flight_leg_apis.txt", "PAXLST"),
        ("gtas-loader-multiple_flight_leg_apis.txt", "INTERCHANGE"),
    ]


def test_unreadable_file_exits_two(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(tmp_path / "missing.edi")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_runs_as_a_module(gtas: Path) -> None:
    path = gtas / "apis-messages" / "gtas-loader-Test1.txt"
    completed = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "paxscreen", "parse", str(path), "--strict"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1
    assert len(completed.stdout.splitlines()) == 2
