from __future__ import annotations

from pathlib import Path

import pytest

from paxscreen.watchlists import Watchlist, load_un_xml

DATA = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "watchlists"
UN_XML = DATA / "un-sc-consolidated-2020-03-20.xml"
GTAS_CSV = DATA / "gtas-wl-NS.csv"


@pytest.fixture(scope="session")
def un_list() -> Watchlist:
    return load_un_xml(UN_XML)
