"""The declared comparison features: pure functions ``(query, candidate) -> FeatureResult``.

Each feature returns a score and the sentence an analyst reads. The table ``FEATURES`` is the
complete list; :mod:`paxscreen.match.scoring` combines them with the parameters of
:mod:`paxscreen.match.algorithm`.
"""

from __future__ import annotations

import datetime as dt
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
    "deletion_keys",
    "describe_name",
    "document",
    "form_keys",
    "gender",
    "key_set",
    "name_alignment",
    "name_score",
    "nationality",
    "tokens_touch",
    "touch_keys",
    "word_keys",
    "words_touch",
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
    touch: frozenset[str]  # touch_keys of its words: see best_name
    token_touch: tuple[frozenset[str], ...]  # touch_keys of each word
    forms: tuple[str, ...]  # its word forms, sorted: the same words in any order and writing


@lru_cache(maxsize=262_144)
def key_set(form: str) -> frozenset[str]:
    """:func:`form_keys` as a set."""
    return frozenset(form_keys(form))


@lru_cache(maxsize=262_144)
def form_keys(form: str) -> tuple[str, str, str]:
    """The 3-letter prefix, 3-letter suffix (marked ``<``) and consonant skeleton (``~``)."""
    return form[:3], "<" + form[-3:], "~" + phonetic_key(form)


@lru_cache(maxsize=262_144)
def deletion_keys(form: str) -> frozenset[str]:
    """The word and the word with any one letter deleted: two words one edit apart (a letter
    changed, added, dropped or two swapped) always share one of these keys."""
    return frozenset({form, *(form[:i] + form[i + 1 :] for i in range(len(form)))})


@lru_cache(maxsize=1_048_576)
def words_touch(left: str, right: str) -> bool:
    """Whether two words share a key (prefix, suffix, skeleton, or one edit apart).

    Two words written as one must each touch the one they match (see ``_align``); single
    words that agree almost always touch, and ``_touches_enough`` checks the rest exactly.
    """
    left_keys, right_keys = form_keys(left), form_keys(right)
    if left_keys[0] == right_keys[0] or left_keys[1] == right_keys[1]:
        return True
    if left_keys[2] == right_keys[2]:
        return True
    return not deletion_keys(left).isdisjoint(deletion_keys(right))


@lru_cache(maxsize=262_144)
def token_keys(
    token: NameToken,
) -> tuple[tuple[str, str, str], frozenset[str], frozenset[str]]:
    """:func:`form_keys`, :func:`key_set` and :func:`touch_keys` of a word in one lookup."""
    return form_keys(token.form), key_set(token.form), touch_keys(token)


@lru_cache(maxsize=262_144)
def touch_keys(token: NameToken) -> frozenset[str]:
    """Every key by which the word can touch another (see tokens_touch), in one set: two words
    that touch share a key of these sets. The converse need not hold (a deletion key may equal
    a prefix), which is safe: the sets only decide which names are worth comparing."""
    keys: set[str] = set()
    for written in {token.form, token.folded}:
        keys.update(form_keys(written))
        keys.update(deletion_keys(written))
    return frozenset(keys)


def tokens_touch(left: NameToken, right: NameToken) -> bool:
    """Whether two name words touch as compared (forms) or as written (folded, see _align)."""
    return words_touch(left.form, right.form) or words_touch(left.folded, right.folded)


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
    forms: tuple[str, ...] = ()  # the word forms, sorted (see CandidateName.forms)
    key_sets: tuple[frozenset[str], ...] = ()  # form_keys of each word, as a set
    touch_sets: tuple[frozenset[str], ...] = ()  # touch_keys of each word


class PreparedCandidate(NamedTuple):
    """A listed entry with the normalised forms of each of its names."""

    entry: WatchlistEntry
    names: tuple[CandidateName, ...]
    document_numbers: dict[str, str]  # normalised number -> "Passport A123"
    name_forms: frozenset[tuple[str, ...]] = frozenset()  # CandidateName.forms of each name


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


# the hot loop builds pairs with tuple.__new__: a NamedTuple's own __new__ is a Python
# function, and was a twentieth of the screening time
_new_pair = tuple.__new__


