"""The period a dashboard shows, read from its querystring (``?year=2020``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class YearFilterForm(forms.Form):
    """``year``: one calendar year, or empty for every year. A year that is not a whole number
    from 2000 to 2100 is a bad request (400), never an error of the server."""

    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={"invalid": _("The year must be written in figures, e.g. 2020.")},
    )

    def chosen_year(self) -> int | None:
        """The valid year chosen (call after ``is_valid()`` returned True)."""
        year: int | None = self.cleaned_data.get("year")
        return year
