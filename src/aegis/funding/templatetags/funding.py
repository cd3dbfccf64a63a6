"""Money as the funding pages show it: exact Decimals, thousands separators, no float."""

from __future__ import annotations

from decimal import Decimal

from django import template

from aegis.funding.money import in_millions

register = template.Library()


@register.filter
def usd(value: Decimal | None) -> str:
    """``Decimal("1234.5")`` → ``$1,234.50``."""
    if value is None:
        return "—"
    sign = "−" if value < 0 else ""
    return f"{sign}${abs(value):,.2f}"


@register.filter
def money(value: Decimal | None, currency: str) -> str:
    """``80000`` with ``"EUR"`` → ``EUR 80,000.00``."""
    if value is None:
        return "—"
    return f"{currency} {value:,.2f}"


@register.filter
def millions(value: Decimal | None) -> str:
    """``Decimal("249900195.33")`` → ``$249.9 million`` (the newsletter's rounding)."""
    if value is None:
        return "—"
    return f"${in_millions(value)} million"


@register.filter
def percent_of(part: Decimal | None, whole: Decimal | None) -> int:
    """Whole per cent of ``part`` in ``whole`` (for bar widths), between 0 and 100."""
    if not part or not whole:
        return 0
    return max(0, min(100, int(part * 100 / whole)))
