"""Risk indicators as data: one typed representation of a rule, from builder to screening.

A rule is a :class:`Group` of conditions that must all hold (``match="all"``) or of which
one must hold (``match="any"``); a group may hold groups (one level is enough for the
builder) and any condition or group may be negated. A :class:`Condition` compares one
fact of a traveller (see ``FIELDS``) with a typed value: text, a number, yes/no, a list
of values (``in``/``not_in``) or a range (``between``, both ends included).

:func:`parse_rule` is the one reader of a rule, whatever it comes from: the builder's
form, the stored JSON (version 2, lists as lists; the version-1 list of conditions is
still read), the API. :meth:`Group.to_json` is the one writer, and
``parse_rule(rule.to_json()) == rule`` for every rule ``parse_rule`` accepts, so a rule
selects the same travellers in the builder's test, the back-test and live screening.
No user text is ever evaluated as code: operators are a fixed table. Pure Python without
Django, so that it can move to ``paxscreen.rules`` unchanged.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from paxscreen.airports import airport, airport_country
from paxscreen.watchlists.countries import resolve_country

__all__ = [
    "FIELDS",
    "OPERATORS",
    "SCHEMA_VERSION",
    "Condition",
    "Group",
    "RuleDefinitionError",
    "RuleProblem",
    "describe",
    "describe_rule",
    "evaluate",
    "fields_used",
    "parse_rule",
    "traveller_facts",
]

SCHEMA_VERSION = 2

FieldType = Literal["text", "number", "bool", "country", "airport", "code"]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    label: str
    type: FieldType
    # For "code" fields: the values the carriers' messages carry, with their meaning.
    codes: tuple[tuple[str, str], ...] = ()


# Forms of payment as PNRGOV's FOP segment codes them (IATA PADIS code list 9888, the
# values carriers send).
PAYMENT_CODES: tuple[tuple[str, str], ...] = (
    ("CA", "Cash"),
    ("DP", "DP (as carriers send it)"),
    ("CC", "Credit card"),
    ("CK", "Cheque"),
    ("DC", "Debit card"),
    ("GR", "Government request"),
    ("IN", "Invoice"),
    ("MS", "Miscellaneous"),
    ("NR", "Non-refundable"),
    ("PT", "Prepaid ticket"),
    ("SGR", "Government request (US)"),
    ("VO", "Voucher"),
)

# The facts a rule may test; screening computes them for each traveller.
FIELDS: dict[str, FieldSpec] = {
    "route": FieldSpec("Route (origin-destination)", "text"),
    "origin": FieldSpec("Origin airport", "airport"),
    "destination": FieldSpec("Destination airport", "airport"),
    "origin_country": FieldSpec("Origin country", "country"),
    "destination_country": FieldSpec("Destination country", "country"),
    "days_booked_before_departure": FieldSpec("Days from booking to departure", "number"),
    "one_way": FieldSpec("One-way trip", "bool"),
    "form_of_payment": FieldSpec("Form of payment", "code", PAYMENT_CODES),
    "travel_agency": FieldSpec("Travel agency", "text"),
    "travellers_in_booking": FieldSpec("Travellers in the booking", "number"),
    "document_issuing_country": FieldSpec("Document issuing country", "country"),
    "nationality": FieldSpec("Nationality", "country"),
    "age": FieldSpec("Age", "number"),
    "sex": FieldSpec("Sex", "code", (("M", "Male"), ("F", "Female"), ("U", "Unknown"))),
    "kind": FieldSpec("Passenger or crew", "code", (("PASSENGER", "Passenger"), ("CREW", "Crew"))),
    "checked_bags": FieldSpec("Checked bags", "number"),
}

Scalar = str | int | float | bool
Value = Scalar | tuple[str, ...] | tuple[int | float, int | float]


def _upper(value: Any) -> str:
    return str(value).strip().upper()


def _in_range(fact: Any, value: Any) -> bool:
    low, high = value
    return bool(low <= float(fact) <= high)


OPERATORS: dict[str, tuple[str, Callable[[Any, Any], bool]]] = {
    "eq": ("is", lambda fact, value: _upper(fact) == _upper(value)),
    "ne": ("is not", lambda fact, value: _upper(fact) != _upper(value)),
    "in": ("is one of", lambda fact, value: _upper(fact) in value),
    "not_in": ("is none of", lambda fact, value: _upper(fact) not in value),
    "contains": ("contains", lambda fact, value: _upper(value) in _upper(fact)),
    "lt": ("is less than", lambda fact, value: float(fact) < value),
    "lte": ("is at most", lambda fact, value: float(fact) <= value),
    "gt": ("is more than", lambda fact, value: float(fact) > value),
    "gte": ("is at least", lambda fact, value: float(fact) >= value),
    "between": ("is between", _in_range),
}
_NUMERIC_OPS = frozenset({"lt", "lte", "gt", "gte", "between"})
_LIST_OPS = frozenset({"in", "not_in"})


@dataclass(frozen=True, slots=True)
class RuleProblem:
    """One thing wrong in a rule: where (``conditions.0.value``) and what."""

    path: str
    message: str


class RuleDefinitionError(ValueError):
    """A rule is not well formed; ``problems`` lists every fault with its place."""

    def __init__(self, problems: Sequence[RuleProblem] | str) -> None:
        if isinstance(problems, str):
            problems = [RuleProblem("", problems)]
        self.problems = list(problems)
        super().__init__("; ".join(problem.message for problem in self.problems))


@dataclass(frozen=True, slots=True)
class Condition:
    field: str
    op: str
    value: Value
    negate: bool = False

    def to_json(self) -> dict[str, Any]:
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return {"field": self.field, "op": self.op, "value": value, "negate": self.negate}


@dataclass(frozen=True, slots=True)
class Group:
    items: tuple[Condition | Group, ...]
    match: Literal["all", "any"] = "all"
    negate: bool = False

    def to_json(self) -> dict[str, Any]:
        """The stored form (JSON-safe, lists as lists), read back by :func:`parse_rule`."""
        return {"version": SCHEMA_VERSION, **self._body()}

    def _body(self) -> dict[str, Any]:
        return {
            "match": self.match,
            "negate": self.negate,
            "conditions": [
                item._body() if isinstance(item, Group) else item.to_json() for item in self.items
            ],
        }

    def conditions(self) -> list[Condition]:
        """Every condition, groups flattened (for a form's rows)."""
        found: list[Condition] = []
        for item in self.items:
            found.extend(item.conditions() if isinstance(item, Group) else [item])
        return found


# ----------------------------------------------------------------------------- reading


_AIRPORT = re.compile(r"^[A-Z]{3}$")


def _split(raw: Any) -> list[Any]:
    """A list value as the builder's text ("SAU, YEM") or as stored (a JSON list)."""
    if isinstance(raw, list | tuple):
        return list(raw)
    if isinstance(raw, str):
        return [part for part in raw.split(",") if part.strip()]
    return [raw]


def _number(raw: Any, label: str, problems: list[str]) -> int | float | None:
    if isinstance(raw, bool):
        problems.append(f"{label}: {raw!r} is not a number")
        return None
    try:
        number = float(raw)
    except (TypeError, ValueError):
        problems.append(f"{label}: {raw!r} is not a number")
        return None
    if not math.isfinite(number):
        problems.append(f"{label}: {raw!r} is not a finite number")
        return None
    return int(number) if number.is_integer() else number


def _scalar(spec: FieldSpec, raw: Any, problems: list[str]) -> str | None:
    if isinstance(raw, list | tuple | dict):
        problems.append(f"{spec.label}: one value is needed, not a list")
        return None
    text = str(raw).strip() if raw is not None else ""
    if not text:
        problems.append(f"{spec.label}: a value is needed")
        return None
    if spec.type == "country":
        # paxscreen's one country table: codes, names, demonyms and the aliases carriers
        # and registries write ("Ivory Coast", "Korea DPR").
        code = resolve_country(text)
        if code is None:
            problems.append(f"{spec.label}: {text!r} is not a country")
        return code
    if spec.type == "airport":
        if not _AIRPORT.match(text.upper()):
            problems.append(f"{spec.label}: {text!r} is not an airport code (three letters)")
            return None
        if airport(text) is None:
            problems.append(f"{spec.label}: no airport has the IATA code {text.upper()!r}")
            return None
    if spec.type == "code":
        allowed = {code for code, _meaning in spec.codes}
        if text.upper() not in allowed:
            problems.append(f"{spec.label}: {text!r} is not one of {', '.join(sorted(allowed))}")
            return None
    return text.upper()


def _bool(spec: FieldSpec, raw: Any, problems: list[str]) -> bool | None:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in {"true", "yes", "1"}:
        return True
    if text in {"false", "no", "0"}:
        return False
    problems.append(f"{spec.label}: {raw!r} is not yes or no")
    return None


_RANGE = re.compile(r"^\s*(-?[^\s–—-]+)\s*(?:-|–|—|to|\.\.)\s*(-?[^\s–—-]+)\s*$")


def _range(
    spec: FieldSpec, raw: Any, problems: list[str]
) -> tuple[int | float, int | float] | None:
    if isinstance(raw, list | tuple) and len(raw) == 2:
        ends = list(raw)
    elif isinstance(raw, str) and (found := _RANGE.match(raw)):
        ends = [found.group(1), found.group(2)]
    else:
        problems.append(f"{spec.label}: {raw!r} is not a range (for example 30-45)")
        return None
    low, high = (_number(end, spec.label, problems) for end in ends)
    if low is None or high is None:
        return None
    if low > high:
        problems.append(f"{spec.label}: the range {low}-{high} is empty")
        return None
    return (low, high)


def _value(spec: FieldSpec, op: str, raw: Any, problems: list[str]) -> Value | None:
    if spec.type == "bool":
        return _bool(spec, raw, problems)
    if op == "between":
        return _range(spec, raw, problems)
    if op in _NUMERIC_OPS or spec.type == "number":
        if isinstance(raw, list | tuple):
            problems.append(f"{spec.label}: one value is needed, not a list")
            return None
        return _number(raw, spec.label, problems)
    if op in _LIST_OPS:
        items = [_scalar(spec, item, problems) for item in _split(raw)]
        if not items:
            problems.append(f"{spec.label}: a value is needed")
            return None
        if any(item is None for item in items):
            return None
        return tuple(dict.fromkeys(item for item in items if item is not None))
    return _scalar(spec, raw, problems)


def _flag(raw: Any) -> bool:
    return raw is True or str(raw).strip().lower() in {"true", "1", "yes", "on"}


def _condition(item: Mapping[str, Any], path: str, problems: list[RuleProblem]) -> Condition | None:
    field, op = item.get("field"), item.get("op")
    if field not in FIELDS:
        problems.append(RuleProblem(f"{path}.field", f"Unknown field {field!r}"))
        return None
    spec = FIELDS[field]
    if op not in OPERATORS:
        problems.append(RuleProblem(f"{path}.op", f"Unknown operator {op!r}"))
        return None
    if spec.type == "bool" and op not in {"eq", "ne"}:
        message = f"{spec.label} can only be compared with is / is not"
        problems.append(RuleProblem(f"{path}.op", message))
        return None
    if op in _NUMERIC_OPS and spec.type != "number":
        problems.append(RuleProblem(f"{path}.op", f"{spec.label} is not a number"))
        return None
    found: list[str] = []
    value = _value(spec, op, item.get("value"), found)
    problems.extend(RuleProblem(f"{path}.value", message) for message in found)
    if value is None or found:
        return None
    return Condition(field, op, value, _flag(item.get("negate", False)))


def _group(raw: Mapping[str, Any], path: str, depth: int, problems: list[RuleProblem]) -> Group:
    match = raw.get("match", "all")
    if match not in {"all", "any"}:
        problems.append(RuleProblem(f"{path}match", f"Unknown grouping {match!r}"))
        match = "all"
    items_raw = raw.get("conditions")
    if not isinstance(items_raw, list) or not items_raw:
        problems.append(RuleProblem(f"{path}conditions", "A rule needs at least one condition"))
        return Group((), match)
    items: list[Condition | Group] = []
    for position, item in enumerate(items_raw):
        where = f"{path}conditions.{position}"
        if not isinstance(item, Mapping):
            problems.append(RuleProblem(where, f"Not a condition: {item!r}"))
        elif "conditions" in item:
            if depth >= 1:
                problems.append(RuleProblem(where, "Groups nest one level deep at most"))
                continue
            items.append(_group(item, f"{where}.", depth + 1, problems))
        elif (condition := _condition(item, where, problems)) is not None:
            items.append(condition)
    return Group(tuple(items), match, _flag(raw.get("negate", False)))


def parse_rule(raw: Any) -> Group:
    """The rule ``raw`` describes: the stored JSON (version 2: ``{"version": 2, "match":
    "all", "conditions": [...]}``; version 1: a list of conditions) or the builder's rows.

    Values are checked against reference data (countries by code or name, airports,
    the codes messages carry) and normalised. Raises :class:`RuleDefinitionError` with
    every fault found, each with its place.
    """
    if isinstance(raw, list | tuple):
        raw = {"conditions": list(raw)}
    if not isinstance(raw, Mapping):
        raise RuleDefinitionError(f"Not a rule: {raw!r}")
    version = raw.get("version", SCHEMA_VERSION)
    if version not in {1, SCHEMA_VERSION}:
        raise RuleDefinitionError(f"Unknown rule format version {version!r}")
    problems: list[RuleProblem] = []
    rule = _group(raw, "", 0, problems)
    if problems:
        raise RuleDefinitionError(problems)
    return rule


# ----------------------------------------------------------------------------- evaluating


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple | list):
        return ", ".join(str(item) for item in value)
    return str(value)


