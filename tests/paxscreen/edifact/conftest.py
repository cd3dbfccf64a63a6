"""Fixtures of the EDIFACT tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from aegis import datasets

_GTAS = datasets.GTAS_MESSAGES


@pytest.fixture
def gtas() -> Path:
    """The directory of the real GTAS carrier messages."""
    return _GTAS
