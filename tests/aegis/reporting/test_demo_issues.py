"""A newcomer's demo: September 2020 published as the source lays it out, July 2020 in review."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from aegis.core.demo import load_accounts
from aegis.reporting.demo import PHOTO_CAPTION, load_highlights
from aegis.reporting.models import Issue
from aegis.reporting.rendering import render_markdown, render_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("highlights_demo")]


@pytest.fixture
def demo_issues(settings: pytest.FixtureRequest, tmp_path: Path) -> tuple[Issue, Issue]:
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]
    load_accounts()
    assert load_highlights() == 2
    assert load_highlights() == 0  # idempotent
    return Issue.objects.get(month="2020-09-01"), Issue.objects.get(month="2020-07-01")


def test_september_is_published_and_july_awaits_a_second_editor(
    demo_issues: tuple[Issue, Issue],
) -> None:
    september, july = demo_issues

    assert september.status == Issue.Status.PUBLISHED
    assert (september.submitted_by.username, september.approved_by.username) == (  # type: ignore[union-attr]
        "editor",
        "reviewer",
    )
    assert (july.status, july.submitted_by.username, july.approved_by) == (  # type: ignore[union-attr]
        Issue.Status.IN_REVIEW,
        "editor",
        None,
    )
    headlines = list(july.items.values_list("headline", flat=True))
    assert len(headlines) == 5 and all(h.startswith("Illustrative: ") for h in headlines)
    assert july.figures["results"]["figures"] == [
        {"value": 2754, "label": "Individuals trained"},
        {"value": 33, "label": "Workshops organized"},
    ]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_september_pdf_has_the_sources_sections_on_three_full_pages(
    demo_issues: tuple[Issue, Issue], tmp_path: Path
) -> None:
    september, _july = demo_issues
    pdf = tmp_path / "2020-09.pdf"
    pdf.write_bytes(render_pdf(september.snapshot))

    pages = []
    for number in (1, 2, 3, 4):
        text = subprocess.run(  # noqa: S603 — poppler on our own file
            ["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        )
        if text.returncode != 0:
            break
        pages.append(" ".join(text.stdout.split()))
    subprocess.run(  # noqa: S603
        ["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "page")],  # noqa: S607
        check=True,
    )

    assert len(pages) == 3
    first, _second, last = pages
    assert "initial contribution of the Kingdom of Saudi Arabia to the Counter-Terrorism" in first
    assert '"All-of-UN approach"' in first
    assert PHOTO_CAPTION in first
    assert "UNOCT Office Structure" in " ".join(pages)
    assert "www.un.org/counterterrorism/office-structure" in " ".join(pages)
    # The results share the last page with the contributors and the Strategy.
    assert all(
        fact in last for fact in ("Top Contributors to UNOCT", "Pillar IV", "6542", "48", "#UNOCT")
    )
    for image in sorted(tmp_path.glob("page-*.png")):
        grey = Image.open(image).convert("L")
        rows = [
            any(grey.getpixel((x, y)) < 200 for x in range(0, grey.width, 2))
            for y in range(grey.height)
        ]
        inked_to = max(y for y, inked in enumerate(rows[: grey.height - 40]) if inked)
        # Every page is used at least to its middle (the footer line aside).
        assert inked_to > grey.height * 0.5, f"{image.name} is half empty"
    markdown = render_markdown(september.snapshot)
    assert f"*{PHOTO_CAPTION}* (Stand-in for the demo" in markdown
