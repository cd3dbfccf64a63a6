from __future__ import annotations

import dataclasses

from paxscreen.watchlists import (
    EntryKind,
    ListedName,
    Watchlist,
    WatchlistEntry,
    diff,
)


def _entry(reference: str, name: str) -> WatchlistEntry:
    return WatchlistEntry(reference, EntryKind.PERSON, (ListedName(name),))


def test_diff_yields_added_changed_and_removed_entries() -> None:
    old = Watchlist("list", "1", (_entry("A", "ALI HASAN"), _entry("B", "OMAR SAID")))
    new = Watchlist("list", "2", (_entry("A", "ALI HASSAN"), _entry("C", "YUSUF ADAM")))

    changes = diff(old, new)

    assert [entry.reference for entry in changes.added] == ["C"]
    assert [(a.primary_name, b.primary_name) for a, b in changes.changed] == [
        ("ALI HASAN", "ALI HASSAN")
    ]
    assert [entry.reference for entry in changes.removed] == ["B"]


def test_diff_of_a_list_with_itself_is_empty(un_list: Watchlist) -> None:
    again = dataclasses.replace(un_list, version="next")

    changes = diff(un_list, again)

    assert (changes.added, changes.changed, changes.removed) == ((), (), ())
