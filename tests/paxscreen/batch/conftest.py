from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import factory
import pytest

from aegis import datasets
from paxscreen.batch import StoredTraveller
from paxscreen.batch.store import write_store
from paxscreen.batch.synthetic import PlantedTraveller, plant_listed, synthetic_travellers
from paxscreen.match import MatchIndex, PartialDate, Person
from paxscreen.watchlists import Document, Watchlist, load_un_xml

UN_XML = datasets.UN_SC_LIST


class PersonFactory(factory.Factory):  # type: ignore[misc]
    class Meta:
        model = Person

    query_id = factory.Sequence(lambda n: f"Q{n:05d}")
    given_name = "Peter"
    surname = "Brown"
    gender = "male"
    date_of_birth = PartialDate(1980, 1, 2)
    nationality = "GBR"
    documents = (Document("P", "123456789", "GBR"),)


class StoredTravellerFactory(factory.Factory):  # type: ignore[misc]
    class Meta:
        model = StoredTraveller

    person = factory.SubFactory(PersonFactory)
    arrival_date = dt.date(2024, 3, 15)


@pytest.fixture(scope="session")
def un_list() -> Watchlist:
    return load_un_xml(UN_XML)


@pytest.fixture(scope="session")
def un_index(un_list: Watchlist) -> MatchIndex:
    return MatchIndex.build([un_list])


@pytest.fixture(scope="session")
def planted(un_list: Watchlist) -> list[PlantedTraveller]:
    return plant_listed(un_list, 12, seed=9)


def _typo(name: str) -> str:
    """The listed name with one letter of its longest word doubled (a keying slip)."""
    words = name.split()
    longest = max(range(len(words)), key=lambda k: len(words[k]))
    word = words[longest]
    words[longest] = word[:3] + word[2] + word[3:]
    return " ".join(words)


@pytest.fixture(scope="session")
def mixed_store(tmp_path_factory: pytest.TempPathFactory, planted: list[PlantedTraveller]) -> Path:
    """3,000 generated travellers, 12 planted listed individuals, and the same 12 again with
    a typo in the name and the date of birth as a year only (near-threshold scores)."""
    directory = tmp_path_factory.mktemp("store")
    distorted = [
        PlantedTraveller(
            Person(
                query_id=f"DISTORTED-{number:04d}",
                full_name=_typo(traveller.person.full_name),
                date_of_birth=PartialDate(traveller.person.date_of_birth.year)
                if traveller.person.date_of_birth
                else None,
            ),
            traveller.reference,
        )
        for number, traveller in enumerate(planted)
    ]
    write_store(
        directory,
        synthetic_travellers(3_000, planted=[*planted, *distorted], seed=5, months=6),
    )
    return directory


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """One Spark session in local mode for the whole test session (start-up takes ~15 s)."""
    os.environ["PYSPARK_PYTHON"] = sys.executable
    from paxscreen.batch.spark import local_session

    # py4j logs at interpreter exit, after pytest has closed its log capture: keep it quiet
    logging.getLogger("py4j").setLevel(logging.WARNING)
    session = local_session(2, app_name="paxscreen-tests")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
