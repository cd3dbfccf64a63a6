from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aegis.reporting import photos
from aegis.reporting.models import Box, Issue, NewsletterItem


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


class ItemForm(forms.ModelForm[NewsletterItem]):
    photo_file = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_(
            "JPEG, PNG or WebP, at most 5 MB. Stored at most 1600 pixels wide, without its "
            "camera data (EXIF, GPS position)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_photo = forms.BooleanField(label=_("Take the photo off this item"), required=False)

    class Meta:
        model = NewsletterItem
        fields = ("headline", "blurb", "photo_file", "photo_caption", "photo_credit")
        widgets = {"blurb": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["blurb"].help_text = _(
            "Changes the text of this issue only; the activity's record stays as it is."
        )
        if self.instance.photo_id is None:
            del self.fields["remove_photo"]

    def clean_photo_file(self) -> Any:
        upload = self.cleaned_data.get("photo_file")
        if upload:
            # Decoded here so that a bad file is refused before anything is stored.
            photos.decode(upload, name=upload.name)
            upload.seek(0)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_photo = bool(data.get("photo_file")) or (
            self.instance.photo_id is not None and not data.get("remove_photo")
        )
        if has_photo and not data.get("photo_caption", "").strip():
            self.add_error("photo_caption", _("A photo is printed with its caption: write one."))
        return data


class IssueTextForm(forms.ModelForm[Issue]):
    class Meta:
        model = Issue
        fields = ("introduction", "footer", "hashtags")
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 9}),
            "footer": forms.Textarea(attrs={"rows": 2}),
        }


class BoxForm(forms.ModelForm[Box]):
    class Meta:
        model = Box
        fields = ("title", "placement", "body", "link")
        widgets = {"body": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False  # the new box's row may stay empty

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        wanted = data.get("body", "").strip() or data.get("link", "").strip()
        if wanted and not data.get("title", "").strip() and not data.get("DELETE"):
            self.add_error("title", _("A box is printed under its title: write one."))
        return data


BoxFormSet = forms.inlineformset_factory(
    Issue, Box, form=BoxForm, extra=1, can_delete=True, max_num=6, validate_max=True
)


class TranslationForm(forms.Form):
    """An issue's words in one language: its introduction and footer, then each item's."""

    introduction = forms.CharField(label=_("introduction"), widget=forms.Textarea, required=False)
    footer = forms.CharField(
        label=_("footer"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, items: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"headline_{item.pk}"] = forms.CharField(
                label=_("headline"), max_length=300, required=False, help_text=item.headline
            )
            self.fields[f"blurb_{item.pk}"] = forms.CharField(
                label=_("text for this issue"),
                widget=forms.Textarea(attrs={"rows": 4}),
                required=False,
                help_text=item.blurb,
            )
            if item.photo_caption:
                self.fields[f"caption_{item.pk}"] = forms.CharField(
                    label=_("photo caption"),
                    max_length=300,
                    required=False,
                    help_text=item.photo_caption,
                )