def _align(left: tuple[NameToken, ...], right: tuple[NameToken, ...]) -> list[_Pair]:
    """Order-independent alignment: best pairs first, then words joined on one side."""
    scored = []
    compare = compare_tokens
    least = algo.SIM_INITIAL
    for i, left_token in enumerate(left):
        for j, right_token in enumerate(right):
            similarity, note = compare(left_token, right_token)
            if similarity >= least:
                scored.append((-similarity, i, j, note))
    scored.sort()
    used_left: set[int] = set()
    used_right: set[int] = set()
    pairs: list[_Pair] = []
    for negative, i, j, note in scored:
        if i not in used_left and j not in used_right:
            used_left.add(i)
            used_right.add(j)
            pairs.append(_new_pair(_Pair, ((i,), (j,), -negative, note)))
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
                # each of the two words must touch the one (see words_touch)
                if (
                    similarity >= algo.SIM_JOINED_MIN
                    and tokens_touch(many[j], token)
                    and tokens_touch(many[j + 1], token)
                ):
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
    mononym = (
        len(left) == len(right) == 1 and longest_agreeing >= 4 and best_weight >= algo.STRONG_WEIGHT
    )
    if agreeing == 1 and not mononym:
        strong = longest_agreeing >= algo.LONG_WORD and best_weight >= algo.STRONG_WEIGHT
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
    compared, whatever the threshold (blocking at the name level). With ``strict``, a name
    is compared only if two of its words touch two of the person's (see :func:`words_touch`,
    which also counts words one edit apart): with fewer, the name is capped at
    ``algo.SINGLE_LONG_TOKEN_CAP``, so the caller uses ``strict`` only when that cannot reach
    the threshold.
    """
    best = _NO_NAME
    key_sets = query.key_sets
    words = len(key_sets)
    needed = min(2, words) if strict else 1
    for name in candidate.names:
        required = min(needed, len(name.tokens))
        # words sharing a key with the name (map runs in C: this is the hot loop)
        touching = words - sum(map(name.keys.isdisjoint, key_sets))
        # no word touching by the cheap keys: not compared, gated or not (name-level blocking)
        if touching == 0 or (touching < required and not _touches_enough(query, name, required)):
            continue
        score, pairs = name_score(query.tokens, query.weights, name.tokens, name.weights)
        if score <= best.score:
            continue
        score = round(score * name.factor, 4)
        if score > best.score:
            best = NameEvidence(score, pairs, name)
    return best


# Words that agree without touching are two or more edits apart: at 0.70 edit similarity at
# least 2 / 0.3 letters long (7), and the shorter has at most two letters fewer (5).
_FAR_MIN = 5
_FAR_LONGER = 7


@lru_cache(maxsize=65_536)
def _touch_union(touch_sets: tuple[frozenset[str], ...]) -> frozenset[str]:
    return frozenset().union(*touch_sets)


def _touches_enough(query: PreparedQuery, name: CandidateName, required: int) -> bool:
    """Whether ``required`` words of the person touch words of ``name``, counting words one
    edit apart (AIM / AZIM share no prefix, suffix or skeleton), or ``required`` listed words
    touch the person's (two listed words written as one by the person). Runs only when the
    cheap keys fall short, so that the count is exact, never an estimate."""
    touch_sets = query.touch_sets
    touch = name.touch
    count = 0
    for token, keys in zip(query.tokens, touch_sets, strict=True):
        # a shared touch key, or (rare: two or more edits apart, so both words have at least
        # 5 letters and one at least 7, and no shared key) agreement itself
        if not keys.isdisjoint(touch) or (
            len(token.form) >= _FAR_MIN
            and any(
                len(listed.form) >= _FAR_MIN
                and max(len(listed.form), len(token.form)) >= _FAR_LONGER
                and compare_tokens(token, listed)[0] >= algo.ALIGNED_MIN
                for listed in name.tokens
            )
        ):
            count += 1
            if count >= required:
                return True
    if required < 2 or count == 0:
        return False
    query_touch = _touch_union(touch_sets)
    return len(name.token_touch) - sum(map(query_touch.isdisjoint, name.token_touch)) >= required


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


def _apart(born: PartialDate, listed: ListedDate) -> str:
    return _apart_template(abs(born.year - listed.year))


@lru_cache(maxsize=512)
def _apart_template(years: int) -> str:
    if years == 0:
        return "born {born}, listed {listed}: same year, another day"
    return f"born {{born}}, listed {{listed}}: {years} year{'' if years == 1 else 's'} apart"


def _date_agreement(born: PartialDate, listed: ListedDate) -> tuple[float, str]:
    # Scores follow how rare the agreement is: a full date is shared by about one person in
    # 25,000, a year by one in 70. Near dates (one day, one year, day and month swapped) are
    # weak agreement: registries and lists get them wrong. Any other date is a contradiction.
    if listed.kind is DateKind.BETWEEN:
        to_year = listed.to_year if listed.to_year is not None else listed.year
        if listed.year <= born.year <= to_year:
            return (algo.DOB_RANGE, "born {born} within the listed {listed}")
        distance = min(abs(born.year - listed.year), abs(born.year - to_year))
        if distance == 1:
            return (algo.DOB_NEAR_YEAR, "born {born}, one year outside the listed {listed}")
        return (-1.0, "born {born}, outside the listed {listed}")
    distance = abs(born.year - listed.year)
    if listed.kind is DateKind.APPROXIMATE:
        if distance <= 1:
            return (algo.DOB_RANGE, "born {born}, listed {listed}")
        if distance <= 3:
            return (0.15, "born {born}, listed {listed}")
        return (-1.0 if distance > 5 else -0.5, _apart(born, listed))
    if born.day is not None and listed.day is not None:
        if distance > 1:
            return (-1.0, _apart_template(distance))
        assert born.month is not None and listed.month is not None  # noqa: S101 - for mypy
        if distance == 0 and born.month == listed.month and born.day == listed.day:
            return (1.0, "born {born} as listed")
        days = abs(
            dt.date(born.year, born.month, born.day).toordinal()
            - dt.date(listed.year, listed.month, listed.day).toordinal()
        )
        if born.year == listed.year and born.month == listed.day and born.day == listed.month:
            return (algo.DOB_SWAPPED, "born {born}, listed {listed} (day and month swapped)")
        if days == 1:
            return (algo.DOB_NEAR_DAY, "born {born}, listed {listed}: one day apart")
        if distance == 1 and born.month == listed.month and born.day == listed.day:
            return (algo.DOB_NEAR_YEAR, "born {born}, listed {listed}: one year apart")
        return (-1.0, _apart(born, listed))
    if distance == 0:
        if born.month is None or listed.month is None:
            return (algo.DOB_YEAR, "born {born} in the listed year ({listed})")
        if born.month == listed.month:
            return (algo.DOB_MONTH, "born {born}, listed {listed}")
        return (-1.0, "born {born}, listed {listed}: same year, another month")
    if distance == 1:
        return (algo.DOB_NEAR_YEAR, "born {born}, listed {listed}: one year apart")
    return (-1.0, _apart(born, listed))


def _between_listed(born: PartialDate, dates: tuple[ListedDate, ...]) -> bool:
    """A third date between the earliest and latest listed exact dates (at most
    ``algo.DOB_SPAN_YEARS`` apart), compared as far as each is known."""
    exact = [listed for listed in dates if listed.kind is DateKind.EXACT]
    if len(exact) < 2:
        return False
    earliest = min((d.year, d.month or 1, d.day or 1) for d in exact)
    latest = max((d.year, d.month or 12, d.day or 31) for d in exact)
    if latest[0] - earliest[0] > algo.DOB_SPAN_YEARS:
        return False
    born_from = (born.year, born.month or 1, born.day or 1)
    born_to = (born.year, born.month or 12, born.day or 31)
    return earliest <= born_to and born_from <= latest


def _dated_best(born: PartialDate, dates: tuple[ListedDate, ...]) -> tuple[float, str]:
    best_score, best_template, best_listed = -2.0, "", dates[0]
    for listed in dates:
        score, template = _date_agreement(born, listed)
        if score > best_score:
            best_score, best_template, best_listed = score, template, listed
    if best_score < algo.DOB_BETWEEN and _between_listed(born, dates):
        exact = sorted(
            (listed for listed in dates if listed.kind is DateKind.EXACT),
            key=lambda listed: (listed.year, listed.month or 0, listed.day or 0),
        )
        return algo.DOB_BETWEEN, f"born {born}, between the listed {exact[0]} and {exact[-1]}"
    # sentences are templates, filled for the best date only
    return best_score, best_template.format(born=born, listed=best_listed)


def date_score(query: PreparedQuery, candidate: PreparedCandidate) -> float:
    """The score of :func:`date_of_birth` (runs per candidate, before names are compared)."""
    born = query.person.date_of_birth
    dates = candidate.entry.dates_of_birth
    if born is None or not dates:
        return 0.0
    if len(dates) == 1:
        return _date_agreement(born, dates[0])[0]
    best = max(_date_agreement(born, listed)[0] for listed in dates)
    if best < algo.DOB_BETWEEN and _between_listed(born, dates):
        return algo.DOB_BETWEEN
    return best


def date_of_birth(query: PreparedQuery, candidate: PreparedCandidate) -> FeatureResult:
    """Agreement in [-1, 1] of the date of birth with the best of the listed dates.

    Evidence, not a gate: an exact date agrees strongly; a date one day or one year off, day
    and month swapped, within a listed range or between two listed dates agrees weakly; any
    other date is a contradiction, and the sentence says by how much.
    """
    born = query.person.date_of_birth
    if born is None or not candidate.entry.dates_of_birth:
        return FeatureResult(0.0, "")
    return FeatureResult(*_dated_best(born, candidate.entry.dates_of_birth))


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
