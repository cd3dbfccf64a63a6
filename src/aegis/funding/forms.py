"""Forms of the funding pages: they parse input; the services hold every rule.

Model validation is left to the services (``_post_clean`` does not run it) so that a
rule such as "a programme earmark names its programme" is stated once and reported
field by field, whichever door the input came through.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from aegis.activities.models import Programme
from aegis.core.locking import VersionedForm
from aegis.core.models import Organisation
from aegis.funding.models import ExchangeRate, InKindContribution, Pledge, Receipt
from aegis.funding.money import validate_currency_code, validate_positive
from aegis.funding.selectors import DONOR_ORDERS
from aegis.funding.services import InstalmentLine

_DATE = forms.DateInput(attrs={"type": "date"})
_MONEY = forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"})


class CurrencyField(forms.CharField):
    """An ISO 4217 code, accepted in any case and stored in upper case."""

    def to_python(self, value: Any) -> str:
        return str(super().to_python(value)).strip().upper()


_FIELD_VALIDATORS = (validate_currency_code, validate_positive)


class _ServiceValidated:
    """Skip the model's own validation: the service validates and reports per field.

    The model fields' own value checks (currency code, positive amount) still run on
    the form, so that they are reported together with the form's parsing errors.
    """

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model = self._meta.model  # type: ignore[attr-defined]
        for name, field in self.fields.items():
            try:
                model_field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            validators = getattr(model_field, "validators", ())
            extra = [v for v in validators if v in _FIELD_VALIDATORS]
            field.validators = [*field.validators, *extra]

    def _post_clean(self) -> None:
        return None


class PledgeForm(VersionedForm, _ServiceValidated, forms.ModelForm[Pledge]):
    instalments = forms.CharField(
        label=_("Instalment schedule"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "2021-03-31 25000.00"}),
        help_text=_(
            "Optional, for a multi-year agreement: one instalment a line, due date then "
            "amount in the pledge's currency. The instalments must add up to the amount."
        ),
    )

    class Meta:
        model = Pledge
        field_classes = {"currency": CurrencyField}
        fields = (
            "donor",
            "signed_on",
            "currency",
            "amount",
            "earmark",
            "programme",
            "theme",
            "from_other_fund",
            "reference",
            "notes",
        )
        widgets = {
            "signed_on": _DATE,
            "currency": forms.TextInput(
                attrs={"maxlength": 3, "size": 4, "autocapitalize": "characters"}
            ),
            "amount": _MONEY,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "currency": _("ISO 4217 code of the agreement's currency: USD, EUR, GBP …"),
            "amount": _("In the agreement's currency."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        donor = cast(forms.ModelChoiceField[Organisation], self.fields["donor"])
        donor.queryset = Organisation.objects.order_by("name")
        programme = cast(forms.ModelChoiceField[Programme], self.fields["programme"])
        programme.queryset = Programme.objects.order_by("name")
        if self.instance.pk and not self.is_bound:
            self.initial["instalments"] = "\n".join(
                f"{line.due_on.isoformat()} {line.amount}"
                for line in self.instance.instalments.all()
            )

    def clean_instalments(self) -> list[InstalmentLine]:
        lines: list[InstalmentLine] = []
        problems: list[str] = []
        text = self.cleaned_data["instalments"]
        for number, raw in enumerate(text.splitlines(), start=1):
            if not raw.strip():
                continue
            parts = raw.replace(",", " ").split()
            try:
                if len(parts) != 2:
                    raise ValueError
                lines.append(
                    InstalmentLine(due_on=date.fromisoformat(parts[0]), amount=Decimal(parts[1]))
                )
            except (ValueError, InvalidOperation):
                problems.append(
                    str(_("Line %(number)s: write the due date then the amount, e.g. %(eg)s."))
                    % {"number": number, "eg": "2021-03-31 25000.00"}
                )
        if problems:
            raise forms.ValidationError(problems)
        return lines


class ReceiptForm(VersionedForm, _ServiceValidated, forms.ModelForm[Receipt]):
    class Meta:
        model = Receipt
        fields = ("received_on", "amount", "is_overpayment", "notes")
        widgets = {
            "received_on": _DATE,
            "amount": _MONEY,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class InKindForm(VersionedForm, _ServiceValidated, forms.ModelForm[InKindContribution]):
    class Meta:
        model = InKindContribution
        fields = ("donor", "year", "description", "value_usd", "notes")
        widgets = {"value_usd": _MONEY, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        donor = cast(forms.ModelChoiceField[Organisation], self.fields["donor"])
        donor.queryset = Organisation.objects.order_by("name")


class ExchangeRateForm(_ServiceValidated, forms.ModelForm[ExchangeRate]):
    class Meta:
        model = ExchangeRate
        field_classes = {"currency": CurrencyField}
        fields = ("currency", "effective_date", "rate")
        widgets = {
            "effective_date": _DATE,
            "currency": forms.TextInput(attrs={"maxlength": 3, "size": 4}),
            "rate": forms.NumberInput(attrs={"step": "0.000001", "inputmode": "decimal"}),
        }


class RateImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8, with the header currency,effective_date,rate — for example "
            "EUR,2020-09-01,0.855. Nothing is imported unless every line is valid."
        ),
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > 2_000_000:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        try:
            return str(upload.read().decode("utf-8"))
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from None


class DonorFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    order = forms.ChoiceField(
        label=_("Order by"),
        required=False,
        choices=[
            ("pledged", _("Pledged (largest first)")),
            ("received", _("Received (largest first)")),
            ("name", _("Name")),
        ],
    )

    def clean_order(self) -> str:
        order = self.cleaned_data["order"]
        return order if order in DONOR_ORDERS else "pledged"


class PledgeFilterForm(forms.Form):
    donor = forms.ModelChoiceField(
        label=_("Donor"),
        required=False,
        queryset=Organisation.objects.filter(pledges__isnull=False).distinct().order_by("name"),
        empty_label=_("Any donor"),
    )
    currency = forms.CharField(label=_("Currency"), required=False, max_length=3)
    year = forms.IntegerField(
        label=_("Year signed"), required=False, min_value=1990, max_value=2100
    )
