"""The Spark job as a PIU submits it to a cluster: spark-submit on ``local-cluster`` (a master
and two executors in their own JVMs, each with its own Python workers), the library shipped
as a zip with ``--py-files``, the list file read by the driver, the hits written as files by
the executors."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from paxscreen.batch import hit_sort_key, rescreen_in_process
from paxscreen.match import MatchIndex

from .conftest import UN_XML

SRC = Path(__file__).resolve().parents[3] / "src"
SPARK_SUBMIT = Path(sys.executable).with_name("spark-submit")


def _zip_library(target: Path) -> Path:
    """``(cd src && zip -qr ../paxscreen.zip paxscreen -x '*__pycache__*')``, in Python."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted((SRC / "paxscreen").rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                archive.write(path, path.relative_to(SRC))
    return target


@pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs a JVM")
def test_spark_submit_on_a_local_cluster_gives_the_in_process_hits(
    un_index: MatchIndex, mixed_store: Path, tmp_path: Path
) -> None:
    library = _zip_library(tmp_path / "paxscreen.zip")
    output = tmp_path / "hits"
    env = {**os.environ, "PYSPARK_PYTHON": sys.executable, "PYSPARK_DRIVER_PYTHON": sys.executable}

    finished = subprocess.run(  # noqa: S603 - the venv's spark-submit, fixed arguments
        [str(SPARK_SUBMIT), "--master", "local-cluster[2,1,1024]",
         "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.host=127.0.0.1",
         "--conf", f"spark.pyspark.python={sys.executable}",
         "--py-files", str(library),
         str(SRC / "paxscreen" / "batch" / "spark.py"),
         "--store", str(mixed_store), "--watchlist", str(UN_XML),
         "--output", str(output), "--format", "csv"],
        env=env, capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip

    assert finished.returncode == 0, finished.stderr[-3000:]
    assert "hits ->" in finished.stdout
    rows = [
        row
        for part in sorted(output.glob("part-*.csv"))
        for row in csv.DictReader(part.open(encoding="utf-8"))
    ]
    expected = sorted(rescreen_in_process(mixed_store, un_index, workers=1), key=hit_sort_key)
    assert len(expected) >= 12
    assert [(r["query_id"], r["reference_number"], float(r["score"])) for r in rows] == [
        (h.query_id, h.reference_number, h.score) for h in expected
    ]
