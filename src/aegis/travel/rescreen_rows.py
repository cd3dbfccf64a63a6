"""A stored traveller as re-screening reads it: one ``values()`` row, turned into a paxscreen
person and the facts rules test, and screened against the active rules.

Pure Python without Django (like ``rules``), so that :class:`RescreenRow` is pickled to the
re-screening's worker processes: the parent process only reads rows and writes what the
workers found, and building persons and facts, matching and rules all run on every core.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from aegis.travel import rules as rule_engine
from paxscreen.match import PartialDate, Person
from paxscreen.watchlists import Document

__all__ = ["SCREENED_VALUES", "RescreenRow", "TravellerRow", "person_of", "row_facts"]

# What re-screening reads of a traveller, their flight and booking (``values_list`` names);
# the first six are all a person needs.
SCREENED_VALUES = (
    "pk",
    "given_names",
    "surname",
    "sex",
    "date_of_birth",
    "nationality",
    "kind",
    "bags",
    "booking_id",
    "flight__origin",
    "flight__destination",
    "flight__departure",
    "booking__created_at_carrier",
    "booking__one_way",
    "booking__route",
    "booking__form_of_payment",
    "booking__agency_name",
    "booking__traveller_count",
)
PERSON_VALUES = 6

# One traveller: their values row (SCREENED_VALUES, or its first PERSON_VALUES) and their
# travel documents as (type, number, issuing country), in number order.
TravellerRow = tuple[tuple[Any, ...], Sequence[tuple[str, str, str]]]


def person_of(
    pk: int,
    *,
    given_names: str,
    surname: str,
    sex: str,
    born: dt.date | None,
    nationality: str,
    documents: Iterable[tuple[str, str, str]],
) -> Person:
    """A stored traveller as paxscreen screens them (query id: the traveller's id)."""
    return Person(
        query_id=str(pk),
        given_name=given_names,
        surname=surname,
        gender={"M": "male", "F": "female"}.get(sex),
        date_of_birth=PartialDate(born.year, born.month, born.day) if born else None,
        nationality=nationality or None,
        documents=tuple(
            Document(type=document_type or "P", number=number, issuing_country=country or None)
            for document_type, number, country in documents
        ),
    )


def row_facts(row: tuple[Any, ...], documents: Sequence[tuple[str, str, str]]) -> dict[str, Any]:
    """What rules test about the traveller of a full :data:`SCREENED_VALUES` row."""
    (_, _, _, sex, born, nationality, kind, bags, booking_id, origin, destination, departure,
     created, one_way, route, form_of_payment, agency_name, traveller_count) = row  # fmt: skip
    return rule_engine.traveller_facts(
        origin=origin,
        destination=destination,
        departure=departure,
        booked=booking_id is not None,
        booking_created=created,
        one_way=one_way,
        booking_route=route or "",
        form_of_payment=form_of_payment,
        agency_name=agency_name,
        traveller_count=traveller_count,
        document_issuing_country=documents[0][2] if documents else None,
        nationality=nationality,
        date_of_birth=born,
        sex=sex,
        kind=kind,
        bags=bags,
    )


@dataclass(frozen=True, slots=True)
class RescreenRow:
    """Callable on a :data:`TravellerRow`: the person to match, and the positions in
    ``rules`` of the rules the traveller meets with their explanations (rows then need every
    :data:`SCREENED_VALUES` column; without rules, the first six suffice)."""

    rules: tuple[rule_engine.Group, ...] = ()

    def __call__(self, item: TravellerRow) -> tuple[Person, list[tuple[int, list[str]]]]:
        row, documents = item
        pk, given_names, surname, sex, born, nationality = row[:PERSON_VALUES]
        screened = person_of(
            pk,
            given_names=given_names,
            surname=surname,
            sex=sex,
            born=born,
            nationality=nationality,
            documents=documents,
        )
        met: list[tuple[int, list[str]]] = []
        if self.rules:
            facts = row_facts(row, documents)
            for position, rule in enumerate(self.rules):
                matched = rule_engine.evaluate(rule, facts)
                if matched is not None:
                    met.append((position, matched))
        return screened, met
