from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from aegis.core.models import Organisation, User
from aegis.core.roles import Role
from aegis.travel import rules as rule_engine
from aegis.travel.models import Case, Referral, Rule, Watchlist


class CaseCloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Case.Outcome.choices)
    justification = forms.CharField(
        label=_("Justification"), widget=forms.Textarea(attrs={"rows": 3})
    )


class CaseReopenForm(forms.Form):
    justification = forms.CharField(
        label=_("Why re-open"), widget=forms.Textarea(attrs={"rows": 2})
    )


class CaseReassignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=User.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField[User], self.fields["assignee"])
        field.queryset = User.objects.filter(
            groups__name__in=[Role.PIU_ANALYST.value, Role.PIU_SUPERVISOR.value], is_active=True
        ).distinct()


class ReferralForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Organisation.objects.filter(users__groups__name=Role.AGENCY_LIAISON.value)
        .distinct()
        .order_by("name"),
    )
    agency_kind = forms.ChoiceField(label=_("Kind of agency"), choices=Referral.AgencyKind.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ReferralAnswerForm(forms.Form):
    answer = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 3}))


class ReidentifyForm(forms.Form):
    authorisation = forms.CharField(
        label=_("Authorisation"),
        help_text=_("Who authorised the re-identification, and the reference of the decision."),
        max_length=300,
    )


class ExportForm(forms.Form):
    purpose = forms.CharField(
        label=_("Purpose of the export"),
        max_length=300,
        help_text=_("Recorded in the access log with your name."),
    )


FIELD_CHOICES = [("", "—")] + [(name, spec.label) for name, spec in rule_engine.FIELDS.items()]
OP_CHOICES = [(name, label) for name, (label, _test) in rule_engine.OPERATORS.items()]
CONDITION_ROWS = 4


class RuleForm(forms.Form):
    """The rule builder: name, severity and up to four conditions, all of which must hold."""

    name = forms.CharField(label=_("Name"), max_length=200)
    severity = forms.TypedChoiceField(
        label=_("Severity"), choices=Rule.Severity.choices, coerce=int, initial=2
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in range(1, CONDITION_ROWS + 1):
            self.fields[f"field_{row}"] = forms.ChoiceField(
                label=_("Condition %(n)s: field") % {"n": row},
                choices=FIELD_CHOICES,
                required=row == 1,
            )
            self.fields[f"op_{row}"] = forms.ChoiceField(
                label=_("Condition %(n)s: test") % {"n": row}, choices=OP_CHOICES, required=False
            )
            self.fields[f"value_{row}"] = forms.CharField(
                label=_("Condition %(n)s: value") % {"n": row}, required=False, max_length=200
            )

    @staticmethod
    def initial_for(rule: Rule, conditions: list[dict[str, Any]]) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "name": rule.name,
            "severity": rule.severity,
            "description": rule.description,
        }
        for row, condition in enumerate(conditions[:CONDITION_ROWS], 1):
            value = condition["value"]
            initial[f"field_{row}"] = condition["field"]
            initial[f"op_{row}"] = condition["op"]
            initial[f"value_{row}"] = ", ".join(value) if isinstance(value, list) else value
        return initial

    def conditions(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        return [
            {"field": data[f"field_{row}"], "op": data[f"op_{row}"], "value": data[f"value_{row}"]}
            for row in range(1, CONDITION_ROWS + 1)
            if data.get(f"field_{row}")
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            try:
                rule_engine.parse_conditions(self.conditions())
            except rule_engine.RuleDefinitionError as error:
                raise forms.ValidationError(str(error)) from error
        return cleaned


class WatchlistUploadForm(forms.Form):
    name = forms.CharField(label=_("List name"), max_length=200)
    file_format = forms.ChoiceField(label=_("Format"), choices=Watchlist.Format.choices)
    file = forms.FileField(label=_("File"))
