"""Labels of Plotly charts: escaped (Plotly reads a few HTML tags in text) and kept short."""

from __future__ import annotations

from django.utils.html import escape


def chart_label(label: str, *, width: int = 24, lines: int = 2) -> str:
    """``label`` escaped and wrapped on at most ``lines`` lines of about ``width`` characters,
    the rest cut with an ellipsis: the full name belongs in the tooltip and the table."""
    wrapped: list[str] = []
    for word in label.split():
        if wrapped and len(wrapped[-1]) + 1 + len(word) <= width:
            wrapped[-1] = f"{wrapped[-1]} {word}"
        else:
            wrapped.append(word if len(word) <= width else f"{word[: width - 1]}…")
    if len(wrapped) > lines:
        wrapped = [*wrapped[: lines - 1], f"{wrapped[lines - 1][: width - 1].rstrip()}…"]
    return "<br>".join(escape(line) for line in wrapped)


def hover_text(text: str) -> str:
    """A tooltip's text, escaped; used with ``"hovertemplate": HOVER`` and ``customdata``."""
    return str(escape(text))


# The tooltip is the point's ``customdata`` (a sentence in words), without the trace's name.
HOVER = "%{customdata}<extra></extra>"
