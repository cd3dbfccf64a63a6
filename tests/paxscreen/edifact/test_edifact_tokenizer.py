"""Tokeniser: service string advice, separators, release characters, line breaks, streaming."""

from __future__ import annotations

import io

import pytest

from paxscreen.edifact.tokenizer import (
    Delimiters,
    iter_segment_batches,
    iter_segments,
    split_elements,
    unescape,
)


def _segments(text: str, chunk_size: int = 1 << 20) -> list[tuple[str, list[list[str]], int]]:
    return [
        (segment.tag, segment.elements, segment.number)
        for segment in iter_segments(text, chunk_size=chunk_size)
    ]


def test_default_delimiters_apply_without_una() -> None:
    assert _segments("UNB+UNOA:4+A+B'UNZ+0+1'") == [
        ("UNB", [["UNOA", "4"], ["A"], ["B"]], 1),
        ("UNZ", [["0"], ["1"]], 2),
    ]


@pytest.mark.parametrize(
    ("una", "text", "expected"),
    [
        ("UNA:+.? '", "NAD+FL+++DOE:JOHN'", [["FL"], [""], [""], ["DOE", "JOHN"]]),
        ("UNA:*.? $", "NAD*FL***DOE:JOHN$", [["FL"], [""], [""], ["DOE", "JOHN"]]),
        ("UNA!-,\\ ~", "NAD-FL---DOE!JOHN~", [["FL"], [""], [""], ["DOE", "JOHN"]]),
        ("UNA:+.? *", "NAD+FL+++DOE:JOHN*", [["FL"], [""], [""], ["DOE", "JOHN"]]),
    ],
)
def test_una_declares_the_separators(una: str, text: str, expected: list[list[str]]) -> None:
    assert _segments(una + text) == [("NAD", expected, 1)]


def test_release_character_escapes_every_separator_and_itself() -> None:
    text = "UNA:+.? 'IFT+4:28+CTCE A?+B?:C?'D??E'"
    assert _segments(text) == [("IFT", [["4", "28"], ["CTCE A+B:C'D?E"]], 1)]


def test_release_character_before_a_release_character_does_not_escape_the_terminator() -> None:
    assert _segments("FTX+A??'FTX+B'") == [("FTX", [["A?"]], 1), ("FTX", [["B"]], 2)]


def test_no_release_character_when_una_declares_a_space() -> None:
    assert _segments("UNA:+.  'FTX+A?'FTX+B'") == [("FTX", [["A?"]], 1), ("FTX", [["B"]], 2)]


def test_dangling_release_character_at_the_end_is_kept() -> None:
    assert unescape("ABC?", "?") == "ABC?"


def test_line_breaks_inside_segments_are_removed_and_leading_blanks_dropped() -> None:
    text = " UNB+IATA:1+DL'\r\n  SSR+DOCS:HK::DL:::::/P/GBR/1234/SMITHJ\r\nR/JOHN' \r\nSRC'"
    assert _segments(text) == [
        ("UNB", [["IATA", "1"], ["DL"]], 1),
        ("SSR", [["DOCS", "HK", "", "DL", "", "", "", "", "/P/GBR/1234/SMITHJR/JOHN"]], 2),
        ("SRC", [], 3),
    ]


def test_carriage_return_can_be_the_terminator() -> None:
    text = "UNA:*.? \r\nUNB*UNOA:4*SDT\r\nUNG *PAXLST\r\n"
    assert _segments(text) == [
        ("UNB", [["UNOA", "4"], ["SDT"]], 1),
        ("UNG", [["PAXLST"]], 2),
    ]


def test_five_character_una_is_read_without_decimal_mark_and_reported() -> None:
    batches = list(iter_segment_batches("UNA:+\\*'\nUNB+IATA:1'LTS+A\\*B'"))
    assert batches[0].delimiters == Delimiters(":", "+", ".", "\\", "*", "'")
    assert [issue.code for issue in batches[0].issues] == ["una-short"]
    assert _segments("UNA:+\\*'\nUNB+IATA:1'LTS+A\\*B'")[1] == ("LTS", [["A*B"]], 2)


def test_typographic_apostrophe_in_una_is_repaired_when_segments_use_the_apostrophe() -> None:
    text = "UNA:+.\\*\u2019 UNB+IATA:1'UNH+1'"
    batches = list(iter_segment_batches(text))
    assert batches[0].delimiters.segment == "'"
    assert [issue.code for issue in batches[0].issues] == ["una-terminator-repaired"]


def test_typographic_apostrophe_before_a_tag_is_read_as_terminator() -> None:
    batches = list(iter_segment_batches("SSR+DOCS:HK\u2019\nTVL+1'"))
    assert batches[0].segments == ["SSR+DOCS:HK", "TVL+1"]
    assert [issue.code for issue in batches[0].issues] == ["terminator-repaired"]


def test_una_in_the_middle_switches_the_delimiters() -> None:
    text = "UNZ+1+A'UNA:-.? *UNB-IATA:1*UNZ-1-B*"
    assert _segments(text) == [
        ("UNZ", [["1"], ["A"]], 1),
        ("UNB", [["IATA", "1"]], 2),
        ("UNZ", [["1"], ["B"]], 3),
    ]


@pytest.mark.parametrize("chunk_size", [1, 2, 3, 5, 8, 13, 64])
def test_streaming_in_small_chunks_gives_the_same_segments(chunk_size: int) -> None:
    text = (
        "UNA:+.? '\nUNB+UNOA:4+A'\nNAD+FL+++O?'BRIEN:ANN?+MARY'\r\nDTM+329:800101'"
        "UNZ+1+A'UNA:*,! $UNB*IATA:1$FTX*A!$B$"
    )
    assert _segments(text, chunk_size) == _segments(text)
    stream = [
        (s.tag, s.elements, s.number)
        for s in iter_segments(io.StringIO(text), chunk_size=chunk_size)
    ]
    assert stream == _segments(text)


def test_split_elements_keeps_empty_components() -> None:
    assert split_elements("TIF+SMITH+JOHN:A::1", Delimiters()) == [
        ["TIF"],
        ["SMITH"],
        ["JOHN", "A", "", "1"],
    ]


def test_escape_round_trips_through_split() -> None:
    delimiters = Delimiters(":", "+", ".", "?", " ", "'")
    value = "A+B:C'D?E"
    raw = "FTX+" + delimiters.escape(value)
    assert split_elements(raw, delimiters) == [["FTX"], [value]]


@pytest.mark.parametrize("chunk_size", [1 << 20, 4096])
def test_a_segment_of_a_hundred_thousand_released_terminators_reads_back_whole(
    chunk_size: int,
) -> None:
    # Issue 14: 0.8 MB of "?'" took 15 s (each escaped terminator re-joined the whole
    # segment so far); the timing is in bench/bench_parsing.py, this pins the result.
    text = "UNB+UNOA:4+X'NAD+FL+++" + "O?'" * 100_000 + ":JOHN'UNZ+0+1'"

    segments = _segments(text, chunk_size=chunk_size)

    assert [(tag, number) for tag, _elements, number in segments] == [
        ("UNB", 1),
        ("NAD", 2),
        ("UNZ", 3),
    ]
    assert segments[1][1] == [["FL"], [""], [""], ["O'" * 100_000, "JOHN"]]
