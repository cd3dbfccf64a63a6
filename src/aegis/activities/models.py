"""Activities of the office and its Compact partners.

Status changes only through the transitions in ``services`` so that each one is
permission-checked and lands in the audit trail with its reason.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from aegis.activities.periods import Period, format_periods
from aegis.core.locking import Versioned
from aegis.core.models import Country, Organisation, Region


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


class Pillar(models.Model):
    """A pillar of the UN Global Counter-Terrorism Strategy (I–IV); loaded by migration."""

    number = models.PositiveSmallIntegerField(_("number"), primary_key=True)
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        ordering: ClassVar = ["number"]
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")

    def __str__(self) -> str:
        return f"Pillar {self.roman}"

    @property
    def roman(self) -> str:
        return ("I", "II", "III", "IV")[self.number - 1]


class MandateFunction(models.Model):
    """One of the office's five mandate functions (GA resolution 71/291); loaded by migration."""

    number = models.PositiveSmallIntegerField(_("number"), primary_key=True)
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        ordering: ClassVar = ["number"]
        verbose_name = _("mandate function")
        verbose_name_plural = _("mandate functions")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Principal(Versioned):
    """A senior official who speaks for an organisation (the Under-Secretary-General …)."""

    name = models.CharField(_("name"), max_length=120)
    title = models.CharField(_("title"), max_length=200)
    short_title = models.CharField(
        _("short title"),
        max_length=40,
        blank=True,
        help_text=_('As the newsletter writes it: "USG".'),
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name = _("principal")
        verbose_name_plural = _("principals")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["name", "organisation"], name="principal_unique")
        ]

    def __str__(self) -> str:
        return f"{self.short_title or self.title} {self.name}"


