"""The project stands alone: nothing in it names or reads a folder beside its checkout."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aegis import datasets
from tests import conftest


def test_reading_beside_the_checkout_fails_the_read() -> None:
    sibling = conftest.CHECKOUT.parent.joinpath("shared", "data", "README.md")

    with pytest.raises(PermissionError, match="outside the checkout"):
        sibling.read_text(encoding="utf-8")

    conftest._outside_reads.remove(str(sibling))


def test_no_source_names_a_sibling_folder() -> None:
    git = shutil.which("git")
    assert git is not None
    found = subprocess.run(  # noqa: S603 - fixed arguments
        [
            git,
            "grep",
            "-nE",
            r"\.\./shared|/ *\"shared\"",
            "--",
            "src",
            "tests",
            "bench",
            "Makefile",
            ".ci",
            ":!tests/test_self_contained.py",
        ],
        cwd=conftest.CHECKOUT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert found.stdout == ""


def test_the_shipped_data_sets_are_in_the_checkout_with_their_licences() -> None:
    assert datasets.DATA_DIR == conftest.CHECKOUT / "data"
    assert datasets.UN_SC_LIST.stat().st_size > 1_000_000
    assert len(list(datasets.GTAS_PAXLST.iterdir())) == 5
    assert len(list(datasets.GTAS_PNRGOV.iterdir())) == 32
    assert (datasets.GTAS_MESSAGES / "LICENSE-GTAS.txt").exists()
    assert (datasets.WATCHLISTS / "LICENSE-watchman-Apache-2.0.txt").exists()


@pytest.mark.skipif(
    not os.environ.get("AEGIS_GUARD_PROBE"), reason="run by the test below, in a child pytest"
)
def test_probe_that_swallows_a_read_beside_the_checkout() -> None:
    # As the demo once did: a missing file is quietly skipped, so only the guard can tell.
    with contextlib.suppress(OSError):
        conftest.CHECKOUT.parent.joinpath("shared", "data", "README.md").read_text()


def test_a_swallowed_read_beside_the_checkout_fails_a_parallel_run() -> None:
    probe = (
        Path(__file__).relative_to(conftest.CHECKOUT).as_posix()
        + "::"
        + (test_probe_that_swallows_a_read_beside_the_checkout.__name__)
    )
    child = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "pytest", "-q", "-n", "1", "-p", "no:cacheprovider", probe],
        cwd=conftest.CHECKOUT,
        env={**os.environ, "AEGIS_GUARD_PROBE": "1"},
        capture_output=True,
        text=True,
        check=False,
    )

    assert child.returncode == pytest.ExitCode.TESTS_FAILED, child.stdout + child.stderr
    assert "1 passed" in child.stdout
    assert "The suite read files outside the checkout:" in child.stderr
