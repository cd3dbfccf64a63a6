"""Organisations as tables: export of any filtered list, all-or-nothing idempotent import."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet

from aegis.core import services
from aegis.core.models import Organisation
from aegis.core.permissions import Actor
from aegis.core.tabular import ImportFailed, ImportResult, Row, RowError

COLUMNS = ("external_id", "name", "acronym", "kind", "country", "website")
REQUIRED = ("external_id", "name", "kind")


def export_rows(organisations: QuerySet[Organisation]) -> Iterable[list[Any]]:
    for o in organisations:
        yield [
            o.external_id or f"aegis-org-{o.pk}",
            o.name,
            o.acronym,
            o.kind,
            o.country,
            o.website,
        ]


def _errors(line: int, error: ValidationError) -> list[RowError]:
    by_field = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    return [
        RowError(line, "" if field == "__all__" else field, message)
        for field, messages in by_field.items()
        for message in messages
    ]


def import_organisations(*, actor: Actor, rows: Sequence[Row]) -> ImportResult:
    """Create or update one organisation per row (matched on external_id, then name).

    Raises ImportFailed with every bad row; nothing is saved then.
    """
    errors: list[RowError] = []
    created = updated = 0
    seen: dict[str, int] = {}
    with transaction.atomic():
        for row in rows:
            values = {column: row.values.get(column, "") for column in COLUMNS}
            missing = [column for column in REQUIRED if not values[column]]
            errors.extend(RowError(row.line, column, "is required") for column in missing)
            if values["external_id"] in seen:
                errors.append(
                    RowError(row.line, "external_id", f"repeats line {seen[values['external_id']]}")
                )
            if missing or values["external_id"] in seen:
                continue
            seen[values["external_id"]] = row.line
            if values["kind"] not in Organisation.Kind.values:
                errors.append(RowError(row.line, "kind", f"{values['kind']!r} is not a kind"))
                continue
            existing = (
                Organisation.objects.filter(external_id=values["external_id"]).first()
                or Organisation.objects.filter(name=values["name"]).first()
            )
            try:
                with transaction.atomic():
                    if existing is None:
                        services.organisation_create(actor=actor, **values)
                        created += 1
                    else:
                        # An import sends no version: the save is counted, not checked.
                        services.organisation_update(
                            actor=actor, organisation=existing, version=None, **values
                        )
                        updated += 1
            except ValidationError as error:
                errors.extend(_errors(row.line, error))
            except PermissionDenied as error:
                errors.append(RowError(row.line, "", str(error)))
        if errors:
            raise ImportFailed(errors)
    return ImportResult(created=created, updated=updated)
