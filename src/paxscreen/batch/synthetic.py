"""A synthetic traveller store: generated travellers with listed persons planted among them.

Used by ``python -m paxscreen store synth``, the engine-equivalence test and the benchmark: the
background travellers come from :mod:`paxscreen.synthetic.people` (people on no list), the
planted ones are listed individuals of a watchlist travelling under their listed name, date of
birth and nationality, every other one with the name written surname first.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from paxscreen.batch.rows import StoredTraveller
from paxscreen.match import PartialDate, Person
from paxscreen.synthetic.people import generate_people
from paxscreen.watchlists import DateKind, Document, EntryKind, Watchlist

__all__ = ["PlantedTraveller", "plant_listed", "synthetic_travellers"]

FIRST_ARRIVAL = dt.date(2024, 1, 1)


@dataclass(frozen=True, slots=True)
class PlantedTraveller:
    """A listed individual travelling: the person to store and the entry they are."""

    person: Person
    reference: str


def plant_listed(watchlist: Watchlist, count: int, seed: int = 0) -> list[PlantedTraveller]:
    """``count`` listed individuals of ``watchlist`` (those with a Latin-script name of two or
    more words and an exact date of birth), chosen by ``seed``, as travellers ``PLANTED-nnnn``.

    Raises ``ValueError`` when the list has fewer such individuals than ``count``.
    """
    eligible = [
        entry
        for entry in watchlist.entries
        if entry.kind is EntryKind.PERSON
        and len(entry.primary_name.split()) >= 2
        and entry.primary_name.isascii()
        and any(
            listed.kind is DateKind.EXACT and listed.day is not None
            for listed in entry.dates_of_birth
        )
    ]
    if count > len(eligible):
        raise ValueError(
            f"cannot plant {count} listed individuals: {watchlist.name} has {len(eligible)} "
            "with a Latin-script name and a full date of birth"
        )
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    planted = []
    for number, entry in enumerate(rng.sample(eligible, count)):
        born = next(
            listed
            for listed in entry.dates_of_birth
            if listed.kind is DateKind.EXACT and listed.day is not None
        )
        words = entry.primary_name.split()
        name = " ".join(words) if number % 2 == 0 else " ".join([*words[1:], words[0]])
        planted.append(
            PlantedTraveller(
                Person(
                    query_id=f"PLANTED-{number:04d}",
                    full_name=name,
                    gender=entry.gender,
                    date_of_birth=PartialDate(born.year, born.month, born.day),
                    nationality=entry.nationalities[0] if entry.nationalities else None,
                ),
                entry.reference,
            )
        )
    return planted


def synthetic_travellers(
    size: int,
    *,
    planted: Sequence[PlantedTraveller] = (),
    seed: int = 0,
    months: int = 12,
) -> Iterator[StoredTraveller]:
    """``size`` generated travellers (ids ``T0000000``…) plus ``planted``, spread at positions
    and over ``months`` arrival months (from January 2024) chosen by ``seed``."""
    if months < 1:
        raise ValueError("months must be at least 1")
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    positions: dict[int, list[PlantedTraveller]] = {}
    for traveller in planted:
        positions.setdefault(rng.randrange(size + 1), []).append(traveller)

    def arrival() -> dt.date:
        month = rng.randrange(months)
        return dt.date(FIRST_ARRIVAL.year + month // 12, month % 12 + 1, rng.randint(1, 28))

    for number, generated in enumerate(generate_people(size, seed=seed, prefix="T")):
        for traveller in positions.get(number, ()):
            yield StoredTraveller(traveller.person, arrival())
        given = " ".join(generated.given_names)
        yield StoredTraveller(
            Person(
                query_id=generated.person_id,
                given_name=given,
                surname=generated.surname,
                gender=generated.gender,
                date_of_birth=PartialDate(
                    generated.date_of_birth.year,
                    generated.date_of_birth.month,
                    generated.date_of_birth.day,
                ),
                nationality=generated.nationality,
                documents=(Document("P", f"{rng.randrange(10**8):08d}", generated.nationality),),
            ),
            arrival(),
        )
    for traveller in positions.get(size, ()):
        yield StoredTraveller(traveller.person, arrival())
