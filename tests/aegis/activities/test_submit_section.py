"""Issue 16: the newsletter section is proposed from the kind and asked for at submission.

"Not in the newsletter" defaulted silently kept published activities out of their month's
issue; submitting now refuses an activity with no section unless one is chosen (the
proposal, another section, or "Not in the newsletter" on purpose).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from tests.aegis.factories import ActivityFactory

from aegis.activities.models import Activity
from aegis.activities.services import activity_transition
from aegis.core.models import Organisation, User
from aegis.core.roles import Role

pytestmark = pytest.mark.django_db


def test_submitting_without_a_section_is_refused_and_names_the_proposal(
    make_user: Callable[..., User], organisation: Organisation
) -> None:
    activity = ActivityFactory(lead_organisation=organisation, kind_id="briefing")

    with pytest.raises(ValidationError) as refused:
        activity_transition(
            actor=make_user(Role.OFFICE_EDITOR), activity=activity, transition="submit"
        )

    assert refused.value.message_dict == {
        "section": [
            "Choose the newsletter section before submitting (proposed for a briefing: "
            "Political Leadership), or choose “Not in the newsletter” on purpose."
        ]
    }
    activity.refresh_from_db()
    assert activity.status == Activity.Status.DRAFT


@pytest.mark.parametrize(
    ("section", "stored"),
    [("capacity_building", "capacity_building"), ("none", ""), (None, "highlights")],
)
def test_a_chosen_section_is_stored_at_submission(
    section: str | None, stored: str, make_user: Callable[..., User], organisation: Organisation
) -> None:
    # None: the editor already chose "Highlights" in the form.
    activity = ActivityFactory(
        lead_organisation=organisation,
        newsletter_section="highlights" if section is None else "",
    )

    activity_transition(
        actor=make_user(Role.OFFICE_EDITOR), activity=activity, transition="submit", section=section
    )

    activity.refresh_from_db()
    assert (activity.status, activity.newsletter_section) == (Activity.Status.IN_REVIEW, stored)


def test_the_page_proposes_the_section_of_the_kind_and_the_api_asks_for_it(
    organisation: Organisation, client_for: Callable[[Role | None], Client]
) -> None:
    workshop = ActivityFactory(lead_organisation=organisation, kind_id="workshop")
    client = client_for(Role.OFFICE_EDITOR)

    page = client.get(f"/activities/{workshop.pk}/").content.decode()
    refused = client.post(f"/api/v1/activities/{workshop.pk}/transitions/submit/", {})
    wrong = client.post(
        f"/api/v1/activities/{workshop.pk}/transitions/submit/", {"section": "sports"}
    )
    submitted = client.post(f"/activities/{workshop.pk}/submit/", {"section": "capacity_building"})

    assert '<option value="capacity_building" selected>Capacity Building (proposed)' in page
    assert '<option value="none">Not in the newsletter</option>' in page
    assert (refused.status_code, list(refused.json()["errors"])) == (400, ["section"])
    assert wrong.json()["errors"] == {"section": ["sports is not a newsletter section."]}
    assert submitted.status_code == 302
    workshop.refresh_from_db()
    assert (workshop.status, workshop.newsletter_section) == ("in_review", "capacity_building")
