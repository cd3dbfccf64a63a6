"""Name normalisation: transliteration, folding, particles, variants and phonetic keys."""

from paxscreen.names.normalise import NameToken, fold, normalise_name, transliterate
from paxscreen.names.phonetic import phonetic_key
from paxscreen.names.reference import NameReference, name_reference

__all__ = [
    "NameReference",
    "NameToken",
    "fold",
    "name_reference",
    "normalise_name",
    "phonetic_key",
    "transliterate",
]
