"""The September 2020 issue, produced again from the demo records."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from PIL import Image

from aegis.reporting.composition import content_for_month
from aegis.reporting.rendering import render_markdown, render_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("highlights_demo")]

# Every event, date, organisation, country and figure of the seed, as the issue prints it.
SEED_FACTS = [
    # events
    "2020 OSCE-wide Counter-Terrorism Conference",
    'NuSec Talks "Security through Law"',
    "2nd Ministerial Meeting of the Group of Friends of Victims of Terrorism",
    "roundtable",
    "Memorandum of Understanding",
    "5th coordination meeting between the UN and the Global Counterterrorism Forum",
    "virtual training webinars and an onsite workshop",
    "geographically focused webinars",
    "expert teleworkshop on the use of Virtual Reality (VR) and drones",
    "side event",
    "High-Level Meeting on the Prevention of Violent Extremism (PVE) through Sports",
    "Expert Group Meeting on PVE through Sports",
    'deep-dive" assessment of Uganda',
    "first expert working group meeting",
    "assessment of Sierra Leone's readiness to build its Passenger Information Unit",
    # dates, as the seed writes them
    "(14 September)",
    "(21 September)",
    "(28 September)",
    "(18 Sep)",
    "(15 Sep)",
    "(24 Sep)",
    "(17 Sep)",
    "(3, 10 & 26 Sep)",
    "(16 & 30 Sep)",
    "(23 Sep)",
    "(25 Sep)",
    "(18 & 21-23 Sep)",
    "(21-23 & 24 Sep)",
    "(14-17 Sep)",
    "In September, Spain",
    # organisations and people
    "OSCE",
    "IAEA",
    "USG Voronkov",
    "DG Grossi",
    "Afghanistan",
    "Spain",
    "UNCCT",
    "IIJ",
    "International Air Transport Association (IATA)",
    "GCTF",
    "UNDP",
    "World Border Security Congress/Border Security Report",
    "UNICRI",
    "UNRCCA",
    "UNAOC",
    "ICSS",
    "CTED",
    "UNPOL",
    "CAERT",
    "INTERPOL",
    "European Union",
    "UN Counter-Terrorism Centre (UNCCT)",
    "Special Projects and Innovation Branch (SPIB)",
    # countries and regions
    "Sudanese youth",
    "Argentina, Paraguay and Uruguay",
    "Sahel Region",
    "north-eastern Syria and Iraq",
    "Central Asia",
    "Uganda",
    "Sierra Leone",
    "Málaga",
    "Europe, Africa, and the MENA and Asia Pacific",
    # figures
    "21 participants from 19 CSOs",
    "80,000 EUR",
    "over 40 Member States",
    "Advisory Board composed of 21 Member States plus the European Union as a Guest Member",
    "bringing together 43 entities",
    "in December 2018",
    "across the 38 Global Counter-Terrorism Compact entities",
    "8 thematic Inter-Agency Working Groups",
    "revitalized in April 2019",
    "GA resolution 71/291 on 15 June 2017",
    "$249.9 million",
    "$189.5 million has been received from 31 donors",
    "Allocation from the UN Peace and Development Trust Fund",
    "The Netherlands also provided in-kind contribution valued at $11.5 million in 2018",
    "January to September 2020",
    "6542",
    "Individuals trained",
    "48",
    "Workshops organized",
    # the Strategy
    "Pillar I",
    "Addressing the condition conducive to the spread of terrorism",
    "Pillar II",
    "Preventing and combating terrorism",
    "Pillar III",
    "Building States' capacity and strengthen the role of the UN",
    "Pillar IV",
    "Ensuring human rights and the rule of law",
]


def _text(markup: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup)))


def test_html_from_the_command_line_holds_every_fact_of_the_seed(tmp_path: Path) -> None:
    output = tmp_path / "2020-09.html"

    call_command(
        "highlights", "2020-09", "--format", "html", "--output", str(output), stdout=StringIO()
    )

    text = _text(output.read_text(encoding="utf-8"))
    assert [fact for fact in SEED_FACTS if fact not in text] == []


def test_markdown_holds_the_same_facts() -> None:
    text = render_markdown(content_for_month(date(2020, 9, 1)))

    plain = text.replace("\\*", "*").replace("**", "")
    missing = [fact for fact in SEED_FACTS if fact.replace("**", "") not in plain]
    assert missing == []
    assert text.startswith("# Monthly Highlights — September 2020\n")


@pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="poppler-utils (pdftoppm) not installed"
)
def test_pdf_renders_pages_that_are_not_blank(tmp_path: Path) -> None:
    pdf = tmp_path / "issue.pdf"
    pdf.write_bytes(render_pdf(content_for_month(date(2020, 9, 1))))

    subprocess.run(  # noqa: S603 — poppler on our own file
        ["pdftoppm", "-r", "40", "-l", "2", "-png", str(pdf), str(tmp_path / "page")],  # noqa: S607
        check=True,
        timeout=60,
    )
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 2
    for page in pages:
        image = Image.open(page).convert("L")
        histogram = image.histogram()  # pixel counts per grey level
        inked = sum(histogram[:200]) / (image.width * image.height)
        assert (image.width, image.height) == (331, 468)  # A4 at 40 dpi
        assert inked > 0.05, f"{page.name} is nearly blank ({inked:.1%} inked)"


def test_a_bad_month_is_refused_with_a_clear_error() -> None:
    with pytest.raises(CommandError, match="'2020-13' is not a month: write it as YYYY-MM"):
        call_command("highlights", "2020-13", stdout=StringIO())
