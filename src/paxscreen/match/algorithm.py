"""The named, versioned matching algorithm: its parameters and how features combine.

Every number that shapes a score lives here. Changing one changes the algorithm: bump
``ALGORITHM_VERSION`` so that stored hits say which rules produced them.

Score = clamp(name + Σ weight × feature, 0, 1), where
  * name ∈ [0, 1] is the best alignment of the person's name with one listed name
    (see :func:`paxscreen.match.features.name_alignment`);
  * date of birth ∈ [-1, 1]: agreement adds up to ``DOB_MATCH_WEIGHT`` (a full date 1.0,
    a month 0.6, a year 0.35: a year is shared by many people), disagreement subtracts up to
    ``DOB_MISMATCH_WEIGHT``;
  * nationality and gender ∈ [-1, 1], small weights: people hold several nationalities and
    lists record gender unevenly;
  * a document number equal after normalisation lifts the score to at least
    ``DOCUMENT_FLOOR`` whatever the name, because a listed document in use is a hit by itself;
  * the same words as a listed name (a name score of at least ``NEAR_EXACT_NAME``) with the
    nationality as listed lifts it to ``NAME_NATIONALITY_FLOOR``: a date of birth is
    evidence, not a veto.
A person is a hit at ``score >= THRESHOLD``.
"""

from __future__ import annotations

from typing import Final

__all__ = ["ALGORITHM_VERSION", "THRESHOLD", "combine", "floor_applies"]

ALGORITHM_VERSION: Final = "aegis-name-v2"
THRESHOLD: Final = 0.80

# Token similarity (name_alignment)
SIM_EXACT: Final = 1.0
SIM_VARIANT: Final = 1.0  # a listed spelling variant is the same name
SIM_JOINED: Final = 0.97  # "ABDUL RAHMAN" vs "ABDULRAHMAN", "MOHAMMEDALI" vs "MOHAMMED ALI"
SIM_ARTICLE_DROPPED: Final = 0.92  # "AL-HASHIMI" vs "HASHIMI"
SIM_PHONETIC_BASE: Final = 0.6  # same consonant skeleton: base + share of the edit similarity
SIM_PHONETIC_SPAN: Final = 0.35
SIM_EDIT_MIN: Final = 0.70  # below this normalised edit similarity (OSA) words do not align
SIM_EDIT_MIN_SHORT: Final = 0.75  # …for words of 3 letters: one edit in three letters is a lot
SIM_JOINED_MIN: Final = 0.85  # two words joined vs one: edit similarity of the concatenation
SIM_INITIAL: Final = 0.6  # "A" vs "AHMAD"
ALIGNED_MIN: Final = 0.70  # a pair below this does not count as agreeing

# Token weights: common words say less about identity
WEIGHT_COMMON: Final = 0.5  # cap for words of names/data/common_tokens.txt
WEIGHT_SHORT: Final = 0.5  # cap for words of one or two letters
WEIGHT_THREE_LETTERS: Final = 0.7  # cap for words of three letters (Korean and Chinese syllables)
WEIGHT_FLOOR: Final = 0.3  # weight of a word in 5 % or more of the listed entries
RARE_SHARE: Final = 0.001  # words in fewer entries than this share weigh 1.0

# Name score
SHORT_SIDE_SHARE: Final = 0.75  # coverage of the shorter name counts 3/4, the longer 1/4
EVIDENCE_FULL: Final = 1.6  # Σ weight × similarity of two distinctive words
EVIDENCE_FLOOR: Final = 0.6  # a name of only common words keeps 60 % of its coverage
SINGLE_TOKEN_CAP: Final = 0.55  # only one word agrees
SINGLE_LONG_TOKEN_CAP: Final = 0.70  # …but it is long (≥ 6 letters) and distinctive
LONG_WORD: Final = 6  # letters of a word that is long enough for the higher cap
STRONG_WEIGHT: Final = 0.8  # weight of a word distinctive enough for it
QUALITY_FACTOR: Final = {"good": 1.0, "unknown": 0.95, "low": 0.85}
KIND_FACTOR: Final = {"primary": 1.0, "alias": 1.0, "original_script": 1.0, "previous": 0.97}

# Other features
DOB_MATCH_WEIGHT: Final = 0.30
DOB_MISMATCH_WEIGHT: Final = 0.30
# agreement of a date of birth by kind (a full date as listed is 1.0)
DOB_SWAPPED: Final = 0.8  # day and month swapped
DOB_MONTH: Final = 0.6  # the same year and month, one side without a day
DOB_YEAR: Final = 0.35  # the same year, one side without a month
DOB_RANGE: Final = 0.35  # within a listed range or approximate year
DOB_NEAR_DAY: Final = 0.3  # full dates one day apart
DOB_BETWEEN: Final = 0.2  # a third date between two listed exact dates…
DOB_SPAN_YEARS: Final = 12  # …at most this many years apart
DOB_NEAR_YEAR: Final = 0.1  # one year apart (the same day and month, or years only)
# An exact name (the same words after normalisation, in any order) that scores at least
# NEAR_EXACT_NAME, with the nationality as listed, is a hit whatever the date of birth says:
# a contradicting date lowers it only down to NAME_NATIONALITY_FLOOR.
NEAR_EXACT_NAME: Final = 0.95
NAME_NATIONALITY_FLOOR: Final = THRESHOLD
NATIONALITY_WEIGHT: Final = 0.05
GENDER_WEIGHT: Final = 0.10
DOCUMENT_FLOOR: Final = 0.95


def floor_applies(name: float, nationality: float, gender: float, same_words: bool) -> bool:
    """An exact name with the nationality as listed is a hit whatever the date of birth says,
    unless the genders differ."""
    return same_words and name >= NEAR_EXACT_NAME and nationality > 0 and gender >= 0


def combine(  # noqa: PLR0917 - one argument per feature
    name: float,
    date_of_birth: float,
    nationality: float,
    gender: float,
    document: float,
    same_words: bool = False,
) -> float:
    """Combine feature scores into the total in [0, 1] (rounded to 4 decimals).

    ``same_words``: the person's name has the same words as the listed name (see
    ``NEAR_EXACT_NAME``)."""
    dob_weight = DOB_MATCH_WEIGHT if date_of_birth > 0 else DOB_MISMATCH_WEIGHT
    total = (
        name
        + dob_weight * date_of_birth
        + NATIONALITY_WEIGHT * nationality
        + GENDER_WEIGHT * gender
    )
    if document > 0:
        total = max(total, DOCUMENT_FLOOR)
    if floor_applies(name, nationality, gender, same_words):
        total = max(total, NAME_NATIONALITY_FLOOR)
    return round(min(1.0, max(0.0, total)), 4)
