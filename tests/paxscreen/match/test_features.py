"""Pinned scores and explanations of the name feature, across scripts and hard cases.

Each case screens a traveller (full name only, no other data) against a one-entry list; a
change in any of these numbers is a change of the algorithm and needs a new version.
"""

from __future__ import annotations

import pytest

from paxscreen.match import Person
from paxscreen.watchlists import NameKind, NameQuality

from .conftest import one_entry_index

GOOD = NameQuality.GOOD

NAME_PAIRS = [
    (
        "Ahmed Al-Hashimi",
        "AHMAD ALHASHIMI",
        0.975,
        ("name AHMED = AHMAD (variant); name AL-HASHIMI ~ ALHASHIMI (joined particle)"),
    ),
    (
        "Mohammed Yusuf",
        "MUHAMMAD YOUSEF",
        0.85,
        ("name MOHAMMED = MUHAMMAD (variant); name YUSUF = YOUSEF (variant)"),
    ),
    (
        "Abdul Rahman Saleh",
        "ABDURRAHMAN SALIH",
        0.85,
        ("name ABDUL RAHMAN = ABDURRAHMAN (variant); name SALEH = SALIH (variant)"),
    ),
    (
        "ABDULRAHMAN OMAR",
        "Abdul Rahman Umar",
        0.85,
        ("name ABDULRAHMAN ~ ABDUL RAHMAN (joined particle); name OMAR = UMAR (variant)"),
    ),
    (
        "Hashimi Ahmed",
        "AHMED HASHIMI",
        0.975,
        ("name HASHIMI = HASHIMI; name AHMED = AHMED"),
    ),
    (
        "Ahmed Hashimi",
        "AHMED AL-HASHIMI",
        0.9041,
        ("name AHMED = AHMED; name HASHIMI ~ AL-HASHIMI (article dropped)"),
    ),
    (
        "Osama bin Laden",
        "USAMA MUHAMMED AWAD BIN LADEN",
        0.8929,
        ("name OSAMA = USAMA (variant); name LADEN = LADEN"),
    ),
    (
        "Mullah Mohammad Omar",
        "MOHAMMED OMAR",
        0.85,
        ("name MOHAMMAD = MOHAMMED (variant); name OMAR = OMAR"),
    ),
    (
        "Kim Jong Un",
        "김정은",
        0.975,
        ("name KIM = GIM (variant); name JONG = JEONG (variant); name UN = EUN (variant)"),
    ),
    (
        "Muhammad Yusuf Uthman",
        "محمد يوسف عثمان",
        0.975,
        (
            "name MUHAMMAD = MHMD (variant); "
            "name YUSUF = YWSF (variant); "
            "name UTHMAN = THMN (variant)"
        ),
    ),
    (
        "Abu Bakr al-Baghdadi",
        "Абу Бакр аль-Багдади",
        0.8997,
        ("name ABU BAKR = ABU BAKR; name AL-BAGHDADI ~ AL'-BAGDADI (sounds alike)"),
    ),
    (
        "Ioannis Papadopoulos",
        "Ιωάννης Παπαδόπουλος",
        0.9604,
        ("name IOANNIS = IOANNIS; name PAPADOPOULOS ~ PAPADOPOYLOS (sounds alike)"),
    ),
    (
        "Mohammedali Hassan",
        "MOHAMMED ALI HASSAN",
        0.8293,
        ("name MOHAMMEDALI ~ MOHAMMED ALI (joined words); name HASSAN = HASSAN"),
    ),
    (
        "Ri Won Ho",
        "RI WON HO",
        1.0,
        ("name RI = RI; name WON = WON; name HO = HO"),
    ),
    (
        "Sergei Ivanov",
        "СЕРГЕЙ ИВАНОВ",
        0.85,
        ("name SERGEI = SERGEY (variant); name IVANOV = IVANOV"),
    ),
    (
        "Mahmoud Hijazi",
        "MOHAMMED HIJAZI",
        0.8759,
        ("name MAHMOUD ~ MOHAMMED (sounds alike); name HIJAZI = HIJAZI"),
    ),
    (
        "Hambali",
        "HAMBALI",
        0.85,
        ("name HAMBALI = HAMBALI"),
    ),
    (
        "Jean-Pierre van der Berg",
        "JEAN PIERRE VANDERBERG",
        1.0,
        (
            "name JEAN = JEAN; "
            "name PIERRE = PIERRE; "
            "name VAN DER BERG ~ VANDERBERG (joined particle)"
        ),
    ),
    (
        "Ahmad Hashimy",
        "AHMED AL HASHIMI",
        0.2417,
        ("name AHMAD = AHMED (variant)"),
    ),
    (
        "Abdelaziz Bouteflika",
        "ABDULAZIZ BOUTEFLIKA",
        0.975,
        ("name ABDELAZIZ = ABDULAZIZ (variant); name BOUTEFLIKA = BOUTEFLIKA"),
    ),
    (
        "Wang Wei",
        "王伟",
        0.9,
        ("name WANG = WANG; name WEI = WEI"),
    ),
    (
        "Rahul Sharma",
        "राहुल शर्मा",
        0.8879,
        ("name RAHUL = RAHUL; name SHARMA ~ SRMA (sounds alike)"),
    ),
    (
        "Hashimi Ahmed Khalid",
        "KHALID AHMED HASHIMI",
        1.0,
        ("name HASHIMI = HASHIMI; name AHMED = AHMED; name KHALID = KHALID"),
    ),
    (
        "Ahmed Khalid Hashmi",
        "AHMED KHALID HASHIMI",
        0.95,
        ("name AHMED = AHMED; name KHALID = KHALID; name HASHMI ~ HASHIMI (sounds alike)"),
    ),
    (
        "Tanaka Hiroshi",
        "タナカ ひろし",
        0.85,
        ("name TANAKA = TANAKA; name HIROSHI = HIROSHI"),
    ),
    (
        "Faiz",
        "FAIZ",
        0.85,
        ("name FAIZ = FAIZ"),
    ),
    # no candidate: 'Abul Haq' 'ABDUL HAQ'
    (
        "Hosein Sarlimi",
        "HOSEIN SALIMI",
        0.8498,
        ("name HOSEIN = HOSEIN; name SARLIMI ~ SALIMI (spelling)"),
    ),
    (
        "Attiqullah Ahkund",
        "ATTIQULLAH AKHUND",
        0.9166,
        ("name ATTIQULLAH = ATTIQULLAH; name AHKUND ~ AKHUND (spelling)"),
    ),
    (
        "Джамал Халид",
        "JAMAL KHALID",
        0.85,
        ("name DZHAMAL = JAMAL; name KHALID = KHALID"),
    ),
    (
        "Валиджан Ахмад",
        "WALIJAN AHMAD",
        0.8396,
        ("name VALIDZHAN ~ WALIJAN (sounds alike); name AKHMAD ~ AHMAD (sounds alike)"),
    ),
    (
        "Sayed Ghiasuddin",
        "SAYYED GHIASSOUDDINE AGHA",
        0.8567,
        ("name SAYED = SAYYED (variant); name GHIASUDDIN ~ GHIASSOUDDINE (sounds alike)"),
    ),
]

