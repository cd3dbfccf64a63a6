"""Envelopes and control checks: counts, references, missing UNT, bad messages in good company."""

from __future__ import annotations

import pytest

from paxscreen.edifact import EdifactError, parse

_PAX = (
    "UNH+{ref}+PAXLST:D:05B:UN:IATA'BGM+745'TDT+20+AB123+++AB'LOC+125+LHR'"
    "DTM+189:2601011200:201'LOC+87+JFK'NAD+FL+++{surname}:ANN'DTM+329:{dob}'"
    "UNT+{count}+{ref}'"
)


def _message(ref: str, surname: str = "DOE", dob: str = "800101", count: int = 9) -> str:
    return _PAX.format(ref=ref, surname=surname, dob=dob, count=count)


def _interchange(*messages: str, declared: int | None = None, reference: str = "IC1") -> str:
    count = len(messages) if declared is None else declared
    return (
        f"UNA:+.? 'UNB+UNOA:4+CARRIER+PIU+260101:1200+{reference}'"
        + "".join(messages)
        + f"UNZ+{count}+{reference}'"
    )


def test_well_formed_interchange_has_no_issues() -> None:
    results = parse(_interchange(_message("1"), _message("2", "ROE")))
    assert [result.message_type for result in results] == ["PAXLST", "PAXLST"]
    assert [result.issues for result in results] == [(), ()]
    assert results[1].first_segment_number == 11
    assert results[1].interchange is not None
    assert results[1].interchange.control_reference == "IC1"


def test_wrong_segment_count_is_a_warning_when_lenient() -> None:
    (result,) = parse(_interchange(_message("1", count=12)))
    (issue,) = result.issues
    assert (issue.severity, issue.code, issue.tag) == ("warning", "segment-count", "UNT")
    assert (issue.segment_number, issue.message_segment_number) == (10, 9)
    assert issue.text == "UNT declares 12 segments, the message has 9"
    assert issue.expected == "UNT segment count 9"


def test_wrong_segment_count_raises_in_strict_mode() -> None:
    with pytest.raises(EdifactError) as raised:
        parse(_interchange(_message("1", count=12)), strict=True)
    assert raised.value.issue.code == "segment-count"
    assert str(raised.value) == (
        "error segment-count at segment 10 / message segment 9 / UNT: "
        "UNT declares 12 segments, the message has 9 (expected UNT segment count 9)"
    )


def test_strict_mode_without_raising_records_errors_for_every_message() -> None:
    results = parse(
        _interchange(_message("1", count=12), _message("2")), strict=True, raise_errors=False
    )
    assert [[issue.severity for issue in result.issues] for result in results] == [["error"], []]


def test_interchange_count_and_reference_mismatch_are_reported_outside_messages() -> None:
    text = _interchange(_message("1"), declared=3).replace("UNZ+3+IC1", "UNZ+3+XX")
    results = parse(text)
    assert results[-1].message_type == "INTERCHANGE"
    assert [(issue.code, issue.segment_number, issue.tag) for issue in results[-1].issues] == [
        ("message-count", 11, "UNZ"),
        ("interchange-reference", 11, "UNZ"),
    ]


def test_a_message_without_unt_is_an_error_and_the_next_message_survives() -> None:
    broken = _message("1").replace("UNT+9+1'", "")
    results = parse(_interchange(broken, _message("2", "ROE")))
    assert [result.message_reference for result in results[:2]] == ["1", "2"]
    assert [issue.code for issue in results[0].issues] == ["missing-unt"]
    assert results[0].issues[0].expected == "UNT"
    assert results[1].ok
    assert results[1].manifest is not None
    assert results[1].manifest.travellers[0].surname == "ROE"


def test_a_bad_value_is_an_error_naming_the_segment_and_the_others_are_kept() -> None:
    results = parse(_interchange(_message("1", dob="801399"), _message("2", "ROE")))
    (issue,) = results[0].issues
    assert (issue.code, issue.segment_number, issue.message_segment_number, issue.tag) == (
        "invalid-date",
        9,
        8,
        "DTM",
    )
    assert issue.text == "date of birth '801399' is not a date"
    assert results[1].ok


def test_data_after_unz_is_a_warning_and_kept() -> None:
    results = parse(_interchange(_message("1")) + "\n13Nov09")
    problems = results[-1]
    assert [issue.code for issue in problems.issues] == ["data-after-interchange"]
    assert [(segment.tag, segment.segment_number) for segment in problems.unmapped] == [
        ("13Nov09", 12)
    ]


def test_missing_unz_is_reported() -> None:
    text = "UNB+UNOA:4+A+B+260101:1200+R'" + _message("1")
    results = parse(text)
    assert [issue.code for issue in results[-1].issues] == ["missing-unz"]


def test_message_before_any_unb_is_an_error_but_still_read() -> None:
    results = parse(_message("1"))
    assert results[0].manifest is not None
    assert [issue.code for issue in results[-1].issues] == ["missing-unb", "missing-unz"]


def test_group_counts_are_checked() -> None:
    text = (
        "UNB+UNOA:4+A+B+260101:1200+R'UNG+PAXLST+A+B+260101:1200+G1+UN+D:05B'"
        + _message("1")
        + "UNE+2+G1'UNZ+1+R'"
    )
    results = parse(text)
    assert [(issue.code, issue.tag) for issue in results[-1].issues] == [("message-count", "UNE")]
    assert results[0].interchange is not None
    assert results[0].interchange.group_reference == "G1"


def test_unknown_message_types_are_kept_unmapped_with_a_warning() -> None:
    text = "UNB+UNOA:4+A+B+260101:1200+R'UNH+1+CUSRES:D:05B:UN'BGM+962'UNT+3+1'UNZ+1+R'"
    (result,) = parse(text)
    assert result.message_type == "CUSRES"
    assert [issue.code for issue in result.issues] == ["unsupported-message"]
    assert [(segment.tag, segment.text, segment.segment_number) for segment in result.unmapped] == [
        ("BGM", "962", 3)
    ]


def test_bytes_are_decoded_by_the_declared_syntax_level() -> None:
    text = _interchange(_message("1", "M\u00dcLLER")).replace("UNOA", "UNOC")
    (result,) = parse(text.encode("latin-1"))
    assert result.manifest is not None
    assert result.manifest.travellers[0].surname == "M\u00dcLLER"
