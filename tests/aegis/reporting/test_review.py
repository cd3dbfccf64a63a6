"""Four eyes on an issue, corrections as versions, and a Regenerate that keeps rewording."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from aegis.activities.models import Activity, Indicator, OfficeUnit
from aegis.activities.services import activity_update, indicator_value_enter
from aegis.core.models import User
from aegis.core.roles import Role
from aegis.reporting import services
from aegis.reporting.models import Issue
from aegis.reporting.rendering import render_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("highlights_demo")]
SEPTEMBER = date(2020, 9, 1)
ROUNDTABLE = "highlights-2020-09-04"
REWORDED = "21 participants from 19 CSOs discussed the Civil Society Engagement Strategy."


def _issue_html(url: str) -> str:
    """The issue as the public page prints it (the page around it carries a fresh nonce)."""
    page = Client().get(url).content.decode()
    return page[page.index('<article class="hl"') : page.index("</article>")]


def _publish(editor: User, reviewer: User) -> Issue:
    issue = services.issue_generate(actor=editor, month=SEPTEMBER)
    issue = services.issue_transition(actor=editor, issue=issue, step="submit")
    issue = services.issue_transition(actor=reviewer, issue=issue, step="approve")
    return services.issue_transition(actor=reviewer, issue=issue, step="publish", confirmed=True)


def test_regenerate_keeps_the_editors_wording_and_proposes_the_records_new_text(
    make_user: Callable[..., User],
) -> None:
    editor = make_user(Role.OFFICE_EDITOR)
    issue = services.issue_generate(actor=editor, month=SEPTEMBER)
    item = issue.items.get(activity__external_id=ROUNDTABLE)
    services.item_update(actor=editor, item=item, headline=item.headline, blurb=REWORDED)
    roundtable = Activity.objects.get(external_id=ROUNDTABLE)
    activity_update(actor=editor, activity=roundtable, narrative="New narrative of the record.")
    osce = Activity.objects.get(external_id="highlights-2020-09-01")
    activity_update(actor=editor, activity=osce, title="OSCE-wide conference, renamed")

    report = services.issue_refresh(actor=editor, issue=issue)

    item.refresh_from_db()
    assert (item.blurb, item.proposed_blurb) == (REWORDED, "New narrative of the record.")
    assert issue.items.get(activity=osce).headline == "OSCE-wide conference, renamed"
    assert report.updated == ["OSCE-wide conference, renamed"]
    assert report.proposed == [item.headline]
    assert (report.added, report.removed) == ([], [])
    assert str(report).startswith("Regenerated: 1 updated from their records")

    services.item_accept_proposal(actor=editor, item=item)
    item.refresh_from_db()
    assert (item.blurb, item.proposed_blurb) == ("New narrative of the record.", "")


def test_the_author_cannot_approve_and_publishing_needs_confirmation(
    make_user: Callable[..., User],
) -> None:
    editor, reviewer = make_user(Role.OFFICE_EDITOR), make_user(Role.OFFICE_EDITOR)
    issue = services.issue_generate(actor=editor, month=SEPTEMBER)
    issue = services.issue_transition(actor=editor, issue=issue, step="submit")

    with pytest.raises(PermissionDenied):
        services.issue_transition(actor=editor, issue=issue, step="approve")
    issue = services.issue_transition(actor=reviewer, issue=issue, step="approve")
    with pytest.raises(ValidationError) as unconfirmed:
        services.issue_transition(actor=reviewer, issue=issue, step="publish")

    assert unconfirmed.value.messages == ["Confirm that the issue may be published."]
    assert (issue.status, issue.approved_by) == (Issue.Status.APPROVED, reviewer)


def test_a_correction_is_a_new_version_and_the_first_stays_readable(
    make_user: Callable[..., User],
) -> None:
    editor, reviewer = make_user(Role.OFFICE_EDITOR), make_user(Role.OFFICE_EDITOR)
    issue = _publish(editor, reviewer)
    first = _issue_html("/public/highlights/2020-09/")

    issue = services.issue_correct(actor=editor, issue=issue, erratum="The roundtable had 21.")
    while_corrected = _issue_html("/public/highlights/2020-09/")
    item = issue.items.get(activity__external_id=ROUNDTABLE)
    services.item_update(actor=editor, item=item, headline=item.headline, blurb=REWORDED)
    issue = services.issue_transition(actor=editor, issue=issue, step="submit")
    issue = services.issue_transition(actor=reviewer, issue=issue, step="approve")
    services.issue_transition(actor=reviewer, issue=issue, step="publish", confirmed=True)

    latest = Client().get("/public/highlights/2020-09/").content.decode()
    version_one = Client().get("/public/highlights/2020-09/v1/").content.decode()
    assert while_corrected == first
    assert REWORDED in latest and "Corrected (version 2):</strong> The roundtable had 21." in latest
    assert REWORDED not in version_one and "version 1 of" in latest
    assert list(issue.versions.values_list("number", "erratum")) == [
        (1, ""),
        (2, "The roundtable had 21."),
    ]


def test_editing_a_month_of_a_published_issue_warns_and_leaves_it_byte_identical(
    make_user: Callable[..., User],
) -> None:
    editor, reviewer = make_user(Role.OFFICE_EDITOR), make_user(Role.OFFICE_EDITOR)
    issue = _publish(editor, reviewer)
    html = _issue_html("/public/highlights/2020-09/")
    pdf = render_pdf(issue.snapshot)
    markdown = Client().get("/public/highlights/2020-09/download.md").content

    with pytest.raises(services_warning()) as warned:
        indicator_value_enter(
            actor=editor,
            indicator=Indicator.objects.get(code="individuals-trained"),
            unit=OfficeUnit.objects.get(acronym="UNCCT"),
            month=date(2020, 9, 1),
            value=7000,
            basis="cumulative",
            source_note="UNCCT results report, corrected",
        )
    indicator_value_enter(
        actor=editor,
        indicator=Indicator.objects.get(code="individuals-trained"),
        unit=OfficeUnit.objects.get(acronym="UNCCT"),
        month=date(2020, 9, 1),
        value=7000,
        basis="cumulative",
        source_note="UNCCT results report, corrected",
        confirm=True,
    )
    issue.refresh_from_db()

    assert "Monthly Highlights September 2020 (published" in warned.value.affected[0]
    assert _issue_html("/public/highlights/2020-09/") == html
    assert Client().get("/public/highlights/2020-09/download.md").content == markdown
    assert render_pdf(issue.snapshot) == pdf


def services_warning() -> type[Exception]:
    from aegis.activities.services import ChangeNeedsConfirmation

    return ChangeNeedsConfirmation
