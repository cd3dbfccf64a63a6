"""Plotly figures (plain JSON) of the funding dashboard, drawn in the browser by charts.js.

Values are sent as decimal strings: Plotly reads numeric strings on a linear axis,
so no figure passes through a float on the server.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from aegis.core.chart_labels import HOVER, chart_label, hover_text
from aegis.funding.selectors import DonorFigure, EarmarkFigure, YearFigure

BLUE = "#00689d"
LIGHT_BLUE = "#8fd3f4"
GREEN = "#1f7a3f"
AMBER = "#c98a00"

Figure = dict[str, Any]


def _number(value: Decimal) -> str:
    return str(value)


def _usd(value: Decimal) -> str:
    return f"${value:,.2f}"


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
    """Horizontal bars, largest on top: pledged and received per donor (asterisk: other fund).
    Names are escaped: a donor's name or acronym is data, never markup."""
    ordered = list(reversed(donors))
    names = [
        chart_label(f"{donor.short_name}{'*' if donor.from_other_fund else ''}")
        for donor in ordered
    ]
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "name": name,
                "y": names,
                "x": [_number(getattr(donor, column)) for donor in ordered],
                "marker": {"color": colour},
                "customdata": [
                    hover_text(
                        sentence % {"donor": donor.name, "usd": _usd(getattr(donor, column))}
                    )
                    for donor in ordered
                ],
                "hovertemplate": HOVER,
            }
            for name, colour, column, sentence in (
                (_("Pledged"), LIGHT_BLUE, "pledged_usd", _("%(donor)s pledged %(usd)s")),
                (_("Received"), BLUE, "received_usd", _("%(usd)s received from %(donor)s")),
            )
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
        (_("Pledged"), LIGHT_BLUE, "pledged_usd", _("%(usd)s pledged in %(year)s")),
        (_("Received"), BLUE, "received_usd", _("%(usd)s received in %(year)s")),
        (_("In kind"), AMBER, "in_kind_usd", _("%(usd)s given in kind in %(year)s")),
    )
    return {
        "data": [
            {
                "type": "bar",
                "name": name,
                "x": labels,
                "y": [_number(getattr(figure, column)) for figure in years],
                "marker": {"color": colour},
                "customdata": [
                    hover_text(sentence % {"usd": _usd(getattr(f, column)), "year": f.year})
                    for f in years
                ],
                "hovertemplate": HOVER,
            }
            for name, colour, column, sentence in series
        ],
        "layout": _layout(
            barmode="group",
            height=340,
            xaxis={"type": "category", "automargin": True},
            yaxis={"type": "linear", "tickprefix": "$", "tickformat": "~s", "automargin": True},
        ),
    }


def funded_vs_received_chart(figures: Sequence[EarmarkFigure]) -> Figure:
    """Pledged against received per earmark or programme, as grouped horizontal bars; long
    names are cut to two lines on the axis and given in full in the tooltip."""
    ordered = list(reversed(figures))
    labels = [chart_label(figure.label, width=26) for figure in ordered]
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "name": name,
                "y": labels,
                "x": [_number(getattr(figure, column)) for figure in ordered],
                "marker": {"color": colour},
                "customdata": [
                    hover_text(sentence % {"label": f.label, "usd": _usd(getattr(f, column))})
                    for f in ordered
                ],
                "hovertemplate": HOVER,
            }
            for name, colour, column, sentence in (
                (_("Pledged"), LIGHT_BLUE, "pledged_usd", _("%(label)s: %(usd)s pledged")),
                (_("Received"), GREEN, "received_usd", _("%(label)s: %(usd)s received")),
            )
        ],
        "layout": _layout(
            barmode="group",
            height=80 + 52 * max(len(ordered), 1),
            xaxis={"type": "linear", "tickprefix": "$", "tickformat": "~s", "automargin": True},
            yaxis={"type": "category", "automargin": True},
        ),
    }
