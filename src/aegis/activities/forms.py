from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from aegis.activities.models import Activity
from aegis.core.models import Organisation, User
from aegis.core.roles import Role, user_roles


class ActivityForm(forms.ModelForm[Activity]):
    class Meta:
        model = Activity
        fields = ("title", "kind", "start_date", "end_date", "lead_organisation", "summary")
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
            "summary": forms.Textarea(attrs={"rows": 6}),
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
        else:
            field.queryset = Organisation.objects.order_by("name")


class ActivityFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *Activity.Kind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *Activity.Status.choices]
    )
    organisation = forms.ModelChoiceField(
        label=_("Lead organisation"),
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
