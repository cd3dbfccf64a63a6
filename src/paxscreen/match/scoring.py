"""Apply the feature table to one (query, candidate) pair and combine the results."""

from __future__ import annotations

from typing import NamedTuple

from paxscreen.match import algorithm as algo
from paxscreen.match.features import (
    FEATURES,
    FeatureResult,
    PreparedCandidate,
    PreparedQuery,
    best_name,
    date_score,
    describe_name,
)

__all__ = ["Scored", "score_candidate"]


_NO_DOCUMENT = FeatureResult(0.0, "")


class Scored(NamedTuple):
    total: float
    explanations: tuple[str, ...]
    features: dict[str, float]


def _single_word_cap(query: PreparedQuery) -> float:
    """The most a name agreeing with the person on one word only can score (see
    features.name_score): the long-word cap needs a word of the person's of at least
    ``LONG_WORD`` letters and weight ``STRONG_WEIGHT``; without one, the lower cap holds."""
    for token, weight in zip(query.tokens, query.weights, strict=True):
        if len(token.form) >= algo.LONG_WORD and weight >= algo.STRONG_WEIGHT:
            return algo.SINGLE_LONG_TOKEN_CAP
    return algo.SINGLE_TOKEN_CAP


def score_candidate(
    query: PreparedQuery, candidate: PreparedCandidate, threshold: float = 0.0
) -> Scored | None:
    """Score a candidate; ``None`` when it cannot reach ``threshold`` (work skipped).

    The cheap features run first: a candidate whose date of birth disagrees so much that
    even a perfect name could not reach the threshold is dropped before names are compared.
    Every skip is sound: it happens only when an upper bound of the total is below the
    threshold, so the result equals the ungated score filtered at the threshold.
    """
    document = FEATURES["document"](query, candidate) if query.document_numbers else _NO_DOCUMENT
    born = date_score(query, candidate)
    dob_weight = algo.DOB_MATCH_WEIGHT if born > 0 else algo.DOB_MISMATCH_WEIGHT
    code = query.person.nationality
    listed_nationality = code is not None and code in candidate.entry.nationalities
    # the most the other features can add (gender can only subtract)
    bonus = dob_weight * born + (algo.NATIONALITY_WEIGHT if listed_nationality else 0.0)
    same_words = listed_nationality and query.forms in candidate.name_forms
    floor = algo.NAME_NATIONALITY_FLOOR if same_words else 0.0
    gate = threshold > 0.0 and document.score <= 0  # totals are clamped at 0
    if gate and max(1.0 + bonus, floor) < threshold:
        return None
    # the name feature, split so that its sentence is written only for candidates kept.
    # A name agreeing on one word only is capped (_single_word_cap): when even that
    # cannot reach the threshold, names are compared only if two words touch (best_name).
    strict = gate and _single_word_cap(query) + bonus < threshold
    evidence = best_name(query, candidate, strict=strict)
    reachable = evidence.score + bonus
    if evidence.score >= algo.NEAR_EXACT_NAME:
        reachable = max(reachable, floor)
    if gate and reachable < threshold:
        return None
    results = {
        "name": FeatureResult(evidence.score, describe_name(query, evidence)),
        "document": document,
    }
    for feature_name, feature in FEATURES.items():
        if feature_name not in results:
            results[feature_name] = feature(query, candidate)
    total = algo.combine(
        name=results["name"].score,
        date_of_birth=results["date_of_birth"].score,
        nationality=results["nationality"].score,
        gender=results["gender"].score,
        document=results["document"].score,
        same_words=same_words,
    )
    if total < threshold:
        return None
    explanations = tuple(
        results[feature_name].explanation
        for feature_name in FEATURES
        if results[feature_name].explanation
    )
    return Scored(total, explanations, {key: result.score for key, result in results.items()})
