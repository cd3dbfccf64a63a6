"""CUSRES, the answer to an interactive PAXLST: built exactly as the golden files, read back.

The golden files (``golden/cusres_*.edi``) were written by hand from the layout of the
CUSRES implementation guide for iAPI (see ARCHITECTURE.md), not produced by the builder.
"""

from __future__ import annotations

import datetime as dt

import pytest
from tests.paxscreen.edifact.edifact_testdata import GOLDEN

from paxscreen.edifact.cusres import (
    CONTACT_AUTHORITY,
    DATA_ERROR,
    DO_NOT_BOARD,
    OK_TO_BOARD,
    REPLACEMENT,
    CusresError,
    CusresInterchange,
    Response,
    TravellerResponse,
    cusres_interchange,
    parse_cusres,
)

DEPARTURE = dt.datetime(2026, 12, 1, 9, 30)  # noqa: DTZ001 - EDIFACT local time


def _interchange(control: str, minute: int, response: Response) -> CusresInterchange:
    return CusresInterchange(
        sender="KEPIU",
        recipient="ZZ",
        control_reference=control,
        prepared=dt.datetime(2026, 12, 1, 6, minute),  # noqa: DTZ001
        responses=(response,),
    )


FLIGHT = {"flight": "ZZ506", "departure": DEPARTURE, "origin": "NBO"}

CASES = {
    "cleared": _interchange(
        "A0000001",
        12,
        Response(
            message_reference="1",
            answers_interchange="ZZ0001234",
            answers_message="1",
            destination="JFK",
            travellers=(
                TravellerResponse(
                    1,
                    OK_TO_BOARD,
                    reference="q7WZr1Xo0d2Yb9Kf4mTs",
                    carrier_reference="1A2B3C4D5E6F",
                ),
                TravellerResponse(2, OK_TO_BOARD, reference="Hc3Vn8Lp5Qs1Ga6Ue0Jw"),
            ),
            **FLIGHT,  # type: ignore[arg-type]
        ),
    ),
    "insufficient": _interchange(
        "A0000002",
        12,
        Response(
            message_reference="1",
            answers_interchange="ZZ0001235",
            answers_message="7",
            destination="XXX",
            travellers=(
                TravellerResponse(
                    1,
                    DATA_ERROR,
                    errors=(
                        "LOC 87: XXX is not an airport (IATA code)",
                        "DOC: the document number is missing",
                    ),
                ),
            ),
            **FLIGHT,  # type: ignore[arg-type]
        ),
    ),
    "refer": _interchange(
        "A0000003",
        13,
        Response(
            message_reference="1",
            answers_interchange="ZZ0001236",
            answers_message="1",
            destination="JFK",
            travellers=(TravellerResponse(1, CONTACT_AUTHORITY, reference="Tn4Rk7Wb2Mx9Pe5Ja1Zc"),),
            **FLIGHT,  # type: ignore[arg-type]
        ),
    ),
    "message_error": _interchange(
        "A0000004",
        14,
        Response(
            message_reference="1",
            answers_interchange="ZZ0001237",
            answers_message="1",
            errors=("TDT: no flight (TDT+20) in the message",),
        ),
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_built_cusres_is_the_golden_file(name: str) -> None:
    golden = (GOLDEN / f"cusres_{name}.edi").read_text("utf-8")

    assert cusres_interchange(CASES[name]) == golden


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_cusres_parses_to_its_answers(name: str) -> None:
    golden = (GOLDEN / f"cusres_{name}.edi").read_text("utf-8")

    assert parse_cusres(golden) == CASES[name]


def test_a_replacement_with_do_not_board_round_trips_on_one_line() -> None:
    # given the analyst's later decision, sent as a replacement of the first answer
    update = _interchange(
        "A0000009",
        40,
        Response(
            message_reference="2",
            answers_interchange="ZZ0001236",
            answers_message="1",
            function=REPLACEMENT,
            travellers=(TravellerResponse(1, DO_NOT_BOARD, reference="Tn4Rk7Wb2Mx9Pe5Ja1Zc"),),
        ),
    )
    # when written without line breaks (as most carriers' hosts send) and read back
    text = cusres_interchange(update, line_break="")

    assert "BGM+962++5'" in text
    assert "ERC+1Z'" in text
    assert parse_cusres(text) == update


def test_free_text_is_escaped_and_cut_to_the_element_size() -> None:
    answer = TravellerResponse(1, DATA_ERROR, errors=("a+b:c'd?e " + "x" * 600,))
    interchange = _interchange("1", 0, Response("1", "X", "1", travellers=(answer,), origin="NBO"))

    [read] = parse_cusres(cusres_interchange(interchange)).responses[0].travellers

    assert read.errors[0].startswith("a+b:c'd?e x")
    assert len(read.errors[0]) == 512


def test_a_paxlst_is_not_read_as_a_cusres() -> None:
    with pytest.raises(CusresError):
        parse_cusres("UNB+UNOC:4+A+B+261201:0600+1'UNH+1+PAXLST:D:05B:UN:IATA'UNT+2+1'UNZ+1+1'")
