from __future__ import annotations

import pytest

from aegis import datasets
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

UN_XML = datasets.UN_SC_LIST
GTAS_CSV = datasets.GTAS_WATCHLIST


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
