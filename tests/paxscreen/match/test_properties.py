from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from paxscreen.match import MatchIndex, PartialDate, Person
from paxscreen.match.features import name_score
from paxscreen.names import normalise_name

WORDS = st.sampled_from(
    ["ahmed", "ahmad", "al-hashimi", "hashimi", "mohammed", "muhammad", "yusuf", "yousef",
     "kim", "jong", "un", "wang", "wei", "john", "smith", "абу", "бакр", "محمد", "abdul",
     "rahman", "abdulrahman", "o'brien", "ri", "hassan", "hussein", "x"]
)  # fmt: skip
NAMES = st.lists(WORDS, min_size=1, max_size=5).map(" ".join)
# Particles join the word after them, so only names without them are order-free.
WHOLE_WORDS = WORDS.filter(lambda word: word not in {"abdul", "абу"})


def _score(left: str, right: str) -> float:
    a, b = normalise_name(left), normalise_name(right)
    return name_score(a, (1.0,) * len(a), b, (1.0,) * len(b))[0]


@settings(max_examples=300, deadline=None)
@given(NAMES, NAMES)
def test_name_score_is_in_unit_interval_and_symmetric(left: str, right: str) -> None:
    score = _score(left, right)

    assert 0.0 <= score <= 1.0
    assert score == _score(right, left)


@settings(max_examples=300, deadline=None)
@given(st.lists(WHOLE_WORDS, min_size=1, max_size=5), NAMES, st.randoms(use_true_random=False))
def test_name_score_is_stable_under_word_order(words: list[str], other: str, rng) -> None:  # type: ignore[no-untyped-def]
    shuffled = list(words)
    rng.shuffle(shuffled)

    assert _score(" ".join(words), other) == _score(" ".join(shuffled), other)


@settings(max_examples=100, deadline=None)
@given(
    NAMES,
    st.one_of(st.none(), st.builds(PartialDate, st.integers(1930, 2010), st.none(), st.none())),
    st.one_of(st.none(), st.sampled_from(["AFG", "IRQ", "PRK", "FRA"])),
)
def test_every_screening_score_is_in_unit_interval(
    un_index: MatchIndex, name: str, born: PartialDate | None, nationality: str | None
) -> None:
    person = Person("q", full_name=name, date_of_birth=born, nationality=nationality)

    scores = [match.score for match in un_index.screen(person, threshold=0.0)]

    assert all(0.0 <= score <= 1.0 for score in scores)
