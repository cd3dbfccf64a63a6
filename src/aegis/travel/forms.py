from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from aegis.core.models import Organisation, User
from aegis.core.roles import Role
from aegis.travel import rules as rule_engine
from aegis.travel.models import AccessLog, Case, CheckIn, Referral, Rule, Watchlist


class CaseCloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Case.Outcome.choices)
    justification = forms.CharField(
        label=_("Justification"), widget=forms.Textarea(attrs={"rows": 3})
    )


class CaseDirectionForm(forms.Form):
    direction = forms.ChoiceField(
        label=_("Direction to the carrier"),
        choices=[(value, label) for value, label in CheckIn.Direction.choices if value],
    )
    justification = forms.CharField(
        label=_("Justification"), widget=forms.Textarea(attrs={"rows": 2})
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


class AccessLogFilterForm(forms.Form):
    """The auditor's filters of the access log (all optional)."""

    user = forms.ModelChoiceField(label=_("User"), queryset=User.objects.none(), required=False)
    action = forms.ChoiceField(
        label=_("Action"), choices=[("", _("Any")), *AccessLog.Action.choices], required=False
    )
    kind = forms.ChoiceField(
        label=_("Record"),
        choices=[("", _("Any")), *[(v, lbl) for v, lbl in AccessLog.RecordKind.choices if v]],
        required=False,
    )
    record = forms.IntegerField(label=_("Record id"), min_value=1, required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField[User], self.fields["user"])
        field.queryset = User.objects.filter(
            pk__in=AccessLog.objects.values("user_id").distinct()
        ).order_by("username")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date is before the start date."))
        if data.get("record") and not data.get("kind"):
            self.add_error("kind", _("Choose the kind of record the id is of."))
        return data


FIELD_CHOICES = [("", "—")] + [(name, spec.label) for name, spec in rule_engine.FIELDS.items()]
OP_CHOICES = [(name, label) for name, (label, _test) in rule_engine.OPERATORS.items()]
MATCH_CHOICES = [("all", _("All conditions hold")), ("any", _("Any one condition holds"))]
CONDITION_ROWS = 4


def _row_value(condition: rule_engine.Condition) -> str:
    value = condition.value
    if condition.op == "between" and isinstance(value, tuple):
        return f"{value[0]}-{value[1]}"
    if isinstance(value, tuple):
        return ", ".join(str(item) for item in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


class RuleForm(forms.Form):
    """The rule builder: name, severity and up to four conditions, all or any of which must
    hold, each possibly negated. Read by ``rules.parse_rule`` as the stored rule is."""

    name = forms.CharField(label=_("Name"), max_length=200)
    severity = forms.TypedChoiceField(
        label=_("Severity"), choices=Rule.Severity.choices, coerce=int, initial=2
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    match = forms.ChoiceField(
        label=_("Flag a traveller when"), choices=MATCH_CHOICES, required=False, initial="all"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in range(1, CONDITION_ROWS + 1):
            self.fields[f"field_{row}"] = forms.ChoiceField(
                label=_("Condition %(n)s: field") % {"n": row},
                choices=FIELD_CHOICES,
                required=row == 1,
            )
            self.fields[f"negate_{row}"] = forms.BooleanField(
                label=_("Condition %(n)s: not") % {"n": row}, required=False
            )
            self.fields[f"op_{row}"] = forms.ChoiceField(
                label=_("Condition %(n)s: test") % {"n": row}, choices=OP_CHOICES, required=False
            )
            self.fields[f"value_{row}"] = forms.CharField(
                label=_("Condition %(n)s: value") % {"n": row},
                required=False,
                max_length=200,
                help_text=_("Lists: SAU, YEM (codes or names). Ranges: 30-45."),
            )

    @staticmethod
    def initial_for(rule: Rule, stored: Any) -> dict[str, Any]:
        parsed = rule_engine.parse_rule(stored)
        initial: dict[str, Any] = {
            "name": rule.name,
            "severity": rule.severity,
            "description": rule.description,
            "match": parsed.match,
        }
        for row, condition in enumerate(parsed.conditions()[:CONDITION_ROWS], 1):
            initial[f"field_{row}"] = condition.field
            initial[f"op_{row}"] = condition.op
            initial[f"value_{row}"] = _row_value(condition)
            initial[f"negate_{row}"] = condition.negate
        return initial

    def conditions(self) -> dict[str, Any]:
        """The rule as the builder states it (``rules.parse_rule`` reads it)."""
        data = self.cleaned_data
        return {
            "match": data.get("match") or "all",
            "conditions": [
                {
                    "field": data[f"field_{row}"],
                    "op": data[f"op_{row}"],
                    "value": data[f"value_{row}"],
                    "negate": bool(data.get(f"negate_{row}")),
                }
                for row in range(1, CONDITION_ROWS + 1)
                if data.get(f"field_{row}")
            ],
        }

    @staticmethod
    def _row_of(path: str, rows: list[int]) -> str | None:
        """The form field a problem's place (``conditions.2.value``) belongs to."""
        parts = path.split(".")
        if len(parts) == 3 and parts[0] == "conditions" and parts[1].isdigit():
            position = int(parts[1])
            if position < len(rows):
                return f"{parts[2]}_{rows[position]}"
        return None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            rows = [r for r in range(1, CONDITION_ROWS + 1) if cleaned.get(f"field_{r}")]
            try:
                rule_engine.parse_rule(self.conditions())
            except rule_engine.RuleDefinitionError as error:
                for problem in error.problems:
                    self.add_error(self._row_of(problem.path, rows), problem.message)
        return cleaned


class WatchlistUploadForm(forms.Form):
    name = forms.CharField(label=_("List name"), max_length=200)
    file_format = forms.ChoiceField(label=_("Format"), choices=Watchlist.Format.choices)
    file = forms.FileField(label=_("File"))
