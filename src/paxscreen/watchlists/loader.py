"""Choose the loader for a watchlist file from its content."""

from __future__ import annotations

from pathlib import Path

from paxscreen.watchlists.csv_list import GTAS_MAPPING, ColumnMapping, load_csv
from paxscreen.watchlists.errors import WatchlistFormatError
from paxscreen.watchlists.model import Watchlist
from paxscreen.watchlists.un_xml import load_un_xml

__all__ = ["GENERIC_MAPPING", "load_watchlist"]

# Header of the project's own CSV list format (what ``watchlist`` exports and tests write).
GENERIC_MAPPING = ColumnMapping(
    reference="reference",
    full_name="full_name",
    aliases="aliases",
    date_of_birth="date_of_birth",
    nationality="nationality",
    gender="gender",
    document_number="document_number",
    document_type="document_type",
    document_country="document_country",
    kind="kind",
    programme="programme",
)
_KNOWN_CSV = (
    (GTAS_MAPPING, {"firstname", "lastname", "dob"}),
    (GENERIC_MAPPING, {"reference", "full_name"}),
)


def load_watchlist(path: str | Path, mapping: ColumnMapping | None = None) -> Watchlist:
    """Load a watchlist file: UN SC Consolidated List XML, or CSV.

    A CSV file is read with ``mapping`` or, without it, with the mapping whose key columns its
    header has (GTAS export, or the generic ``reference,full_name,…`` format).
    Raises :class:`WatchlistFormatError` for an unknown or unreadable format.
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise WatchlistFormatError(str(path), f"cannot read the file: {exc}") from exc
    text = head.decode("utf-8-sig", errors="replace").lstrip()
    if text.startswith("<"):
        return load_un_xml(path)
    if mapping is not None:
        return load_csv(path, mapping)
    header = {column.strip() for column in text.splitlines()[0].split(",")} if text else set()
    for known, key_columns in _KNOWN_CSV:
        if key_columns <= header:
            return load_csv(path, known)
    raise WatchlistFormatError(
        str(path),
        "unknown watchlist format: expected UN SC XML or a CSV with a known header "
        "(GTAS: firstname,lastname,dob,…; generic: reference,full_name,…)",
        line=1,
    )
