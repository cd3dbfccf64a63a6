"""Apply the feature table to one (query, candidate) pair and combine the results."""

from __future__ import annotations

from typing import NamedTuple

from paxscreen.match import algorithm as algo
from paxscreen.match.features import FEATURES, PreparedCandidate, PreparedQuery

__all__ = ["Scored", "score_candidate"]

# The most the non-name features can add: a name below threshold minus this cannot be a hit.
_MAX_BONUS = algo.DOB_MATCH_WEIGHT + algo.NATIONALITY_WEIGHT


class Scored(NamedTuple):
    total: float
    explanations: tuple[str, ...]
    features: dict[str, float]


def score_candidate(
    query: PreparedQuery, candidate: PreparedCandidate, threshold: float = 0.0
) -> Scored | None:
    """Score a candidate; ``None`` when it cannot reach ``threshold`` (work skipped)."""
    name = FEATURES["name"](query, candidate)
    document = FEATURES["document"](query, candidate)
    if name.score + _MAX_BONUS < threshold and document.score <= 0:
        return None
    results = {"name": name, "document": document}
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
