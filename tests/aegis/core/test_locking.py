"""Issue 16: two people editing the same record — the second save no longer wipes the first.

For every kind of office record, through its page and through the API: both read version 1,
the first save wins (version 2, stored), the second gets a conflict naming both versions and
showing the stored and the submitted value; nothing of the second is stored. Saving again
after comparing replaces the stored version deliberately.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django import forms
from django.db import models
from django.test import Client
from tests.aegis.factories import ActivityFactory, OrganisationFactory
from tests.aegis.funding.factories import InKindFactory, PledgeFactory, ReceiptFactory

from aegis.activities.forms import ActivityForm
from aegis.core.forms import OrganisationForm
from aegis.core.models import User
from aegis.core.roles import Role
from aegis.funding.forms import InKindForm, PledgeForm, ReceiptForm

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Kind:
    make: Callable[[], models.Model]
    form: type[forms.ModelForm[Any]]
    page: str  # edit page, {pk}
    api: str  # API detail, {pk}
    field: str  # a text field both people change
    needs_user: bool = False


KINDS = {
    "activity": Kind(
        ActivityFactory, ActivityForm, "/activities/{pk}/edit/", "/api/v1/activities/{pk}/",
        "title", needs_user=True,
    ),
    "organisation": Kind(
        OrganisationFactory, OrganisationForm, "/organisations/{pk}/edit/",
        "/api/v1/organisations/{pk}/", "acronym",
    ),
    "pledge": Kind(
        PledgeFactory, PledgeForm, "/funding/pledges/{pk}/edit/",
        "/api/v1/funding/pledges/{pk}/", "notes",
    ),
    "receipt": Kind(
        ReceiptFactory, ReceiptForm, "/funding/receipts/{pk}/edit/",
        "/api/v1/funding/receipts/{pk}/", "notes",
    ),
    "in-kind contribution": Kind(
        InKindFactory, InKindForm, "/funding/in-kind/{pk}/edit/",
        "/api/v1/funding/in-kind/{pk}/", "description",
    ),
}  # fmt: skip


def _posted(form: forms.BaseForm) -> dict[str, Any]:
    """What a browser posts for ``form`` as shown (unchanged), field by field."""
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field.widget, forms.CheckboxInput):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        elif value is not None:
            data[name] = str(value)
    return data


@pytest.fixture
def two_editors(make_user: Callable[..., User]) -> tuple[tuple[User, Client], tuple[User, Client]]:
    pair = []
    for name in ("amina", "jonas"):
        user = make_user(Role.ADMINISTRATOR, username=name)
        client = Client()
        client.force_login(user)
        pair.append((user, client))
    return pair[0], pair[1]


@pytest.mark.parametrize("kind_name", KINDS)
def test_the_second_save_on_the_page_is_refused_and_shows_both_versions(
    kind_name: str, two_editors: Any
) -> None:
    kind = KINDS[kind_name]
    record = kind.make()
    (amina, first), (_jonas, second) = two_editors
    extra = {"user": amina} if kind.needs_user else {}
    read = _posted(kind.form(instance=record, **extra))  # both opened version 1
    assert read["version"] == "1"
    url = kind.page.format(pk=record.pk)

    saved = first.post(url, {**read, kind.field: "Amina's wording"})
    refused = second.post(url, {**read, kind.field: "Jonas's wording"})

    assert saved.status_code == 302
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "it is now at version 2, you edited version 1" in page
    assert "saved: “Amina&#x27;s wording”; yours: “Jonas&#x27;s wording”" in page
    record.refresh_from_db()
    assert (getattr(record, kind.field), record.version) == ("Amina's wording", 2)

    # Having compared, Jonas saves again: the form now carries version 2.
    again = second.post(url, {**read, "version": "2", kind.field: "Jonas's wording"})

    assert again.status_code == 302
    record.refresh_from_db()
    assert (getattr(record, kind.field), record.version) == ("Jonas's wording", 3)


@pytest.mark.parametrize("kind_name", KINDS)
def test_the_second_save_through_the_api_answers_409_with_both_versions(
    kind_name: str, two_editors: Any
) -> None:
    kind = KINDS[kind_name]
    record = kind.make()
    (_amina, first), (_jonas, second) = two_editors
    url = kind.api.format(pk=record.pk)
    version = first.get(url).json()["version"]

    saved = first.patch(
        url, {kind.field: "Amina's wording", "version": version}, content_type="application/json"
    )
    refused = second.patch(
        url, {kind.field: "Jonas's wording", "version": version}, content_type="application/json"
    )
    unversioned = second.patch(url, {kind.field: "Jonas"}, content_type="application/json")

    assert (saved.status_code, saved.json()["version"]) == (200, 2)
    assert refused.status_code == 409
    body = refused.json()
    assert body["message"].startswith("Someone else saved this")
    assert body["errors"] == {"version": [body["message"]]}
    label = str(type(record)._meta.get_field(kind.field).verbose_name)
    assert body["stored"] == {"version": 2, label: "Amina's wording"}
    assert body["submitted"] == {"version": 1, label: "Jonas's wording"}
    assert unversioned.status_code == 400
    assert list(unversioned.json()["errors"]) == ["version"]
    record.refresh_from_db()
    assert (getattr(record, kind.field), record.version) == ("Amina's wording", 2)


def test_an_activity_conflict_names_its_dates_as_written(two_editors: Any) -> None:
    activity = ActivityFactory(title="Border security workshop")
    (_amina, first), (_jonas, second) = two_editors
    url = f"/api/v1/activities/{activity.pk}/"
    moved = [{"start": "2020-09-21", "end": "2020-09-23"}]

    first.patch(url, {"periods": moved, "version": 1}, content_type="application/json")
    refused = second.patch(
        url,
        {"periods": [{"start": "2020-09-28", "end": "2020-09-28"}], "version": 1},
        content_type="application/json",
    )

    assert refused.status_code == 409
    assert refused.json()["stored"] == {"version": 2, "periods": "21-23 Sep 2020"}
    assert refused.json()["submitted"] == {"version": 1, "periods": "28 Sep 2020"}


def test_two_corrections_of_a_months_figure_through_the_api(two_editors: Any) -> None:
    from aegis.activities.models import Indicator, IndicatorValue, OfficeUnit

    Indicator.objects.create(code="individuals-trained", name="Individuals trained")
    unit = OfficeUnit.objects.create(
        name="UN Counter-Terrorism Centre", acronym="UNCCT", kind="centre"
    )
    (_amina, first), (_jonas, second) = two_editors
    body = {
        "indicator": "individuals-trained",
        "unit": unit.pk,
        "month": "Jul 2020",
        "basis": "cumulative",
        "value": 2754,
        "source_note": "Monthly Highlights, July 2020",
    }
    created = first.post("/api/v1/results/values/", body, content_type="application/json")
    read = created.json()["version"]

    saved = first.post(
        "/api/v1/results/values/",
        {**body, "value": 2755, "version": read},
        content_type="application/json",
    )
    refused = second.post(
        "/api/v1/results/values/",
        {**body, "value": 2700, "version": read},
        content_type="application/json",
    )

    assert (read, saved.status_code, saved.json()["version"]) == (1, 201, 2)
    assert refused.status_code == 409
    assert refused.json()["stored"] == {"version": 2, "value": "2755"}
    assert refused.json()["submitted"] == {"version": 1, "value": "2700"}
    stored = IndicatorValue.objects.get()
    assert (stored.value, stored.version) == (2755, 2)
