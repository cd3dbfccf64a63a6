"""The declared comparison features: pure functions ``(query, candidate) -> FeatureResult``.

Each feature returns a score and the sentence an analyst reads. The table ``FEATURES`` is the
complete list; :mod:`paxscreen.match.scoring` combines them with the parameters of
:mod:`paxscreen.match.algorithm`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz.distance import OSA

from paxscreen.match import algorithm as algo
from paxscreen.match.model import PartialDate, Person
from paxscreen.names import NameToken, phonetic_key
from paxscreen.watchlists import DateKind, ListedDate, ListedName, WatchlistEntry

__all__ = [
    "FEATURES",
    "CandidateName",
    "FeatureResult",
    "NameEvidence",
    "PreparedCandidate",
    "PreparedQuery",
    "best_name",
    "compare_tokens",
    "date_of_birth",
    "date_score",
    "describe_name",
    "document",
    "form_keys",
    "gender",
    "name_alignment",
    "name_score",
    "nationality",
    "word_keys",
]

_ARTICLES = frozenset({"al", "el", "ul", "ad", "ar", "as", "at", "az", "an", "ash", "ath"})


class FeatureResult(NamedTuple):
    score: float
    explanation: str


class CandidateName(NamedTuple):
    listed: ListedName
    tokens: tuple[NameToken, ...]
    weights: tuple[float, ...]
    keys: frozenset[str]  # see word_keys: a name sharing none with the query is not compared
    factor: float  # discount of its quality and kind (algorithm.QUALITY_FACTOR, KIND_FACTOR)


@lru_cache(maxsize=262_144)
def form_keys(form: str) -> tuple[str, str, str]:
    """The 3-letter prefix, 3-letter suffix (marked ``<``) and consonant skeleton (``~``)."""
    return form[:3], "<" + form[-3:], "~" + phonetic_key(form)


def word_keys(tokens: tuple[NameToken, ...]) -> frozenset[str]:
    """Prefixes, suffixes and consonant skeletons of the words of a name (see form_keys)."""
    keys: set[str] = set()
    for token in tokens:
        keys.update(form_keys(token.form))
    return frozenset(keys)


class PreparedQuery(NamedTuple):
    """A person with the normalised forms the features compare."""

    person: Person
    tokens: tuple[NameToken, ...]
    roles: tuple[str, ...]  # "given name", "surname", "middle name" or "name", per token
    weights: tuple[float, ...]
    document_numbers: frozenset[str]
    word_keys: tuple[tuple[str, str, str], ...]  # of each word, see form_keys


class PreparedCandidate(NamedTuple):
    """A listed entry with the normalised forms of each of its names."""

    entry: WatchlistEntry
    names: tuple[CandidateName, ...]
    document_numbers: dict[str, str]  # normalised number -> "Passport A123"


@lru_cache(maxsize=1_048_576)
def compare_tokens(left: NameToken, right: NameToken) -> tuple[float, str]:
    """Similarity in [0, 1] of two name words and the reason, e.g. ``(1.0, "variant")``.

    Symmetric: ``compare_tokens(a, b) == compare_tokens(b, a)``.
    """
    if left.form == right.form:
        if left.folded != right.folded:
            return algo.SIM_VARIANT, "variant"
        if left.joined != right.joined:
            return algo.SIM_EXACT, "joined particle"
        return algo.SIM_EXACT, ""
    for longer, shorter in ((left, right), (right, left)):
        if (
            len(shorter.form) >= 3
            and longer.form.endswith(shorter.form)
            and longer.form[: len(longer.form) - len(shorter.form)] in _ARTICLES
        ):
            return algo.SIM_ARTICLE_DROPPED, "article dropped"
    if len(left.form) == 1 or len(right.form) == 1:
        if left.form[0] == right.form[0]:
            return algo.SIM_INITIAL, "initial"
        return 0.0, ""
    # optimal string alignment: a transposition ("AHKUND") is one edit, as a typist makes it
    edit = OSA.normalized_similarity(left.form, right.form)
    shortest = min(len(left.form), len(right.form))
    key = phonetic_key(left.form)
    if shortest > 3 and len(key) >= 2 and key == phonetic_key(right.form):
        return (
            round(max(edit, algo.SIM_PHONETIC_BASE + algo.SIM_PHONETIC_SPAN * edit), 4),
            "sounds alike",
        )
    if shortest >= 3 and edit >= (algo.SIM_EDIT_MIN if shortest > 3 else algo.SIM_EDIT_MIN_SHORT):
        return round(edit, 4), "spelling"
    return 0.0, ""


class _Pair(NamedTuple):
    left: tuple[int, ...]
    right: tuple[int, ...]
    similarity: float
    note: str


def _align(left: tuple[NameToken, ...], right: tuple[NameToken, ...]) -> list[_Pair]:
    """Order-independent alignment: best pairs first, then words joined on one side."""
    scored = []
    for i, left_token in enumerate(left):
        for j, right_token in enumerate(right):
            similarity, note = compare_tokens(left_token, right_token)
            if similarity >= algo.SIM_INITIAL:
                scored.append((-similarity, i, j, note))
    scored.sort()
    used_left: set[int] = set()
    used_right: set[int] = set()
    pairs: list[_Pair] = []
    for negative, i, j, note in scored:
        if i not in used_left and j not in used_right:
            used_left.add(i)
            used_right.add(j)
            pairs.append(_Pair((i,), (j,), -negative, note))
    if len(used_left) == len(left) or len(used_right) == len(right):
        return pairs
    # "MOHAMMEDALI" written as one word against "MOHAMMED ALI"
    for one, many, flip in ((left, right, False), (right, left, True)):
        used_one, used_many = (used_right, used_left) if flip else (used_left, used_right)
        for i, token in enumerate(one):
            if i in used_one or len(token.folded) < 5:
                continue
            for j in range(len(many) - 1):
                if j in used_many or j + 1 in used_many:
                    continue
                together = many[j].folded + many[j + 1].folded
                similarity = (
                    algo.SIM_JOINED
                    if together == token.folded
                    else min(algo.SIM_JOINED, OSA.normalized_similarity(together, token.folded))
                )
                if similarity >= algo.SIM_JOINED_MIN:
                    used_one.add(i)
                    used_many.update((j, j + 1))
                    indices = (i,), (j, j + 1)
                    pair_left, pair_right = (indices[1], indices[0]) if flip else indices
                    pairs.append(_Pair(pair_left, pair_right, round(similarity, 4), "joined words"))
                    break
    return pairs


@lru_cache(maxsize=262_144)
def name_score(
    left: tuple[NameToken, ...],
    left_weights: tuple[float, ...],
    right: tuple[NameToken, ...],
    right_weights: tuple[float, ...],
) -> tuple[float, tuple[_Pair, ...]]:
    """Score in [0, 1] of two tokenised names and the aligned pairs. Symmetric in its sides.

    Cached: travellers' names repeat (common names, re-sent booking records).

    Coverage of the shorter name counts most (travellers drop middle names), scaled down
    when the agreeing words are few or common, and capped when only one word agrees.
    """
    if not left or not right:
        return 0.0, ()
    pairs = tuple(_align(left, right))
    left_total = sum(left_weights)
    right_total = sum(right_weights)
    left_matched = right_matched = evidence = 0.0
    agreeing = 0
    longest_agreeing = 0
    best_weight = 0.0
    for pair in pairs:
        similarity = pair.similarity
        if len(pair.left) == 1 and len(pair.right) == 1:
            i, j = pair.left[0], pair.right[0]
            left_weight = left_sum = left_weights[i]
            right_weight = right_sum = right_weights[j]
            left_length, right_length = len(left[i].form), len(right[j].form)
        else:
            left_weight = max(left_weights[i] for i in pair.left)
            right_weight = max(right_weights[j] for j in pair.right)
            left_sum = sum(left_weights[i] for i in pair.left)
            right_sum = sum(right_weights[j] for j in pair.right)
            left_length = sum(len(left[i].form) for i in pair.left)
            right_length = sum(len(right[j].form) for j in pair.right)
        left_matched += left_sum * similarity
        right_matched += right_sum * similarity
        if similarity >= algo.ALIGNED_MIN:
            agreeing += max(len(pair.left), len(pair.right))
            evidence += min(left_weight, right_weight) * similarity
            longest = min(left_length, right_length)
            if longest > longest_agreeing:
                longest_agreeing = longest
                best_weight = min(left_weight, right_weight)
    if agreeing == 0:
        return 0.0, pairs
    left_coverage = left_matched / left_total
    right_coverage = right_matched / right_total
    if len(left) == len(right):
        coverage = (left_coverage + right_coverage) / 2
    else:
        short, long = (
            (left_coverage, right_coverage)
            if len(left) < len(right)
            else (right_coverage, left_coverage)
        )
        coverage = algo.SHORT_SIDE_SHARE * short + (1 - algo.SHORT_SIDE_SHARE) * long
    factor = algo.EVIDENCE_FLOOR + (1 - algo.EVIDENCE_FLOOR) * min(
        1.0, evidence / algo.EVIDENCE_FULL
    )
    score = coverage * factor
    # a one-word name agreeing with a one-word name is the whole name, if the word is distinctive
    mononym = len(left) == len(right) == 1 and longest_agreeing >= 4 and best_weight >= 0.8
    if agreeing == 1 and not mononym:
        strong = longest_agreeing >= 6 and best_weight >= 0.8
        score = min(score, algo.SINGLE_LONG_TOKEN_CAP if strong else algo.SINGLE_TOKEN_CAP)
    return round(min(1.0, score), 4), pairs


def _describe_pairs(
    pairs: tuple[_Pair, ...],
    query_tokens: tuple[NameToken, ...],
    roles: tuple[str, ...],
    listed_tokens: tuple[NameToken, ...],
) -> str:
    phrases = []
    for pair in sorted(pairs, key=lambda pair: pair.left):
        query_raw = " ".join(query_tokens[i].raw for i in pair.left)
        listed_raw = " ".join(listed_tokens[j].raw for j in pair.right)
        role = roles[pair.left[0]]
        sign = "=" if pair.similarity == 1.0 and pair.note in {"", "variant"} else "~"
        note = f" ({pair.note})" if pair.note else ""
        phrases.append(f"{role} {query_raw} {sign} {listed_raw}{note}")
    return "; ".join(phrases)


class NameEvidence(NamedTuple):
    """The best listed name of a candidate, before it is put in words."""

    score: float
    pairs: tuple[_Pair, ...]
    name: CandidateName | None


_NO_NAME = NameEvidence(0.0, (), None)


def best_name(
    query: PreparedQuery, candidate: PreparedCandidate, *, strict: bool = False
) -> NameEvidence:
    """The listed name of the entry that the person's name aligns with best, and its score.

    Low-quality and unknown-quality aliases and previous names are discounted (factors in
    :mod:`paxscreen.match.algorithm`), so that weak aliases score lower than names.
    A listed name sharing no word key (prefix, suffix, skeleton) with the person's name is not
    compared; with ``strict``, one touching word is not enough either when both names have
    two or more (blocking at the name level, used when nothing else speaks for the candidate).
    """
    best = _NO_NAME
    query_words = query.word_keys
    needed = min(2, len(query_words)) if strict else 1
    for name in candidate.names:
        keys = name.keys
        touching = sum(
            1
            for prefix, suffix, skeleton in query_words
            if prefix in keys or suffix in keys or skeleton in keys
        )
        if touching < min(needed, len(name.tokens)):
            continue
        score, pairs = name_score(query.tokens, query.weights, name.tokens, name.weights)
        if score <= best.score:
            continue
        score = round(score * name.factor, 4)
        if score > best.score:
            best = NameEvidence(score, pairs, name)
    return best


def describe_name(query: PreparedQuery, evidence: NameEvidence) -> str:
    """The sentence of a name alignment: each aligned word pair and why it agrees."""
    if evidence.name is None:
        return ""
    listed = evidence.name.listed
    sentence = _describe_pairs(evidence.pairs, query.tokens, query.roles, evidence.name.tokens)
    if listed.kind.value != "primary" or listed.quality.value != "good":
        label = listed.kind.value.replace("_", " ")
        if listed.quality.value != "good":
            label += f", {listed.quality.value} quality"
        sentence = f"{label} '{listed.text}': {sentence}"
    return sentence


def name_alignment(query: PreparedQuery, candidate: PreparedCandidate) -> FeatureResult:
    """Best alignment of the person's name with any listed name of the entry (see best_name)."""
    evidence = best_name(query, candidate)
    return FeatureResult(evidence.score, describe_name(query, evidence))


