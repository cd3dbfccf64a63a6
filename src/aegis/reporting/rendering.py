"""An issue's content rendered as an HTML page, a print-quality A4 PDF, or Markdown."""

from __future__ import annotations

import base64
import copy
import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.urls import reverse

from aegis.reporting.composition import Content, board_sentence, compact_sentence
from aegis.reporting.languages import in_language, label, labels
from aegis.reporting.models import RTL_LANGUAGES
from aegis.reporting.photos import SCREEN_SIDE

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


# Where a photo comes from: the site's photo view, inline data (a saved HTML file stands
# alone), or the stored file (WeasyPrint reads it from the disk).
PhotoSource = Literal["site", "inline", "file"]


def _photo_sources(content: Content, source: PhotoSource) -> Content:
    """A copy of ``content`` whose photos carry ``src``; the content itself stays as frozen."""
    if not any(item.get("photo") for item in _items(content)):
        return content
    content = copy.deepcopy(content)
    for item in _items(content):
        photo = item.get("photo")
        if photo:
            photo["src"] = photo_src(photo, source)
    return content


def _items(content: Content) -> list[Content]:
    return [
        item
        for section in content.get("sections", [])
        for group in section["groups"]
        for item in group["items"]
    ]


def photo_src(photo: Content, source: PhotoSource) -> str:
    screen = f"{photo['key']}-{SCREEN_SIDE}.{photo['ext']}"
    if source == "site":
        return reverse("public:photo", args=[screen])
    if source == "file":
        printed = f"highlights/photos/{photo['key']}.{photo['ext']}"
        return Path(default_storage.path(printed)).as_uri()
    try:
        with default_storage.open(f"highlights/photos/{screen}") as f:
            data = base64.b64encode(f.read()).decode()
    except FileNotFoundError:
        return ""
    mime = "image/jpeg" if photo["ext"] == "jpg" else f"image/{photo['ext']}"
    return f"data:{mime};base64,{data}"


def _context(content: Content, source: PhotoSource = "site", **extra: Any) -> dict[str, Any]:
    content = _photo_sources(content, source)
    boxes = content.get("boxes") or []
    language = content.get("language", "en")
    return {
        "c": content,
        "lang": language,
        "dir": "rtl" if language in RTL_LANGUAGES else "ltr",
        "labels": labels(language),
        "corrected": label("corrected", language).format(version=content.get("version")),
        "chart": contributors_chart(content),
        "sentences": sentences(content),
        "boxes_after": {
            place: [box for box in boxes if box["placement"] == place]
            for place in ("introduction", "end")
        },
        "placed": [
            (section, [box for box in boxes if box["placement"] == section["key"]])
            for section in content.get("sections", [])
        ],
        **extra,
    }


def render_fragment(content: Content) -> str:
    """The issue's body for a page of the site (the site's own layout around it)."""
    return render_to_string("reporting/_issue_body.html", _context(content))


def render_html(content: Content, *, source: PhotoSource = "inline") -> str:
    """A self-contained HTML document (styles inline), as saved by ``aegis highlights``."""
    return render_to_string(
        "reporting/issue_document.html",
        _context(content, source, inline_css=PRINT_CSS.read_text(encoding="utf-8")),
    )


def render_pdf(content: Content) -> bytes:
    """A4, two columns, page numbers, the chart embedded as vector graphics."""
    from weasyprint import HTML  # imported here: it loads Pango, which only PDFs need

    document = HTML(string=render_html(content, source="file"), base_url=str(PRINT_CSS.parent))
    # Tagged (PDF/UA-1): the structure tree and the document's language, for screen readers.
    pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1")
    return pdf


# Characters that would make an editor's or a record's text into Markdown or raw HTML.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_LINE_START = re.compile(r"^(\s*)([#+-])", re.MULTILINE)


