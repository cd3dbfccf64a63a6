"""An issue's content rendered as an HTML page, a print-quality A4 PDF, or Markdown."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

from aegis.reporting.composition import Content

# One stylesheet for the site's issue pages, the saved HTML (inlined) and the PDF.
PRINT_CSS = Path(__file__).resolve().parent.parent / "static" / "aegis" / "css" / "highlights.css"
FORMATS = ("html", "pdf", "md")

# Geometry of the Top Contributors bar chart (SVG user units).
_CHART_WIDTH, _LABEL_WIDTH, _ROW, _BAR = 520, 130, 26, 9


def contributors_chart(content: Content) -> dict[str, Any] | None:
    """Bars for the top donors, pledged and received, scaled to the largest pledge."""
    contributors = content.get("contributors") or {}
    top = contributors.get("top") or []
    if not top:
        return None
    largest = max(Decimal(d["pledged_musd"]) for d in top) or Decimal(1)
    span = _CHART_WIDTH - _LABEL_WIDTH - 60
    rows = []
    for index, donor in enumerate(top):
        pledged, received = Decimal(donor["pledged_musd"]), Decimal(donor["received_musd"])
        rows.append(
            {
                "y": index * _ROW,
                "label": f"{donor['name']}{donor['mark']}",
                "pledged_width": float(pledged / largest * span),
                "received_width": float(received / largest * span),
                "pledged": donor["pledged_musd"],
                "text_x": _LABEL_WIDTH + float(pledged / largest * span) + 6,
            }
        )
    return {
        "width": _CHART_WIDTH,
        "height": len(rows) * _ROW + 30,
        "label_width": _LABEL_WIDTH,
        "bar": _BAR,
        "rows": rows,
        "legend_y": len(rows) * _ROW + 14,
    }


def _context(content: Content, **extra: Any) -> dict[str, Any]:
    return {
        "c": content,
        "chart": contributors_chart(content),
        "sentences": sentences(content),
        **extra,
    }


def render_fragment(content: Content) -> str:
    """The issue's body for a page of the site (the site's own layout around it)."""
    return render_to_string("reporting/_issue_body.html", _context(content))


def render_html(content: Content) -> str:
    """A self-contained HTML document (styles inline), as saved by ``aegis highlights``."""
    return render_to_string(
        "reporting/issue_document.html",
        _context(content, inline_css=PRINT_CSS.read_text(encoding="utf-8")),
    )


def render_pdf(content: Content) -> bytes:
    """A4, two columns, page numbers, the chart embedded as vector graphics."""
    from weasyprint import HTML  # imported here: it loads Pango, which only PDFs need

    document = HTML(string=render_html(content), base_url=str(PRINT_CSS.parent))
    pdf: bytes = document.write_pdf()
    return pdf


def render_markdown(content: Content) -> str:
    lines = [f"# {content['title']} — {content['month_label']}", "", f"*{content['office']}*", ""]
    if content.get("erratum"):
        lines += [f"**Corrected (version {content.get('version')}):** {content['erratum']}", ""]
    compact, board = content.get("compact"), content.get("advisory_board")
    if board:
        lines += [_board_sentence(board), ""]
    if compact:
        lines += [_compact_sentence(compact), ""]
    lines += ["## UNOCT Mandate", "", content["mandate"]["established"], ""]
    lines += [f"- **{f['bold']}** {f['text']}" for f in content["mandate"]["functions"]]
    for section in content["sections"]:
        lines += ["", f"## {section['title']}"]
        for group in section["groups"]:
            if group["heading"]:
                lines += ["", f"### {group['heading']}"]
            for item in group["items"]:
                dates = f" {item['dates']}" if item["dates"] else ""
                lines += ["", f"**{item['headline']}** — {item['text']}{dates}"]
                if item["caption"]:
                    lines += ["", f"*{item['caption']}*"]
    contributors = content.get("contributors")
    if contributors:
        lines += ["", "## Top Contributors to UNOCT", "", _contributors_sentence(contributors), ""]
        lines += ["| Donor | Pledged ($M) | Received ($M) |", "|---|---:|---:|"]
        lines += [
            f"| {d['name']}{_escaped(d['mark'])} | {d['pledged_musd']} | {d['received_musd']} |"
            for d in contributors["top"]
        ]
        lines += [""] + [f"{_escaped(f['mark'])} {f['text']}  " for f in contributors["footnotes"]]
    lines += ["", "## UN Global Counter-Terrorism Strategy", ""]
    lines += [f"- **Pillar {p['roman']}** — {p['title']}" for p in content.get("pillars", [])]
    results = content.get("results")
    if results and results["figures"]:
        lines += ["", f"## {results['unit']}", "", f"{results['period']}:", ""]
        lines += [f"- **{f['value']}** {f['label']}" for f in results["figures"]]
    return "\n".join(lines).rstrip() + "\n"


def _escaped(marks: str) -> str:
    return marks.replace("*", "\\*")  # footnote marks, not Markdown emphasis


def _board_sentence(board: Content) -> str:
    guests = " and ".join(board["guests"])
    guest = f" plus the {guests} as a Guest Member" if guests else ""
    return (
        "The Office provides most of its capacity-building support to Member States through the "
        "UN Counter-Terrorism Centre (UNCCT). UNCCT has an Advisory Board composed of "
        f"{board['member_states']} Member States{guest}."
    )


def _compact_sentence(compact: Content) -> str:
    return (
        "The UN Global Counter-Terrorism Coordination Compact, a coordination framework "
        f"bringing together {compact['entities']} entities, was launched by the UN "
        f"Secretary-General in {compact['launched']}. It operates through its Coordination "
        f"Committee and {compact['working_groups']} thematic Inter-Agency Working Groups, which "
        f"were revitalized in {compact['revitalised']}."
    )


def _contributors_sentence(contributors: Content) -> str:
    return (
        "UNOCT cumulative pledges since inception of the Trust Fund for Counter Terrorism and "
        f"from other funds to date amount to ${contributors['pledged_musd']} million, out of "
        f"which ${contributors['received_musd']} million has been received from "
        f"{contributors['donors']} donors."
    )


def sentences(content: Content) -> dict[str, str]:
    """The introduction's sentences, shared by the HTML and Markdown renderings."""
    result = {}
    if content.get("advisory_board"):
        result["board"] = _board_sentence(content["advisory_board"])
    if content.get("compact"):
        result["compact"] = _compact_sentence(content["compact"])
    if content.get("contributors"):
        result["contributors"] = _contributors_sentence(content["contributors"])
    return result
