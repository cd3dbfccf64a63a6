"""Activities as tables: export of any filtered list, all-or-nothing import.

Import is idempotent: each row carries a stable ``external_id``; a row whose id
exists updates that activity, any other creates one. Every bad row is reported
with its line number and the column at fault, and then nothing is saved.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet

from aegis.activities import services
from aegis.activities.forms import periods_as_text
from aegis.activities.models import (
    Activity,
    ActivityKind,
    MandateFunction,
    OfficeUnit,
    Pillar,
    Principal,
    Programme,
)
from aegis.activities.periods import Period, PeriodError, parse_periods
from aegis.core.models import Country, Organisation, Region
from aegis.core.permissions import Actor
from aegis.core.tabular import ImportFailed, ImportResult, Row, RowError

COLUMNS = (
    "external_id",
    "title",
    "kind",
    "dates",
    "status",
    "lead_organisation",
    "office_unit",
    "programme",
    "modality",
    "organisers",
    "partners",
    "beneficiary_countries",
    "beneficiary_regions",
    "pillars",
    "mandate_functions",
    "principals",
    "participants_total",
    "participants_women",
    "participants_men",
    "organisations_represented",
    "member_states_represented",
    "newsletter_section",
    "month_only",
    "narrative",
    "source",
)
REQUIRED = ("external_id", "title", "kind", "dates", "lead_organisation")
LIST_SEPARATOR = ";"


def _names(organisations: Iterable[Organisation]) -> str:
    return LIST_SEPARATOR.join(o.acronym or o.name for o in organisations)


def export_rows(activities: QuerySet[Activity]) -> Iterable[list[Any]]:
    """One row per activity, in COLUMNS order, readable back by ``import_activities``."""
    for a in activities.prefetch_related(
        "organisers", "partners", "beneficiary_regions", "mandate_functions", "principals"
    ):
        yield [
            a.external_id or f"aegis-{a.pk}",
            a.title,
            a.kind_id,
            periods_as_text([Period(p.start, p.end) for p in a.periods.all()]),
            a.status,
            a.lead_organisation.acronym or a.lead_organisation.name,
            a.office_unit.acronym if a.office_unit else "",
            a.programme.name if a.programme else "",
            a.modality,
            _names(a.organisers.all()),
            _names(a.partners.all()),
            LIST_SEPARATOR.join(c.code for c in a.beneficiary_countries.all()),
            LIST_SEPARATOR.join(r.name for r in a.beneficiary_regions.all()),
            LIST_SEPARATOR.join(str(p.number) for p in a.pillars.all()),
            LIST_SEPARATOR.join(str(f.number) for f in a.mandate_functions.all()),
            LIST_SEPARATOR.join(p.name for p in a.principals.all()),
            a.participants_total,
            a.participants_women,
            a.participants_men,
            a.organisations_represented,
            a.member_states_represented,
            a.newsletter_section,
            "yes" if a.month_only else "",
            a.narrative,
            a.source,
        ]


class _Lookups:
    """Reference data resolved once per import instead of once per cell."""

    def __init__(self) -> None:
        self.organisations: dict[str, Organisation] = {}
        for organisation in Organisation.objects.all():
            self.organisations[organisation.name.casefold()] = organisation
            if organisation.acronym:
                self.organisations[organisation.acronym.casefold()] = organisation
        self.units = {u.acronym.casefold(): u for u in OfficeUnit.objects.all() if u.acronym}
        self.units |= {u.name.casefold(): u for u in OfficeUnit.objects.all()}
        self.programmes = {p.name.casefold(): p for p in Programme.objects.all()}
        self.countries = {c.code: c for c in Country.objects.all()}
        self.regions = {r.name.casefold(): r for r in Region.objects.all()}
        self.pillars = {str(p.number): p for p in Pillar.objects.all()}
        self.pillars |= {p.roman: p for p in Pillar.objects.all()}
        self.functions = {str(f.number): f for f in MandateFunction.objects.all()}
        self.principals = {p.name.casefold(): p for p in Principal.objects.all()}
        # A kind by its code ("workshop"), as exports write it, or by its name ("Workshop").
        self.kinds = {k.name.casefold(): k for k in ActivityKind.objects.all()}
        self.kinds |= {k.code: k for k in ActivityKind.objects.all()}


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]


def _row_arguments(row: Row, lookups: _Lookups, errors: list[RowError]) -> dict[str, Any] | None:
    values = row.values
    found: dict[str, Any] = {}
    before = len(errors)

    def fail(column: str, message: str) -> None:
        errors.append(RowError(row.line, column, message))

    for column in REQUIRED:
        if not values.get(column):
            fail(column, "is required")
    if values.get("kind") and values["kind"].casefold() not in lookups.kinds:
        codes = sorted({k.code for k in lookups.kinds.values() if k.active})
        fail("kind", f"{values['kind']!r} is not a kind of activity: one of {', '.join(codes)}")
    if values.get("dates"):
        try:
            found["periods"] = parse_periods(values["dates"])
        except PeriodError as error:
            fail("dates", str(error))

    def one(column: str, table: dict[str, Any], *, key: str | None = None) -> Any:
        text = values.get(column, "")
        if not text:
            return None
        hit = table.get(key or text.casefold())
        if hit is None:
            fail(column, f"unknown: {text!r}")
        return hit

    def many(column: str, table: dict[str, Any], *, fold: bool = True) -> list[Any]:
        hits = []
        for part in _split(values.get(column, "")):
            hit = table.get(part.casefold() if fold else part.upper())
            if hit is None:
                fail(column, f"unknown: {part!r}")
            else:
                hits.append(hit)
        return hits

    found["lead_organisation"] = one("lead_organisation", lookups.organisations)
    found["office_unit"] = one("office_unit", lookups.units)
    found["programme"] = one("programme", lookups.programmes)
    found["organisers"] = many("organisers", lookups.organisations)
    found["partners"] = many("partners", lookups.organisations)
    found["beneficiary_countries"] = many("beneficiary_countries", lookups.countries, fold=False)
    found["beneficiary_regions"] = many("beneficiary_regions", lookups.regions)
    found["pillars"] = many("pillars", lookups.pillars, fold=False)
    found["mandate_functions"] = many("mandate_functions", lookups.functions)
    found["principals"] = many("principals", lookups.principals)
    for column in (
        "participants_total",
        "participants_women",
        "participants_men",
        "organisations_represented",
        "member_states_represented",
    ):
        text = values.get(column, "")
        if text and not text.isdigit():
            fail(column, f"{text!r} is not a whole number")
        found[column] = int(text) if text.isdigit() else None
    for column in ("modality", "newsletter_section", "narrative", "source"):
        found[column] = values.get(column, "")
    found["month_only"] = values.get("month_only", "").lower() in {"yes", "true", "1"}
    found["title"] = values.get("title", "")
    found["kind"] = lookups.kinds.get(values.get("kind", "").casefold())
    found["external_id"] = values.get("external_id", "")
    return found if len(errors) == before else None


def import_activities(*, actor: Actor, rows: Sequence[Row]) -> ImportResult:
    """Create or update one activity per row, all or none.

    Raises ImportFailed listing every bad row (line, column, reason); nothing is saved then.
    """
    lookups, errors = _Lookups(), []
    created = updated = 0
    seen: dict[str, int] = {}
    with transaction.atomic():
        for row in rows:
            external_id = row.values.get("external_id", "")
            if external_id in seen:
                errors.append(
                    RowError(row.line, "external_id", f"repeats line {seen[external_id]}")
                )
                continue
            seen[external_id] = row.line
            arguments = _row_arguments(row, lookups, errors)
            if arguments is None:
                continue
            existing = Activity.objects.filter(external_id=arguments["external_id"]).first()
            try:
                # A savepoint per row: a failed row is undone and the next one still checked.
                with transaction.atomic():
                    if existing is None:
                        services.activity_create(actor=actor, **arguments)
                        created += 1
                    else:
                        services.activity_update(actor=actor, activity=existing, **arguments)
                        updated += 1
            except ValidationError as error:
                by_field = error.message_dict if hasattr(error, "error_dict") else None
                errors.extend(
                    RowError(row.line, "" if column == "__all__" else column, message)
                    for column, messages in (by_field or {"__all__": error.messages}).items()
                    for message in messages
                )
            except PermissionDenied as error:
                errors.append(RowError(row.line, "", str(error)))
        if errors:
            raise ImportFailed(errors)  # rolls back every row saved above
    return ImportResult(created=created, updated=updated)
