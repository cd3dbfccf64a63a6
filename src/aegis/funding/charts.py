"""Plotly figures (plain JSON) of the funding dashboard, drawn in the browser by charts.js.

Values are sent as decimal strings: Plotly reads numeric strings on a linear axis,
so no figure passes through a float on the server.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from aegis.funding.selectors import DonorFigure, EarmarkFigure, YearFigure

BLUE = "#00689d"
LIGHT_BLUE = "#8fd3f4"
GREEN = "#1f7a3f"
AMBER = "#c98a00"

Figure = dict[str, Any]


def _number(value: Decimal) -> str:
    return str(value)


def _wrap(label: str, width: int = 26) -> str:
    """Break a long category label into lines (Plotly reads ``<br>``), so bars keep room."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return "<br>".join(lines)


def _layout(**extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "font": {"family": "Noto Sans, Segoe UI, Roboto, Arial, sans-serif", "size": 12},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "legend": {"orientation": "h", "y": -0.15},
        "separators": ".,",
    }
    layout.update(extra)
    return layout


def top_donors_chart(donors: Sequence[DonorFigure]) -> Figure:
    """Horizontal bars, largest on top: pledged and received per donor (asterisk: other fund)."""
    ordered = list(reversed(donors))
    names = [f"{donor.short_name}{'*' if donor.from_other_fund else ''}" for donor in ordered]
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "name": _("Pledged"),
                "y": names,
                "x": [_number(donor.pledged_usd) for donor in ordered],
                "marker": {"color": LIGHT_BLUE},
                "hovertemplate": "%{y}: $%{x:,.2f}<extra>" + _("Pledged") + "</extra>",
            },
            {
                "type": "bar",
                "orientation": "h",
                "name": _("Received"),
                "y": names,
                "x": [_number(donor.received_usd) for donor in ordered],
                "marker": {"color": BLUE},
                "hovertemplate": "%{y}: $%{x:,.2f}<extra>" + _("Received") + "</extra>",
            },
        ],
        "layout": _layout(
            barmode="group",
            height=60 + 34 * max(len(ordered), 1),
            xaxis={"type": "linear", "tickprefix": "$", "tickformat": "~s", "automargin": True},
            yaxis={"type": "category", "automargin": True},
        ),
    }


def by_year_chart(years: Sequence[YearFigure]) -> Figure:
    labels = [str(figure.year) for figure in years]
    series = (
        (_("Pledged"), LIGHT_BLUE, [figure.pledged_usd for figure in years]),
        (_("Received"), BLUE, [figure.received_usd for figure in years]),
        (_("In kind"), AMBER, [figure.in_kind_usd for figure in years]),
    )
    return {
        "data": [
            {
                "type": "bar",
                "name": name,
                "x": labels,
                "y": [_number(value) for value in values],
                "marker": {"color": colour},
                "hovertemplate": "%{x}: $%{y:,.2f}<extra>" + name + "</extra>",
            }
            for name, colour, values in series
        ],
        "layout": _layout(
            barmode="group",
            height=340,
            xaxis={"type": "category", "automargin": True},
            yaxis={"type": "linear", "tickprefix": "$", "tickformat": "~s", "automargin": True},
        ),
    }


def funded_vs_received_chart(figures: Sequence[EarmarkFigure]) -> Figure:
    """Pledged against received per earmark or programme, as grouped horizontal bars."""
    ordered = list(reversed(figures))
    labels = [_wrap(figure.label) for figure in ordered]
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "name": name,
                "y": labels,
                "x": [_number(getattr(figure, column)) for figure in ordered],
                "marker": {"color": colour},
                "hovertemplate": "%{y}: $%{x:,.2f}<extra>" + name + "</extra>",
            }
            for name, colour, column in (
                (_("Pledged"), LIGHT_BLUE, "pledged_usd"),
                (_("Received"), GREEN, "received_usd"),
            )
        ],
        "layout": _layout(
            barmode="group",
            height=80 + 52 * max(len(ordered), 1),
            xaxis={"type": "linear", "tickprefix": "$", "tickformat": "~s", "automargin": True},
            yaxis={"type": "category", "automargin": True},
        ),
    }
