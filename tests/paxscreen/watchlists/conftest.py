from __future__ import annotations

import pytest

from aegis import datasets
from paxscreen.watchlists import Watchlist, load_un_xml

UN_XML = datasets.UN_SC_LIST
GTAS_CSV = datasets.GTAS_WATCHLIST


@pytest.fixture(scope="session")
def un_list() -> Watchlist:
    return load_un_xml(UN_XML)
