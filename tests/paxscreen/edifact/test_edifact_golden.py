"""Every real GTAS message parses, and its full output equals the committed golden JSON.

Regenerate after an intended change with ``PAXSCREEN_UPDATE_GOLDEN=1`` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from tests.paxscreen.edifact.edifact_testdata import GOLDEN, first_difference, gtas_files

from paxscreen.edifact import parse_file


@pytest.mark.parametrize("path", gtas_files(), ids=lambda path: path.name)
def test_parse_matches_golden(path: Path) -> None:
    # given a real carrier file
    # when it is parsed in lenient mode
    results = [message.to_dict() for message in parse_file(path)]
    # then the output is, field by field, the reviewed golden output
    golden = GOLDEN / f"{path.name}.json"
    if os.environ.get("PAXSCREEN_UPDATE_GOLDEN"):
        golden.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", "utf-8")
    expected = json.loads(golden.read_text("utf-8"))
    assert first_difference(results, expected) is None


def test_every_gtas_file_has_a_golden_file() -> None:
    names = {path.name for path in gtas_files()}
    assert len(names) == 37
    assert {path.name.removesuffix(".json") for path in GOLDEN.glob("*.json")} == names
