"""Issue 16: migration activities 0009 turns the stored kind codes into references to
kinds, keeping every activity's code (a code outside the old list included)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from aegis.core.models import Organisation

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("activities", "0007_entry_locking")]
AFTER = [("activities", "0009_kinds_reference")]


def test_existing_activities_keep_their_kind_codes() -> None:
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps
        Activity = old.get_model("activities", "Activity")
        Activity.objects.all().delete()
        # Organisations are not migrated here: the current model matches their table.
        unoct = Organisation.objects.create(name="UN Office of Counter-Terrorism", kind="other")
        for title, kind in (
            ("Consultations with Member States on the Compact", "consultation"),
            ("Briefing to the Security Council", "briefing"),
            ("Study visit, entered by hand", "study_visit"),
        ):
            Activity.objects.create(
                title=title, kind=kind, start_date=date(2020, 7, 14), lead_organisation_id=unoct.pk
            )

        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps
        migrated = new.get_model("activities", "Activity")
        kinds = new.get_model("activities", "ActivityKind")

        assert sorted(migrated.objects.values_list("kind__code", "kind__name")) == [
            ("briefing", "Briefing"),
            ("consultation", "Consultation"),
            ("study_visit", "Study visit"),
        ]
        assert kinds.objects.get(code="briefing").proposed_section == "political_leadership"
        assert kinds.objects.count() == 17
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
