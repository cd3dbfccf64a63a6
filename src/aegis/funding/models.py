"""The Counter-Terrorism Trust Fund: rates of exchange, pledges, receipts, in-kind gifts.

Amounts are kept in the currency the agreement names. Each converted figure keeps
the rate it was converted with (``usd_rate``, ``rate_date``), so that editing the
rates table later never changes a total silently. Conversions and every other
rule live in ``services``.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from aegis.activities.models import Programme
from aegis.core.locking import Versioned
from aegis.core.models import Organisation
from aegis.funding.money import validate_currency_code, validate_positive


class ExchangeRate(models.Model):
    """A UN operational rate of exchange: units of ``currency`` for one US dollar."""

    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency_code])
    effective_date = models.DateField(
        _("effective date"), help_text=_("Usually the first day of the month.")
    )
    rate = models.DecimalField(
        _("rate (units per US dollar)"),
        max_digits=18,
        decimal_places=6,
        validators=[validate_positive],
    )
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["currency", "-effective_date"]
        verbose_name = _("UN operational rate of exchange")
        verbose_name_plural = _("UN operational rates of exchange")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["currency", "effective_date"],
                name="one_rate_per_currency_and_date",
                violation_error_message=_("This currency already has a rate on this date."),
            ),
            models.CheckConstraint(
                condition=models.Q(rate__gt=0),
                name="rate_is_positive",
                violation_error_message=_("A rate of exchange must be positive."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.rate} ({self.effective_date:%Y-%m-%d})"


class ConvertedAmount(Versioned):
    """An amount in a donor's currency with its conversion to US dollars made when it was
    recorded (the rate, its effective date and the result stay with the record, so a later
    rate never changes a past figure): what pledges and receipts share."""

    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency_code])
    amount = models.DecimalField(
        _("amount"), max_digits=18, decimal_places=2, validators=[validate_positive]
    )
    usd_rate = models.DecimalField(_("rate used"), max_digits=18, decimal_places=6, editable=False)
    rate_date = models.DateField(_("rate effective date"), editable=False)
    usd_amount = models.DecimalField(
        _("amount in US dollars"), max_digits=18, decimal_places=2, editable=False
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

    class Meta:
        abstract = True


class Pledge(ConvertedAmount):
    """A signed contribution agreement: what a donor promised, in its own currency."""

    class Earmark(models.TextChoices):
        UNEARMARKED = "unearmarked", _("Unearmarked")
        THEME = "theme", _("Theme")
        PROGRAMME = "programme", _("Programme")

    donor = models.ForeignKey(
        Organisation, verbose_name=_("donor"), on_delete=models.PROTECT, related_name="pledges"
    )
    reference = models.CharField(
        _("agreement reference"), max_length=60, blank=True, help_text=_("Optional.")
    )
    signed_on = models.DateField(_("signed on"))
    earmark = models.CharField(
        _("earmarking"), max_length=20, choices=Earmark.choices, default=Earmark.UNEARMARKED
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pledges",
    )
    theme = models.CharField(_("theme"), max_length=120, blank=True)
    from_other_fund = models.BooleanField(
        _("allocation from another fund"),
        default=False,
        help_text=_("Shown with an asterisk in reports (e.g. the UN Peace and Development Fund)."),
    )
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-signed_on", "-pk"]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="pledge_amount_is_positive",
                violation_error_message=_("A pledge amount must be positive."),
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(earmark="programme", programme__isnull=False, theme="")
                    | models.Q(earmark="theme", programme__isnull=True) & ~models.Q(theme="")
                    | models.Q(earmark="unearmarked", programme__isnull=True, theme="")
                ),
                name="pledge_earmark_is_consistent",
                violation_error_message=_(
                    "Name the programme for a programme earmark, the theme for a theme "
                    "earmark, and neither when unearmarked."
                ),
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["donor", "signed_on"])]

    def __str__(self) -> str:
        return (
            f"{self.donor.short_name} {self.currency} {self.amount:,} ({self.signed_on:%Y-%m-%d})"
        )

    @property
    def earmark_label(self) -> str:
        if self.earmark == self.Earmark.PROGRAMME and self.programme is not None:
            return self.programme.name
        if self.earmark == self.Earmark.THEME:
            return self.theme
        return str(self.get_earmark_display())


class Instalment(models.Model):
    """One payment due under a multi-year pledge, in the pledge's currency."""

    pledge = models.ForeignKey(
        Pledge, verbose_name=_("pledge"), on_delete=models.CASCADE, related_name="instalments"
    )
    due_on = models.DateField(_("due on"))
    amount = models.DecimalField(
        _("amount"), max_digits=18, decimal_places=2, validators=[validate_positive]
    )
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["due_on", "pk"]
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="instalment_amount_is_positive",
                violation_error_message=_("An instalment amount must be positive."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.amount:,} due {self.due_on:%Y-%m-%d}"


class Receipt(ConvertedAmount):
    """Cash received against a pledge, in the pledge's currency, on a date."""

    pledge = models.ForeignKey(
        Pledge, verbose_name=_("pledge"), on_delete=models.PROTECT, related_name="receipts"
    )
    received_on = models.DateField(_("received on"))
    is_overpayment = models.BooleanField(
        _("over-payment"),
        default=False,
        help_text=_("Tick to accept more than the pledge leaves outstanding."),
    )
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-received_on", "-pk"]
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="receipt_amount_is_positive",
                violation_error_message=_("A receipt amount must be positive."),
            )
        ]
        indexes: ClassVar = [models.Index(fields=["received_on"])]

    def __str__(self) -> str:
        return f"{self.currency} {self.amount:,} ({self.received_on:%Y-%m-%d})"


class InKindContribution(Versioned):
    """Goods or services given instead of cash, at the value the donor states in dollars."""

    donor = models.ForeignKey(
        Organisation,
        verbose_name=_("donor"),
        on_delete=models.PROTECT,
        related_name="in_kind_contributions",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    description = models.CharField(_("description"), max_length=300)
    value_usd = models.DecimalField(
        _("stated value in US dollars"), max_digits=18, decimal_places=2
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-year", "pk"]
        verbose_name = _("in-kind contribution")
        verbose_name_plural = _("in-kind contributions")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(value_usd__gt=0),
                name="in_kind_value_is_positive",
                violation_error_message=_("A stated value must be positive."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.donor.short_name}: {self.description} ({self.year})"
