"""The form renderer draws selects in Python exactly as Django's templates do."""

from __future__ import annotations

from datetime import date

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from tests.aegis.factories import OrganisationFactory

from aegis.core.forms import FormRenderer
from aegis.core.models import Organisation


class Sample(forms.Form):
    kind = forms.ChoiceField(choices=[("", "Any kind"), ("a&b", 'A "quoted" <kind>')])
    grouped = forms.ChoiceField(
        choices=[("Europe", [("fr", "France"), ("de", "Germany")]), ("xx", "Elsewhere")],
        required=False,
    )
    many = forms.MultipleChoiceField(choices=[(1, "One"), (2, "Two"), (3, "Three")])
    year = forms.TypedChoiceField(choices=[(2020, 2020), (2021, 2021)], coerce=int)
    when = forms.ChoiceField(choices=[("2020-09-01", date(2020, 9, 1))])
    safe = forms.ChoiceField(
        choices=[(mark_safe("<b>"), mark_safe("<b>bold</b>"))],
        widget=forms.Select(attrs={"class": "wide", "data-x": 'a"b', "disabled": True}),
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.order_by("name"), empty_label="Any organisation"
    )
    radio = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [None, {"kind": "a&b", "grouped": "de", "many": ["1", "3"], "year": "2021", "safe": "<b>"}],
)
def test_selects_are_drawn_as_django_draws_them(data: dict[str, object] | None) -> None:
    OrganisationFactory(name="Fish & Chips <Ltd>", acronym="F&C")
    OrganisationFactory(name="Zeta")
    if data is not None:
        data["organisation"] = str(Organisation.objects.get(name="Zeta").pk)

    ours = Sample(data, renderer=FormRenderer())
    django = Sample(data, renderer=DjangoTemplates())

    for name in Sample.base_fields:
        assert str(ours[name]) == str(django[name]), name
    assert "Fish &amp; Chips &lt;Ltd&gt;" in str(ours["organisation"])
