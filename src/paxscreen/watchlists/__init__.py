"""Watchlist loading into one model: the UN SC Consolidated List XML and CSV lists."""

from paxscreen.watchlists.countries import resolve_country
from paxscreen.watchlists.csv_list import GTAS_MAPPING, ColumnMapping, load_csv
from paxscreen.watchlists.errors import WatchlistFormatError
from paxscreen.watchlists.genders import resolve_gender
from paxscreen.watchlists.loader import GENERIC_MAPPING, load_watchlist
from paxscreen.watchlists.model import (
    DateKind,
    Document,
    EntryKind,
    ListedDate,
    ListedName,
    NameKind,
    NameQuality,
    UnmappedNote,
    Watchlist,
    WatchlistDiff,
    WatchlistEntry,
    diff,
)
from paxscreen.watchlists.un_xml import load_un_xml

__all__ = [
    "GENERIC_MAPPING",
    "GTAS_MAPPING",
    "ColumnMapping",
    "DateKind",
    "Document",
    "EntryKind",
    "ListedDate",
    "ListedName",
    "NameKind",
    "NameQuality",
    "UnmappedNote",
    "Watchlist",
    "WatchlistDiff",
    "WatchlistEntry",
    "WatchlistFormatError",
    "diff",
    "load_csv",
    "load_un_xml",
    "load_watchlist",
    "resolve_country",
    "resolve_gender",
]
