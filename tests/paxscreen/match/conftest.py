from __future__ import annotations

from pathlib import Path

import pytest

from paxscreen.match import MatchIndex
from paxscreen.watchlists import (
    Document,
    EntryKind,
    ListedDate,
    ListedName,
    NameKind,
    NameQuality,
    Watchlist,
    WatchlistEntry,
    load_un_xml,
)

DATA = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "watchlists"
UN_XML = DATA / "un-sc-consolidated-2020-03-20.xml"
GTAS_CSV = DATA / "gtas-wl-NS.csv"


def one_entry_index(
    *names: tuple[str, NameKind, NameQuality],
    dates: tuple[ListedDate, ...] = (),
    nationalities: tuple[str, ...] = (),
    gender: str | None = None,
    documents: tuple[Document, ...] = (),
) -> MatchIndex:
    """An index of a single listed person ``T.1`` with the given names."""
    entry = WatchlistEntry(
        "T.1",
        EntryKind.PERSON,
        tuple(ListedName(text, kind, quality) for text, kind, quality in names),
        dates_of_birth=dates,
        nationalities=nationalities,
        gender=gender,
        documents=documents,
    )
    return MatchIndex.build([Watchlist("test list", "1", (entry,))])


@pytest.fixture(scope="session")
def un_index() -> MatchIndex:
    return MatchIndex.build([load_un_xml(UN_XML)])
