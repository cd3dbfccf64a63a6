from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from aegis.activities.models import Activity
from aegis.core.demo import ACCOUNTS
from aegis.core.models import Organisation, User

pytestmark = pytest.mark.django_db


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def test_demo_loads_records_and_prints_each_password_once() -> None:
    first = run_demo()
    second = run_demo()

    # The office's part; the Trust Fund and PIU demos report on lines of their own.
    accounts = len(ACCOUNTS)
    assert (
        "Demo data loaded: 76 organisations, 175 activities, 11 coordination bodies added "
        f"({accounts} new accounts)."
    ) in first
    assert (
        "Demo data loaded: 0 organisations, 0 activities, 0 coordination bodies added "
        "(0 new accounts)."
    ) in second
    assert "passwords are shown this once" not in second
    admin_line = next(line for line in first.splitlines() if line.strip().startswith("admin "))
    password = admin_line.split()[1]
    request = RequestFactory().post("/accounts/login/")
    assert authenticate(request, username="admin", password=password) is not None
    # and five illustrative July 2020 activities for the July issue in review
    assert (Activity.objects.count(), User.objects.count()) == (180, accounts)


def test_demo_if_empty_leaves_a_used_database_alone() -> None:
    Organisation.objects.create(name="Existing", kind="other")

    assert "demo data not loaded" in run_demo("--if-empty")
    assert Organisation.objects.count() == 1


def test_demo_activities_are_published_with_their_source_in_the_history() -> None:
    run_demo()

    activity = Activity.objects.get(external_id="highlights-2020-09-07")
    assert activity.status == Activity.Status.PUBLISHED
    assert activity.history.first().history_change_reason == (
        "published: Monthly Highlights, September 2020"
    )
