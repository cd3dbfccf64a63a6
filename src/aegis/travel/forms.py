from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aegis.core.forms import RecordsChoiceField
from aegis.core.models import Organisation, User
from aegis.core.roles import Role
from aegis.travel import rules as rule_engine
from aegis.travel import selectors
from aegis.travel.models import AccessLog, Case, CheckIn, Hit, Referral, Rule, Watchlist


def piu_people() -> QuerySet[User]:
    """Who a case or a question may go to: active PIU analysts and supervisors."""
    return (
        User.objects.filter(
            groups__name__in=[Role.PIU_ANALYST.value, Role.PIU_SUPERVISOR.value], is_active=True
        )
        .distinct()
        .order_by("username")
    )


class CaseFilterForm(forms.Form):
    """The case list's filters, the same on the page and in the API (``?status=new``…).

    Choices are read from the records (lists, rules, PIU people), so an unknown value is a
    form error naming the parameter, never a silent "no filter"."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    type = forms.ChoiceField(
        label=_("Hit type"), required=False, choices=[("", _("Any")), *Hit.Kind.choices]
    )
    flight = forms.RegexField(
        label=_("Flight"),
        regex=r"^\s*[A-Za-z0-9]{2}\s?[0-9]{1,4}[A-Za-z]?\s*$|^\s*[0-9]{1,4}[A-Za-z]?\s*$",
        required=False,
        max_length=10,
        help_text=_("ZZ101, or the number alone"),
        error_messages={"invalid": _("Write a flight as ZZ101 or 101.")},
    )
    departure_from = forms.DateField(
        label=_("Departing from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    departure_to = forms.DateField(
        label=_("to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    assignee = forms.ChoiceField(label=_("Assigned to"), required=False)
    list = forms.ChoiceField(label=_("Watchlist"), required=False)
    rule = forms.ChoiceField(label=_("Rule"), required=False)
    order = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("departure", _("Departure (soonest first)")),
            ("score", _("Best score")),
            ("severity", _("Severity")),
            ("age", _("Oldest first")),
        ],
    )

    def __init__(self, *args: Any, shown: bool = True, **kwargs: Any) -> None:
        """``shown``: the form is drawn on a page (every choice); the API reads only the
        records whose filters it was given."""
        super().__init__(*args, **kwargs)
        self._shown = shown
        self._set_choices("status", [
            ("", _("All")), (selectors.OPEN_STATUS, _("Open")), *Case.Status.choices,
        ])  # fmt: skip
        people = piu_people().values_list("pk", "username") if self._wanted("assignee") else []
        self._set_choices("assignee", [
            ("", _("Anyone")), ("me", _("Me")), ("none", _("No one")),
            *[(str(pk), name) for pk, name in people],
        ])  # fmt: skip
        lists = Watchlist.objects.values_list("pk", "name") if self._wanted("list") else []
        self._set_choices("list", [("", _("Any")), *[(str(pk), name) for pk, name in lists]])
        rules = Rule.objects.values_list("pk", "name") if self._wanted("rule") else []
        self._set_choices("rule", [("", _("Any")), *[(str(pk), name) for pk, name in rules]])

    def _wanted(self, name: str) -> bool:
        return self._shown or bool(self.data.get(name))

    def _set_choices(self, name: str, choices: Sequence[tuple[str, Any]]) -> None:
        cast(forms.ChoiceField, self.fields[name]).choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("departure_from"), data.get("departure_to")
        if since and until and since > until:
            self.add_error("departure_to", _("The end date is before the start date."))
        return data

    def filters(self) -> selectors.CaseFilters:
        """The filters asked for (the form must be valid, or unbound for none)."""
        data = self.cleaned_data if self.is_bound else {}
        assignee = data.get("assignee") or ""
        return selectors.CaseFilters(
            status=data.get("status") or "",
            hit_kind=data.get("type") or "",
            flight=data.get("flight") or "",
            departure_from=data.get("departure_from"),
            departure_to=data.get("departure_to"),
            assignee_id=int(assignee) if assignee.isdigit() else None,
            unassigned=assignee == "none",
            mine=assignee == "me",
            watchlist_id=int(data["list"]) if data.get("list") else None,
            rule_id=int(data["rule"]) if data.get("rule") else None,
            order=data.get("order") or "departure",
        )


class CaseAssignForm(forms.Form):
    """A supervisor's bulk assignment: the cases ticked in the list, and to whom."""

    cases = RecordsChoiceField(label=_("Cases"), queryset=Case.objects.none())
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=User.objects.none())

    def __init__(self, *args: Any, cases: QuerySet[Case] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(RecordsChoiceField, self.fields["cases"]).queryset = (
            cases if cases is not None else Case.objects.none()
        )
        cast(forms.ModelChoiceField[User], self.fields["assignee"]).queryset = piu_people()


class CaseCommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CaseTaskForm(forms.Form):
    """Ask another analyst something about the case, to answer by a due time."""

    assignee = forms.ModelChoiceField(label=_("Ask"), queryset=User.objects.none())
    question = forms.CharField(
        label=_("Question"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    due_at = forms.DateTimeField(
        label=_("Answer by"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = piu_people()
        if user is not None:
            people = people.exclude(pk=user.pk)
        cast(forms.ModelChoiceField[User], self.fields["assignee"]).queryset = people
        if not self.is_bound:
            soon = timezone.localtime() + dt.timedelta(hours=4)
            self.initial.setdefault("due_at", soon.replace(minute=0, second=0, microsecond=0))


class CaseTaskAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CaseCloseForm(forms.Form):
    # No outcome chosen in advance: the analyst must pick one (issue 21).
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", _("Choose the outcome…")), *Case.Outcome.choices],
    )
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
        cast(forms.ModelChoiceField[User], self.fields["assignee"]).queryset = piu_people()


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
