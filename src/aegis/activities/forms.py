from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from aegis.activities.models import Activity, OfficeUnit, Pillar, Programme
from aegis.activities.periods import Period, PeriodError, parse_periods
from aegis.core.models import Country, Organisation, User
from aegis.core.roles import Role, user_roles


def periods_as_text(periods: list[Period]) -> str:
    return ", ".join(
        p.start.isoformat() if p.start == p.end else f"{p.start.isoformat()}/{p.end.isoformat()}"
        for p in periods
    )


class ActivityForm(forms.ModelForm[Activity]):
    dates = forms.CharField(
        label=_("Dates"),
        help_text=_(
            'One or more days or runs of days: "2020-09-21/2020-09-23, 2020-09-24" or '
            '"21-23 & 24 Sep 2020".'
        ),
    )

    class Meta:
        model = Activity
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
            "newsletter_section",
            "narrative",
            "source",
        )
        widgets = {
            "narrative": forms.Textarea(attrs={"rows": 6}),
            "pillars": forms.CheckboxSelectMultiple,
            "mandate_functions": forms.CheckboxSelectMultiple,
            "organisers": forms.SelectMultiple(attrs={"size": 6}),
            "partners": forms.SelectMultiple(attrs={"size": 6}),
            "beneficiary_countries": forms.SelectMultiple(attrs={"size": 8}),
            "beneficiary_regions": forms.SelectMultiple(attrs={"size": 4}),
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
        if self.instance.pk and not self.is_bound:
            self.initial["dates"] = periods_as_text(
                [Period(p.start, p.end) for p in self.instance.periods.all()]
            )

    def clean_dates(self) -> list[Period]:
        try:
            return parse_periods(self.cleaned_data["dates"])
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from None

    def service_arguments(self) -> dict[str, Any]:
        """The cleaned data as the activity services take it."""
        data = dict(self.cleaned_data)
        data["periods"] = data.pop("dates")
        month_only = data.pop("month_only")
        return {**data, "month_only": month_only}


class ActivityFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *Activity.Kind.choices]
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
