from __future__ import annotations

from datetime import date
from typing import Any, ClassVar, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aegis.activities.models import (
    Activity,
    ActivityKind,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    OfficeUnit,
    Pillar,
    Principal,
    Programme,
)
from aegis.activities.periods import (
    Period,
    PeriodError,
    month_period,
    parse_month,
    parse_periods,
)
from aegis.core.forms import bounded_record_ids
from aegis.core.locking import VersionedForm
from aegis.core.models import Country, Organisation, User
from aegis.core.roles import Role, user_roles


def periods_as_text(periods: list[Period]) -> str:
    return ", ".join(
        p.start.isoformat() if p.start == p.end else f"{p.start.isoformat()}/{p.end.isoformat()}"
        for p in periods
    )


class ActivityForm(VersionedForm, forms.ModelForm[Activity]):
    dates = forms.CharField(
        label=_("Dates"),
        help_text=_(
            'One or more days or runs of days: "2020-09-21/2020-09-23, 2020-09-24" or '
            '"21-23 & 24 Sep 2020". When the source gives the month only, write the month '
            '("Jul 2020", "July 2020" or "2020-07"): the activity is dated to the month.'
        ),
    )

    class Meta:
        model = Activity
        formfield_callback = bounded_record_ids
        fields = (
            "title",
            "kind",
            "dates",
            "month_only",
            "modality",
            "lead_organisation",
            "office_unit",
            "programme",
            "organisers",
            "partners",
            "beneficiary_countries",
            "beneficiary_regions",
            "pillars",
            "mandate_functions",
            "principals",
            "participants_total",
            "participants_women",
            "participants_men",
            "organisations_represented",
            "member_states_represented",
            "member_states_qualifier",
            "compact_bodies",
            "meetings",
            "newsletter_section",
            "narrative",
            "source",
        )
        widgets = {
            "narrative": forms.Textarea(attrs={"rows": 6}),
            "pillars": forms.CheckboxSelectMultiple,
            "mandate_functions": forms.CheckboxSelectMultiple,
            # Searchable lists (static/aegis/js/multiselect.js); plain lists without script.
            "organisers": forms.SelectMultiple(attrs={"data-searchable": ""}),
            "partners": forms.SelectMultiple(attrs={"data-searchable": ""}),
            "beneficiary_countries": forms.SelectMultiple(attrs={"data-searchable": ""}),
            "beneficiary_regions": forms.SelectMultiple(attrs={"data-searchable": ""}),
            "principals": forms.SelectMultiple(attrs={"data-searchable": ""}),
            "compact_bodies": forms.SelectMultiple(attrs={"data-searchable": ""}),
            "lead_organisation": forms.Select(attrs={"data-searchable": ""}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField[Organisation], self.fields["lead_organisation"])
        if not user_roles(user) & {Role.ADMINISTRATOR, Role.OFFICE_EDITOR}:
            # A focal point records activities of their own organisation only.
            own = user.organisation_id
            field.queryset = (
                Organisation.objects.filter(pk=own) if own else Organisation.objects.none()
            )
            field.empty_label = None
        kind = cast(forms.ModelChoiceField[ActivityKind], self.fields["kind"])
        # New activities take the kinds in use; one already given keeps its kind.
        kind.queryset = ActivityKind.objects.filter(
            Q(active=True) | Q(code=self.instance.kind_id or "")
        )
        if self.instance.pk and not self.is_bound:
            self.initial["dates"] = periods_as_text(
                [Period(p.start, p.end) for p in self.instance.periods.all()]
            )

    def clean_dates(self) -> list[Period]:
        text = self.cleaned_data["dates"]
        try:
            return parse_periods(text)
        except PeriodError as error:
            try:
                # "Jul 2020": the source gives the month only.
                period = month_period(text)
            except PeriodError:
                raise forms.ValidationError(str(error)) from None
            return [period]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self._dates_are_a_month():
            cleaned["month_only"] = True
        return cleaned

    def _dates_are_a_month(self) -> bool:
        try:
            month_period(str(self.data.get(self.add_prefix("dates"), "")))
        except PeriodError:
            return False
        return True

    def service_arguments(self) -> dict[str, Any]:
        """The cleaned data as the activity services take it."""
        data = dict(self.cleaned_data)
        data["periods"] = data.pop("dates")
        month_only = data.pop("month_only")
        return {**data, "month_only": month_only}


class KindForm(VersionedForm, forms.ModelForm[ActivityKind]):
    class Meta:
        model = ActivityKind
        fields = ("code", "name", "proposed_section", "active")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Records, imports and the API hold the code: it is chosen once.
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _(
                "Chosen when the kind was added: records, imports and the API hold it."
            )
        else:
            del self.fields["active"]  # a new kind is one to use


class PrincipalForm(VersionedForm, forms.ModelForm[Principal]):
    class Meta:
        model = Principal
        fields = ("name", "title", "short_title", "organisation")
        widgets = {"organisation": forms.Select(attrs={"data-searchable": ""})}


class ActivityFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ModelChoiceField(
        label=_("Kind"),
        required=False,
        queryset=ActivityKind.objects.all(),
        to_field_name="code",
        empty_label=_("Any kind"),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *Activity.Status.choices]
    )
    unit = forms.ModelChoiceField(
        label=_("Office unit"),
        required=False,
        queryset=OfficeUnit.objects.order_by("name"),
        empty_label=_("Any unit"),
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        required=False,
        queryset=Programme.objects.order_by("name"),
        empty_label=_("Any programme"),
    )
    pillar = forms.ModelChoiceField(
        label=_("Pillar"),
        required=False,
        queryset=Pillar.objects.order_by("number"),
        empty_label=_("Any pillar"),
    )
    country = forms.ModelChoiceField(
        label=_("Country"),
        required=False,
        queryset=Country.objects.filter(activities__isnull=False).distinct().order_by("name"),
        empty_label=_("Any country"),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        required=False,
        queryset=Organisation.objects.order_by("name"),
        empty_label=_("Any organisation"),
    )
    starts_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    starts_until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class IndicatorValueForm(VersionedForm, forms.Form):
    """A figure of the results page: one unit, one indicator, a month or January to a month.

    ``version`` is sent when the form was opened to correct a stored figure, so that two
    people correcting the same month cannot silently overwrite each other."""

    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.all())
    unit = forms.ModelChoiceField(label=_("Office unit"), queryset=OfficeUnit.objects.all())
    basis = forms.ChoiceField(
        label=_("The figure counts"),
        choices=IndicatorValue.Basis.choices,
        initial=IndicatorValue.Basis.CUMULATIVE,
        widget=forms.RadioSelect,
        help_text=_(
            'Reports give "January to July 2020: 2,754": choose year to date and month July 2020.'
        ),
    )
    month = forms.CharField(
        label=_("Month"), help_text=_('"Jul 2020", "July 2020" or "2020-07".'), max_length=20
    )
    value = forms.IntegerField(label=_("Figure"), min_value=0, max_value=2_000_000_000)
    women = forms.IntegerField(
        label=_("Of whom women"),
        min_value=0,
        max_value=2_000_000_000,
        required=False,
        help_text=_("Where the source says; on the same basis as the figure."),
    )
    men = forms.IntegerField(
        label=_("Of whom men"), min_value=0, max_value=2_000_000_000, required=False
    )
    source_note = forms.CharField(
        label=_("Source"),
        max_length=200,
        help_text=_('Where the figure comes from: "UNCCT results report, August 2020".'),
    )
    confirm = forms.BooleanField(
        label=_("Save although issues already use this month"), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    # Which stored figure ``version`` is of: retyping the month or unit enters another one.
    figure = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    @classmethod
    def correcting(cls, record: IndicatorValue) -> IndicatorValueForm:
        """The form filled with a stored figure, at the version it was read."""
        return cls(
            initial={
                "indicator": record.indicator_id,
                "unit": record.unit_id,
                "basis": record.basis,
                "month": f"{record.month:%b %Y}",
                "value": record.value,
                "women": record.women,
                "men": record.men,
                "source_note": record.source_note,
                "version": record.version,
                "figure": record.pk,
            }
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        value, women, men = data.get("value"), data.get("women"), data.get("men")
        if value is not None and (women or 0) + (men or 0) > value:
            # The model says the same; said here too so the form shows it beside the field.
            record = IndicatorValue(value=value, women=women, men=men)
            try:
                record.clean()
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    self.add_error(field, messages)
        return data

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_month(self) -> date:
        try:
            return parse_month(self.cleaned_data["month"])
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from None


class IndicatorForm(VersionedForm, forms.ModelForm[Indicator]):
    """An indicator as the office keeps it (the code is made from the name when left empty)."""

    class Meta:
        model = Indicator
        fields = ("name", "unit_of_measure", "office_unit", "computed_from", "code")
        help_texts: ClassVar[dict[str, Any]] = {
            "code": _(
                'The short name the API uses ("individuals-trained"); empty: made from the name.'
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False

    def service_arguments(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class IndicatorTargetForm(VersionedForm, forms.ModelForm[IndicatorTarget]):
    """A yearly target; an existing one keeps its unit and year (a new target is a new row)."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    target = forms.IntegerField(label=_("Target"), min_value=0, max_value=2_000_000_000)

    class Meta:
        model = IndicatorTarget
        fields = ("unit", "year", "target")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["unit"].disabled = True
            self.fields["year"].disabled = True
