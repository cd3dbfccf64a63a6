from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from tests.aegis.factories import ActivityFactory

from aegis.activities.models import Activity, Pillar
from aegis.activities.periods import Period
from aegis.activities.services import activity_create, activity_transition, activity_update
from aegis.core.audit import audit_trail
from aegis.core.models import Country, Organisation, User
from aegis.core.roles import Role

pytestmark = pytest.mark.django_db


def test_create_records_a_draft_with_its_author(
    make_user: Callable[..., User], organisation: Organisation
) -> None:
    focal_point = make_user(Role.FOCAL_POINT)

    activity = activity_create(
        actor=focal_point,
        title="  National workshop on API/PNR  ",
        kind="workshop",
        periods=[
            Period(date(2020, 9, 21), date(2020, 9, 23)),
            Period(date(2020, 9, 24), date(2020, 9, 24)),
        ],
        lead_organisation=organisation,
    )

    assert (activity.start_date, activity.end_date) == (date(2020, 9, 21), date(2020, 9, 24))
    assert [(p.start.day, p.end.day) for p in activity.periods.all()] == [(21, 23), (24, 24)]
    assert (activity.title, activity.status, activity.created_by) == (
        "National workshop on API/PNR",
        Activity.Status.DRAFT,
        focal_point,
    )
    [entry] = audit_trail(activity)
    assert (entry.who, entry.action) == (focal_point.username, "created")


def test_create_refuses_an_activity_without_dates(
    make_user: Callable[..., User], organisation: Organisation
) -> None:
    with pytest.raises(ValidationError) as raised:
        activity_create(
            actor=make_user(Role.OFFICE_EDITOR),
            title="Undated",
            kind="workshop",
            periods=[],
            lead_organisation=organisation,
        )

    assert raised.value.message_dict == {"periods": ["An activity needs at least one date."]}
    assert not Activity.objects.exists()


def test_create_refuses_more_women_and_men_than_participants(
    make_user: Callable[..., User], organisation: Organisation
) -> None:
    with pytest.raises(ValidationError) as raised:
        activity_create(
            actor=make_user(Role.OFFICE_EDITOR),
            title="Training",
            kind="training",
            periods=[Period(date(2020, 9, 1), date(2020, 9, 1))],
            lead_organisation=organisation,
            participants_total=20,
            participants_women=12,
            participants_men=9,
        )

    assert raised.value.messages == ["Women and men together exceed the participants."]
    assert not Activity.objects.exists()


def test_focal_point_cannot_record_for_another_organisation(
    make_user: Callable[..., User], other_organisation: Organisation
) -> None:
    with pytest.raises(ValidationError) as raised:
        activity_create(
            actor=make_user(Role.FOCAL_POINT),
            title="Not ours",
            kind="workshop",
            periods=[Period(date(2020, 9, 1), date(2020, 9, 1))],
            lead_organisation=other_organisation,
        )

    assert raised.value.message_dict == {
        "lead_organisation": ["You may record activities of your own organisation only."]
    }


def test_viewer_cannot_create(make_user: Callable[..., User], organisation: Organisation) -> None:
    with pytest.raises(PermissionDenied):
        activity_create(
            actor=make_user(Role.VIEWER),
            title="Viewer's",
            kind="workshop",
            periods=[Period(date(2020, 9, 1), date(2020, 9, 1))],
            lead_organisation=organisation,
        )


def test_update_keeps_what_changed_in_the_history(
    make_user: Callable[..., User], organisation: Organisation
) -> None:
    editor = make_user(Role.OFFICE_EDITOR)
    activity = activity_create(
        actor=editor,
        title="Webinar",
        kind="webinar",
        periods=[Period(date(2020, 9, 3), date(2020, 9, 3))],
        lead_organisation=organisation,
    )

    activity_update(actor=editor, activity=activity, title="Webinar on victims' rights")

    latest = audit_trail(activity)[0]
    assert latest.action == "changed"
    assert [(c.field, c.old, c.new) for c in latest.changes] == [
        ("title", "Webinar", "Webinar on victims' rights")
    ]


def test_failed_update_changes_nothing(
    make_user: Callable[..., User], organisation: Organisation
) -> None:
    editor = make_user(Role.OFFICE_EDITOR)
    activity = ActivityFactory(lead_organisation=organisation, title="Kept")

    with pytest.raises(ValidationError):
        activity_update(
            actor=editor,
            activity=activity,
            title="",
            periods=[Period(date(2000, 1, 1), date(2000, 1, 1))],
        )

    activity.refresh_from_db()
    assert (activity.title, activity.start_date) == ("Kept", date(2020, 9, 14))


