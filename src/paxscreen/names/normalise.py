"""From a written name to comparable tokens.

Pipeline: "SURNAME, GIVEN" reordered → Unicode NFKC → transliteration to Latin (anyascii) →
case folding → split into words on spaces, hyphens and punctuation → drop honorifics → drop
patronymic connectors (bin, ibn…) → join particles to the following word (al-, abu, abdul,
van, de…) → unify spelling variants.

Why anyascii rather than ICU: it is pure Python with no native library (it installs on every
Spark worker and in the Django app without a build step), covers every script in Unicode with
one deterministic table, and is fast. ICU's transforms are more configurable (language-aware
Cyrillic and Arabic rules) but PyICU needs the ICU C++ library on every machine. anyascii's
Arabic output has no short vowels ("mhmd"); the phonetic key in :mod:`paxscreen.names.phonetic`
is a consonant skeleton precisely so that such renderings still agree with Latin spellings.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from anyascii import anyascii

from paxscreen.names.reference import NameReference, name_reference

__all__ = ["NameToken", "fold", "normalise_name", "transliterate"]

_WORD_SPLIT = re.compile(r"[^0-9a-z]+")
_APOSTROPHES = re.compile("['`\u02bb\u02bc\u2019\u2018]")
_RAW_STRIP = re.compile(r"^[^\w]+|[^\w]+$")


class NameToken(NamedTuple):
    """One comparable word of a name.

    ``form`` is what is compared (folded, particle-joined, variant-unified); ``folded`` is the
    same before variant unification; ``raw`` is the upper-case text as written, for
    explanations; ``joined`` says a particle was joined to the word.
    """

    form: str
    folded: str
    raw: str
    joined: bool


def _is_split_script(char: str) -> bool:
    # Han ideographs and Hangul syllables are one syllable each: transliterated syllables are
    # separate name words ("김정은" → "gim jeong eun"), as Latin spellings write them.
    code = ord(char)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xAC00 <= code <= 0xD7A3


@lru_cache(maxsize=131_072)
def transliterate(text: str) -> str:
    """Return ``text`` in Latin letters (NFKC, then anyascii), case preserved."""
    text = unicodedata.normalize("NFKC", text)
    if text.isascii():
        return text
    parts: list[str] = []
    for char in text:
        if _is_split_script(char):
            parts.append(f" {anyascii(char)} ")
        else:
            parts.append(char)
    return anyascii("".join(parts))


def fold(text: str) -> str:
    """Transliterate, case-fold and reduce to space-separated ASCII letters and digits."""
    latin = _APOSTROPHES.sub("", transliterate(text)).casefold()
    return " ".join(_WORD_SPLIT.sub(" ", latin).split())


def _script_corrections(word: str, reference: NameReference) -> tuple[tuple[str, str], ...]:
    for char in word:
        if "\u0400" <= char <= "\u04ff":
            return reference.transliteration.get("cyrillic", ())
    return ()


@lru_cache(maxsize=262_144)
def normalise_name(text: str) -> tuple[NameToken, ...]:
    """Split a written name into comparable tokens (see the module docstring).

    Never raises; an empty or punctuation-only name gives an empty tuple.
    """
    reference = name_reference()
    # (folded piece, written word it came from, position of that word)
    words: list[tuple[str, str, int]] = []
    pieces_per_word: list[int] = []
    position = 0
    # "SURNAME, GIVEN" (one comma) is read as "GIVEN SURNAME", so that a particle ending the
    # given names joins the surname as in the plain form ("HAQ, ABDUL" is "ABDUL HAQ")
    surname, comma, given = text.partition(",")
    if comma and surname.strip() and given.strip() and "," not in given:
        text = f"{given} {surname}"
    for original in unicodedata.normalize("NFKC", text).split():
        latin_written = original.isascii()
        corrections = () if latin_written else _script_corrections(original, reference)
        for written in transliterate(original).split():
            latin = _APOSTROPHES.sub("", written).casefold()
            for spelled, practical in corrections:
                latin = latin.replace(spelled, practical)
            # A short title is dropped only when written in Latin letters: the Arabic-script
            # عمر (Umar) transliterates to "mr".
            pieces = [
                piece
                for piece in _WORD_SPLIT.split(latin)
                if piece
                and (piece not in reference.honorifics or not (latin_written or len(piece) > 3))
            ]
            pieces_per_word.append(len(pieces))
            raw_word = _RAW_STRIP.sub("", written).upper()
            words.extend((piece, raw_word, position) for piece in pieces)
            position += 1
    words = [
        word
        for index, word in enumerate(words)
        if index == 0 or word[0] not in reference.dropped_connectors
    ]
    tokens: list[NameToken] = []
    index = 0
    while index < len(words):
        group = [words[index]]
        while group[-1][0] in reference.joined_particles and index + 1 < len(words):
            index += 1
            group.append(words[index])
        folded = "".join(word[0] for word in group)
        positions = sorted({word[2] for word in group})
        whole_words = sum(pieces_per_word[position] for position in positions) == len(group)
        if whole_words:
            raw = " ".join(dict.fromkeys(word[1] for word in group))
        else:
            raw = " ".join(word[0].upper() for word in group)
        tokens.append(
            NameToken(
                form=reference.variants.get(folded, folded),
                folded=folded,
                raw=raw,
                joined=len(group) > 1,
            )
        )
        index += 1
    return tuple(tokens)
