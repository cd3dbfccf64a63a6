"""Activities of the office and its Compact partners.

Status changes only through the transitions in ``services`` so that each one is
permission-checked and lands in the audit trail with its reason.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from aegis.core.models import Organisation


class OfficeUnit(models.Model):
    """A unit of the office's structure: the office, its centre, branches and sections."""

    class Kind(models.TextChoices):
        OFFICE = "office", _("Office")
        CENTRE = "centre", _("Centre")
        BRANCH = "branch", _("Branch")
        SECTION = "section", _("Section")
        UNIT = "unit", _("Unit")

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name = _("office unit")
        verbose_name_plural = _("office units")

    def __str__(self) -> str:
        return self.acronym or self.name


class Programme(models.Model):
    """A programme owned by an office unit (Countering Terrorist Travel, Fusion Cells …)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    unit = models.ForeignKey(
        OfficeUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="programmes"
    )
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name


class Activity(models.Model):
    class Kind(models.TextChoices):
        HIGH_LEVEL_EVENT = "high_level_event", _("High-level event")
        CONFERENCE = "conference", _("Conference")
        MEETING = "meeting", _("Meeting")
        ROUNDTABLE = "roundtable", _("Roundtable")
        WEBINAR = "webinar", _("Webinar")
        WORKSHOP = "workshop", _("Workshop")
        TRAINING = "training", _("Training")
        ASSESSMENT = "assessment", _("Assessment")
        EXPERT_GROUP_MEETING = "expert_group_meeting", _("Expert group meeting")
        SIDE_EVENT = "side_event", _("Side event")
        AGREEMENT_SIGNING = "agreement_signing", _("Agreement signing")
        CONTRIBUTION = "contribution", _("Contribution")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    summary = models.TextField(_("summary"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    lead_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        related_name="led_activities",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-start_date", "title"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        permissions: ClassVar = [("publish_activity", _("Can review and publish activities"))]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="activity_ends_after_it_starts",
                violation_error_message=_("The end date is before the start date."),
            )
        ]
        indexes: ClassVar = [models.Index(fields=["status", "start_date"])]

    def __str__(self) -> str:
        return self.title
