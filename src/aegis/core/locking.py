"""Optimistic locking of the office records: the second of two concurrent saves is refused.

Every editable record carries a ``version`` that each save raises by one. An edit form
and an API update send back the version they were read at; the service claims it with
``claim_version`` before changing anything. When someone saved in between, the claim
fails with ``EditConflict``, which names both versions and the fields that differ, so
the person can compare and decide (pages show it on the form, the API answers 409).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar

from django import forms
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers


class Versioned(models.Model):
    """A record whose saves are counted, for optimistic locking."""

    version = models.PositiveIntegerField(
        gettext_lazy("version"),
        default=1,
        editable=False,
        help_text=gettext_lazy("Raised by one at every save: an edit sends the one it read."),
    )

    class Meta:
        abstract = True


def _shown(value: Any) -> str:
    """A stored or submitted value as a person reads it in a conflict message."""
    if value is None or value == "":
        return "—"
    if isinstance(value, models.Manager):
        value = list(value.all())
    if isinstance(value, list | tuple | set | frozenset | models.QuerySet):
        return ", ".join(sorted(str(item) for item in value)) or "—"
    return str(value)


class EditConflict(Exception):
    """Raised when a record changed since the version an edit was read at."""

    def __init__(
        self,
        *,
        record: models.Model,
        stored_version: int,
        submitted_version: int,
        differences: list[tuple[str, str, str]],
    ) -> None:
        self.record = record
        self.stored_version = stored_version
        self.submitted_version = submitted_version
        # (field label, as stored now, as submitted)
        self.differences = differences
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return _(
            "Someone else saved this %(what)s while you were editing it: it is now at "
            "version %(stored)s, you edited version %(submitted)s. Nothing of yours was "
            "saved. Compare below; saving again replaces their version with yours."
        ) % {
            "what": self.record._meta.verbose_name,
            "stored": self.stored_version,
            "submitted": self.submitted_version,
        }

    def lines(self) -> list[str]:
        """One sentence per differing field, stored then submitted."""
        return [
            _("%(field)s — saved: “%(stored)s”; yours: “%(submitted)s”.")
            % {"field": label, "stored": stored, "submitted": submitted}
            for label, stored, submitted in self.differences
        ]

    def as_json(self) -> dict[str, Any]:
        """The API's 409 body: the usual error shape plus both versions."""
        return {
            "message": self.message,
            "errors": {"version": [self.message]},
            "stored": {
                "version": self.stored_version,
                **{label: stored for label, stored, _submitted in self.differences},
            },
            "submitted": {
                "version": self.submitted_version,
                **{label: submitted for label, _stored, submitted in self.differences},
            },
        }


def _label(model: type[models.Model], name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
    except Exception:
        return name


def claim_version(
    record: Versioned,
    *,
    version: int | None,
    submitted: Mapping[str, Any],
    stored_values: Callable[[Any], Mapping[str, Any]] | None = None,
) -> None:
    """Move the stored row of ``record`` from ``version`` to the next, inside the caller's
    transaction, and set ``record.version`` to it.

    ``version`` None is a door without a version to send (the system, an import): the
    save is counted but nothing is checked. ``submitted`` are the changes asked for (shown
    beside the stored values on a conflict); ``stored_values(stored)`` overrides how fields
    read from the stored record (e.g. an activity's dates). Raises EditConflict when the row is
    at another version — a conditional UPDATE, so two saves cannot both win.
    """
    manager = type(record)._default_manager
    if version is None:
        manager.filter(pk=record.pk).update(version=models.F("version") + 1)
        record.version = manager.values_list("version", flat=True).get(pk=record.pk)
        return
    if manager.filter(pk=record.pk, version=version).update(version=version + 1):
        record.version = version + 1
        return
    stored = manager.get(pk=record.pk)
    overrides = dict(stored_values(stored)) if stored_values else {}
    differences = []
    for name, value in submitted.items():
        now = _shown(overrides[name] if name in overrides else getattr(stored, name, None))
        asked = _shown(value)
        if now != asked:
            differences.append((_label(type(record), name), now, asked))
    raise EditConflict(
        record=stored,
        stored_version=stored.version,
        submitted_version=version,
        differences=differences,
    )


class VersionedForm(forms.BaseForm):
    """Adds the hidden ``version`` an edit form sends back (edit forms only, not new ones)."""

    version_required: ClassVar[bool] = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is None or instance.pk is None:
            return
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput, min_value=1, required=self.version_required
        )
        self.initial.setdefault("version", instance.version)

    def show_conflict(self, conflict: EditConflict) -> None:
        """Put the conflict on the form, and arm it to replace the stored version if the
        person saves again after comparing."""
        self.add_error(None, [conflict.message, *conflict.lines()])
        data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict on a page
        data[self.add_prefix("version")] = str(conflict.stored_version)
        self.data = data


def version_of(data: dict[str, Any]) -> int | None:
    """Take ``version`` out of cleaned form or serializer data."""
    value = data.pop("version", None)
    return None if value is None else int(value)


def submitted_for_display(data: Mapping[str, Any], *, skip: Iterable[str] = ()) -> dict[str, Any]:
    """The submitted changes as a conflict compares them (without bookkeeping keys)."""
    excluded = {"version", *skip}
    return {name: value for name, value in data.items() if name not in excluded}


class VersionedSerializer(serializers.ModelSerializer[Any]):
    """Adds ``version``: answered on every read, required on every update (PUT or PATCH)."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        fields["version"] = serializers.IntegerField(
            min_value=1,
            required=False,
            help_text="The version you read: required to update; 409 if it changed since.",
        )
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        if self.instance is not None and "version" not in attrs:
            raise serializers.ValidationError(
                {"version": [_("Send the version you read, so no one's save is lost.")]}
            )
        return attrs
