from __future__ import annotations

import pytest

from paxscreen.names import fold, normalise_name, phonetic_key, transliterate


@pytest.mark.parametrize(
    ("written", "forms"),
    [
        ("AL-HASHIMI, Ahmed", ["ahmad", "alhashimi"]),
        ("HAQ, ABDUL", ["abdulhaq"]),
        ("AL-NASIR, HAJJI 'ABD", ["abdalnasir"]),
        ("Abdul Rahman bin Laden", ["abdulrahman", "laden"]),
        ("ABDURRAHMAN", ["abdulrahman"]),
        ("abd al-rahman", ["abdulrahman"]),
        ("Mullah Mohammad Omar", ["muhammad", "umar"]),
        ("Dr. Jean-Pierre O'Brien", ["jean", "pierre", "obrien"]),
        ("van der Berg", ["vanderberg"]),
        ("Ben Smith", ["ben", "smith"]),
        ("Yousef Husain", ["yusuf", "husayn"]),
        ("Абу Бакр аль-Багдади", ["abubakr", "albagdadi"]),
        ("김정은", ["kim", "jong", "un"]),
        ("Ιωάννης", ["ioannis"]),
        ("ÇELİK Şükrü", ["celik", "sukru"]),
        ("", []),
        ("--", []),
    ],
)
def test_names_normalise_to_comparable_forms(written: str, forms: list[str]) -> None:
    assert [token.form for token in normalise_name(written)] == forms


def test_a_joined_particle_keeps_its_written_form_for_explanations() -> None:
    token = normalise_name("AL-HASHIMI")[0]

    assert (token.form, token.raw, token.joined) == ("alhashimi", "AL-HASHIMI", True)


@pytest.mark.parametrize(
    ("text", "latin"),
    [("محمد يوسف", "mhmd ywsf"), ("Müller", "Muller"), ("金正恩", " Jin  Zheng  En ")],
)
def test_transliteration_to_latin(text: str, latin: str) -> None:
    assert transliterate(text) == latin


def test_fold_reduces_to_lowercase_ascii_words() -> None:
    assert fold("  O'Brien-SMITH,  Jr. ") == "obrien smith jr"


@pytest.mark.parametrize(
    ("left", "right"),
    [("muhammad", "mhmd"), ("hussein", "husain"), ("yusuf", "ywsf"), ("khaled", "halid")],
)
def test_spellings_of_one_name_share_a_phonetic_key(left: str, right: str) -> None:
    assert phonetic_key(left) == phonetic_key(right)


def test_different_names_have_different_phonetic_keys() -> None:
    assert phonetic_key("ahmad") != phonetic_key("mahmud")
