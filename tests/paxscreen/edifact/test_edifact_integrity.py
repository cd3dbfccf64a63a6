"""Corrupt and hostile text inside a message is reported with its position, never read silently."""

from __future__ import annotations

import pytest

from paxscreen.edifact import parse

HEAD = "UNA:+.? 'UNB+UNOA:4+KQ+PIU+261201:0900+1'UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'"
FLIGHT = "TDT+20+KQ100'LOC+125+NBO'DTM+189:2612011000:201'LOC+87+JFK'DTM+232:2612012000:201'"


def _issues(text: str | bytes) -> list[tuple[str, str, int | None, str]]:
    return [
        (issue.severity, issue.code, issue.segment_number, issue.text)
        for message in parse(text)
        for issue in message.issues
        if issue.code not in {"segment-count", "traveller-count"}
    ]


def test_a_lost_segment_terminator_inside_a_name_is_an_error() -> None:
    # Issue 14: "NAD…:UN" lost its "'" and swallowed "ATT+2++M": a traveller
    # "TERMINATOR, UNATT" with the sex lost was loaded without a word.
    text = HEAD + FLIGHT + "NAD+FL+++TERMINATOR:UNATT+2++M'UNT+9+1'UNZ+1+1'"

    assert _issues(text) == [
        (
            "error",
            "missing-terminator",
            9,
            "'ATT+' at character 23 of the segment looks like the start of another segment: "
            "a segment terminator may be missing",
        )
    ]


def test_a_name_that_merely_ends_like_a_segment_tag_is_not_flagged() -> None:
    text = HEAD + FLIGHT + "NAD+FL+++DONAT:MATT+12 HIGH STREET'ATT+2++M'UNT+10+1'UNZ+1+1'"

    assert _issues(text) == []


@pytest.mark.parametrize(("character", "code"), [("\x00", "U+0000"), ("\x1b", "U+001B")])
def test_control_characters_are_errors_with_their_position(character: str, code: str) -> None:
    text = HEAD + FLIGHT + f"NAD+FL+++DOE:JO{character}HN'ATT+2++M'UNT+10+1'UNZ+1+1'"

    assert _issues(text) == [
        (
            "error",
            "control-character",
            9,
            f"control character {code} at character 16 of the segment",
        )
    ]


def test_invalid_utf8_beside_valid_utf8_is_not_read_as_latin1() -> None:
    # Issue 14: "MüLLER, JÃ(RGEN" — one broken byte turned the whole message into Latin-1.
    content = (HEAD + FLIGHT + "NAD+FL+++MüLLER:J\udcc3(RGEN'ATT+2++M'UNT+10+1'UNZ+1+1'").encode(
        "utf-8", "surrogateescape"
    )

    messages = parse(content)

    assert messages[0].manifest is not None
    assert (
        messages[0].manifest.travellers[0].surname,
        messages[0].manifest.travellers[0].given_names,
    ) == ("MüLLER", ("J\ufffd(RGEN",))
    assert _issues(content) == [
        (
            "warning",
            "invalid-encoding",
            9,
            "bytes at character 18 of the segment are not in the character set the UNB declares",
        )
    ]


def test_a_latin1_file_declared_ascii_is_still_read_as_latin1() -> None:
    content = (HEAD + FLIGHT + "NAD+FL+++MÜLLER:JÜRGEN'ATT+2++M'UNT+10+1'UNZ+1+1'").encode(
        "latin-1"
    )

    messages = parse(content)

    assert messages[0].manifest is not None
    assert messages[0].manifest.travellers[0].surname == "MÜLLER"
    assert _issues(content) == []
