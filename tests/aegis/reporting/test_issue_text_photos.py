"""The issue's own text (introduction, boxes, footer) and its photos, through the pages."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from markdown_it import MarkdownIt
from PIL import Image

from aegis.core.models import User
from aegis.core.roles import Role
from aegis.datasets import DATA_DIR, DEMO_PHOTO
from aegis.reporting import services
from aegis.reporting.composition import content_for_issue, content_for_month
from aegis.reporting.models import Issue, NewsletterItem, Photo
from aegis.reporting.rendering import render_fragment, render_markdown, render_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("highlights_demo")]
SEPTEMBER = date(2020, 9, 1)
GOF = "highlights-2020-09-03"  # the 2nd Ministerial Meeting of the Group of Friends
CAPTION = "Second Ministerial Meeting of the Group of Friends of Victims of Terrorism"


@pytest.fixture(autouse=True)
def media(settings: pytest.FixtureRequest, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]
    return tmp_path / "media"


def _phone_photo(fmt: str = "JPEG", side: int = 3000, quality: int = 95) -> bytes:
    """The real photo as a phone would send it: large, with camera data and a GPS position."""
    with Image.open(DEMO_PHOTO) as original:
        image = original.resize((side, round(side * original.height / original.width)))
    exif = Image.Exif()
    exif[0x010F] = "Apple"  # Make
    exif[0x0110] = "iPhone 11"  # Model
    exif[0x0132] = "2020:09:28 15:04:11"  # DateTime
    exif[0x0112] = 1  # Orientation: upright
    exif.get_ifd(0x8825).update({1: "N", 2: (40.0, 44.0, 55.0), 3: "W", 4: (73.0, 58.0, 6.0)})
    out = io.BytesIO()
    image.save(out, fmt, exif=exif.tobytes(), quality=quality)
    return out.getvalue()


def _editor_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _edit(client: Client, issue: Issue, item: NewsletterItem, **extra: object) -> tuple[int, str]:
    data = {
        "headline": item.headline,
        "blurb": item.blurb,
        "photo_caption": CAPTION,
        "photo_credit": "UN Photo",
        **extra,
    }
    response = client.post(f"/highlights/{issue.pk}/items/{item.pk}/edit/", data)
    return response.status_code, response.content.decode()


def test_a_phone_photo_is_stored_resized_without_its_camera_data_and_printed(
    make_user: Callable[..., User], media: Path, tmp_path: Path
) -> None:
    editor, reviewer = make_user(Role.OFFICE_EDITOR), make_user(Role.OFFICE_EDITOR)
    issue = services.issue_generate(actor=editor, month=SEPTEMBER)
    item = issue.items.get(activity__external_id=GOF)
    upload = SimpleUploadedFile("IMG_0412.JPG", _phone_photo(), content_type="image/jpeg")

    status, _page = _edit(_editor_client(editor), issue, item, photo_file=upload)

    assert status == 302
    item.refresh_from_db()
    photo = item.photo
    assert photo is not None
    assert (photo.format, photo.width, photo.height) == ("jpeg", 1365, 1600)
    with Image.open(media / photo.image.name) as stored:
        assert (stored.size, dict(stored.getexif())) == ((1365, 1600), {})
        assert "exif" not in stored.info
    with Image.open(media / photo.screen.name) as screen:
        assert screen.size == (683, 800)
    raw = (media / photo.image.name).read_bytes()
    assert b"iPhone" not in raw and b"Apple" not in raw
    # A draft's photo is for the office only.
    url = f"/public/highlights/photos/{photo.key}-800.jpg"
    assert Client().get(url).status_code == 404
    assert _editor_client(editor).get(url)["Content-Type"] == "image/jpeg"

    issue = services.issue_transition(actor=editor, issue=issue, step="submit")
    issue = services.issue_transition(actor=reviewer, issue=issue, step="approve")
    issue = services.issue_transition(actor=reviewer, issue=issue, step="publish", confirmed=True)

    shown = Client().get(url)
    assert shown.status_code == 200
    assert b"".join(shown.streaming_content) == (media / photo.screen.name).read_bytes()  # type: ignore[attr-defined]
    page = Client().get("/public/highlights/2020-09/").content.decode()
    assert f'<img src="{url}" width="1365" height="1600" alt="{CAPTION}">' in page
    assert '<bdi class="hl-credit" dir="auto">UN Photo</bdi>' in page
    pdf = tmp_path / "issue.pdf"
    pdf.write_bytes(render_pdf(issue.snapshot))
    if shutil.which("pdfimages"):
        listing = subprocess.run(  # noqa: S603 — poppler on our own file
            ["pdfimages", "-list", str(pdf)],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert " 1365  1600 " in listing
    assert f"*{CAPTION}* (UN Photo)" in render_markdown(issue.snapshot)


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_photos_keep_their_format(
    fmt: str, make_user: Callable[..., User], media: Path
) -> None:
    editor = make_user(Role.OFFICE_EDITOR)
    issue = services.issue_generate(actor=editor, month=SEPTEMBER)
    item = issue.items.get(activity__external_id=GOF)
    upload = SimpleUploadedFile(f"meeting.{fmt.lower()}", _phone_photo(fmt, side=900))

    status, _page = _edit(_editor_client(editor), issue, item, photo_file=upload)

    item.refresh_from_db()
    assert status == 302 and item.photo is not None
    with Image.open(media / item.photo.image.name) as stored:
        assert (stored.format, stored.size, dict(stored.getexif())) == (fmt, (900, 1055), {})


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        (
            "photo.jpg",
            (DATA_DIR / "README.md").read_bytes(),
            "photo.jpg is not a photo Aegis can read: upload a JPEG, PNG or WebP image.",
        ),
        (
            "photo.gif",
            None,
            "photo.gif is a GIF image: upload a JPEG, PNG or WebP photo.",
        ),
        (
            "IMG_0413.JPG",
            b"",  # replaced by a 6 MB phone photo below
            "IMG_0413.JPG is larger than 5 MB: export it smaller (e.g. 1600 pixels wide).",
        ),
    ],
)
def test_a_file_that_is_not_an_acceptable_photo_is_refused_and_nothing_changes(
    name: str, data: bytes | None, error: str, make_user: Callable[..., User], media: Path
) -> None:
    if data is None:
        out = io.BytesIO()
        Image.open(DEMO_PHOTO).save(out, "GIF")
        data = out.getvalue()
    elif not data:
        data = _phone_photo(side=6000, quality=100)
        assert len(data) > 5 * 1024 * 1024
    editor = make_user(Role.OFFICE_EDITOR)
    issue = services.issue_generate(actor=editor, month=SEPTEMBER)
    item = issue.items.get(activity__external_id=GOF)

    status, page = _edit(
        _editor_client(editor),
        issue,
        item,
        headline="Changed headline",
        photo_file=SimpleUploadedFile(name, data),
    )

    item.refresh_from_db()
    assert status == 200
    assert error in page.replace("&#x27;", "'")
    assert (item.headline, item.photo, Photo.objects.count()) == (
        "2nd Ministerial Meeting of the Group of Friends of Victims of Terrorism (GoF)",
        None,
        0,
    )
    assert not media.exists() or not any(media.rglob("*.*"))


def test_the_issues_text_is_composed_from_records_kept_by_regenerate_and_frozen(
    make_user: Callable[..., User],
) -> None:
    editor, reviewer = make_user(Role.OFFICE_EDITOR), make_user(Role.OFFICE_EDITOR)
    issue = services.issue_generate(actor=editor, month=SEPTEMBER)
    composed = content_for_issue(issue)
    assert (
        "through the UN Counter-Terrorism Centre (UNCCT), which was established by an initial "
        "contribution of Saudi Arabia to the Counter-Terrorism Trust Fund in 2011."
    ) in composed["introduction"][0]
    assert composed["introduction"][1].endswith(
        'providing an "All-of-UN approach" to the system\'s work on counter-terrorism and '
        "preventing and countering violent extremism, as conducive to terrorism."
    )
    assert [(b["title"], b["link"]) for b in composed["boxes"]] == [
        ("UNOCT Office Structure", "www.un.org/counterterrorism/office-structure")
    ]
    assert [line for line in composed["boxes"][0]["paragraphs"][0] if "UNCCT" in line] == [
        "UN Counter-Terrorism Centre (UNCCT)"
    ]
    box = issue.boxes.get()
    client = _editor_client(editor)

    response = client.post(
        f"/highlights/{issue.pk}/text/",
        {
            "introduction": "The Kingdom of Saudi Arabia founded UNCCT in 2011.\r\n\r\nSecond.",
            "footer": "For more information: www.un.org/counterterrorism",
            "hashtags": "#UNOCT   #CounterTerrorism",
            "boxes-TOTAL_FORMS": "2",
            "boxes-INITIAL_FORMS": "1",
            "boxes-MIN_NUM_FORMS": "0",
            "boxes-MAX_NUM_FORMS": "6",
            "boxes-0-id": str(box.pk),
            "boxes-0-issue": str(issue.pk),
            "boxes-0-title": "UNOCT Office Structure",
            "boxes-0-placement": "highlights",
            "boxes-0-body": box.body,
            "boxes-0-link": box.link,
            "boxes-1-issue": str(issue.pk),
            "boxes-1-title": "Upcoming events",
            "boxes-1-placement": "end",
            "boxes-1-body": "First Congress on Victims of Terrorism, June 2021",
            "boxes-1-link": "",
        },
    )
    assert response.status_code == 302
    services.issue_refresh(actor=editor, issue=issue)
    issue.refresh_from_db()
    assert issue.introduction.startswith("The Kingdom of Saudi Arabia founded UNCCT in 2011.")
    assert list(issue.boxes.values_list("title", "placement")) == [
        ("UNOCT Office Structure", "highlights"),
        ("Upcoming events", "end"),
    ]

    issue = services.issue_transition(actor=editor, issue=issue, step="submit")
    issue = services.issue_transition(actor=reviewer, issue=issue, step="approve")
    issue = services.issue_transition(actor=reviewer, issue=issue, step="publish", confirmed=True)
    Issue.objects.filter(pk=issue.pk).update(introduction="Changed after publication")

    page = Client().get("/public/highlights/2020-09/").content.decode()
    assert issue.snapshot["introduction"] == [
        "The Kingdom of Saudi Arabia founded UNCCT in 2011.",
        "Second.",
    ]
    assert issue.snapshot["footer"] == {
        "lines": ["For more information: www.un.org/counterterrorism"],
        "hashtags": "#UNOCT #CounterTerrorism",
    }
    assert "<h2>Upcoming events</h2>" in page and "Changed after publication" not in page
    assert '<p class="hl-hashtags" dir="ltr">#UNOCT #CounterTerrorism</p>' in page
    # The text of the published issue carries over to the next month's draft.
    october = services.issue_generate(actor=editor, month=date(2020, 10, 1))
    assert (october.hashtags, october.boxes.count()) == ("#UNOCT #CounterTerrorism", 2)


def test_markdown_download_writes_html_and_links_as_text(make_user: Callable[..., User]) -> None:
    editor = make_user(Role.OFFICE_EDITOR)
    issue = services.issue_generate(actor=editor, month=SEPTEMBER)
    item = issue.items.get(activity__external_id=GOF)
    services.item_update(
        actor=editor,
        item=item,
        headline="<script>alert('x')</script> Ministerial meeting",
        blurb='See [the report](javascript:alert(1)) and <img src=x onerror="alert(2)">.',
    )

    markdown = _editor_client(editor).get(f"/highlights/{issue.pk}/download.md").content.decode()
    html = MarkdownIt("commonmark").render(markdown)

    assert "<script" not in html and "<img" not in html and "<a " not in html
    assert "&lt;script&gt;alert('x')&lt;/script&gt; Ministerial meeting" in html
    assert "See [the report](javascript:alert(1))" in html
    # The same text is escaped on the HTML page too.
    assert "&lt;script&gt;" in render_fragment(content_for_issue(issue))


def test_the_month_composed_afresh_has_the_introduction_and_the_office_structure() -> None:
    content = content_for_month(SEPTEMBER)
    markdown = render_markdown(content)

    assert "initial contribution of Saudi Arabia to the Counter-Terrorism Trust Fund in 2011" in (
        markdown
    )
    assert "> **UNOCT Office Structure**" in markdown
    assert "For more information: www.un.org/counterterrorism" in markdown


def test_a_box_without_a_title_is_refused_and_nothing_changes(
    make_user: Callable[..., User],
) -> None:
    editor = make_user(Role.OFFICE_EDITOR)
    issue = services.issue_generate(actor=editor, month=SEPTEMBER)
    box = issue.boxes.get()

    response = _editor_client(editor).post(
        f"/highlights/{issue.pk}/text/",
        {
            "introduction": "A new introduction.",
            "footer": issue.footer,
            "hashtags": "",
            "boxes-TOTAL_FORMS": "1",
            "boxes-INITIAL_FORMS": "1",
            "boxes-MIN_NUM_FORMS": "0",
            "boxes-MAX_NUM_FORMS": "6",
            "boxes-0-id": str(box.pk),
            "boxes-0-issue": str(issue.pk),
            "boxes-0-title": "",
            "boxes-0-placement": "highlights",
            "boxes-0-body": "UN Counter-Terrorism Centre (UNCCT)",
            "boxes-0-link": "",
        },
    )

    issue.refresh_from_db()
    assert response.status_code == 200
    assert "A box is printed under its title: write one." in response.content.decode()
    assert issue.introduction != "A new introduction."
    assert list(issue.boxes.values_list("title", flat=True)) == ["UNOCT Office Structure"]
