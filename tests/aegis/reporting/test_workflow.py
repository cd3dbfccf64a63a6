"""Editorial workflow: generate, reword, reorder, approve, publish; a published issue is frozen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from aegis.activities.models import Activity
from aegis.activities.services import activity_update
from aegis.core.models import User
from aegis.core.roles import Role
from aegis.reporting import services
from aegis.reporting.composition import content_for_issue
from aegis.reporting.models import Issue, NewsletterItem

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("highlights_demo")]
SEPTEMBER = date(2020, 9, 1)


def _review_and_publish(issue: Issue, editor: User, reviewer: User) -> Issue:
    issue = services.issue_transition(actor=editor, issue=issue, step="submit")
    issue = services.issue_transition(actor=reviewer, issue=issue, step="approve")
    return services.issue_transition(actor=reviewer, issue=issue, step="publish", confirmed=True)


def _headlines(issue: Issue, section: str) -> list[str]:
    return list(
        issue.items.filter(section=section).order_by("position").values_list("headline", flat=True)
    )


def test_generate_reword_reorder_approve_publish(make_user: Callable[..., User]) -> None:
    editor = make_user(Role.OFFICE_EDITOR)
    issue = services.issue_generate(actor=editor, month=SEPTEMBER)
    roundtable = issue.items.get(activity__external_id="highlights-2020-09-04")
    record_text = roundtable.activity.narrative  # type: ignore[union-attr]

    services.item_update(
        actor=editor,
        item=roundtable,
        headline="UNOCT opens a series of roundtables with civil society",
        blurb="21 participants from 19 CSOs discussed the Civil Society Engagement Strategy.",
        photo_caption="The roundtable, 18 September 2020",
    )
    services.item_move(actor=editor, item=roundtable, offset=-1)
    issue = _review_and_publish(issue, editor, make_user(Role.OFFICE_EDITOR))

    assert issue.items.count() == 15
    assert _headlines(issue, NewsletterItem.Section.POLITICAL_LEADERSHIP) == [
        "2020 OSCE-wide Counter-Terrorism Conference",
        'Second edition of the NuSec Talks "Security through Law"',
        "2nd Ministerial Meeting of the Group of Friends of Victims of Terrorism (GoF)",
    ]
    highlights = _headlines(issue, NewsletterItem.Section.HIGHLIGHTS)
    assert highlights.index("UNOCT opens a series of roundtables with civil society") == 2
    assert Activity.objects.get(external_id="highlights-2020-09-04").narrative == record_text
    assert (issue.status, issue.snapshot["month"]) == ("published", "2020-09")
    units = [g["heading"] for g in issue.snapshot["sections"][2]["groups"]]
    assert units == [
        "UN Counter-Terrorism Centre (UNCCT)",
        "Special Projects and Innovation Branch (SPIB)",
    ]


def test_a_published_issue_does_not_change_when_its_records_do(
    make_user: Callable[..., User],
) -> None:
    editor = make_user(Role.OFFICE_EDITOR)
    issue = services.issue_generate(actor=editor, month=SEPTEMBER)
    issue = _review_and_publish(issue, editor, make_user(Role.OFFICE_EDITOR))
    before = content_for_issue(issue)

    osce = Activity.objects.get(external_id="highlights-2020-09-01")
    activity_update(actor=editor, activity=osce, title="Renamed after publication")
    issue.refresh_from_db()

    assert content_for_issue(issue) == before
    assert "Renamed after publication" not in str(content_for_issue(issue))


def test_only_a_draft_can_be_edited(make_user: Callable[..., User]) -> None:
    editor = make_user(Role.OFFICE_EDITOR)
    issue = services.issue_generate(actor=editor, month=SEPTEMBER)
    issue = services.issue_transition(actor=editor, issue=issue, step="submit")

    with pytest.raises(ValidationError) as raised:
        services.item_update(actor=editor, item=issue.items.first(), headline="x", blurb="y")  # type: ignore[arg-type]

    assert raised.value.messages == ["Only a draft issue can be changed; return it to draft first."]


def test_publishing_needs_approval_first(make_user: Callable[..., User]) -> None:
    editor = make_user(Role.OFFICE_EDITOR)
    issue = services.issue_generate(actor=editor, month=SEPTEMBER)

    with pytest.raises(ValidationError) as raised:
        services.issue_transition(actor=editor, issue=issue, step="publish")

    assert raised.value.messages == ["Cannot publish an issue that is draft."]


def test_a_month_has_one_issue(make_user: Callable[..., User]) -> None:
    editor = make_user(Role.OFFICE_EDITOR)
    services.issue_generate(actor=editor, month=SEPTEMBER)

    with pytest.raises(ValidationError) as raised:
        services.issue_generate(actor=editor, month=date(2020, 9, 15))

    assert raised.value.message_dict == {"month": ["This month already has an issue."]}


@pytest.mark.parametrize("role", [Role.VIEWER, Role.FOCAL_POINT, Role.PIU_ANALYST])
def test_only_communications_staff_generate(role: Role, make_user: Callable[..., User]) -> None:
    with pytest.raises(PermissionDenied):
        services.issue_generate(actor=make_user(role), month=SEPTEMBER)


def _published(editor: User) -> Issue:
    issue = services.issue_generate(actor=editor, month=SEPTEMBER)
    reviewer = User.objects.create_user(username="reviewer", password="x")
    reviewer.groups.add(Group.objects.get(name=Role.OFFICE_EDITOR))
    return _review_and_publish(issue, editor, reviewer)


def test_anonymous_visitors_see_published_issues_and_nothing_internal(
    make_user: Callable[..., User],
) -> None:
    editor = make_user(Role.OFFICE_EDITOR)
    published = _published(editor)
    draft = services.issue_generate(actor=editor, month=date(2020, 8, 1))
    visitor = Client()

    public = {
        "/public/": 200,
        "/public/dashboard/": 200,
        "/public/highlights/2020-09/": 200,
        "/public/highlights/2020-09/download.pdf": 200,
        "/public/highlights/2020-09/download.md": 200,
        "/public/highlights/2020-08/": 404,  # a draft
        "/public/highlights/2020-08/download.pdf": 404,
        "/public/highlights/2031-01/": 404,
        "/public/highlights/not-a-month/": 404,
    }
    internal = [
        "/highlights/",
        f"/highlights/{published.pk}/",
        f"/highlights/{draft.pk}/",
        f"/highlights/{draft.pk}/download.pdf",
        "/highlights/dashboard/",
        "/activities/",
        "/organisations/",
        "/coordination/",
        "/funding/",
        "/piu/",
    ]

    assert {url: visitor.get(url).status_code for url in public} == public
    # Staff start at the home page, which leads to the log-in page; every other internal
    # page answers as if it did not exist.
    home = visitor.get("/")
    assert (home.status_code, home["Location"].split("?")[0]) == (302, "/accounts/login/")
    assert {url: visitor.get(url).status_code for url in internal} == dict.fromkeys(internal, 404)
    for url in ("/api/v1/activities/", "/api/v1/funding/pledges/"):
        assert visitor.get(url).status_code == 401, url
    archive = visitor.get("/public/").content.decode()
    assert "September 2020" in archive
    assert "August 2020" not in archive


def test_public_dashboard_shows_published_figures_only(make_user: Callable[..., User]) -> None:
    _published(make_user(Role.OFFICE_EDITOR))
    Activity.objects.filter(external_id="highlights-2020-09-16").update(status="draft")

    response = Client().get("/public/dashboard/")

    content = response.content.decode()
    assert "$249.9M" in content
    assert "$189.5M" in content
    countries = {
        row[1]
        for chart in response.context["charts"]
        if chart.key == "countries"
        for row in chart.rows
    }
    assert "Sierra Leone" in countries  # still reached by a published illustrative record
    assert "Uganda" in countries
    csv = Client().get("/public/dashboard/?csv=pillars")
    assert csv["Content-Type"].startswith("text/csv")


@pytest.mark.parametrize(
    ("role", "read", "generate"),
    [
        (Role.ADMINISTRATOR, 200, 302),
        (Role.OFFICE_EDITOR, 200, 302),
        (Role.VIEWER, 200, 403),
        (Role.FOCAL_POINT, 200, 403),
        (Role.RESOURCE_MOBILISATION_OFFICER, 200, 403),
        (Role.PIU_ANALYST, 403, 403),
        (Role.PIU_SUPERVISOR, 403, 403),
        (Role.AGENCY_LIAISON, 403, 403),
    ],
)
def test_newsletter_and_dashboards_by_role(
    role: Role, read: int, generate: int, client_for: Callable[[Role | None], Client]
) -> None:
    client = client_for(role)

    pages = {url: client.get(url).status_code for url in ("/highlights/", "/highlights/dashboard/")}
    generated = client.post("/highlights/", {"month": "2020-09"})

    assert pages == {"/highlights/": read, "/highlights/dashboard/": read}
    assert generated.status_code == generate
    assert Issue.objects.exists() is (generate == 302)