def _date_agreement(born: PartialDate, listed: ListedDate) -> tuple[float, str]:
    # Scores follow how rare the agreement is: a full date is shared by about one person in
    # 25,000, a year by one in 70; a clear disagreement is -1.
    if listed.kind is DateKind.BETWEEN:
        to_year = listed.to_year if listed.to_year is not None else listed.year
        if listed.year <= born.year <= to_year:
            return (0.35, "born {born} within the listed {listed}")
        distance = min(abs(born.year - listed.year), abs(born.year - to_year))
        if distance == 1:
            return (0.1, "born {born}, one year outside the listed {listed}")
        return (-1.0, "born {born}, listed {listed}")
    distance = abs(born.year - listed.year)
    if listed.kind is DateKind.APPROXIMATE:
        if distance <= 1:
            return (0.35, "born {born}, listed {listed}")
        if distance <= 3:
            return (0.15, "born {born}, listed {listed}")
        return (-1.0 if distance > 5 else -0.5, "born {born}, listed {listed}")
    full = born.day is not None and listed.day is not None
    if distance == 0:
        if born.month is None or listed.month is None:
            return (0.35, "born {born} in the listed year ({listed})")
        if born.month == listed.month:
            if born.day is None or listed.day is None:
                return (0.6, "born {born}, listed {listed}")
            if born.day == listed.day:
                return (1.0, "born {born} as listed")
            return (-1.0, "born {born}, listed {listed} (other day)")
        if full and born.month == listed.day and born.day == listed.month:
            return (0.8, "born {born}, listed {listed} (day and month swapped)")
        return (-1.0, "born {born}, listed {listed}")
    if distance == 1 and full and born.month == listed.month and born.day == listed.day:
        return (0.2, "born {born}, listed {listed} (one year apart)")
    return (-1.0, "born {born}, listed {listed}")


