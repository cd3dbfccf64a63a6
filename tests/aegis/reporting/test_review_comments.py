"""Issue 16: a Highlights issue in review carries the comment thread of its author and
reviewers, stored, shown on the issue's page, audited, and refused outside review and to
people who neither write nor review issues."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from aegis.core.models import ReviewComment, User
from aegis.core.roles import Role
from aegis.reporting import services
from aegis.reporting.models import Issue

pytestmark = pytest.mark.django_db
JULY = date(2020, 7, 1)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_author_and_reviewer_talk_in_the_issues_thread(
    make_user: Callable[..., User],
) -> None:
    author = make_user(Role.OFFICE_EDITOR, username="lina", first_name="Lina", last_name="Haddad")
    reviewer = make_user(Role.OFFICE_EDITOR, username="omar", first_name="Omar", last_name="Diallo")
    issue = services.issue_generate(actor=author, month=JULY)
    url = f"/highlights/{issue.pk}/"
    _client(author).post(f"{url}submit/")
    issue.refresh_from_db()
    assert issue.status == Issue.Status.IN_REVIEW

    first = _client(reviewer).post(f"{url}comments/", {"text": "Cite the 2,754 trained."})
    second = _client(author).post(f"{url}comments/", {"text": "Results page, Jan–Jul 2020."})
    page = _client(reviewer).get(url).content.decode()

    assert [first.status_code, second.status_code] == [302, 302]
    assert first["Location"] == f"{url}#review-thread"
    stored = list(
        ReviewComment.objects.filter(
            item_type=ContentType.objects.get_for_model(Issue), item_id=issue.pk
        ).values_list("author__username", "text")
    )
    assert stored == [("omar", "Cite the 2,754 trained."), ("lina", "Results page, Jan–Jul 2020.")]
    assert page.index("Omar Diallo") < page.index("Cite the 2,754 trained.")
    assert page.index("Cite the 2,754 trained.") < page.index("Results page, Jan–Jul 2020.")
    assert f'action="{url}comments/"' in page
    history = ReviewComment.history.order_by("history_date")  # type: ignore[attr-defined]
    assert [(h.history_user.username, h.history_type) for h in history] == [
        ("omar", "+"),
        ("lina", "+"),
    ]


def test_an_issue_comment_is_refused_outside_review_and_to_others(
    make_user: Callable[..., User],
) -> None:
    author = make_user(Role.OFFICE_EDITOR, username="lina")
    viewer = make_user(Role.VIEWER, username="vera")
    draft = services.issue_generate(actor=author, month=JULY)
    in_review = services.issue_generate(actor=author, month=date(2020, 8, 1))
    services.issue_transition(actor=author, issue=in_review, step="submit")

    on_draft = _client(author).post(f"/highlights/{draft.pk}/comments/", {"text": "Ready?"})
    by_viewer = _client(viewer).post(f"/highlights/{in_review.pk}/comments/", {"text": "Hi"})
    empty = _client(author).post(f"/highlights/{in_review.pk}/comments/", {"text": "   "})

    assert [r.status_code for r in (on_draft, by_viewer, empty)] == [302, 302, 302]
    assert not ReviewComment.objects.exists()
    draft_page = _client(author).get(f"/highlights/{draft.pk}/").content.decode()
    assert "No comments yet." in draft_page
    assert 'name="text"' not in draft_page  # no form outside review
    viewer_page = _client(viewer).get(f"/highlights/{in_review.pk}/").content.decode()
    assert "Review comments" in viewer_page
    assert 'name="text"' not in viewer_page  # a viewer reads the thread but does not write
