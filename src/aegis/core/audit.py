"""Reading the audit trail that django-simple-history keeps for every domain record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

_ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class AuditEntry:
    when: datetime
    who: str
    action: str
    reason: str
    changes: tuple[FieldChange, ...]


def save_audited(
    record: models.Model, *, actor: object | None, reason: str = "", **save_options: Any
) -> None:
    """Save ``record`` with its history entry naming ``actor`` (None: the system) and ``reason``.

    Services call this instead of ``save()`` so that the audit trail names the
    author whichever door the change came through (page, API, command line).
    """
    if actor is not None:
        record._history_user = actor  # type: ignore[attr-defined]
    if reason:
        record._change_reason = reason  # type: ignore[attr-defined]
    record.save(**save_options)


def _label(model: type[models.Model], field_name: str) -> str:
    try:
        field = model._meta.get_field(field_name)
    except FieldDoesNotExist:  # a field since removed from the model
        return field_name
    return str(getattr(field, "verbose_name", field_name))


def _readable(model: type[models.Model], field_name: str, value: Any) -> Any:
    """Many-to-many changes come as lists of through rows; show the related records' names."""
    if not (isinstance(value, list) and all(isinstance(row, dict) for row in value)):
        return value
    try:
        target = model._meta.get_field(field_name).related_model
    except FieldDoesNotExist:
        return value
    if not (isinstance(target, type) and issubclass(target, models.Model)):
        return value
    key = target._meta.model_name
    ids = [row.get(key) for row in value]
    names = {obj.pk: str(obj) for obj in target._default_manager.filter(pk__in=ids)}
    return ", ".join(names.get(pk, str(pk)) for pk in ids)


def audit_trail(record: models.Model, *, limit: int = 50) -> list[AuditEntry]:
    """Newest first: who did what to ``record`` and which fields changed from what to what."""
    versions = list(
        record.history.select_related("history_user").order_by("-history_date", "-history_id")[  # type: ignore[attr-defined]
            : limit + 1
        ]
    )
    entries: list[AuditEntry] = []
    for newer, older in zip(versions, [*versions[1:], None], strict=False):
        if len(entries) == limit:
            break
        changes: tuple[FieldChange, ...] = ()
        if older is not None:
            delta = newer.diff_against(older)
            model = type(record)
            changes = tuple(
                FieldChange(
                    _label(model, c.field),
                    _readable(model, c.field, c.old),
                    _readable(model, c.field, c.new),
                )
                for c in delta.changes
            )
        user = newer.history_user
        entries.append(
            AuditEntry(
                when=newer.history_date,
                who=str(user) if user else str(_("system")),
                action=str(_ACTIONS.get(newer.history_type, newer.history_type)),
                reason=newer.history_change_reason or "",
                changes=changes,
            )
        )
    return entries
