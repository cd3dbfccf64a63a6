"""Money arithmetic of the Trust Fund: pure functions on ``Decimal``, never ``float``.

UN operational rates of exchange are quoted as units of the currency per one US
dollar, so a figure converts to dollars by division. Every figure is rounded to
the cent half-up once, when it is converted; totals are sums of rounded figures,
so a total always equals the sum of the figures shown.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Final

import pycountry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

USD: Final = "USD"
CENT: Final = Decimal("0.01")
RATE_PLACES: Final = Decimal("0.000001")
MILLION: Final = Decimal(1_000_000)
TENTH: Final = Decimal("0.1")


def validate_currency_code(value: str) -> None:
    """Accept an ISO 4217 alphabetic code (upper case) that pycountry knows."""
    if len(value) != 3 or not value.isupper() or pycountry.currencies.get(alpha_3=value) is None:
        raise ValidationError(
            _("%(value)s is not an ISO 4217 currency code."),
            code="unknown_currency",
            params={"value": value},
        )


def validate_positive(value: Decimal) -> None:
    if value is not None and value <= 0:
        raise ValidationError(_("Enter an amount greater than zero."), code="not_positive")


def currency_name(code: str) -> str:
    currency = pycountry.currencies.get(alpha_3=code)
    return str(currency.name) if currency is not None else code


def to_cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def to_usd(amount: Decimal, rate: Decimal) -> Decimal:
    """``amount`` of a currency quoted at ``rate`` units per dollar, in dollars to the cent."""
    if rate <= 0:
        raise ValueError("A rate of exchange is positive.")
    return to_cents(amount / rate)


def in_millions(value: Decimal) -> Decimal:
    """Millions to one decimal, half-up: the newsletter's "$249.9 million"."""
    return (value / MILLION).quantize(TENTH, rounding=ROUND_HALF_UP)
