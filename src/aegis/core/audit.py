"""Reading the audit trail that django-simple-history keeps for every domain record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from aegis.core.permissions import Actor, acting_user

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
    record: models.Model, *, actor: Actor, reason: str = "", **save_options: Any
) -> None:
    """Save ``record`` with its history entry naming ``actor`` (SYSTEM: no user) and ``reason``.

    Services call this instead of ``save()`` so that the audit trail names the
    author whichever door the change came through (page, API, command line).
    """
    user = acting_user(actor)
    if user is not None:
        record._history_user = user  # type: ignore[attr-defined]
    if reason:
        record._change_reason = reason  # type: ignore[attr-defined]
    record.save(**save_options)


def _label(model: type[models.Model], field_name: str) -> str:
    try:
        field = model._meta.get_field(field_name)
    except FieldDoesNotExist:  # a field since removed from the model
        return field_name
    return str(getattr(field, "verbose_name", field_name))


# Fields of simple-history's many-to-many history rows that are not the relation itself.
_M2M_BOOKKEEPING = frozenset({"id", "m2m_history_id", "history"})

# Many-to-many field -> history record id -> the through rows it recorded, in order.
M2MRows = dict[str, dict[int, list[dict[str, Any]]]]


def _m2m_rows(model: type[models.Model], versions: list[Any]) -> M2MRows:
    """The many-to-many rows every version recorded, in one query per field.

    ``diff_against`` reads them with two queries per field for every pair of versions: an
    N+1 that grew with the length of a record's history on every detail page.
    """
    if not versions:
        return {}
    rows: M2MRows = {}
    for field in versions[0]._history_m2m_fields:
        through = getattr(versions[0], field.name).model
        names = [
            f.name for f in through._meta.fields if f.editable and f.name not in _M2M_BOOKKEEPING
        ]
        # Ordered by the related record, as diff_against orders them.
        order = model._meta.get_field(field.name).m2m_reverse_field_name()  # type: ignore[union-attr]
        by_version: dict[int, list[dict[str, Any]]] = {v.pk: [] for v in versions}
        for row in (
            through._default_manager.filter(history__in=list(by_version))
            .order_by(order)
            .values("history", *names)
        ):
            by_version[row.pop("history")].append(row)
        rows[field.name] = by_version
    return rows


def _related(model: type[models.Model], field_name: str) -> type[models.Model] | None:
    try:
        target = model._meta.get_field(field_name).related_model
    except FieldDoesNotExist:
        return None
    return target if isinstance(target, type) and issubclass(target, models.Model) else None


def _names(
    model: type[models.Model], changes: list[tuple[str, Any, Any]]
) -> dict[type[models.Model], dict[Any, str]]:
    """The names of the records that many-to-many changes mention: one query per model."""
    wanted: dict[type[models.Model], set[Any]] = {}
    for field_name, *values in changes:
        target = _related(model, field_name)
        if target is None:
            continue
        key = target._meta.model_name
        for value in values:
            if isinstance(value, list):
                wanted.setdefault(target, set()).update(row.get(key) for row in value)
    return {
        target: {obj.pk: str(obj) for obj in target._default_manager.filter(pk__in=ids)}
        for target, ids in wanted.items()
    }


def _readable(
    model: type[models.Model],
    field_name: str,
    value: Any,
    names: dict[type[models.Model], dict[Any, str]],
) -> Any:
    """Many-to-many changes come as lists of through rows; show the related records' names."""
    if not (isinstance(value, list) and all(isinstance(row, dict) for row in value)):
        return value
    target = _related(model, field_name)
    if target is None:
        return value
    key = target._meta.model_name
    known = names.get(target, {})
    return ", ".join(known.get(row.get(key), str(row.get(key))) for row in value)


def audit_trail(record: models.Model, *, limit: int = 50) -> list[AuditEntry]:
    """Newest first: who did what to ``record`` and which fields changed from what to what.

    A fixed number of queries whatever the length of the history: the versions, their
    many-to-many rows (one query per field) and the names those rows point to.
    """
    versions = list(
        record.history.select_related("history_user").order_by("-history_date", "-history_id")[  # type: ignore[attr-defined]
            : limit + 1
        ]
    )
    model = type(record)
    m2m = _m2m_rows(model, versions)
    pairs = list(zip(versions, [*versions[1:], None], strict=False))[:limit]
    raw: list[list[tuple[str, Any, Any]]] = []
    for newer, older in pairs:
        changes: list[tuple[str, Any, Any]] = []
        if older is not None:
            delta = newer.diff_against(older, excluded_fields=[*m2m, "version"])
            changes = [(c.field, c.old, c.new) for c in delta.changes]
            for field_name, by_version in m2m.items():
                old, new = by_version[older.pk], by_version[newer.pk]
                if old != new:
                    changes.append((field_name, old, new))
            changes.sort(key=lambda change: change[0])
        raw.append(changes)
    names = _names(model, [change for changes in raw for change in changes])
    entries: list[AuditEntry] = []
    for (newer, _older), changes in zip(pairs, raw, strict=True):
        user = newer.history_user
        entries.append(
            AuditEntry(
                when=newer.history_date,
                who=str(user) if user else str(_("system")),
                action=str(_ACTIONS.get(newer.history_type, newer.history_type)),
                reason=newer.history_change_reason or "",
                changes=tuple(
                    FieldChange(
                        _label(model, field_name),
                        _readable(model, field_name, old, names),
                        _readable(model, field_name, new, names),
                    )
                    for field_name, old, new in changes
                ),
            )
        )
    return entries
