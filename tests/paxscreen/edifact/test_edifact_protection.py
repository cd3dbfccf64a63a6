"""Data protection: sensitive SSR codes and free text are removed before mapping, and reported."""

from __future__ import annotations

import json
from pathlib import Path

from paxscreen.edifact import ProtectionPolicy, default_policy, parse

_PNR = (
    "UNB+IATA:1+XX+PIU+260101:1200+R'UNH+1+PNRGOV:13:1:IA+X'MSG+:22'SRC'RCI+XX:ABC123'"
    "IFT+4:28::XX+PAX NEEDS WHEELCHAIR AT GATE'IFT+4:28::XX+VIP'TIF+DOE+JANEMRS:A:1'"
    "SSR+MOML:HK:1:XX'SSR+DOCS:HK:1:XX:::::/P/FRA/123/FRA/01JAN80/F/01JAN30/DOE/JANE'"
    "SSR+OTHS:HK:1:XX:::::KOSHER MEAL PLEASE'SSR+CHLD:HK:1:XX'UNT+12+1'UNZ+1+R'"
)


def test_default_policy_removes_religious_meal_and_health_free_text() -> None:
    (result,) = parse(_PNR)
    assert [(item.segment_number, item.tag, item.code) for item in result.removed] == [
        (6, "IFT", "WHEELCHAIR"),
        (9, "SSR", "MOML"),
        (11, "SSR", "KOSHER"),
    ]
    assert result.removed[1].reason == "meal: Muslim (religion)"
    assert result.pnr is not None
    booking = result.pnr.bookings[0]
    assert booking.free_text == ("VIP",)
    traveller = booking.travellers[0]
    assert [request.code for request in traveller.special_requests] == ["CHLD"]
    assert traveller.documents[0].number == "123"
    assert result.unmapped == ()


def test_policy_is_configurable_from_a_json_file(tmp_path: Path) -> None:
    path = tmp_path / "policy.json"
    path.write_text(json.dumps({"ssr_codes": {"CHLD": "child"}, "text_terms": []}))
    (result,) = parse(_PNR, protection=ProtectionPolicy.from_json(path))
    assert [(item.segment_number, item.code) for item in result.removed] == [(12, "CHLD")]


def test_with_codes_extends_the_default_policy() -> None:
    policy = default_policy().with_codes({"CHLD": "child"})
    (result,) = parse(_PNR, protection=policy)
    assert [item.code for item in result.removed] == ["WHEELCHAIR", "MOML", "KOSHER", "CHLD"]


def test_words_inside_other_words_are_not_matched() -> None:
    text = _PNR.replace("PAX NEEDS WHEELCHAIR AT GATE", "MEDICALLYCLEARED? NO: HIVEMIND")
    (result,) = parse(text)
    assert [item.code for item in result.removed] == ["MOML", "KOSHER"]