def describe(condition: Condition, fact: Any = None) -> str:
    """The condition in words, with the traveller's value when given."""
    value = condition.value
    shown = f"{value[0]} and {value[1]}" if condition.op == "between" else _shown(value)  # type: ignore[index]
    text = f"{FIELDS[condition.field].label} {OPERATORS[condition.op][0]} {shown}"
    if condition.negate:
        text = f"not: {text}"
    return f"{text} (here: {_shown(fact)})" if fact is not None else text


def describe_rule(rule: Group) -> list[str]:
    """The rule in words, one line per condition or group."""
    joiner = " and " if rule.match == "all" else " or "
    lines = []
    for item in rule.items:
        if isinstance(item, Group):
            inner = (" and " if item.match == "all" else " or ").join(describe_rule(item))
            lines.append(f"{'not ' if item.negate else ''}({inner})")
        else:
            lines.append(describe(item))
    if rule.negate:
        return [f"not ({joiner.join(lines)})"]
    return lines if rule.match == "all" else [joiner.join(lines)]


def _holds(condition: Condition, facts: Mapping[str, Any]) -> bool:
    fact = facts.get(condition.field)
    if fact is None or fact == "":
        return False  # an unknown fact satisfies no condition, negated or not
    try:
        if FIELDS[condition.field].type == "bool":
            holds = bool(fact) == condition.value
            holds = holds if condition.op == "eq" else not holds
        else:
            holds = OPERATORS[condition.op][1](fact, condition.value)
    except (TypeError, ValueError):
        return False
    return holds != condition.negate