@pytest.mark.parametrize(
    ("steps", "final"),
    [
        (["submit"], Activity.Status.IN_REVIEW),
        (["submit", "publish"], Activity.Status.PUBLISHED),
        (["submit", "return"], Activity.Status.DRAFT),
        (["submit", "publish", "unpublish"], Activity.Status.DRAFT),
    ],
)
def test_workflow_steps(
    steps: list[str], final: str, make_user: Callable[..., User], organisation: Organisation
) -> None:
    editor = make_user(Role.OFFICE_EDITOR)
    reviewer = make_user(Role.OFFICE_EDITOR)
    activity = ActivityFactory(lead_organisation=organisation)

    for step in steps:
        activity = activity_transition(
            actor=editor if step == "submit" else reviewer,
            activity=activity,
            transition=step,
            confirmed=True,
            section="capacity_building" if step == "submit" else None,
        )

    assert activity.status == final
    assert audit_trail(activity)[0].reason == steps[-1]


def test_four_eyes_the_submitter_cannot_publish_and_a_reviewer_must_confirm(
    make_user: Callable[..., User], organisation: Organisation
) -> None:
    editor = make_user(Role.OFFICE_EDITOR)
    reviewer = make_user(Role.OFFICE_EDITOR)
    activity = activity_transition(
        actor=editor,
        activity=ActivityFactory(lead_organisation=organisation),
        transition="submit",
        section="capacity_building",
    )

    with pytest.raises(PermissionDenied) as own:
        activity_transition(actor=editor, activity=activity, transition="publish", confirmed=True)
    with pytest.raises(ValidationError) as unconfirmed:
        activity_transition(actor=reviewer, activity=activity, transition="publish")
    published = activity_transition(
        actor=reviewer, activity=activity, transition="publish", confirmed=True
    )

    assert str(own.value) == "Four eyes: someone other than its author must approve this activity."
    assert unconfirmed.value.messages == ["Confirm that the activity may be published."]
    assert (published.status, published.submitted_by) == (Activity.Status.PUBLISHED, editor)


def test_a_role_named_in_the_setting_may_publish_its_own_work(
    make_user: Callable[..., User], organisation: Organisation, settings: object
) -> None:
    settings.AEGIS_SELF_REVIEW_ROLES = ["Office editor"]  # type: ignore[attr-defined]
    editor = make_user(Role.OFFICE_EDITOR)
    activity = activity_transition(
        actor=editor,
        activity=ActivityFactory(lead_organisation=organisation),
        transition="submit",
        section="capacity_building",
    )

    published = activity_transition(
        actor=editor, activity=activity, transition="publish", confirmed=True
    )

    assert published.status == Activity.Status.PUBLISHED


def test_publishing_a_draft_is_refused(
    make_user: Callable[..., User], organisation: Organisation
) -> None:
    activity = ActivityFactory(lead_organisation=organisation)

    with pytest.raises(ValidationError) as raised:
        activity_transition(
            actor=make_user(Role.OFFICE_EDITOR), activity=activity, transition="publish"
        )

    assert raised.value.messages == ["Cannot publish an activity that is draft."]


def test_focal_point_submits_but_cannot_publish(
    make_user: Callable[..., User], organisation: Organisation
) -> None:
    focal_point = make_user(Role.FOCAL_POINT)
    activity = ActivityFactory(lead_organisation=organisation)

    activity = activity_transition(
        actor=focal_point, activity=activity, transition="submit", section="none"
    )
    with pytest.raises(PermissionDenied):
        activity_transition(actor=focal_point, activity=activity, transition="publish")

    activity.refresh_from_db()
    assert activity.status == Activity.Status.IN_REVIEW


def test_history_names_the_related_records_of_many_to_many_changes(
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

    activity_update(
        actor=editor,
        activity=activity,
        pillars=list(Pillar.objects.filter(number__in=[2, 3])),
        beneficiary_countries=list(Country.objects.filter(code="SL")),
    )

    # Each many-to-many field is recorded as its own history entry.
    changes = {
        c.field: (c.old, c.new) for entry in audit_trail(activity)[:2] for c in entry.changes
    }
    assert changes == {
        "pillars": ("", "Pillar II, Pillar III"),
        "beneficiary countries": ("", "Sierra Leone"),
    }
