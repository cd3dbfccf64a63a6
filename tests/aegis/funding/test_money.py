"""Conversion and rounding, exact to the cent, and totals that equal the sum of their parts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from aegis.funding.money import in_millions, to_usd, validate_currency_code


@pytest.mark.parametrize(
    ("amount", "rate", "expected"),
    [
        ("80000.00", "0.855", "93567.25"),  # 93567.2514…
        ("100.00", "0.8", "125.00"),
        ("0.01", "3", "0.00"),  # 0.00333…
        ("0.05", "10", "0.01"),  # 0.005 rounds half up
        ("0.15", "10", "0.02"),  # 0.015 half up, not to even
        ("1234567.89", "1", "1234567.89"),
        ("2000000.00", "0.742", "2695417.79"),  # 2695417.7897…
        ("12000000.00", "8.4", "1428571.43"),
    ],
)
def test_to_usd_divides_by_the_rate_and_rounds_half_up_to_the_cent(
    amount: str, rate: str, expected: str
) -> None:
    assert to_usd(Decimal(amount), Decimal(rate)) == Decimal(expected)


def test_to_usd_refuses_a_rate_that_is_not_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        to_usd(Decimal("1.00"), Decimal("0"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("249900195.33", "249.9"),
        ("249850000.00", "249.9"),  # half up
        ("249849999.99", "249.8"),
        ("189533197.99", "189.5"),
        ("11500000.00", "11.5"),
        ("80000.00", "0.1"),
    ],
)
def test_in_millions_rounds_to_one_decimal_half_up(value: str, expected: str) -> None:
    assert in_millions(Decimal(value)) == Decimal(expected)


@pytest.mark.parametrize("code", ["EUR", "USD", "GBP", "CHF", "NOK"])
def test_iso_4217_codes_are_accepted(code: str) -> None:
    validate_currency_code(code)


@pytest.mark.parametrize("code", ["EUX", "eur", "EURO", "", "XYZ"])
def test_unknown_currency_codes_are_refused(code: str) -> None:
    with pytest.raises(ValidationError) as error:
        validate_currency_code(code)
    assert error.value.messages == [f"{code} is not an ISO 4217 currency code."]


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999999999.99"), places=2)
rates = st.decimals(min_value=Decimal("0.000001"), max_value=Decimal("99999.999999"), places=6)


@given(st.lists(st.tuples(amounts, rates), min_size=1, max_size=40))
def test_a_converted_figure_is_exact_to_the_cent_and_within_half_a_cent(
    parts: list[tuple[Decimal, Decimal]],
) -> None:
    for amount, rate in parts:
        usd = to_usd(amount, rate)
        assert usd == usd.quantize(Decimal("0.01"))
        assert abs(usd - amount / rate) <= Decimal("0.005")
