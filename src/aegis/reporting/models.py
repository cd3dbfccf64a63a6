"""The Monthly Highlights newsletter: an issue per month, its items, and the frozen copy.

An issue is composed from published records into items that communications staff
may reorder and re-word for this issue alone. Publishing stores the whole content
as a snapshot, so later edits to the records never change a published issue.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from aegis.activities.models import Activity


class Issue(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")

    month = models.DateField(_("month"), unique=True, help_text=_("The first day of the month."))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    # Figures of the month (funding, Compact, results) as composed, refreshed until published.
    figures = models.JSONField(_("figures"), default=dict, editable=False)
    # The whole issue as published; empty until then.
    snapshot = models.JSONField(_("published content"), default=dict, editable=False)
    generated_at = models.DateTimeField(_("generated at"), editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    # Four eyes: who sent the issue for review may not approve it.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    # Set while a published issue is being corrected: the note printed with the correction.
    erratum = models.TextField(_("erratum note"), blank=True, editable=False)
    # The issue's own text, written by the editor and kept by Regenerate. The introduction is
    # first composed from the records; while it still reads as composed, Regenerate refreshes it.
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Printed above the mandate box. A blank line starts a new paragraph."),
    )
    composed_introduction = models.TextField(blank=True, editable=False)
    footer = models.TextField(
        _("footer"),
        blank=True,
        help_text=_('Printed at the end, e.g. "For more information: www.un.org/…".'),
    )
    hashtags = models.CharField(
        _("hashtags"), max_length=300, blank=True, help_text=_("e.g. #UNOCT #CounterTerrorism")
    )
    history = HistoricalRecords(excluded_fields=["figures", "snapshot"])

    class Meta:
        ordering: ClassVar = ["-month"]
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")
        permissions: ClassVar = [("publish_issue", _("Can approve and publish newsletter issues"))]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(month__day=1),
                name="issue_month_is_first_day",
                violation_error_message=_("An issue's month is written as its first day."),
            )
        ]

    def __str__(self) -> str:
        return f"Monthly Highlights {self.month:%B %Y}"

    @property
    def slug(self) -> str:
        return f"{self.month:%Y-%m}"


class IssueVersion(models.Model):
    """A published version of an issue, kept when a correction replaces it."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    snapshot = models.JSONField(_("published content"))
    published_at = models.DateTimeField(_("published at"))
    erratum = models.TextField(_("erratum note"), blank=True)

    class Meta:
        ordering: ClassVar = ["issue", "number"]
        verbose_name = _("published version")
        verbose_name_plural = _("published versions")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["issue", "number"], name="one_issue_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.issue} v{self.number}"


class Box(models.Model):
    """A framed text of an issue, such as the office structure, placed after a section."""

    class Placement(models.TextChoices):
        AFTER_INTRODUCTION = "introduction", _("After the introduction")
        AFTER_POLITICAL_LEADERSHIP = "political_leadership", _("After Political Leadership")
        AFTER_HIGHLIGHTS = "highlights", _("After Highlights")
        AFTER_CAPACITY_BUILDING = "capacity_building", _("After Capacity Building")
        END = "end", _("At the end")

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="boxes")
    position = models.PositiveIntegerField(_("position"), default=1)
    placement = models.CharField(
        _("placed"), max_length=30, choices=Placement.choices, default=Placement.AFTER_HIGHLIGHTS
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("text"), blank=True, help_text=_("One line per entry; a blank line starts a paragraph.")
    )
    link = models.CharField(
        _("link"), max_length=300, blank=True, help_text=_("Printed as written, e.g. www.un.org/…")
    )
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["issue", "position", "pk"]
        verbose_name = _("box")
        verbose_name_plural = _("boxes")

    def __str__(self) -> str:
        return self.title


