"""Dates of birth are evidence, not a veto: exact listed names with near dates (issue #15)."""

from __future__ import annotations

import pytest

from paxscreen.match import THRESHOLD, MatchIndex, PartialDate, Person
from paxscreen.watchlists import DateKind, ListedDate, NameKind, NameQuality

from .conftest import one_entry_index

GOOD = NameQuality.GOOD


def _best(index: MatchIndex, person: Person) -> tuple[str, float, tuple[str, ...]] | None:
    matches = index.screen(person)
    return (
        (matches[0].entry_reference, matches[0].score, matches[0].explanations) if matches else None
    )


def test_one_day_apart_is_weak_agreement(un_index: MatchIndex) -> None:
    # KPi.065 CHU HYO'K is listed born 1986-11-23
    person = Person("q", full_name="CHU HYO’K", date_of_birth=PartialDate(1986, 11, 22),
                    nationality="PRK")  # fmt: skip

    found = _best(un_index, person)

    assert found is not None
    reference, score, explanations = found
    assert reference == "KPi.065"
    assert score >= THRESHOLD
    assert "born 1986-11-22, listed 1986-11-23: one day apart" in explanations


def test_one_day_apart_across_a_month_end() -> None:
    index = one_entry_index(
        ("AHMED KHALID HASHIMI", NameKind.PRIMARY, GOOD),
        dates=(ListedDate(DateKind.EXACT, 1970, 3, 1),),
    )
    person = Person("q", full_name="Ahmed Khalid Hashimi", date_of_birth=PartialDate(1970, 2, 28))

    matches = index.screen(person)

    assert [m.explanations[-1] for m in matches] == [
        "born 1970-02-28, listed 1970-03-01: one day apart"
    ]


def test_one_year_apart_with_year_only_dates(un_index: MatchIndex) -> None:
    # KPi.023 KIM TONG MY'ONG is listed born 1964; doubled typographic apostrophe, SURNAME, GIVEN
    person = Person("q", full_name="TONG MY’’ONG, KIM", date_of_birth=PartialDate(1965),
                    nationality="PRK")  # fmt: skip

    found = _best(un_index, person)

    assert found is not None
    assert found[0] == "KPi.023"
    assert "born 1965, listed 1964: one year apart" in found[2]


def test_a_third_date_between_two_listed_dates(un_index: MatchIndex) -> None:
    # QDi.293 ABDUL RAHIM BA'AYSIR is listed born 1977-11-16 and 1974-11-16
    person = Person("q", full_name="ABDUL RAHIM BA'AYSIR", date_of_birth=PartialDate(1975, 6, 1),
                    nationality="IDN")  # fmt: skip

    found = _best(un_index, person)

    assert found is not None
    assert found[0] == "QDi.293"
    assert "born 1975-06-01, between the listed 1974-11-16 and 1977-11-16" in found[2]


def test_a_clear_contradiction_lowers_the_score_and_says_why() -> None:
    index = one_entry_index(
        ("AHMED KHALID HASHIMI", NameKind.PRIMARY, GOOD),
        dates=(ListedDate(DateKind.EXACT, 1970, 3, 1),),
        nationalities=("IRQ",),
    )
    person = Person("q", full_name="Hashimi, Ahmed Khalid", date_of_birth=PartialDate(1990, 6, 2),
                    nationality="IRQ")  # fmt: skip

    matches = index.screen(person, threshold=0.0)

    # a hit (the same words, the listed nationality), lowered from 1.0 to the floor
    assert [m.score for m in matches] == [THRESHOLD]
    assert matches[0].explanations[1] == "born 1990-06-02, listed 1970-03-01: 20 years apart"


def test_a_clear_contradiction_without_nationality_keeps_a_namesake_out() -> None:
    index = one_entry_index(
        ("AHMED KHALID HASHIMI", NameKind.PRIMARY, GOOD),
        dates=(ListedDate(DateKind.EXACT, 1970, 3, 1),),
        nationalities=("IRQ",),
    )
    person = Person("q", full_name="Ahmed Khalid Hashimi", date_of_birth=PartialDate(1990, 6, 2),
                    nationality="FRA")  # fmt: skip

    assert index.screen(person) == []


@pytest.mark.parametrize(
    "name",
    ["AL-HASHIMI, AHMED KHALID", "AL HASHIMI, AHMED KHALID", "AHMED KHALID AL’’HASHIMI",
     "AHMED KHALID ALHASHIMI", "AHMED-KHALID AL-HASHIMI", "Al-Hashimi,Ahmed Khalid"],
)  # fmt: skip
def test_written_forms_match_as_the_plain_form(name: str) -> None:
    index = one_entry_index(("AHMED KHALID AL-HASHIMI", NameKind.PRIMARY, GOOD))

    scores = [m.score for m in index.screen(Person("q", full_name=name))]
    plain = [m.score for m in index.screen(Person("q", full_name="AHMED KHALID AL-HASHIMI"))]

    assert scores == plain == [1.0]


def test_a_date_after_the_latest_listed_date_is_not_between() -> None:
    # KPi.016 is listed born 1957-04-15 and 1958-02-22: 1958-08-26 is after both (a negative
    # of the evaluation set was flagged when years alone were compared)
    index = one_entry_index(
        ("JANG SU GIL", NameKind.PRIMARY, GOOD),
        dates=(ListedDate(DateKind.EXACT, 1957, 4, 15), ListedDate(DateKind.EXACT, 1958, 2, 22)),
    )
    person = Person("q", full_name="JANG SU GIL", date_of_birth=PartialDate(1958, 8, 26))

    matches = index.screen(person, threshold=0.0)

    assert [m.score for m in matches] == [0.7]
    assert matches[0].explanations[-1] == "born 1958-08-26, listed 1957-04-15: 1 year apart"
