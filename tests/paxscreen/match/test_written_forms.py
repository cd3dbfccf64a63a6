"""Names as real files write them match as the plain form does (issue #15)."""

from __future__ import annotations

import pytest

from paxscreen.match import MatchIndex, PartialDate, Person
from paxscreen.watchlists import NameKind, NameQuality

from .conftest import one_entry_index


def test_doubled_typographic_apostrophe_in_surname_given_order(un_index: MatchIndex) -> None:
    # KPi.023 KIM TONG MY'ONG, listed born 1964
    person = Person("q", full_name="TONG MY’’ONG, KIM", date_of_birth=PartialDate(1964),
                    nationality="PRK")  # fmt: skip

    matches = un_index.screen(person)

    assert [(m.entry_reference, m.score) for m in matches] == [("KPi.023", 1.0)]


@pytest.mark.parametrize(
    "name",
    ["AL-HASHIMI, AHMED KHALID", "AL HASHIMI, AHMED KHALID", "AHMED KHALID AL’’HASHIMI",
     "AHMED KHALID ALHASHIMI", "AHMED-KHALID AL-HASHIMI", "Al-Hashimi,Ahmed Khalid"],
)  # fmt: skip
def test_written_forms_match_as_the_plain_form(name: str) -> None:
    index = one_entry_index(("AHMED KHALID AL-HASHIMI", NameKind.PRIMARY, NameQuality.GOOD))

    scores = [m.score for m in index.screen(Person("q", full_name=name))]
    plain = [m.score for m in index.screen(Person("q", full_name="AHMED KHALID AL-HASHIMI"))]

    assert scores == plain == [1.0]
