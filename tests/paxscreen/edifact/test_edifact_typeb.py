"""IATA Type B headings around EDIFACT payloads."""

from __future__ import annotations

import pytest

from paxscreen.edifact.typeb import TypeBEnvelope, unwrap

PAYLOAD = "UNA:+.? 'UNB+UNOA:4+EK+USCBP+261201:0600+1'UNZ+0+1'"


def test_the_heading_is_split_from_the_payload_with_its_addresses() -> None:
    text = f"\x01QU JFKCBXH WASCBXH\r\nNYCCBXH\r\n.DXBEKXS 011200 PDM\r\n\x02{PAYLOAD}\r\n\x03"

    assert unwrap(text) == (
        TypeBEnvelope("QU", ("JFKCBXH", "WASCBXH", "NYCCBXH"), "DXBEKXS", "011200"),
        PAYLOAD,
    )


@pytest.mark.parametrize(
    "text", [PAYLOAD, "QUICK BROWN FOX\n.JUMPS 011200\n" + PAYLOAD, "QU JFKCBXH\n" + PAYLOAD]
)
def test_text_without_a_complete_heading_comes_back_whole(text: str) -> None:
    assert unwrap(text) == (None, text)