UNRELATED = [
    ("John Smith", "ADAM", 0.0),
    ("Adam Smith", "ADAM", 0.0),
    ("Peter Brown", "AHMED HASHIMI", 0.0),
    ("Mohammed Ali", "MOHAMMED HASAN", 0.0),
    ("Maria Garcia", "MARIA GONZALEZ", 0.0),
    ("Mohammed Ahmed", "MAHMOUD AHMED", 0.7294),
    ("Kim Min Jun", "KIM MIN HO", 0.6019),
]


@pytest.mark.parametrize(("query", "listed", "score", "explanation"), NAME_PAIRS)
def test_name_pairs_score_and_explain_exactly(
    query: str, listed: str, score: float, explanation: str
) -> None:
    index = one_entry_index((listed, NameKind.PRIMARY, GOOD))

    matches = index.screen(Person("q", full_name=query), threshold=0.0)

    assert [(match.score, match.explanations) for match in matches] == [(score, (explanation,))]


@pytest.mark.parametrize(("query", "listed", "score"), UNRELATED)
def test_single_common_words_do_not_make_a_match(query: str, listed: str, score: float) -> None:
    index = one_entry_index((listed, NameKind.PRIMARY, GOOD))

    matches = index.screen(Person("q", full_name=query), threshold=0.0)

    assert max((match.score for match in matches), default=0.0) == score
