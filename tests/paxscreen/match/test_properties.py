from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

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
