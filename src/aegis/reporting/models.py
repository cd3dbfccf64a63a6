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


class Item(models.Model):
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
    photo_caption = models.CharField(_("photo caption"), max_length=300, blank=True)
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
