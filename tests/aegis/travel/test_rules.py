"""The rule engine: conditions as data, evaluated by a fixed table of operators."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aegis.travel.rules import (
    FIELDS,
    OPERATORS,
    Condition,
    Group,
    RuleDefinitionError,
    evaluate,
    parse_rule,
)

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
    assert evaluate(parse_rule(conditions), FACTS) == expected


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
        parse_rule(raw)

    assert str(error.value) == message


def test_conditions_are_stored_normalised() -> None:
    rule = parse_rule([{"field": "nationality", "op": "in", "value": "fra , Germany"}])

    assert rule == Group((Condition("nationality", "in", ("FRA", "DEU")),))
    assert rule.to_json() == {
        "version": 2,
        "match": "all",
        "negate": False,
        "conditions": [
            {"field": "nationality", "op": "in", "value": ["FRA", "DEU"], "negate": False}
        ],
    }


@pytest.mark.parametrize("op", ["in", "not_in"])
def test_a_stored_list_is_read_back_as_the_same_list(op: str) -> None:
    """Observed: a stored ``["SAU", "YEM"]`` came back as ``"['SAU'"`` and ``" 'YEM']"``."""
    built = parse_rule([{"field": "nationality", "op": op, "value": "SAU, YEM"}])
    stored = json.loads(json.dumps(built.to_json()))

    reloaded = parse_rule(stored)

    assert stored["conditions"][0]["value"] == ["SAU", "YEM"]
    assert reloaded == built
    assert reloaded.items[0] == Condition("nationality", op, ("SAU", "YEM"))
    saudi = {"nationality": "SAU"}
    assert evaluate(reloaded, saudi) == evaluate(built, saudi)
    assert (evaluate(reloaded, saudi) is not None) is (op == "in")


def test_a_version_one_rule_with_a_stored_list_still_fires() -> None:
    stored = [{"field": "origin_country", "op": "in", "value": ["IRQ", "IRN"]}]

    assert evaluate(parse_rule(stored), FACTS) == ["Origin country is one of IRQ, IRN (here: IRN)"]


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "Infinity", float("nan")])
def test_non_finite_numbers_are_refused(value: object) -> None:
    with pytest.raises(RuleDefinitionError) as error:
        parse_rule([{"field": "age", "op": "lt", "value": value}])

    assert str(error.value) == f"Age: {value!r} is not a finite number"


def test_every_fault_is_reported_at_once_with_its_place() -> None:
    with pytest.raises(RuleDefinitionError) as error:
        parse_rule(
            [
                {"field": "nationality", "op": "in", "value": "SAU, XX1"},
                {"field": "age", "op": "between", "value": "45-30"},
                {"field": "form_of_payment", "op": "eq", "value": "BITCOIN"},
                {"field": "origin", "op": "eq", "value": "JFK1"},
            ]
        )

    assert [(p.path, p.message) for p in error.value.problems] == [
        ("conditions.0.value", "Nationality: 'XX1' is not a country"),
        ("conditions.1.value", "Age: the range 45-30 is empty"),
        (
            "conditions.2.value",
            "Form of payment: 'BITCOIN' is not one of CA, CC, CK, DC, DP, GR, IN, MS, NR, PT, "
            "SGR, VO",
        ),
        ("conditions.3.value", "Origin airport: 'JFK1' is not an airport code (three letters)"),
    ]


def test_any_of_groups_negation_and_ranges() -> None:
    rule = parse_rule(
        {
            "match": "all",
            "conditions": [
                {"field": "age", "op": "between", "value": "20–25"},
                {
                    "match": "any",
                    "conditions": [
                        {"field": "route", "op": "contains", "value": "CDG"},
                        {"field": "origin_country", "op": "eq", "value": "Iran"},
                    ],
                },
                {"field": "form_of_payment", "op": "eq", "value": "CC", "negate": True},
            ],
        }
    )

    assert evaluate(rule, FACTS) == [
        "Age is between 20 and 25 (here: 23)",
        "Origin country is IRN (here: IRN)",
        "not: Form of payment is CC (here: CA)",
    ]
    assert evaluate(rule, FACTS | {"age": 26}) is None
    assert evaluate(rule, FACTS | {"form_of_payment": "CC"}) is None
    assert parse_rule(json.loads(json.dumps(rule.to_json()))) == rule


# ----------------------------------------------------------------------------- property

_VALUES = {
    "text": st.sampled_from(["IKA-JFK", "JFK", "cdg", "Agency A", "x"]),
    "number": st.one_of(
        st.integers(-5, 120).map(str),
        st.floats(-5, 120, allow_nan=False).map(lambda n: f"{n:.2f}"),
        st.tuples(st.integers(0, 60), st.integers(0, 60)).map(lambda r: f"{min(r)}-{max(r)}"),
    ),
    "bool": st.sampled_from(["yes", "no", "true", "0"]),
    "country": st.lists(
        st.sampled_from(["IRN", "irq", "Saudi Arabia", "YEM", "GB", "FRA"]), min_size=1
    ).map(", ".join),
    "airport": st.sampled_from(["JFK", "ika", "CDG"]),
    "code": st.sampled_from(["CA", "cc", "M", "F", "PASSENGER", "crew"]),
}
_FACTS = st.fixed_dictionaries(
    {
        "route": st.sampled_from(["IKA-JFK", "CDG-JFK", None]),
        "origin": st.sampled_from(["IKA", "JFK", "CDG"]),
        "origin_country": st.sampled_from(["IRN", "IRQ", "FRA", None]),
        "nationality": st.sampled_from(["SAU", "YEM", "GBR", "FRA", ""]),
        "age": st.one_of(st.none(), st.integers(0, 90)),
        "one_way": st.one_of(st.none(), st.booleans()),
        "form_of_payment": st.sampled_from(["CA", "CC", None]),
        "travel_agency": st.sampled_from(["AGENCY A", ""]),
        "travellers_in_booking": st.integers(1, 9),
        "sex": st.sampled_from(["M", "F"]),
        "kind": st.sampled_from(["passenger", "crew"]),
        "checked_bags": st.integers(0, 3),
    }
)


@st.composite
def _builder_rows(draw: st.DrawFn) -> dict[str, Any]:
    rows = []
    for _ in range(draw(st.integers(1, 4))):
        field = draw(st.sampled_from(sorted(set(FIELDS) - {"destination", "destination_country"})))
        kind = FIELDS[field].type
        # Mostly the tests a field's type allows, sometimes any (the builder must refuse it).
        allowed = {"number": sorted(OPERATORS), "bool": ["eq", "ne"]}.get(
            kind, ["eq", "ne", "in", "not_in", "contains"]
        )
        op = draw(st.sampled_from(allowed) | st.sampled_from(sorted(OPERATORS)))
        value = draw(_VALUES[kind])
        rows.append({"field": field, "op": op, "value": value, "negate": draw(st.booleans())})
    return {"match": draw(st.sampled_from(["all", "any"])), "conditions": rows}


@settings(max_examples=500, deadline=None)
@given(rows=_builder_rows(), facts=_FACTS)
def test_a_rule_the_builder_accepts_selects_the_same_after_save_and_reload(
    rows: dict[str, Any], facts: dict[str, Any]
) -> None:
    try:
        built = parse_rule(rows)
    except RuleDefinitionError:
        return  # the builder refuses it: nothing is stored
    stored = json.loads(json.dumps(built.to_json(), allow_nan=False))

    reloaded = parse_rule(stored)

    assert reloaded == built
    assert reloaded.to_json() == stored
    assert evaluate(reloaded, facts) == evaluate(built, facts)
