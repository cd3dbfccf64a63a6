"""Phonetic keys of name tokens.

The key is a consonant skeleton: vowels and y are dropped (v/w unless before a vowel), digraphs and
letters that transliterations use interchangeably are unified, doubled letters collapse. It is
built for names transliterated from scripts that do not write short vowels (Arabic, Persian,
Hebrew), where "Muhammad", "Mohamed" and the anyascii rendering of محمد ("mhmd") must agree.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["phonetic_key"]

_DIGRAPHS = (
    ("sch", "s"),
    ("ph", "f"),
    ("th", "t"),
    ("dh", "d"),
    ("dzh", "j"),
    ("kh", "h"),
    ("gh", "g"),
    ("sh", "s"),
    ("ch", "c"),
    ("ck", "k"),
    ("ts", "s"),
    ("dj", "j"),
    ("dz", "j"),
)
_LETTERS = str.maketrans(
    {"q": "k", "c": "k", "z": "s", "x": "s", "v": "f", "w": "f", "p": "b", "g": "k"}
)
# v and w are consonants before a vowel and vowels elsewhere: "jawhar" and the Cyrillic
# rendering "dzhavkhar" agree, as do Arabic "ywsf" and "yusuf", Korean "won" and "von".
_SEMIVOWEL = re.compile(r"[vw](?![aeiouy])")
_DROPPED = re.compile(r"[aeiouy]+")
_DOUBLED = re.compile(r"(.)\1+")


@lru_cache(maxsize=262_144)
def phonetic_key(token: str) -> str:
    """Return the consonant skeleton of a folded token (lower-case ASCII letters).

    A token without consonants (e.g. "ay") keys as itself so that it never collides with
    the empty key.
    """
    key = token
    for digraph, replacement in _DIGRAPHS:
        if digraph in key:
            key = key.replace(digraph, replacement)
    key = _DROPPED.sub("", _SEMIVOWEL.sub("", key).translate(_LETTERS))
    key = _DOUBLED.sub(r"\1", key)
    return key or token
