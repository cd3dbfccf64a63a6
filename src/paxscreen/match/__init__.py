"""Explainable watchlist matching: blocking index, declared features, versioned scoring."""

from paxscreen.match.algorithm import ALGORITHM_VERSION, THRESHOLD
from paxscreen.match.features import FEATURES, FeatureResult
from paxscreen.match.index import MatchIndex
from paxscreen.match.model import Match, PartialDate, Person

__all__ = [
    "ALGORITHM_VERSION",
    "FEATURES",
    "THRESHOLD",
    "FeatureResult",
    "Match",
    "MatchIndex",
    "PartialDate",
    "Person",
]
