"""Issue #19, deliverables 5 and 6 (PDF): the newsletter per UN language.

The demo's September 2020 issue is translated into French and Arabic by the editor and
approved by the reviewer; a Chinese translation of two items is written here (machine
translation, a test fixture only). The PDFs are read back with poppler and pypdf.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client

from aegis.core.demo import load_accounts
from aegis.core.models import User
from aegis.reporting import services
from aegis.reporting.composition import content_for_translation
from aegis.reporting.demo import load_highlights
from aegis.reporting.demo_translations import ITEMS
from aegis.reporting.models import Issue, IssueTranslation, ItemTranslation
from aegis.reporting.rendering import render_markdown, render_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("highlights_demo")]

ARABIC_HEADLINE = ITEMS["ar"]["highlights-2020-09-01"][0]
# Words of the headline without a lam-alef ligature (poppler extracts those in visual order).
ARABIC_WORDS = "مؤتمر منظمة"
ARABIC_PHRASE = "والتعاون في أوروبا لمكافحة"
# Machine-translated for this test (not shipped): two items of September 2020.
CHINESE = {
    "highlights-2020-09-01": (
        "2020年欧安组织反恐会议",
        "副秘书长沃龙科夫强调与区域组织建立牢固伙伴关系的重要性，并赞扬了反恐办与欧安组织的伙伴关系。",
    ),
    "highlights-2020-09-06": ("西班牙对反恐办的捐款", ""),
}


@pytest.fixture
def september(settings: pytest.FixtureRequest, tmp_path: Path) -> Issue:
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]
    load_accounts()
    load_highlights()
    return Issue.objects.get(month="2020-09-01")


def _chinese(issue: Issue) -> IssueTranslation:
    editor, reviewer = User.objects.get(username="editor"), User.objects.get(username="reviewer")
    for item in issue.items.select_related("activity"):
        words = CHINESE.get(item.activity.external_id if item.activity else "")
        if words:
            services.item_translation_update(
                actor=editor, item=item, language="zh-hans", headline=words[0], blurb=words[1]
            )
    services.translation_text_update(
        actor=editor,
        issue=issue,
        language="zh-hans",
        introduction="反恐办主要通过联合国反恐中心向会员国提供能力建设支助。",
        footer="更多信息：www.un.org/counterterrorism",
    )
    services.translation_transition(actor=editor, issue=issue, language="zh-hans", step="submit")
    return services.translation_transition(
        actor=reviewer, issue=issue, language="zh-hans", step="approve"
    )


def _text(pdf: bytes, tmp_path: Path, name: str) -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    return subprocess.run(  # noqa: S603 — poppler on our own file
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _uncompressed(pdf: bytes) -> bytes:
    """The PDF with its streams (object streams hold the catalogue) inflated."""
    inflated = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            inflated.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"\n".join(inflated)


def _logical(text: str) -> str:
    """pdftotext's text without its bidi embedding marks and line breaks."""
    return " ".join(re.sub("[\u202a-\u202e\u2066-\u2069]", "", text).split())