def _explain(group: Group, facts: Mapping[str, Any]) -> list[str] | None:
    lines: list[str] = []
    held = 0
    for item in group.items:
        if isinstance(item, Group):
            found = _explain(item, facts)
            if found is not None:
                held += 1
                lines.extend(found)
        elif _holds(item, facts):
            held += 1
            lines.append(describe(item, facts.get(item.field)))
    matched = held == len(group.items) if group.match == "all" else held > 0
    if group.negate:
        if matched:
            return None
        shown = ", ".join(
            "(group)" if isinstance(item, Group) else describe(item) for item in group.items
        )
        return [f"none of: {shown}" if group.match == "any" else f"not all of: {shown}"]
    return lines if matched else None


def fields_used(rule: Group) -> list[str]:
    """The fields ``rule`` tests, in the order its conditions name them."""
    found: list[str] = []
    for item in rule.items:
        for field in fields_used(item) if isinstance(item, Group) else [item.field]:
            if field not in found:
                found.append(field)
    return found


def evaluate(rule: Group, facts: Mapping[str, Any]) -> list[str] | None:
    """The conditions that hold, in words, when ``rule`` holds for ``facts``; else None."""
    return _explain(rule, facts)


def _age(born: dt.date | None, on: dt.date) -> int | None:
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def traveller_facts(
    *,
    origin: str,
    destination: str,
    departure: dt.datetime,
    booked: bool,
    booking_created: dt.datetime | None,
    one_way: bool | None,
    booking_route: str,
    form_of_payment: str | None,
    agency_name: str | None,
    traveller_count: int | None,
    document_issuing_country: str | None,
    nationality: str,
    date_of_birth: dt.date | None,
    sex: str,
    kind: str,
    bags: int | None,
) -> dict[str, Any]:
    """What rules may test about a traveller (see ``FIELDS``), from the stored values of the
    traveller, their flight, their booking (``booked``: they have one) and their first travel
    document. The one definition of the facts, whether the values come from model objects
    (live screening) or from ``values()`` rows (re-screening)."""
    days_before = None
    if booked and booking_created is not None:
        days_before = (departure - booking_created).days
    return {
        "route": f"{origin}-{destination}",
        "origin": origin,
        "destination": destination,
        "origin_country": airport_country(origin),
        "destination_country": airport_country(destination),
        "days_booked_before_departure": days_before,
        "one_way": one_way if booked and booking_route else None,
        "form_of_payment": form_of_payment if booked else None,
        "travel_agency": agency_name if booked else None,
        "travellers_in_booking": traveller_count if booked else None,
        "document_issuing_country": document_issuing_country,
        "nationality": nationality,
        "age": _age(date_of_birth, departure.date()),
        "sex": sex,
        "kind": kind,
        "checked_bags": bags,
    }
