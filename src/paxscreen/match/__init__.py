"""Explainable watchlist matching: blocking index, declared features, versioned scoring."""

from paxscreen.match.algorithm import ALGORITHM_VERSION, THRESHOLD
from paxscreen.match.features import FEATURES, FeatureResult
from paxscreen.match.index import MatchIndex
from paxscreen.match.model import Match, PartialDate, Person
from paxscreen.match.people_csv import PEOPLE_COLUMNS, CellProblem, PeopleFileError, read_people

__all__ = [
    "ALGORITHM_VERSION",
    "FEATURES",
    "PEOPLE_COLUMNS",
    "THRESHOLD",
    "CellProblem",
    "FeatureResult",
    "Match",
    "MatchIndex",
    "PartialDate",
    "PeopleFileError",
    "Person",
    "read_people",
]
