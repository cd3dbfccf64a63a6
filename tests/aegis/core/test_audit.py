"""The audit trail reads a record's history in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aegis.activities.models import Activity, Pillar
from aegis.activities.periods import Period
from aegis.activities.services import activity_create, activity_update
from aegis.core.audit import audit_trail
from aegis.core.models import Country, Organisation, User
from aegis.core.roles import Role

pytestmark = pytest.mark.django_db


def _queries(activity: Activity) -> int:
    with CaptureQueriesContext(connection) as queries:
        audit_trail(activity)
    return len(queries)


def test_many_to_many_history_is_read_in_a_fixed_number_of_queries(
    make_user: Callable[..., User], organisation: Organisation
) -> None:
    editor = make_user(Role.OFFICE_EDITOR)
    activity = activity_create(
        actor=editor,
        title="Assessment",
        kind="assessment",
        periods=[Period(date(2020, 9, 14), date(2020, 9, 17))],
        lead_organisation=organisation,
    )
    pillars = list(Pillar.objects.order_by("number"))
    countries = list(Country.objects.filter(code__in=["SL", "KE", "NG", "ML"]).order_by("code"))
    activity_update(
        actor=editor, activity=activity, pillars=pillars[:1], beneficiary_countries=countries[:1]
    )
    short = _queries(activity)

    for number in range(2, 5):
        activity_update(
            actor=editor,
            activity=activity,
            pillars=pillars[:number],
            beneficiary_countries=countries[:number],
        )

    # The versions, the pillars' and countries' history rows, the pillars and countries named.
    assert (short, _queries(activity)) == (5, 5)
    newest = [[(c.field, c.old, c.new) for c in e.changes] for e in audit_trail(activity)[:3]]
    assert newest == [
        [
            (
                "pillars",
                "Pillar I, Pillar II, Pillar III",
                "Pillar I, Pillar II, Pillar III, Pillar IV",
            )
        ],
        [("beneficiary countries", "Kenya, Mali, Nigeria", "Kenya, Mali, Nigeria, Sierra Leone")],
        [],
    ]
