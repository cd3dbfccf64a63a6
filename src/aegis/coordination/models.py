"""The Global Counter-Terrorism Coordination Compact and the bodies that coordinate.

One shape serves the Compact itself, its Coordination Committee, the thematic
Inter-Agency Working Groups and the UNCCT Advisory Board: a body, and dated
memberships of organisations in it with a role. "Members on date D" is then a
query, so figures true at different dates (38 and 43 Compact entities) are both
held, each at its own date.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from aegis.core.models import Organisation


class Body(models.Model):
    class Kind(models.TextChoices):
        COMPACT = "compact", _("Coordination framework")
        COMMITTEE = "committee", _("Committee")
        WORKING_GROUP = "working_group", _("Inter-Agency Working Group")
        ADVISORY_BOARD = "advisory_board", _("Advisory board")

    name = models.CharField(_("name"), max_length=250, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    part_of = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parts",
    )
    established_on = models.DateField(_("established on"), null=True, blank=True)
    revitalised_on = models.DateField(_("revitalised on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["kind", "name"]
        verbose_name = _("coordination body")
        verbose_name_plural = _("coordination bodies")

    def __str__(self) -> str:
        return self.short_name or self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        CO_CHAIR = "co_chair", _("Co-chair")
        MEMBER = "member", _("Member")
        GUEST = "guest", _("Guest member")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["body", "organisation__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True)
                | models.Q(left_on__gt=models.F("joined_on")),
                name="membership_ends_after_it_starts",
                violation_error_message=_("A membership ends after it starts."),
            ),
            models.UniqueConstraint(
                fields=["body", "organisation", "joined_on"], name="membership_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.body} ({self.get_role_display()})"

    def active_on(self, day: date) -> bool:
        return self.joined_on <= day and (self.left_on is None or day < self.left_on)