def date_score(query: PreparedQuery, candidate: PreparedCandidate) -> float:
    """The score of :func:`date_of_birth` without its sentence (cheap: runs per candidate)."""
    born = query.person.date_of_birth
    if born is None or not candidate.entry.dates_of_birth:
        return 0.0
    return max(_date_agreement(born, listed)[0] for listed in candidate.entry.dates_of_birth)


def date_of_birth(query: PreparedQuery, candidate: PreparedCandidate) -> FeatureResult:
    """Agreement in [-1, 1] of the date of birth with the best of the listed dates.

    Tolerates year-only dates, approximate years, year ranges and swapped day and month.
    """
    born = query.person.date_of_birth
    if born is None or not candidate.entry.dates_of_birth:
        return FeatureResult(0.0, "")
    best_score, best_sentence, best_listed = -2.0, "", candidate.entry.dates_of_birth[0]
    for listed in candidate.entry.dates_of_birth:
        score, sentence = _date_agreement(born, listed)
        if score > best_score:
            best_score, best_sentence, best_listed = score, sentence, listed
    # sentences are templates, filled for the best date only (this runs for every candidate)
    return FeatureResult(best_score, best_sentence.format(born=born, listed=best_listed))


def nationality(query: PreparedQuery, candidate: PreparedCandidate) -> FeatureResult:
    """+1 when the nationality is one of the listed ones, -1 when it is none of them."""
    code = query.person.nationality
    listed = candidate.entry.nationalities
    if code is None or not listed:
        return FeatureResult(0.0, "")
    if code in listed:
        return FeatureResult(1.0, f"nationality {code} as listed")
    return FeatureResult(-1.0, f"nationality {code}, listed {', '.join(listed)}")


def gender(query: PreparedQuery, candidate: PreparedCandidate) -> FeatureResult:
    """-1 when both genders are known and differ; agreement says nothing (0)."""
    mine, listed = query.person.gender, candidate.entry.gender
    if mine is None or listed is None or mine == listed:
        return FeatureResult(0.0, "")
    return FeatureResult(-1.0, f"gender {mine}, listed {listed}")


def document(query: PreparedQuery, candidate: PreparedCandidate) -> FeatureResult:
    """+1 when a document number equals a listed one after normalisation (≥ 5 characters)."""
    for number in sorted(query.document_numbers):
        if len(number) >= 5 and number in candidate.document_numbers:
            return FeatureResult(
                1.0, f"document {number} = listed {candidate.document_numbers[number]}"
            )
    return FeatureResult(0.0, "")


Feature = Callable[[PreparedQuery, PreparedCandidate], FeatureResult]

# The declared table: name of the feature -> function. Order is the order of explanations.
FEATURES: dict[str, Feature] = {
    "name": name_alignment,
    "date_of_birth": date_of_birth,
    "nationality": nationality,
    "gender": gender,
    "document": document,
}
