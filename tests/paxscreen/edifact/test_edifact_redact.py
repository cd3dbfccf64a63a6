"""Redaction and masking of raw messages: the result parses to the original's records minus
what was removed or masked (on the real GTAS samples and on generated traffic)."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.paxscreen.edifact.test_edifact_properties import delimiters

from paxscreen.edifact import parse
from paxscreen.edifact.model import Manifest, ParsedMessage, TravelDocument, Traveller
from paxscreen.edifact.protection import default_policy
from paxscreen.edifact.reader import decode
from paxscreen.edifact.redact import Identity, category, identities, mask, redact
from paxscreen.edifact.serializer import paxlst_interchange
from paxscreen.synthetic.traffic import generate_pnrgov

GTAS = Path(__file__).parents[3] / "data" / "messages" / "gtas"
SAMPLES = sorted(
    path for path in GTAS.glob("*/*") if path.name != "LICENSE-GTAS.txt" and path.is_file()
)
_POSITIONS = {"segment_number", "message_segment_number", "first_segment_number", "segment_count"}


def _records(value: Any) -> Any:
    """``value`` without segment positions, removed items and issue texts (which name
    positions and counts): what the records say."""
    if isinstance(value, dict):
        return {
            key: _records(item)
            for key, item in value.items()
            if key not in _POSITIONS and key not in {"removed", "issues"}
        }
    if isinstance(value, list):
        return [_records(item) for item in value]
    return value


def _issue_codes(parsed: list[ParsedMessage]) -> list[list[tuple[str, str]]]:
    return [sorted((issue.severity, issue.code) for issue in item.issues) for item in parsed]


def _text(path: Path) -> str:
    return decode(path.read_bytes())


@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: path.name)
def test_a_redacted_sample_parses_to_the_same_records_minus_the_removed_items(
    path: Path,
) -> None:
    text = _text(path)
    original = parse(text)

    redaction = redact(text)

    redacted = parse(redaction.text)
    assert [_records(item.to_dict()) for item in redacted] == [
        _records(item.to_dict()) for item in original
    ]
    assert [item.removed for item in redacted] == [()] * len(redacted)
    assert sorted(redaction.removed, key=lambda r: r.segment_number) == sorted(
        (removed for item in original for removed in item.removed),
        key=lambda r: r.segment_number,
    )
    # No control-count warning appears: UNT counts follow the segments removed.
    codes = {code for item in _issue_codes(original) for code in item}
    assert {code for item in _issue_codes(redacted) for code in item} <= codes


def test_the_gtas_pnr_with_meals_loses_them_and_says_how_many() -> None:
    text = _text(GTAS / "pnr-messages" / "gtas-loader-pnr1.txt")
    assert text.count("AVML") == 5

    redaction = redact(text)

    assert redaction.counts == {"meal": 5}
    assert "AVML" not in redaction.text
    assert [category(item) for item in redaction.removed] == ["meal"] * 5
    # The other special service requests (documents, seats) are kept.
    assert redaction.text.count("SSR+DOCS") == text.count("SSR+DOCS")


def test_a_message_without_sensitive_items_comes_back_unchanged() -> None:
    text = _text(GTAS / "apis-messages" / "gtas-loader-Test1.txt")

    assert redact(text).text == text
    assert redact(text).counts == {}


_SENSITIVE = [
    ("SSR+MOML:HK:1:{carrier}", "meal"),
    ("SSR+WCHR:HK:1:{carrier}", "medical"),
    ("SSR+MEDA:HK:1:{carrier}", "medical"),
    ("SSR+OTHS:HK:1:{carrier}:::::PAX NEEDS OXYGEN ON BOARD", "free text"),
    ("IFT+3+HALAL MEAL REQUESTED", "free text"),
]
_HARMLESS = ["SSR+OTHS:HK:1:{carrier}:::::WINDOW SEAT PLEASE", "IFT+3+LATE ARRIVAL"]


def _with_requests(text: str, rng: random.Random) -> tuple[str, Counter[str]]:
    """``text`` with sensitive and harmless requests after random travellers (TIF), and the
    UNT counts corrected: a message a carrier could have sent."""
    lines = text.split("'\n")
    carrier = re.search(r"ORG\+(\w\w)", text).group(1)  # type: ignore[union-attr]
    expected: Counter[str] = Counter()
    out: list[str] = []
    added = 0
    for segment_text in lines:
        line = segment_text
        if line.startswith("UNT+"):
            declared, _, reference = line[4:].partition("+")
            line = f"UNT+{int(declared) + added}+{reference}"
            added = 0
        out.append(line)
        if line.startswith("TIF+"):
            for _ in range(rng.randrange(3)):
                if rng.random() < 0.6:
                    segment, kind = rng.choice(_SENSITIVE)
                    expected[kind] += 1
                else:
                    segment = rng.choice(_HARMLESS)
                out.append(segment.format(carrier=carrier))
                added += 1
    return "'\n".join(out), expected


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000))
def test_any_pnr_loses_exactly_its_sensitive_requests(seed: int) -> None:
    rng = random.Random(seed)
    text, expected = _with_requests(
        generate_pnrgov(rng, bookings_per_flight=rng.randint(1, 6)), rng
    )
    original = parse(text)
    assert _issue_codes(original) == [[]] * len(original)

    redaction = redact(text)

    redacted = parse(redaction.text)
    assert redaction.counts == dict(sorted(expected.items()))
    assert _issue_codes(redacted) == _issue_codes(original)
    assert [_records(item.to_dict()) for item in redacted] == [
        _records(item.to_dict()) for item in original
    ]
    for code in ("MOML", "WCHR", "MEDA", "OXYGEN", "HALAL"):
        assert code not in redaction.text
    assert "WINDOW SEAT" in redaction.text or "WINDOW SEAT" not in text


def test_a_policy_with_an_extra_code_removes_it_too() -> None:
    text = _text(GTAS / "pnr-messages" / "gtas-loader-infant.edi")
    policy = default_policy().with_codes({"INFT": "infant on lap (special service)"})

    redaction = redact(text, policy)

    assert redaction.counts == {"special service": text.count("SSR+INFT")}
    assert parse(redaction.text, protection=policy)[0].removed == ()


# --- masking -----------------------------------------------------------------------------


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.upper()))


def _identifying(person: Identity) -> set[str]:
    values = {token for name in person.names for token in re.findall(r"\w{3,}", name.upper())}
    values |= {number.upper() for number in person.document_numbers if len(number) >= 3}
    values |= {f"{d:%Y%m%d}" for d in person.dates_of_birth}
    values |= {f"{d:%y%m%d}" for d in person.dates_of_birth}
    return values


@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: path.name)
def test_a_sample_masked_for_everyone_in_it_keeps_no_name_birth_date_or_document(
    path: Path,
) -> None:
    text = redact(_text(path)).text
    original = parse(text)
    people = identities(original)

    masked = mask(text, people)

    # It still parses: the same messages, no issue the original did not have (a damaged
    # character in a name goes with the name; a repaired UNA is written whole).
    after = [item for item in parse(masked.text) if item.message_type != "INTERCHANGE"]
    original = [item for item in original if item.message_type != "INTERCHANGE"]
    assert [item.message_type for item in after] == [item.message_type for item in original]
    for before_codes, after_codes in zip(_issue_codes(original), _issue_codes(after), strict=True):
        assert set(after_codes) <= set(before_codes)
    assert [item.errors for item in after] == [item.errors for item in original]
    words = _words(masked.text)
    assert not {value for person in people for value in _identifying(person)} & words
    for item in after:
        for traveller in item.manifest.travellers if item.manifest else ():
            assert (traveller.surname, traveller.date_of_birth) == ("XXXX", None)
            assert {d.number for d in traveller.documents} <= {"XXXXXXXX", None}
        for booking in item.pnr.bookings if item.pnr else ():
            for person in booking.travellers:
                assert person.surname == "XXXX"
                assert {d.date_of_birth for d in person.documents} <= {None}


def test_masking_one_infant_keeps_the_mother_and_drops_nothing_else() -> None:
    text = _text(GTAS / "pnr-messages" / "gtas-loader-infant.edi")
    infant = Identity(
        names=("BELT", "SOPHY OLIVIA"),
        dates_of_birth=(dt.date(2012, 9, 20),),
        document_numbers=("512731999",),
    )

    masked = mask(text, [infant])

    assert "512731999" not in masked.text and "20SEP12" not in masked.text
    assert "SOPHY" not in masked.text.upper()
    assert "509229987" in masked.text and "ISABELLE" in masked.text  # the mother's
    assert masked.dropped_segments == 0
    (item,) = parse(masked.text)
    documents = [d for t in item.pnr.bookings[0].travellers for d in t.documents]  # type: ignore[union-attr]
    assert {(d.number, d.date_of_birth) for d in documents} == {
        ("XXXXXXXX", None),
        ("509229987", dt.date(1978, 7, 1)),
    }


def test_masking_nobody_changes_nothing() -> None:
    text = _text(GTAS / "apis-messages" / "gtas-loader-Test1.txt")

    assert mask(text, []).text == text
    assert mask(text, [Identity(names=("NOBODY-KNOWN",))]).text == text


_NAME = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=10)


@st.composite
def _people(draw: st.DrawFn) -> list[Traveller]:
    count = draw(st.integers(1, 4))
    names = draw(st.lists(_NAME, min_size=2 * count, max_size=2 * count, unique=True))
    numbers = draw(
        st.lists(
            # A letter then digits, as passports are: never a name nor a date.
            st.builds(
                "{}{}".format,
                st.sampled_from("ABCDEFGHJKLMNPRSTUVWXYZ"),
                st.text("0123456789", min_size=6, max_size=8),
            ),
            min_size=count,
            max_size=count,
            unique=True,
        )
    )
    births = draw(
        st.lists(
            st.dates(dt.date(1930, 1, 1), dt.date(2020, 12, 31)),
            min_size=count,
            max_size=count,
            unique=True,
        )
    )
    return [
        Traveller(
            kind="passenger",
            role="FL",
            surname=names[2 * i],
            given_names=(names[2 * i + 1],),
            sex="M",
            date_of_birth=births[i],
            nationality="FRA",
            residence_country=None,
            birth_place=None,
            embarkation_port="CDG",
            debarkation_port="JFK",
            documents=(TravelDocument("P", numbers[i], "FRA", None),),
            references=(),
            pnr_locator=None,
            seat=None,
            address=None,
            segment_number=0,
        )
        for i in range(count)
    ]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_people(), delimiters(), st.data())
def test_masking_one_traveller_of_any_manifest_leaves_the_others_as_they_were(
    people: list[Traveller], chosen: Any, data: st.DataObject
) -> None:
    manifest = Manifest("745", "passengers", None, None, (), (), tuple(people), len(people))
    text = paxlst_interchange([manifest], delimiters=chosen)
    target = data.draw(st.integers(0, len(people) - 1))
    person = people[target]
    masked = mask(
        text,
        [
            Identity(
                names=(person.surname, *person.given_names),
                dates_of_birth=(person.date_of_birth,) if person.date_of_birth else (),
                document_numbers=tuple(d.number for d in person.documents if d.number),
            )
        ],
    )

    (item,) = parse(masked.text, strict=True)
    assert item.issues == ()
    after = item.manifest.travellers  # type: ignore[union-attr]
    assert masked.dropped_segments == 1  # the date-of-birth segment
    for index, traveller in enumerate(after):
        if index == target:
            assert (traveller.surname, traveller.given_names, traveller.date_of_birth) == (
                "XXXX",
                ("XXXX",),
                None,
            )
            assert [d.number for d in traveller.documents] == ["XXXXXXXX"]
        else:
            assert _records(traveller.to_dict()) == _records(people[index].to_dict())
