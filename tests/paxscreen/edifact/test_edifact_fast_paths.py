"""The shortcuts taken for parsing speed give exactly what the plain ways give.

Each speed-up (issue 14, deliverable 6) replaced a plain computation by a faster one;
these tests hold the faster one to the plain one on generated and real inputs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import pickle
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.paxscreen.edifact.edifact_testdata import PNR

from paxscreen.edifact import EdifactError, parse
from paxscreen.edifact.integrity import _pattern, _screens
from paxscreen.edifact.model import InterchangeHeader, SsrDocument
from paxscreen.edifact.pnrgov import contact_from_text, read_pnr_push, split_title
from paxscreen.edifact.tokenizer import _split_escaped, unescape


def _plain_split(text: str, separator: str, release: str) -> list[str]:
    """Character by character: a release character protects the one after it."""
    pieces, current, protected = [], "", False
    for char in text:
        if protected:
            current += char
            protected = False
        elif char == release:
            current += char
            protected = True
        elif char == separator:
            pieces.append(current)
            current = ""
        else:
            current += char
    pieces.append(current)
    return pieces


@settings(max_examples=400)
@given(st.text(alphabet="AB?'+: ", max_size=40), st.sampled_from("'+:"))
def test_escaped_split_is_the_character_scan(text: str, separator: str) -> None:
    assert _split_escaped(text, separator, "?") == _plain_split(text, separator, "?")


def test_escaped_split_of_a_long_released_run() -> None:
    text = "NAD+FL+++O?'BRIEN?'?'?'" * 3 + "'UNT+2+1'"
    assert _split_escaped(text, "'", "?") == _plain_split(text, "'", "?")


_SERVICE = ":+?'"
_ALPHABET = "ATIFSRDOC+:\n019\x00\x1f\x7f\x85\ufffdé"


@settings(max_examples=400)
@given(st.text(alphabet=_ALPHABET, max_size=40), st.sampled_from(["PNRGOV", "PAXLST"]))
def test_integrity_screens_find_what_the_combined_pattern_finds(
    text: str, message_type: str
) -> None:
    element, component = re.escape("+"), re.escape(":")
    characters, glued = _screens(element, component, _SERVICE, message_type)
    combined = _pattern(element, component, _SERVICE, message_type)
    screened = characters.search(text) is not None or glued.search(text) is not None
    assert screened == (combined.search(text) is not None)


@pytest.mark.parametrize("collecting", [True, False])
def test_parse_leaves_the_garbage_collector_as_it_found_it(collecting: bool) -> None:
    was = gc.isenabled()
    try:
        gc.enable() if collecting else gc.disable()
        assert parse(PNR / "gtas-loader-3_pnrs.edi")
        assert gc.isenabled() is collecting
        with pytest.raises(EdifactError):
            parse(
                "UNA:+.? 'UNB+UNOA:4+XX+PIU+261201:0900+1'UNH+1+PAXLST:D:05B:UN:IATA'", strict=True
            )
        assert gc.isenabled() is collecting
    finally:
        gc.enable() if was else gc.disable()


def test_records_stay_frozen_with_their_defaults() -> None:
    header = InterchangeHeader("UNOA", "4", "XX", "PIU", dt.datetime(2026, 12, 1, 9), "1")  # noqa: DTZ001 - EDIFACT times are naive
    assert header.application_reference is None
    assert header.group_recipient is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        header.sender = "YY"  # type: ignore[misc]
    document = SsrDocument(
        document_type="P",
        issuing_country="USA",
        number="X1",
        nationality="USA",
        date_of_birth=dt.date(1970, 1, 2),
        sex="M",
        infant=False,
        expiry_date=None,
        surname="DOE",
        given_names=("JOHN",),
        segment_number=7,
    )
    assert dataclasses.replace(document, number="X2").number == "X2"
    assert pickle.loads(pickle.dumps(document)) == document  # noqa: S301 - our own bytes
    assert hash(document) == hash(dataclasses.replace(document))
    with pytest.raises(TypeError):
        SsrDocument("P")  # type: ignore[call-arg]


def test_records_filled_through_their_twin_keep_their_class() -> None:
    values = ("P", "USA", "X1", "USA", dt.date(1970, 1, 2), "M", False, None, "DOE", ("JOHN",), 7)
    document = SsrDocument(*values)
    assert type(document) is SsrDocument
    assert dataclasses.astuple(document) == values

    class Annotated(SsrDocument):  # another layout (it has a __dict__): filled by the setters
        pass

    annotated = Annotated(*values)
    assert type(annotated) is Annotated
    assert dataclasses.astuple(annotated) == values
    with pytest.raises(dataclasses.FrozenInstanceError):
        annotated.number = "X2"  # type: ignore[misc]


def test_pnrgov_module_keeps_its_public_names() -> None:
    assert split_title("JOHNMR") == (("JOHN",), "MR")
    contact = contact_from_text("CTCE JOHN..DOE//MAIL.COM", "IFT")
    assert contact is not None and contact.value == "JOHN_DOE@MAIL.COM"
    assert contact_from_text("NO CONTACT HERE", "IFT") is None
    assert callable(read_pnr_push)


@settings(max_examples=400)
@given(st.text(alphabet="A?'+\n", max_size=30))
def test_unescape_is_the_release_substitution(value: str) -> None:
    # The rule as a regular expression: a release character and the one it releases
    # become that one; a release character with nothing after it stays.
    assert unescape(value, "?") == re.sub(r"\?(.)", r"\1", value, flags=re.DOTALL)
