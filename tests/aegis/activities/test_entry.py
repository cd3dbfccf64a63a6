"""Entry as editors write it: a month alone, figures printed as the source gives them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from tests.aegis.factories import ActivityFactory

from aegis.activities.models import Activity
from aegis.activities.periods import PeriodError, parse_month
from aegis.coordination.models import Body
from aegis.core.models import Organisation
from aegis.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text", ["Jul 2020", "July 2020", "2020-07", "jul. 2020"])
def test_a_month_is_read_as_editors_write_it(text: str) -> None:
    assert parse_month(text) == date(2020, 7, 1)


@pytest.mark.parametrize("text", ["Jux 2020", "2020-13", "1-31 Jul"])
def test_a_month_that_is_not_one_is_named(text: str) -> None:
    with pytest.raises(PeriodError, match='write "Jul 2020", "July 2020" or "2020-07"'):
        parse_month(text)


def test_an_activity_dated_jul_2020_is_dated_to_the_month(
    organisation: Organisation, client_for: Callable[[Role | None], Client]
) -> None:
    group = Body.objects.create(name="Border Management WG", kind=Body.Kind.WORKING_GROUP)

    response = client_for(Role.OFFICE_EDITOR).post(
        "/activities/new/",
        {
            "title": "Consultations of the border management working group",
            "kind": "consultation",
            "dates": "Jul 2020",
            "lead_organisation": organisation.pk,
            "compact_bodies": [group.pk],
            "meetings": 3,
        },
        follow=True,
    )

    activity = Activity.objects.get()
    assert (activity.start_date, activity.end_date, activity.month_only) == (
        date(2020, 7, 1),
        date(2020, 7, 31),
        True,
    )
    assert (list(activity.compact_bodies.all()), activity.meetings) == ([group], 3)
    page = response.content.decode()
    assert "July 2020" in page
    assert "Border Management WG" in page


@pytest.mark.parametrize(
    ("qualifier", "printed"),
    [("", "; 31 Member States represented"), ("over", "; over 40 Member States represented")],
)
def test_member_states_are_printed_as_entered(
    qualifier: str, printed: str, client_for: Callable[[Role | None], Client]
) -> None:
    count = 40 if qualifier else 31
    activity = ActivityFactory(member_states_represented=count, member_states_qualifier=qualifier)

    page = client_for(Role.VIEWER).get(f"/activities/{activity.pk}/").content.decode()

    assert printed in page
    if not qualifier:
        assert "over 31" not in page
