"""Choose the loader for a watchlist file from its content."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from paxscreen.watchlists.csv_list import GTAS_MAPPING, ColumnMapping, load_csv
from paxscreen.watchlists.errors import WatchlistFormatError, unreadable
from paxscreen.watchlists.model import EntryKind, Watchlist
from paxscreen.watchlists.un_xml import load_un_xml

__all__ = ["GENERIC_MAPPING", "LOST_DOCUMENTS_MAPPING", "load_watchlist", "mapping_for_header"]

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
# A list of lost and stolen travel documents (GTAS #224): number and issuing country.
LOST_DOCUMENTS_MAPPING = ColumnMapping(
    document_number="document_number", document_country="issuing_country"
)
# Columns a list may add to its mapping when its header has them.
_OPTIONAL = {
    "reference": "reference",
    "document_type": "document_type",
    "listed_on": "listed_on",
    "summary": "summary",
    "programme": "programme",
}
_KNOWN = (
    (GTAS_MAPPING, {"firstname", "lastname", "dob"}, EntryKind.PERSON),
    (GENERIC_MAPPING, {"reference", "full_name"}, EntryKind.PERSON),
    (LOST_DOCUMENTS_MAPPING, {"document_number", "issuing_country"}, EntryKind.DOCUMENT),
)
_ZIP_MAGIC = b"PK\x03\x04"


def mapping_for_header(path: Path, header: set[str]) -> tuple[ColumnMapping, EntryKind]:
    """The mapping (and kind of entry) of a table whose header has these columns."""
    for known, key_columns, kind in _KNOWN:
        if key_columns <= header:
            used = set(known.columns().values())
            extra = {
                field: column
                for field, column in _OPTIONAL.items()
                if column in header and column not in used and getattr(known, field) is None
            }
            return dataclasses.replace(known, **extra), kind  # type: ignore[arg-type]
    raise WatchlistFormatError(
        str(path),
        "unknown watchlist format: expected UN SC XML, or a CSV or XLSX table with a known "
        "header (GTAS: firstname,lastname,dob,…; generic: reference,full_name,…; "
        "lost or stolen documents: document_number,issuing_country,…)",
        line=1,
    )


def load_watchlist(path: str | Path, mapping: ColumnMapping | None = None) -> Watchlist:
    """Load a watchlist file: UN SC Consolidated List XML, CSV or XLSX.

    A table (CSV, or the first sheet of an XLSX workbook) is read with ``mapping`` or,
    without it, with the mapping whose key columns its header has (GTAS export, the generic
    ``reference,full_name,…`` format, or a list of lost and stolen documents).
    Raises :class:`WatchlistFormatError` for an unknown or unreadable format.
    """
    from paxscreen.watchlists.xlsx_list import load_xlsx

    path = Path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise WatchlistFormatError(str(path), unreadable(exc)) from exc
    if head.startswith(_ZIP_MAGIC):
        return load_xlsx(path, mapping)
    text = head.decode("utf-8-sig", errors="replace").lstrip()
    if text.startswith("<"):
        return load_un_xml(path)
    if mapping is not None:
        return load_csv(path, mapping)
    header = {column.strip() for column in text.splitlines()[0].split(",")} if text else set()
    chosen, kind = mapping_for_header(path, header)
    return load_csv(path, chosen, kind=kind)
