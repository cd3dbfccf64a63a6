from __future__ import annotations

import pickle

from paxscreen.match import ALGORITHM_VERSION, MatchIndex, PartialDate, Person
from paxscreen.watchlists import DateKind, Document, ListedDate, NameKind, NameQuality

from .conftest import one_entry_index

GOOD, LOW = NameQuality.GOOD, NameQuality.LOW


def test_a_listed_person_is_found_with_an_explanation(un_index: MatchIndex) -> None:
    person = Person("q1", given_name="Sok Chol", surname="Kim", date_of_birth=PartialDate(1955))

    matches = un_index.screen(person)

    assert [(m.entry_reference, m.score, m.explanations) for m in matches] == [
        (
            "KPi.036",
            1.0,
            (
                "given name SOK = SOK; given name CHOL = CHOL; surname KIM = KIM",
                "born 1955 in the listed year (1955-05-08)",
            ),
        )
    ]
    assert matches[0].algorithm_version == ALGORITHM_VERSION


def test_birth_year_within_a_listed_range_is_explained() -> None:
    index = one_entry_index(
        ("AHMED AL-HASHIMI", NameKind.PRIMARY, GOOD),
        dates=(ListedDate(DateKind.BETWEEN, 1984, to_year=1986),),
    )

    matches = index.screen(
        Person("q", given_name="Ahmad", surname="Alhashimi", date_of_birth=PartialDate(1985))
    )

    assert matches[0].explanations == (
        "given name AHMAD = AHMED (variant); surname ALHASHIMI ~ AL-HASHIMI (joined particle)",
        "born 1985 within the listed 1984\u20131986",
    )


def test_a_low_quality_alias_scores_lower_than_a_good_one() -> None:
    good = one_entry_index(("ABU MUSAB ZARQAWI", NameKind.ALIAS, GOOD))
    low = one_entry_index(("ABU MUSAB ZARQAWI", NameKind.ALIAS, LOW))
    person = Person("q", full_name="Abu Musab Zarqawi")

    assert [m.score for m in good.screen(person)] == [1.0]
    assert [m.score for m in low.screen(person)] == [0.85]


def test_a_date_of_birth_mismatch_keeps_a_namesake_below_threshold() -> None:
    index = one_entry_index(
        ("AHMED KHALID HASHIMI", NameKind.PRIMARY, GOOD),
        dates=(ListedDate(DateKind.EXACT, 1970, 3, 1),),
    )

    person = Person("q", full_name="Ahmed Khalid Hashimi", date_of_birth=PartialDate(1990, 6, 2))

    assert index.screen(person) == []
    assert [m.score for m in index.screen(person, threshold=0.0)] == [0.7]


def test_swapped_day_and_month_still_agree() -> None:
    index = one_entry_index(
        ("AHMED KHALID HASHIMI", NameKind.PRIMARY, GOOD),
        dates=(ListedDate(DateKind.EXACT, 1970, 3, 11),),
    )

    matches = index.screen(
        Person("q", full_name="Ahmed Khalid Hashimi", date_of_birth=PartialDate(1970, 11, 3))
    )

    assert (
        matches[0].explanations[-1] == "born 1970-11-03, listed 1970-03-11 (day and month swapped)"
    )


def test_a_listed_document_number_is_a_hit_whatever_the_name() -> None:
    index = one_entry_index(
        ("AHMED KHALID HASHIMI", NameKind.PRIMARY, GOOD),
        documents=(Document("Passport", "P-123 456"),),
    )

    matches = index.screen(
        Person("q", full_name="Peter Brown", documents=(Document("Passport", "p123456"),))
    )

    assert [(m.score, m.explanations) for m in matches] == [
        (0.95, ("document P123456 = listed Passport P-123 456",))
    ]


def test_the_index_pickles_and_screens_the_same(un_index: MatchIndex) -> None:
    person = Person("q", full_name="Kim Sok Chol", date_of_birth=PartialDate(1955, 5, 8))

    copy = pickle.loads(pickle.dumps(un_index))  # noqa: S301 - our own bytes

    assert copy.screen(person) == un_index.screen(person)


def test_scores_equal_the_declared_feature_table_combined(un_index: MatchIndex) -> None:
    from paxscreen.match import FEATURES
    from paxscreen.match.algorithm import combine

    person = Person(
        "q", full_name="Ahmad Yusuf Alhashimi", date_of_birth=PartialDate(1970), nationality="IRQ"
    )
    query = un_index.prepare(person)

    for number in un_index.candidates(query):
        candidate = un_index.candidate(number)
        results = {name: feature(query, candidate) for name, feature in FEATURES.items()}
        expected = combine(
            name=results["name"].score,
            date_of_birth=results["date_of_birth"].score,
            nationality=results["nationality"].score,
            gender=results["gender"].score,
            document=results["document"].score,
        )
        matches = [
            m
            for m in un_index.screen(person, threshold=0.0)
            if m.entry_reference == candidate.entry.reference
        ]
        assert [m.score for m in matches] == [expected]
