"""A stored traveller row and the person it holds, without pyarrow.

Every engine turns a stored row into a :class:`~paxscreen.match.Person` with
:func:`person_from_record`, so the in-process and the Spark re-screening read a traveller
identically; Spark executors need nothing else of the store (and so no pyarrow).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from paxscreen.match import PartialDate, Person
from paxscreen.watchlists import Document

__all__ = ["PERSON_COLUMNS", "StoredTraveller", "TravellerStoreError", "person_from_record"]

# What re-screening reads of a stored row: the person (not the arrival date nor the partition).
PERSON_COLUMNS = (
    "query_id",
    "full_name",
    "given_name",
    "middle_name",
    "surname",
    "gender",
    "date_of_birth",
    "nationality",
    "documents",
)


class TravellerStoreError(ValueError):
    """A traveller store is missing, is not a traveller store, or holds an unreadable row."""


@dataclass(frozen=True, slots=True)
class StoredTraveller:
    """A traveller as retained: the screened person and the day they arrived."""

    person: Person
    arrival_date: dt.date


def person_from_record(record: Mapping[str, Any]) -> Person:
    """The person of one stored row, given as a mapping of :data:`PERSON_COLUMNS`.

    Raises :class:`TravellerStoreError` for a row without ``query_id`` or with a date of
    birth not written ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.
    """
    query_id = record.get("query_id")
    if not query_id:
        raise TravellerStoreError("a stored traveller has no query_id")
    born = record.get("date_of_birth")
    try:
        date_of_birth = PartialDate.parse(born) if born else None
    except ValueError as exc:
        raise TravellerStoreError(f"traveller {query_id}: date_of_birth: {exc}") from exc
    documents = tuple(
        Document(
            type=document.get("type") or "",
            number=document["number"],
            issuing_country=document.get("issuing_country"),
        )
        for document in record.get("documents") or ()
        if document and document.get("number")
    )
    return Person(
        query_id=str(query_id),
        full_name=record.get("full_name") or "",
        given_name=record.get("given_name") or "",
        middle_name=record.get("middle_name") or "",
        surname=record.get("surname") or "",
        gender=record.get("gender") or None,
        date_of_birth=date_of_birth,
        nationality=record.get("nationality") or None,
        documents=documents,
    )
