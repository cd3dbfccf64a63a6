"""Risk indicators as data: a rule is a list of conditions that must all hold.

A condition is ``{"field": …, "op": …, "value": …}`` over the facts of one traveller
(see ``FIELDS``). Rules are stored as JSON and evaluated here by a fixed table of
operators: no user text is ever evaluated as code. Pure Python without Django, so that
it can move to ``paxscreen.rules`` unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "FIELDS",
    "OPERATORS",
    "Condition",
    "RuleDefinitionError",
    "describe",
    "evaluate",
    "parse_conditions",
]

FieldType = Literal["text", "number", "bool", "country", "airport"]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    label: str
    type: FieldType


# The facts a rule may test; services compute them for each traveller.
FIELDS: dict[str, FieldSpec] = {
    "route": FieldSpec("Route (origin-destination)", "text"),
    "origin": FieldSpec("Origin airport", "airport"),
    "destination": FieldSpec("Destination airport", "airport"),
    "origin_country": FieldSpec("Origin country", "country"),
    "destination_country": FieldSpec("Destination country", "country"),
    "days_booked_before_departure": FieldSpec("Days from booking to departure", "number"),
    "one_way": FieldSpec("One-way trip", "bool"),
    "form_of_payment": FieldSpec("Form of payment", "text"),
    "travel_agency": FieldSpec("Travel agency", "text"),
    "travellers_in_booking": FieldSpec("Travellers in the booking", "number"),
    "document_issuing_country": FieldSpec("Document issuing country", "country"),
    "nationality": FieldSpec("Nationality", "country"),
    "age": FieldSpec("Age", "number"),
    "sex": FieldSpec("Sex", "text"),
    "kind": FieldSpec("Passenger or crew", "text"),
    "checked_bags": FieldSpec("Checked bags", "number"),
}


def _as_list(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(item).strip().upper() for item in value]
    return [part.strip().upper() for part in str(value).split(",") if part.strip()]


def _text(value: Any) -> str:
    return str(value).strip().upper()


def _number(value: Any) -> float:
    return float(value)


OPERATORS: dict[str, tuple[str, Callable[[Any, Any], bool]]] = {
    "eq": ("is", lambda fact, value: _text(fact) == _text(value)),
    "ne": ("is not", lambda fact, value: _text(fact) != _text(value)),
    "in": ("is one of", lambda fact, value: _text(fact) in _as_list(value)),
    "not_in": ("is none of", lambda fact, value: _text(fact) not in _as_list(value)),
    "contains": ("contains", lambda fact, value: _text(value) in _text(fact)),
    "lt": ("is less than", lambda fact, value: _number(fact) < _number(value)),
    "lte": ("is at most", lambda fact, value: _number(fact) <= _number(value)),
    "gt": ("is more than", lambda fact, value: _number(fact) > _number(value)),
    "gte": ("is at least", lambda fact, value: _number(fact) >= _number(value)),
}
_NUMERIC_OPS = frozenset({"lt", "lte", "gt", "gte"})


class RuleDefinitionError(ValueError):
    """A rule's conditions are not well formed (unknown field or operator, bad value)."""


@dataclass(frozen=True, slots=True)
class Condition:
    field: str
    op: str
    value: Any

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "op": self.op, "value": self.value}


def _coerce(spec: FieldSpec, op: str, raw: Any) -> Any:
    if spec.type == "bool":
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in {"true", "yes", "1"}:
            return True
        if text in {"false", "no", "0"}:
            return False
        raise RuleDefinitionError(f"{spec.label}: {raw!r} is not yes or no")
    if op in _NUMERIC_OPS or spec.type == "number":
        try:
            number = float(raw)
        except (TypeError, ValueError):
            raise RuleDefinitionError(f"{spec.label}: {raw!r} is not a number") from None
        return int(number) if number.is_integer() else number
    text = str(raw).strip()
    if not text:
        raise RuleDefinitionError(f"{spec.label}: a value is needed")
    if op in {"in", "not_in"}:
        return _as_list(text)
    return text.upper()


def parse_conditions(raw: Sequence[Mapping[str, Any]]) -> list[Condition]:
    """Check and normalise stored or submitted conditions; raises RuleDefinitionError."""
    if not raw:
        raise RuleDefinitionError("A rule needs at least one condition")
    conditions = []
    for item in raw:
        field, op = item.get("field"), item.get("op")
        if field not in FIELDS:
            raise RuleDefinitionError(f"Unknown field {field!r}")
        if op not in OPERATORS:
            raise RuleDefinitionError(f"Unknown operator {op!r}")
        spec = FIELDS[field]
        if spec.type == "bool" and op not in {"eq", "ne"}:
            raise RuleDefinitionError(f"{spec.label} can only be compared with is / is not")
        if op in _NUMERIC_OPS and spec.type != "number":
            raise RuleDefinitionError(f"{spec.label} is not a number")
        conditions.append(Condition(field, op, _coerce(spec, op, item.get("value"))))
    return conditions


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def describe(condition: Condition, fact: Any = None) -> str:
    """The condition in words, with the traveller's value when given."""
    text = f"{FIELDS[condition.field].label} {OPERATORS[condition.op][0]} {_shown(condition.value)}"
    return f"{text} (here: {_shown(fact)})" if fact is not None else text


def evaluate(conditions: Sequence[Condition], facts: Mapping[str, Any]) -> list[str] | None:
    """The conditions in words when all hold for ``facts``, else None.

    A fact that is unknown (None or "") never satisfies a condition.
    """
    matched = []
    for condition in conditions:
        fact = facts.get(condition.field)
        if fact is None or fact == "":
            return None
        test = OPERATORS[condition.op][1]
        try:
            if FIELDS[condition.field].type == "bool":
                holds = bool(fact) == condition.value
                holds = holds if condition.op == "eq" else not holds
            else:
                holds = test(fact, condition.value)
        except (TypeError, ValueError):
            return None
        if not holds:
            return None
        matched.append(describe(condition, fact))
    return matched
