from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import BadRequest, ValidationError
from django.db import models
from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from aegis.core.converters import ID_PATTERN
from aegis.core.locking import VersionedForm
from aegis.core.models import Organisation


def _https_urls(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class OrganisationForm(VersionedForm, forms.ModelForm[Organisation]):
    formfield_callback = _https_urls

    class Meta:
        model = Organisation
        fields = ("name", "acronym", "kind", "country", "website")


class RecordsChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Records chosen by integer id: an id of more than 18 digits (or none at all) is a
    form error, not an integer overflow in the database driver (a 500)."""

    def _check_values(self, value: Any) -> Any:
        for pk in value if isinstance(value, list | tuple) else [value]:
            if not re.fullmatch(ID_PATTERN, str(pk)):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)  # type: ignore[misc]


def bounded_record_ids(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """``formfield_callback`` of model forms: many-to-many choices by integer id are
    ``RecordsChoiceField``."""
    if isinstance(field, models.ManyToManyField) and isinstance(
        field.target_field, models.IntegerField
    ):
        kwargs.setdefault("form_class", RecordsChoiceField)
    return field.formfield(**kwargs)


class SearchForm(forms.Form):
    # CharField refuses null characters (which PostgreSQL cannot compare) with a form error.
    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=200)


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, field by field where it names fields."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


_SELECT = "django/forms/widgets/select.html"
_OPTION = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict[str, Any]) -> str:
    """Django's ``attrs.html``: ``name="value"``, a bare name for True, nothing for False."""
    return "".join(
        ""
        if value is False
        else format_html(" {}", name)
        if value is True
        else format_html(' {}="{}"', name, value)
        for name, value in attrs.items()
    )


def _select(widget: dict[str, Any]) -> SafeString:
    """The HTML of Django's ``select.html`` and ``select_option.html``, character for
    character, drawn in Python."""
    context = Context(autoescape=True)
    parts = [format_html('<select name="{}"', widget["name"]), _attrs(widget["attrs"]), ">"]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            label = render_value_in_context(group_name, context)
            parts.append(format_html('\n  <optgroup label="{}">', label))
        for option in options:
            parts.append(
                format_html('\n  <option value="{}"', conditional_escape(str(option["value"])))
            )
            parts.append(_attrs(option["attrs"]))
            parts.append(">")
            parts.append(render_value_in_context(option["label"], context))
            parts.append("</option>\n")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")  # the renderer strips the template's final newline
    return mark_safe("".join(parts))  # noqa: S308 - every part above is escaped


class FormRenderer(DjangoTemplates):
    """Django's form renderer, with ``<select>`` drawn in Python.

    The template draws each option through two includes: a filter form with a hundred
    organisations took 20 ms of the activity list's 50. Selects whose options use another
    template are left to the templates.
    """

    def render(
        self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None
    ) -> str:
        widget = context.get("widget")
        if (
            template_name == _SELECT
            and widget is not None
            and all(
                option["template_name"] == _OPTION
                for _name, options, _index in widget["optgroups"]
                for option in options
            )
        ):
            return _select(widget)
        return super().render(template_name, context, request)


def query_filters(form: forms.BaseForm) -> dict[str, Any]:
    """The cleaned filters of a list page's GET form; {} when no filter was given.

    Raises BadRequest (400) naming each bad parameter and why, so that a typed or
    tampered address is answered, not silently ignored nor turned into a 500.
    """
    if not form.is_bound:
        return {}
    if not form.is_valid():
        problems = "; ".join(
            f"{name}: {' '.join(str(m) for m in messages)}"
            for name, messages in form.errors.items()
        )
        raise BadRequest(problems)
    return form.cleaned_data
