"""Issue 16: an activity in review carries a thread of comments by its author and reviewer.

The thread is stored (author, time, text), shown on the activity's page, audited, and
refused outside review and to people who are neither the author nor a reviewer.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from tests.aegis.factories import ActivityFactory

from aegis.activities.models import Activity
from aegis.core.models import Organisation, ReviewComment, User
from aegis.core.roles import Role

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_author_and_reviewer_talk_in_the_thread_shown_on_the_page(
    make_user: Callable[..., User], organisation: Organisation
) -> None:
    author = make_user(Role.FOCAL_POINT, username="lina", first_name="Lina", last_name="Haddad")
    reviewer = make_user(Role.OFFICE_EDITOR, username="omar", first_name="Omar", last_name="Diallo")
    activity = ActivityFactory(lead_organisation=organisation, created_by=author)
    url = f"/activities/{activity.pk}/"
    _client(author).post(f"{url}submit/", {"section": "capacity_building"})
    activity.refresh_from_db()
    assert activity.status == Activity.Status.IN_REVIEW

    _client(reviewer).post(f"{url}comments/", {"text": "Which 31 Member States? Please cite."})
    _client(author).post(f"{url}comments/", {"text": "UNOCT press release, 24 Sep 2020."})
    page = _client(reviewer).get(url).content.decode()

    stored = list(
        ReviewComment.objects.filter(
            item_type=ContentType.objects.get_for_model(Activity), item_id=activity.pk
        ).values_list("author__username", "text")
    )
    assert stored == [
        ("omar", "Which 31 Member States? Please cite."),
        ("lina", "UNOCT press release, 24 Sep 2020."),
    ]
    assert page.index("Omar Diallo") < page.index("Which 31 Member States? Please cite.")
    assert page.index("Which 31 Member States?") < page.index("UNOCT press release, 24 Sep 2020.")
    assert f'action="/activities/{activity.pk}/comments/"' in page
    history = ReviewComment.history.order_by("history_date")  # type: ignore[attr-defined]
    assert [(h.history_user.username, h.history_type) for h in history] == [
        ("omar", "+"),
        ("lina", "+"),
    ]


def test_a_comment_is_refused_outside_review_and_to_others(
    make_user: Callable[..., User], organisation: Organisation, other_organisation: Organisation
) -> None:
    author = make_user(Role.FOCAL_POINT, username="lina")
    stranger = make_user(Role.FOCAL_POINT, username="pat", organisation=other_organisation)
    draft = ActivityFactory(lead_organisation=organisation, created_by=author)
    in_review = ActivityFactory(
        lead_organisation=organisation, created_by=author, status=Activity.Status.IN_REVIEW
    )

    on_draft = _client(author).post(f"/activities/{draft.pk}/comments/", {"text": "Ready?"})
    by_stranger = _client(stranger).post(
        f"/activities/{in_review.pk}/comments/", {"text": "Looks fine"}
    )
    empty = _client(author).post(f"/activities/{in_review.pk}/comments/", {"text": "   "})

    assert [r.status_code for r in (on_draft, by_stranger, empty)] == [302, 404, 302]
    assert not ReviewComment.objects.exists()
    page = _client(author).get(f"/activities/{draft.pk}/").content.decode()
    assert "No comments yet." in page
    assert 'name="text"' not in page  # no form outside review
