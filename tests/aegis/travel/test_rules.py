"""The rule engine: conditions as data, evaluated by a fixed table of operators."""

from __future__ import annotations

from typing import Any

import pytest

from aegis.travel.rules import Condition, RuleDefinitionError, evaluate, parse_conditions

FACTS: dict[str, Any] = {
    "route": "IKA-JFK",
    "origin_country": "IRN",
    "age": 23,
    "one_way": True,
    "form_of_payment": "CA",
    "travel_agency": "",
    "travellers_in_booking": 1,
}


@pytest.mark.parametrize(
    ("conditions", "expected"),
    [
        (
            [{"field": "origin_country", "op": "in", "value": "irq, irn"}],
            ["Origin country is one of IRQ, IRN (here: IRN)"],
        ),
        ([{"field": "origin_country", "op": "not_in", "value": "IRQ,IRN"}], None),
        ([{"field": "age", "op": "lt", "value": "25"}], ["Age is less than 25 (here: 23)"]),
        ([{"field": "age", "op": "gte", "value": 25}], None),
        ([{"field": "one_way", "op": "eq", "value": "yes"}], ["One-way trip is yes (here: yes)"]),
        ([{"field": "one_way", "op": "ne", "value": "yes"}], None),
        (
            [{"field": "route", "op": "contains", "value": "jfk"}],
            ["Route (origin-destination) contains JFK (here: IKA-JFK)"],
        ),
        ([{"field": "travel_agency", "op": "ne", "value": "X"}], None),  # unknown never matches
        (
            [
                {"field": "travellers_in_booking", "op": "eq", "value": "1"},
                {"field": "form_of_payment", "op": "eq", "value": "ca"},
            ],
            [
                "Travellers in the booking is 1 (here: 1)",
                "Form of payment is CA (here: CA)",
            ],
        ),
    ],
)
def test_evaluate(conditions: list[dict[str, Any]], expected: list[str] | None) -> None:
    assert evaluate(parse_conditions(conditions), FACTS) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ([], "A rule needs at least one condition"),
        ([{"field": "os.system", "op": "eq", "value": "x"}], "Unknown field 'os.system'"),
        ([{"field": "age", "op": "__class__", "value": "x"}], "Unknown operator '__class__'"),
        ([{"field": "age", "op": "lt", "value": "old"}], "Age: 'old' is not a number"),
        (
            [{"field": "route", "op": "gt", "value": "3"}],
            "Route (origin-destination) is not a number",
        ),
        (
            [{"field": "one_way", "op": "in", "value": "yes"}],
            "One-way trip can only be compared with is / is not",
        ),
        ([{"field": "nationality", "op": "eq", "value": " "}], "Nationality: a value is needed"),
    ],
)
def test_badly_formed_rules_are_refused(raw: list[dict[str, Any]], message: str) -> None:
    with pytest.raises(RuleDefinitionError) as error:
        parse_conditions(raw)

    assert str(error.value) == message


def test_conditions_are_stored_normalised() -> None:
    assert parse_conditions([{"field": "nationality", "op": "in", "value": "fra , deu"}]) == [
        Condition("nationality", "in", ["FRA", "DEU"])
    ]
