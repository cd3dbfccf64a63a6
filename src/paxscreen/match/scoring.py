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


def score_candidate(
    query: PreparedQuery, candidate: PreparedCandidate, threshold: float = 0.0
) -> Scored | None:
    """Score a candidate; ``None`` when it cannot reach ``threshold`` (work skipped).

    The cheap features run first: a candidate whose date of birth disagrees so much that
    even a perfect name could not reach the threshold is dropped before names are compared.
    """
    document = FEATURES["document"](query, candidate) if query.document_numbers else _NO_DOCUMENT
    born = date_score(query, candidate)
    dob_weight = algo.DOB_MATCH_WEIGHT if born > 0 else algo.DOB_MISMATCH_WEIGHT
    bonus = dob_weight * born + algo.NATIONALITY_WEIGHT
    gate = threshold > 0.0 and document.score <= 0  # totals are clamped at 0
    if gate and 1.0 + bonus < threshold:
        return None
    # the name feature, split so that its sentence is written only for candidates kept
    # Unless the date of birth agrees, a candidate must agree on two words to be worth aligning.
    evidence = best_name(query, candidate, strict=gate and born <= 0)
    if gate and evidence.score + bonus < threshold:
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
    )
    if total < threshold:
        return None
    explanations = tuple(
        results[feature_name].explanation
        for feature_name in FEATURES
        if results[feature_name].explanation
    )
    return Scored(total, explanations, {key: result.score for key, result in results.items()})
