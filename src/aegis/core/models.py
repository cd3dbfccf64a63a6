"""Users, and the organisation registry every domain refers to.

The registry lives in ``core`` rather than ``coordination`` because donors,
activity partners, Compact entities and a user's employer are all organisations.
"""

from __future__ import annotations

from typing import ClassVar

import pycountry
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from aegis.core.locking import Versioned


def validate_country_code(value: str) -> None:
    """Accept an ISO 3166-1 alpha-2 code (upper case)."""
    if pycountry.countries.get(alpha_2=value) is None:
        raise ValidationError(
            _("%(value)s is not an ISO 3166-1 alpha-2 country code."), params={"value": value}
        )


class Country(models.Model):
    """ISO 3166-1 countries, loaded from pycountry by a data migration."""

    code = models.CharField(_("ISO 3166-1 alpha-2 code"), max_length=2, primary_key=True)
    alpha_3 = models.CharField(_("ISO 3166-1 alpha-3 code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    """A region as the office reports it ("Sahel", "MENA", "Central Asia" …)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    countries = models.ManyToManyField(
        Country, verbose_name=_("countries"), blank=True, related_name="regions"
    )

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class Organisation(Versioned):
    class Kind(models.TextChoices):
        UN_ENTITY = "un_entity", _("UN entity")
        MEMBER_STATE = "member_state", _("Member State")
        REGIONAL_BODY = "regional_body", _("Regional or intergovernmental body")
        CIVIL_SOCIETY = "civil_society", _("Civil-society organisation")
        PRIVATE_SECTOR = "private_sector", _("Private sector")
        ACADEMIA = "academia", _("Academia or research")
        FUND = "fund", _("Fund")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=255, unique=True)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        validators=[validate_country_code],
        help_text=_("ISO 3166-1 alpha-2 code: the Member State itself, or the seat."),
    )
    website = models.URLField(_("website"), blank=True)
    external_id = models.CharField(
        _("external id"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Stable identifier used by imports to recognise the record again."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~models.Q(kind="member_state") | ~models.Q(country=""),
                name="member_state_has_country",
                violation_error_message=_("A Member State needs its country code."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.acronym} — {self.name}" if self.acronym else self.name

    @property
    def short_name(self) -> str:
        return self.acronym or self.name


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("A focal point edits the records of this organisation only."),
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class ReviewComment(models.Model):
    """One comment in the review thread of an item (an activity, a newsletter issue …).

    One generic model rather than one per reviewed kind: the thread, its rules (who may
    write, when) and its page fragment are the same for every item under four-eyes review.
    """

    item_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    item_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("item_type", "item_id")
    author = models.ForeignKey(
        User, verbose_name=_("author"), on_delete=models.PROTECT, related_name="review_comments"
    )
    text = models.TextField(_("comment"), max_length=4000)
    written_at = models.DateTimeField(_("written at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["written_at", "pk"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        indexes: ClassVar = [models.Index(fields=["item_type", "item_id", "written_at"])]

    def __str__(self) -> str:
        return f"{self.author} ({self.written_at:%Y-%m-%d %H:%M}): {self.text[:60]}"
