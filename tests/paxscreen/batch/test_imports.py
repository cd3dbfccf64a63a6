"""The command line and the Spark executors need neither pyarrow nor pyspark to import."""

from __future__ import annotations

import subprocess
import sys


def test_batch_modules_import_without_pyarrow_or_pyspark() -> None:
    probe = (
        "import sys\n"
        "import paxscreen.batch, paxscreen.batch.cli, paxscreen.batch.rescreen, "
        "paxscreen.batch.rows, paxscreen.batch.spark, paxscreen.batch.synthetic, paxscreen.cli\n"
        "paxscreen.cli.build_parser()\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pyarrow', 'pyspark'}))\n"
    )

    result = subprocess.run(  # noqa: S603 — our own interpreter and probe
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )

    assert result.stdout.strip() == "[]"