class Activity(Versioned):
    class Qualifier(models.TextChoices):
        """Said of a figure only when the source says it: "over 40 Member States"."""

        EXACT = "", _("exactly")
        OVER = "over", _("over")
        MORE_THAN = "more than", _("more than")
        ABOUT = "about", _("about")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")

    class Modality(models.TextChoices):
        VIRTUAL = "virtual", _("Virtual")
        ONSITE = "onsite", _("On site")
        HYBRID = "hybrid", _("Hybrid")

    class Section(models.TextChoices):
        """Where the Monthly Highlights reports the activity."""

        NONE = "", _("Not in the newsletter")
        POLITICAL_LEADERSHIP = "political_leadership", _("Political Leadership")
        HIGHLIGHTS = "highlights", _("Highlights")
        CAPACITY_BUILDING = "capacity_building", _("Capacity Building")

    title = models.CharField(_("title"), max_length=300)
    # The kind's code is the stored value (column "kind"), as imports, exports and the API
    # write it: "workshop", "consultation".
    kind = models.ForeignKey(
        "ActivityKind",
        verbose_name=_("kind"),
        on_delete=models.PROTECT,
        to_field="code",
        db_column="kind",
        related_name="activities",
    )
    narrative = models.TextField(_("narrative"), blank=True)
    # Bounds of the periods below, kept by the services for filtering and ordering.
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    month_only = models.BooleanField(
        _("dated to the month only"),
        default=False,
        help_text=_('The source gives the month but not the day ("In September, …").'),
    )
    modality = models.CharField(_("modality"), max_length=10, choices=Modality.choices, blank=True)
    lead_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        related_name="led_activities",
        help_text=_("The organisation whose focal points may edit this activity."),
    )
    organisers = models.ManyToManyField(
        Organisation,
        verbose_name=_("organised by"),
        blank=True,
        related_name="organised_activities",
    )
    partners = models.ManyToManyField(
        Organisation, verbose_name=_("partners"), blank=True, related_name="partner_activities"
    )
    office_unit = models.ForeignKey(
        OfficeUnit,
        verbose_name=_("office unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    beneficiary_countries = models.ManyToManyField(
        Country, verbose_name=_("beneficiary countries"), blank=True, related_name="activities"
    )
    beneficiary_regions = models.ManyToManyField(
        Region, verbose_name=_("beneficiary regions"), blank=True, related_name="activities"
    )
    pillars = models.ManyToManyField(
        Pillar, verbose_name=_("pillars"), blank=True, related_name="activities"
    )
    mandate_functions = models.ManyToManyField(
        MandateFunction, verbose_name=_("mandate functions"), blank=True, related_name="activities"
    )
    principals = models.ManyToManyField(
        Principal, verbose_name=_("principals who spoke"), blank=True, related_name="activities"
    )
    participants_total = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    participants_women = models.PositiveIntegerField(_("women"), null=True, blank=True)
    participants_men = models.PositiveIntegerField(_("men"), null=True, blank=True)
    organisations_represented = models.PositiveIntegerField(
        _("organisations represented"), null=True, blank=True
    )
    member_states_represented = models.PositiveIntegerField(
        _("Member States represented"), null=True, blank=True
    )
    member_states_qualifier = models.CharField(
        _("Member States: as the source says"),
        max_length=12,
        choices=Qualifier.choices,
        blank=True,
        help_text=_('Leave "exactly" unless the source writes "over 40" or "about 40".'),
    )
    compact_bodies = models.ManyToManyField(
        "coordination.Body",
        verbose_name=_("Compact bodies that met"),
        blank=True,
        related_name="activities",
        help_text=_("The Compact working groups or committees whose meeting this was."),
    )
    meetings = models.PositiveSmallIntegerField(
        _("number of meetings"),
        null=True,
        blank=True,
        help_text=_("How many meetings the record stands for (a series of consultations)."),
    )
    newsletter_section = models.CharField(
        _("newsletter section"), max_length=30, choices=Section.choices, blank=True
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_(
            'Where the facts come from: "Monthly Highlights, September 2020", "illustrative".'
        ),
    )
    external_id = models.CharField(
        _("external id"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Stable identifier used by imports to recognise the record again."),
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
    # Who sent it for review: the four-eyes rule keeps that person from publishing it.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[pillars, beneficiary_countries])

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
            ),
            models.CheckConstraint(
                condition=models.Q(participants_total__isnull=True)
                | models.Q(participants_women__isnull=True)
                | models.Q(participants_men__isnull=True)
                | models.Q(
                    participants_total__gte=models.F("participants_women")
                    + models.F("participants_men")
                ),
                name="activity_participants_add_up",
                violation_error_message=_("Women and men together exceed the participants."),
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["status", "start_date"])]

    def __str__(self) -> str:
        return self.title

    @property
    def dates_as_written(self) -> str:
        """The dates as the newsletter writes them, with the year: "21-23 & 24 Sep 2020"."""
        if self.month_only:
            return f"{self.start_date:%B %Y}"
        periods = [Period(p.start, p.end) for p in self.periods.all()]
        if not periods:  # not yet saved with its periods
            periods = [Period(self.start_date, self.end_date or self.start_date)]
        return f"{format_periods(periods)} {self.start_date.year}"


class ActivityKind(Versioned):
    """A kind of activity (workshop, consultation, mission …), kept by the office's editors.

    The code is what records store and what imports, exports and the API exchange; the
    name is what pages and the newsletter show. A kind no longer used is made inactive
    rather than deleted, so the activities of that kind keep it.
    """

    code = models.CharField(
        _("code"),
        max_length=30,
        unique=True,
        validators=[
            RegexValidator(
                r"^[a-z][a-z0-9_]*$",
                _("Lower-case letters, digits and underscores, starting with a letter."),
            )
        ],
        help_text=_('What imports and the API write: "consultation". Not changed once used.'),
    )
    name = models.CharField(_("name"), max_length=80, unique=True)
    # Proposed at submission; the editor still chooses ("Not in the newsletter" is never a
    # silent default).
    proposed_section = models.CharField(
        _("proposed newsletter section"),
        max_length=30,
        choices=Activity.Section.choices,
        blank=True,
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Offered for new activities.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name = _("activity kind")
        verbose_name_plural = _("activity kinds")

    def __str__(self) -> str:
        return self.name


# What a form or the API sends for "Not in the newsletter", chosen on purpose.
NOT_IN_NEWSLETTER = "none"


class ActivityPeriod(models.Model):
    """One day or one run of days of an activity: "3, 10 & 26 Sep" is three periods."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="periods")
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))

    class Meta:
        ordering: ClassVar = ["start"]
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="period_ends_after_it_starts",
                violation_error_message=_("A period ends before it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.start}–{self.end}"


class Agreement(models.Model):
    """A memorandum of understanding or other agreement between the office and its partners."""

    class Kind(models.TextChoices):
        MOU = "mou", _("Memorandum of Understanding")
        CONTRIBUTION = "contribution", _("Contribution agreement")
        OTHER = "other", _("Other agreement")

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parties = models.ManyToManyField(
        Organisation, verbose_name=_("parties"), related_name="agreements"
    )
    signed_on = models.DateField(_("signed on"))
    scope = models.TextField(_("scope"), blank=True)
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-signed_on"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return self.title


class Indicator(Versioned):
    """A results indicator ("individuals trained", "workshops organized" …).

    ``computed_from`` names how monthly values are derived from activities when no
    aggregate was entered for that month; empty means entered values only.
    """

    class Computation(models.TextChoices):
        NONE = "", _("Entered only")
        PARTICIPANTS_OF_TRAININGS = (
            "participants_of_trainings",
            _("Participants of published trainings, workshops and webinars"),
        )
        COUNT_OF_WORKSHOPS = "count_of_workshops", _("Number of published workshops and trainings")

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    unit_of_measure = models.CharField(
        _("unit of measure"),
        max_length=60,
        blank=True,
        help_text=_('What one counts, in the plural: "individuals", "workshops".'),
    )
    office_unit = models.ForeignKey(
        OfficeUnit,
        verbose_name=_("office unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        help_text=_("The unit that reports it; empty when several units do."),
    )
    computed_from = models.CharField(
        _("computed from"), max_length=40, choices=Computation.choices, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name


class IndicatorValue(Versioned):
    """An aggregate entered for one unit and month, with where the figure comes from.

    A monthly value counts that month alone; a cumulative value is the total from
    January to the end of ``month`` as the source reports it ("January to July 2020:
    2,754"). Each is stored as entered; the other is derived (``selectors``).
    """

    class Basis(models.TextChoices):
        MONTHLY = "monthly", _("This month alone")
        CUMULATIVE = "cumulative", _("Year to date (January to this month)")

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    unit = models.ForeignKey(OfficeUnit, on_delete=models.PROTECT, related_name="indicator_values")
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    basis = models.CharField(
        _("the figure counts"), max_length=12, choices=Basis.choices, default=Basis.MONTHLY
    )
    value = models.PositiveIntegerField(_("value"))
    # Of ``value``, where the source says: both optional, counted on the same basis.
    women = models.PositiveIntegerField(_("of whom women"), null=True, blank=True)
    men = models.PositiveIntegerField(_("of whom men"), null=True, blank=True)
    source_note = models.CharField(_("source"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["month"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "month"], name="one_value_per_unit_and_month"
            ),
            models.CheckConstraint(
                condition=models.Q(month__day=1),
                name="indicator_month_is_first_day",
                violation_error_message=_("A month is written as its first day."),
            ),
        ]

    def clean(self) -> None:
        super().clean()
        if self.value is None:
            return
        women, men = self.women or 0, self.men or 0
        if women + men > self.value:
            raise ValidationError(
                {
                    "women" if self.women else "men": _(
                        "Women (%(women)s) and men (%(men)s) add up to %(sum)s, more than "
                        "the figure of %(value)s they are part of."
                    )
                    % {
                        "women": f"{women:,}",
                        "men": f"{men:,}",
                        "sum": f"{women + men:,}",
                        "value": f"{self.value:,}",
                    }
                }
            )

    def __str__(self) -> str:
        if self.basis == self.Basis.CUMULATIVE:
            return f"{self.indicator} {self.unit} January to {self.month:%B %Y}: {self.value}"
        return f"{self.indicator} {self.unit} {self.month:%Y-%m}: {self.value}"


class IndicatorTarget(Versioned):
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets")
    unit = models.ForeignKey(OfficeUnit, on_delete=models.PROTECT, related_name="indicator_targets")
    year = models.PositiveSmallIntegerField(_("year"))
    target = models.PositiveIntegerField(_("target"))
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["year"]
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "year"], name="one_target_per_unit_and_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.unit} {self.year}: {self.target}"
