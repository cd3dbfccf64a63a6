"""Watchlist loading into one model: the UN SC Consolidated List XML, CSV and XLSX lists."""

from paxscreen.watchlists.countries import resolve_country
from paxscreen.watchlists.csv_list import GTAS_MAPPING, ColumnMapping, load_csv
from paxscreen.watchlists.errors import WatchlistFormatError
from paxscreen.watchlists.genders import resolve_gender
from paxscreen.watchlists.loader import GENERIC_MAPPING, LOST_DOCUMENTS_MAPPING, load_watchlist
from paxscreen.watchlists.model import (
    DateKind,
    Document,
    EntryKind,
    ListedDate,
    ListedName,
    NameKind,
    NameQuality,
    RejectedRow,
    UnmappedNote,
    Watchlist,
    WatchlistDiff,
    WatchlistEntry,
    diff,
    entry_changes,
)
from paxscreen.watchlists.un_xml import load_un_xml
from paxscreen.watchlists.xlsx_list import load_xlsx

__all__ = [
    "GENERIC_MAPPING",
    "GTAS_MAPPING",
    "LOST_DOCUMENTS_MAPPING",
    "ColumnMapping",
    "DateKind",
    "Document",
    "EntryKind",
    "ListedDate",
    "ListedName",
    "NameKind",
    "NameQuality",
    "RejectedRow",
    "UnmappedNote",
    "Watchlist",
    "WatchlistDiff",
    "WatchlistEntry",
    "WatchlistFormatError",
    "diff",
    "entry_changes",
    "load_csv",
    "load_un_xml",
    "load_watchlist",
    "load_xlsx",
    "resolve_country",
    "resolve_gender",
]