def md(text: object) -> str:
    """``text`` as literal Markdown text: ``<script>`` stays text, ``[x](y)`` is no link."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))
    return _LINE_START.sub(r"\1\\\2", escaped)


def render_markdown(content: Content) -> str:
    language = content.get("language", "en")
    words = labels(language)
    lines = [
        f"# {md(content['title'])} — {md(content['month_label'])}",
        "",
        f"*{md(content['office'])}*",
        "",
    ]
    if content.get("erratum"):
        lines += [
            f"**{md(label('corrected', language).format(version=content.get('version')))}** "
            f"{md(content['erratum'])}",
            "",
        ]
    for paragraph in _introduction(content):
        lines += [md(paragraph), ""]
    lines += [f"## {md(words['mandate'])}", "", md(content["mandate"]["established"]), ""]
    lines += [f"- **{f['bold']}** {f['text']}" for f in content["mandate"]["functions"]]
    boxes = content.get("boxes") or []
    lines += _markdown_boxes(boxes, "introduction")
    for section in content["sections"]:
        lines += ["", f"## {md(section['title'])}"]
        for group in section["groups"]:
            if group["heading"]:
                lines += ["", f"### {md(group['heading'])}"]
            for item in group["items"]:
                dates = f" {md(item['dates'])}" if item["dates"] else ""
                lines += ["", f"**{md(item['headline'])}** — {md(item['text'])}{dates}"]
                photo = item.get("photo")
                caption = photo["caption"] if photo else item["caption"]
                credit = f" ({md(photo['credit'])})" if photo and photo["credit"] else ""
                if caption or credit:
                    lines += ["", f"*{md(caption)}*{credit}"]
        lines += _markdown_boxes(boxes, section["key"])
    contributors = content.get("contributors")
    if contributors:
        sentence = sentences(content)["contributors"]
        lines += ["", f"## {md(words['contributors'])}", "", md(sentence), ""]
        lines += [
            f"| {md(words['donor'])} | {md(words['pledged'])} | {md(words['received'])} |",
            "|---|---:|---:|",
        ]
        lines += [
            f"| {md(d['name'])}{md(d['mark'])} | {d['pledged_musd']} | {d['received_musd']} |"
            for d in contributors["top"]
        ]
        lines += [""] + [f"{md(f['mark'])} {md(f['text'])}  " for f in contributors["footnotes"]]
    lines += ["", f"## {md(words['strategy'])}", ""]
    lines += [
        f"- **{md(words['pillar'])} {p['roman']}** — {md(p['title'])}"
        for p in content.get("pillars", [])
    ]
    results = content.get("results")
    if results and results["figures"]:
        lines += ["", f"## {md(results['unit'])}", "", f"{md(results['period'])}:", ""]
        lines += [f"- **{md(f['value'])}** {md(f['label'])}" for f in results["figures"]]
    lines += _markdown_boxes(boxes, "end")
    footer = content.get("footer") or {}
    if footer.get("lines") or footer.get("hashtags"):
        lines += ["", "---", ""]
        lines += [f"{md(line)}  " for line in footer.get("lines", [])]
        if footer.get("hashtags"):
            lines += [md(footer["hashtags"])]
    return "\n".join(lines).rstrip() + "\n"


def _markdown_boxes(boxes: list[Content], place: str) -> list[str]:
    lines: list[str] = []
    for box in boxes:
        if box["placement"] != place:
            continue
        lines += ["", f"> **{md(box['title'])}**"]
        for block in box["paragraphs"]:
            lines += [">"] + [f"> {md(line)}  " for line in block]
        if box["link"]:
            lines += [">", f"> {md(box['link'])}"]
    return lines


def _introduction(content: Content) -> list[str]:
    """The introduction's paragraphs; issues published before it was editable composed it."""
    if "introduction" in content:
        intro: list[str] = content["introduction"]
        return intro
    return [text for key, text in sentences(content).items() if key in {"board", "compact"}]


def _contributors_sentence(contributors: Content) -> str:
    return (
        "UNOCT cumulative pledges since inception of the Trust Fund for Counter Terrorism and "
        f"from other funds to date amount to ${contributors['pledged_musd']} million, out of "
        f"which ${contributors['received_musd']} million has been received from "
        f"{contributors['donors']} donors."
    )


def sentences(content: Content) -> dict[str, str]:
    """The introduction's sentences, shared by the HTML and Markdown renderings: composed
    in English, so marked as such in another language's issue."""
    language = content.get("language", "en")
    result = {key: in_language(text, "", language) for key, text in _sentences(content).items()}
    return result


def _sentences(content: Content) -> dict[str, str]:
    result = {}
    if content.get("advisory_board"):
        result["board"] = board_sentence(content["advisory_board"])
    if content.get("compact"):
        result["compact"] = compact_sentence(content["compact"])
    if content.get("contributors"):
        result["contributors"] = _contributors_sentence(content["contributors"])
    return result
