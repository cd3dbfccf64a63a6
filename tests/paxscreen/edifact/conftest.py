"""Fixtures of the EDIFACT tests."""

from __future__ import annotations

from pathlib import Path

import pytest

_GTAS = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "messages" / "gtas"


@pytest.fixture
def gtas() -> Path:
    """The directory of the real GTAS carrier messages."""
    return _GTAS