def _info(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    return subprocess.run(  # noqa: S603 — poppler on our own file
        ["pdfinfo", str(path)],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _fonts(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    return subprocess.run(  # noqa: S603 — poppler on our own file
        ["pdffonts", str(path)],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_demo_september_is_published_in_french_and_arabic(september: Issue) -> None:
    published = dict(september.translations.values_list("language", "status"))
    assert published == {"ar": "published", "fr": "published"}
    reviewed = ItemTranslation.objects.filter(item__issue=september, language="ar")
    assert set(reviewed.values_list("status", flat=True)) == {"reviewed"}
    assert reviewed.count() == len(ITEMS["ar"])


def test_round_trip_public_page_and_downloads_per_language(september: Issue) -> None:
    client = Client()
    page = client.get("/public/highlights/2020-09/ar/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'lang="ar" dir="rtl"' in html and ARABIC_HEADLINE in html
    assert "مكتب الأمم المتحدة لمكافحة الإرهاب" in html  # the office, in Arabic
    # English keeps its address, and lists the languages it is published in.
    english = client.get("/public/highlights/2020-09/").content.decode()
    assert "2020 OSCE-wide Counter-Terrorism Conference" in english
    assert 'href="/public/highlights/2020-09/fr/"' in english and ARABIC_HEADLINE not in english
    french = client.get("/public/highlights/2020-09/fr/download.md").content.decode()
    assert "# Faits marquants du mois — septembre 2020" in french
    assert "Fonds d'affectation spéciale" in french
    assert (
        client.get("/public/highlights/2020-09/ru/").status_code == 404
    )  # not published in Russian
    pdf = client.get("/public/highlights/2020-09/ar/download.pdf")
    assert pdf["Content-Type"] == "application/pdf"


def test_untranslated_record_text_is_marked_english_never_mixed_silently(
    september: Issue,
) -> None:
    french = IssueTranslation.objects.get(issue=september, language="fr").snapshot
    items = [i for s in french["sections"] for g in s["groups"] for i in g["items"]]
    translated = [i for i in items if not i["headline"].startswith("[EN] ")]
    assert len(translated) == len(ITEMS["fr"])
    for item in items:
        # A headline in English is marked; so is a text left in English under a French one.
        if item["text"] and not item["text"].startswith("[EN] "):
            assert not item["headline"].startswith("[EN] ")
    iata = next(i for i in items if "Association du transport aérien" in i["headline"])
    assert iata["text"].startswith("[EN] The MoU with the International Air Transport")
    groups = [g["heading"] for s in french["sections"] for g in s["groups"] if g["heading"]]
    assert "Centre des Nations Unies pour la lutte contre le terrorisme (UNCCT)" in groups
    assert all(
        g.startswith("[EN] ") for g in groups if "Centre des" not in g and "Service" not in g
    )
    markdown = render_markdown(french)
    assert "[EN] Pillar" not in markdown and "Pilier I" in markdown
    assert all(p["title"].startswith("[EN] ") for p in french["pillars"])  # records' names
    html = Client().get("/public/highlights/2020-09/ar/").content.decode()
    assert '<bdi class="hl-en" lang="en" dir="ltr">[EN] ' in html


def test_editing_after_publication_needs_a_return_to_draft(september: Issue) -> None:
    editor = User.objects.get(username="editor")
    item = september.items.first()
    assert item is not None
    with pytest.raises(ValidationError):
        services.item_translation_update(
            actor=editor, item=item, language="ar", headline="x", blurb=""
        )
    with pytest.raises(ValidationError):  # English is no language to translate into
        services.translation_text_update(
            actor=editor, issue=september, language="en", introduction="", footer=""
        )


def test_permissions_per_role(september: Issue) -> None:
    editor, reviewer = User.objects.get(username="editor"), User.objects.get(username="reviewer")
    viewer = (
        User.objects.filter(is_superuser=False)
        .exclude(username__in=["editor", "reviewer"])
        .exclude(groups__permissions__codename="change_issue")
        .first()
    )
    assert viewer is not None
    with pytest.raises(PermissionDenied):  # who may not change issues may not translate
        services.translation_text_update(
            actor=viewer, issue=september, language="es", introduction="Hola", footer=""
        )
    services.translation_text_update(
        actor=editor, issue=september, language="es", introduction="Introducción", footer=""
    )
    services.translation_transition(actor=editor, issue=september, language="es", step="submit")
    with pytest.raises(PermissionDenied):  # four eyes: the translator does not approve
        services.translation_transition(
            actor=editor, issue=september, language="es", step="approve"
        )
    with pytest.raises(PermissionDenied):
        services.translation_transition(
            actor=viewer, issue=september, language="es", step="approve"
        )
    approved = services.translation_transition(
        actor=reviewer, issue=september, language="es", step="approve"
    )
    assert approved.status == IssueTranslation.Status.PUBLISHED
    assert approved.approved_by == reviewer


def test_a_translation_is_published_after_the_english_issue(september: Issue) -> None:
    editor, reviewer = User.objects.get(username="editor"), User.objects.get(username="reviewer")
    july = Issue.objects.get(month="2020-07-01")
    services.translation_text_update(
        actor=editor, issue=july, language="ru", introduction="Введение", footer=""
    )
    services.translation_transition(actor=editor, issue=july, language="ru", step="submit")
    with pytest.raises(ValidationError, match="English issue first"):
        services.translation_transition(actor=reviewer, issue=july, language="ru", step="approve")


def test_command_line_writes_the_arabic_pdf(september: Issue, tmp_path: Path) -> None:
    out = tmp_path / "ar.pdf"
    stdout = io.StringIO()
    call_command(
        "highlights", "2020-09", "--language", "ar", "--format", "pdf", "--output", str(out),
        stdout=stdout,
    )  # fmt: skip
    assert "pdf" in stdout.getvalue()
    text = _logical(_text(out.read_bytes(), tmp_path, "cmd"))
    assert ARABIC_WORDS in text and ARABIC_PHRASE in text


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="needs poppler-utils")
def test_arabic_and_chinese_pdfs_embed_their_fonts_in_logical_order_and_are_tagged(
    september: Issue, tmp_path: Path
) -> None:
    arabic = IssueTranslation.objects.get(issue=september, language="ar").snapshot
    chinese = _chinese(september).snapshot
    for name, content in (("ar", arabic), ("zh-hans", chinese)):
        pdf = render_pdf(content)
        # Kept for a person to rasterise and look at (AEGIS_PDF_ARTEFACTS=folder).
        artefacts = Path(os.environ.get("AEGIS_PDF_ARTEFACTS") or tmp_path)
        (artefacts / f"september-{name}.pdf").write_bytes(pdf)
        info = _info(pdf, tmp_path)
        assert "Tagged:          yes" in info, info
        catalog = _uncompressed(pdf)
        assert f"/Lang ({name})".encode() in catalog and b"/StructTreeRoot" in catalog
        fonts = _fonts(pdf, tmp_path)
        embedded = [line for line in fonts.splitlines()[2:] if " yes " in line]
        if name == "ar":
            assert any("Arabic" in line for line in embedded), fonts
            text = _logical(_text(pdf, tmp_path, name))
            # Logical order: the headline is extracted as written, first letter first.
            assert ARABIC_WORDS in text and ARABIC_PHRASE in text, text[:2000]
            assert ARABIC_PHRASE[::-1] not in text
        else:
            assert any("CJK" in line for line in embedded), fonts
            assert "西班牙对反恐办的捐款" in _text(pdf, tmp_path, name)
        assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # all embedded


def test_draft_translation_content_is_what_approval_freezes(september: Issue) -> None:
    arabic = IssueTranslation.objects.get(issue=september, language="ar")
    assert content_for_translation(september, "ar")["sections"] == arabic.snapshot["sections"]


def test_translators_page_saves_drafts_and_a_second_person_publishes(september: Issue) -> None:
    editor, reviewer = Client(), Client()
    editor.force_login(User.objects.get(username="editor"))
    reviewer.force_login(User.objects.get(username="reviewer"))
    item = september.items.order_by("section", "position").first()
    assert item is not None
    url = f"/highlights/{september.pk}/translations/es/"
    page = editor.get(url).content.decode()
    assert item.headline in page  # the English source beside each field
    data = {"introduction": "La Oficina presta apoyo a los Estados Miembros.", "footer": ""}
    data[f"headline_{item.pk}"] = "Conferencia de la OSCE sobre la lucha contra el terrorismo"
    response = editor.post(url, data)
    assert response.status_code == 302
    words = ItemTranslation.objects.get(item=item, language="es")
    assert (words.status, words.headline) == ("draft", data[f"headline_{item.pk}"])
    editor.post(f"{url}submit/")
    editor.post(f"{url}approve/")  # refused: the translator's own work
    assert IssueTranslation.objects.get(issue=september, language="es").status == "in_review"
    reviewer.post(f"{url}approve/")
    assert IssueTranslation.objects.get(issue=september, language="es").status == "published"
    public = Client().get("/public/highlights/2020-09/es/").content.decode()
    assert data[f"headline_{item.pk}"] in public and 'lang="es" dir="ltr"' in public
    assert "Translations:" in editor.get(f"/highlights/{september.pk}/").content.decode()