class Photo(models.Model):
    """An uploaded photo, re-encoded without its metadata and stored under its content's hash.

    Stored files are never rewritten, so a published issue that names a photo keeps it.
    """

    key = models.CharField(_("key"), max_length=64, unique=True, editable=False)
    format = models.CharField(_("format"), max_length=4, editable=False)  # jpeg, png, webp
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    image = models.FileField(_("photo"), upload_to="highlights/photos/", editable=False)
    # A smaller copy for the site's pages; the PDF prints ``image``.
    screen = models.FileField(upload_to="highlights/photos/", editable=False)
    # Set when an issue naming it is published: then anyone may see it.
    public = models.BooleanField(default=False, editable=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return f"{self.key[:12]}.{self.extension}"

    @property
    def extension(self) -> str:
        return "jpg" if self.format == "jpeg" else self.format


class NewsletterItem(models.Model):
    """One entry of an issue: an activity, re-worded for this issue if need be."""

    class Section(models.TextChoices):
        POLITICAL_LEADERSHIP = "political_leadership", _("Political Leadership")
        HIGHLIGHTS = "highlights", _("Highlights")
        CAPACITY_BUILDING = "capacity_building", _("Capacity Building")

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="items")
    section = models.CharField(_("section"), max_length=30, choices=Section.choices)
    position = models.PositiveIntegerField(_("position"))
    activity = models.ForeignKey(
        Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    group = models.CharField(
        _("group"), max_length=200, blank=True, help_text=_("The office unit heading.")
    )
    headline = models.CharField(_("headline"), max_length=300)
    blurb = models.TextField(_("text for this issue"))
    dates_text = models.CharField(_("dates as printed"), max_length=100, blank=True)
    photo = models.ForeignKey(
        Photo, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    photo_caption = models.CharField(_("photo caption"), max_length=300, blank=True)
    photo_credit = models.CharField(
        _("photo credit"),
        max_length=200,
        blank=True,
        help_text=_("Who took it, as printed: e.g. UN Photo/the photographer's name"),
    )
    # The wording as last composed from the activity: an item whose headline or text differs
    # from it was reworded by the editor, and regenerating keeps that wording.
    composed_headline = models.CharField(max_length=300, blank=True, editable=False)
    composed_blurb = models.TextField(blank=True, editable=False)
    # New wording from the activity, proposed by a regeneration and not yet accepted.
    proposed_headline = models.CharField(max_length=300, blank=True, editable=False)
    proposed_blurb = models.TextField(blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["issue", "section", "position"]
        verbose_name = _("newsletter item")
        verbose_name_plural = _("newsletter items")

    def __str__(self) -> str:
        return self.headline


# The UN's other official languages an issue is translated into; English is the source.
TRANSLATION_LANGUAGES = ("ar", "es", "fr", "ru", "zh-hans")
RTL_LANGUAGES = frozenset({"ar"})


class Language(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    SPANISH = "es", _("Spanish")
    FRENCH = "fr", _("French")
    RUSSIAN = "ru", _("Russian")
    CHINESE = "zh-hans", _("Chinese")


class IssueTranslation(models.Model):
    """An issue in one language: its own text, and its own four-eyes review and publication.

    Published once the English issue is; the snapshot freezes it like the English one.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    introduction = models.TextField(_("introduction"), blank=True)
    footer = models.TextField(_("footer"), blank=True)
    snapshot = models.JSONField(_("published content"), default=dict, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    # Four eyes: whoever translated or submitted it may not approve it.
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    history = HistoricalRecords(excluded_fields=["snapshot"])

    class Meta:
        ordering: ClassVar = ["issue", "language"]
        verbose_name = _("issue translation")
        verbose_name_plural = _("issue translations")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["issue", "language"], name="one_translation_per_issue")
        ]

    def __str__(self) -> str:
        return f"{self.issue} [{self.language}]"


class ItemTranslation(models.Model):
    """One item's words in one language; an item without one prints in English, marked."""

    class Status(models.TextChoices):
        UNTRANSLATED = "untranslated", _("Untranslated")
        DRAFT = "draft", _("Draft")
        REVIEWED = "reviewed", _("Reviewed")

    item = models.ForeignKey(NewsletterItem, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        default=Status.UNTRANSLATED,
        editable=False,
    )
    group = models.CharField(_("group"), max_length=200, blank=True)
    headline = models.CharField(_("headline"), max_length=300, blank=True)
    blurb = models.TextField(_("text for this issue"), blank=True)
    dates_text = models.CharField(_("dates as printed"), max_length=100, blank=True)
    photo_caption = models.CharField(_("photo caption"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["item", "language"]
        verbose_name = _("item translation")
        verbose_name_plural = _("item translations")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["item", "language"], name="one_translation_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.item} [{self.language}]"
