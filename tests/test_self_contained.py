"""The project stands alone: nothing in it names or reads a folder beside its checkout."""

from __future__ import annotations

import shutil
import subprocess

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
