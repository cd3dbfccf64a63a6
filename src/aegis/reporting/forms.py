from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aegis.reporting.models import Item


class GenerateForm(forms.Form):
    month = forms.CharField(
        label=_("Month"),
        help_text=_("YYYY-MM, e.g. 2020-09"),
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2020-09"}),
    )

    def clean_month(self) -> date:
        text = self.cleaned_data["month"].strip()
        try:
            year, month = (int(part) for part in text.split("-"))
            return date(year, month, 1)
        except ValueError:
            raise forms.ValidationError(_("Write the month as YYYY-MM, e.g. 2020-09.")) from None


class ItemForm(forms.ModelForm[Item]):
    class Meta:
        model = Item
        fields = ("headline", "blurb", "photo_caption")
        widgets = {"blurb": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["blurb"].help_text = _(
            "Changes the text of this issue only; the activity's record stays as it is."
        )
