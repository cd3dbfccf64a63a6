"""Issue 16: activity kinds and principals are reference data the office edits on its pages.

Editors add and rename kinds (code, name, proposed newsletter section, active) and
principals, with optimistic locking and an audit trail; every door that names a kind (form,
API, import) takes its code; each role gets exactly the status code in the table.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from tests.aegis.factories import ActivityFactory

from aegis.activities.exchange import import_activities
from aegis.activities.models import Activity, ActivityKind, Principal
from aegis.activities.services import kind_update
from aegis.core.models import Organisation, User
from aegis.core.permissions import SYSTEM
from aegis.core.roles import Role
from aegis.core.tabular import ImportFailed, Row
from aegis.reporting.selectors import activity_charts

pytestmark = pytest.mark.django_db

R = Role
EDITORS = {R.ADMINISTRATOR, R.OFFICE_EDITOR}
READERS = {R.VIEWER, R.RESOURCE_MOBILISATION_OFFICER, R.FOCAL_POINT}
PIU = {R.PIU_ANALYST, R.PIU_SUPERVISOR, R.AGENCY_LIAISON}


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _expected(role: Role, *, editors: int, readers: int, piu: int = 403) -> int:
    return editors if role in EDITORS else readers if role in READERS else piu


@pytest.fixture
def principal(organisation: Organisation) -> Principal:
    return Principal.objects.create(
        name="Vladimir Voronkov", title="Under-Secretary-General", organisation=organisation
    )


PAGES = {
    # page: (url name, argument, who may open it)
    "kinds": ("activities:kinds", None, {"editors": 200, "readers": 200}),
    "new kind": ("activities:kind-create", None, {"editors": 200, "readers": 403}),
    "edit kind": ("activities:kind-edit", "kind", {"editors": 200, "readers": 403}),
    "principals": ("activities:principals", None, {"editors": 200, "readers": 200}),
    "new principal": ("activities:principal-create", None, {"editors": 200, "readers": 403}),
    "edit principal": ("activities:principal-edit", "principal", {"editors": 200, "readers": 403}),
}


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.name.lower())
@pytest.mark.parametrize("page", PAGES, ids=str)
def test_reference_pages_by_role(
    role: Role, page: str, principal: Principal, make_user: Callable[..., User]
) -> None:
    url_name, argument, table = PAGES[page]
    args = {
        None: [],
        "kind": [ActivityKind.objects.get(code="mission").pk],
        "principal": [principal.pk],
    }[argument]

    response = _client(make_user(role)).get(reverse(url_name, args=args))

    assert response.status_code == _expected(role, **table)


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.name.lower())
def test_adding_a_kind_by_role(role: Role, make_user: Callable[..., User]) -> None:
    response = _client(make_user(role)).post(
        reverse("activities:kind-create"),
        {"code": "site_visit", "name": "Site visit", "proposed_section": "capacity_building"},
    )

    expected = _expected(role, editors=302, readers=403)
    assert response.status_code == expected
    assert ActivityKind.objects.filter(code="site_visit").exists() is (expected == 302)


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.name.lower())
def test_adding_a_principal_by_role(
    role: Role, organisation: Organisation, make_user: Callable[..., User]
) -> None:
    response = _client(make_user(role)).post(
        reverse("activities:principal-create"),
        {
            "name": "Raffi Gregorian",
            "title": "Deputy to the Under-Secretary-General",
            "short_title": "Deputy",
            "organisation": organisation.pk,
        },
    )

    expected = _expected(role, editors=302, readers=403)
    assert response.status_code == expected
    assert Principal.objects.filter(name="Raffi Gregorian").exists() is (expected == 302)


def test_a_new_kind_is_used_by_every_door_and_renamed_everywhere(
    make_user: Callable[..., User], organisation: Organisation
) -> None:
    editor = make_user(Role.OFFICE_EDITOR, username="amina")
    client = _client(editor)
    client.post(
        reverse("activities:kind-create"),
        {"code": "site_visit", "name": "Site visit", "proposed_section": "capacity_building"},
    )
    kind = ActivityKind.objects.get(code="site_visit")
    assert (kind.name, kind.proposed_section, kind.active) == (
        "Site visit",
        "capacity_building",
        True,
    )

    page = client.post(
        reverse("activities:create"),
        {
            "title": "Site visit to Nouakchott airport",
            "kind": "site_visit",
            "dates": "14 Jul 2020",
            "lead_organisation": organisation.pk,
        },
    )
    api = client.post(
        "/api/v1/activities/",
        {
            "title": "Site visit to Bamako airport",
            "kind": "site_visit",
            "periods": [{"start": "2020-07-14", "end": "2020-07-15"}],
            "lead_organisation": organisation.pk,
        },
        content_type="application/json",
    )
    assert (page.status_code, api.status_code) == (302, 201)
    assert api.json()["kind"] == "site_visit"

    renamed = client.post(
        reverse("activities:kind-edit", args=[kind.pk]),
        {"name": "Field visit", "proposed_section": "capacity_building", "active": "on",
         "version": kind.version},
    )  # fmt: skip
    assert renamed.status_code == 302
    activity = Activity.objects.get(title="Site visit to Nouakchott airport")
    assert activity.kind_id == "site_visit"
    detail = client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert "Field visit" in detail
    listing = client.get(reverse("activities:list"), {"kind": "site_visit"})
    assert listing.context["page_obj"].paginator.count == 2
    history = ActivityKind.history.filter(code="site_visit").order_by("history_date")  # type: ignore[attr-defined]
    assert [(h.history_user.username, h.history_type, h.name) for h in history] == [
        ("amina", "+", "Site visit"),
        ("amina", "~", "Field visit"),
    ]


def test_a_kind_in_use_keeps_its_code_and_a_stale_edit_conflicts(
    make_user: Callable[..., User], organisation: Organisation
) -> None:
    editor = make_user(Role.OFFICE_EDITOR)
    ActivityFactory(lead_organisation=organisation, kind_id="mission")
    mission = ActivityKind.objects.get(code="mission")
    url = reverse("activities:kind-edit", args=[mission.pk])
    first = _client(editor).post(
        url, {"name": "Assessment mission", "proposed_section": "capacity_building",
              "active": "on", "version": mission.version, "code": "assessment_mission"},
    )  # fmt: skip
    second = _client(editor).post(
        url, {"name": "Technical mission", "proposed_section": "highlights",
              "active": "on", "version": mission.version},
    )  # fmt: skip

    mission.refresh_from_db()
    assert first.status_code == 302
    assert (mission.code, mission.name, mission.proposed_section) == (
        "mission",
        "Assessment mission",
        "capacity_building",
    )
    assert second.status_code == 200
    page = second.content.decode()
    assert "Someone else saved this activity kind" in page
    assert "Assessment mission" in page and "Technical mission" in page


def test_bad_kinds_are_refused_with_a_reason_and_change_nothing(
    make_user: Callable[..., User],
) -> None:
    client = _client(make_user(Role.OFFICE_EDITOR))
    count = ActivityKind.objects.count()

    bad_code = client.post(
        reverse("activities:kind-create"), {"code": "Site Visit!", "name": "Site visit"}
    )
    taken = client.post(
        reverse("activities:kind-create"), {"code": "site_visit", "name": "Workshop"}
    )

    assert (bad_code.status_code, taken.status_code) == (200, 200)
    assert "Lower-case letters, digits and underscores" in bad_code.content.decode()
    assert "Activity kind with this Name already exists." in taken.content.decode()
    assert ActivityKind.objects.count() == count


def test_an_inactive_kind_is_not_offered_but_its_activities_keep_it(
    make_user: Callable[..., User], organisation: Organisation
) -> None:
    editor = make_user(Role.OFFICE_EDITOR)
    client = _client(editor)
    contribution = ActivityFactory(lead_organisation=organisation, kind_id="contribution")
    kind = ActivityKind.objects.get(code="contribution")
    client.post(
        reverse("activities:kind-edit", args=[kind.pk]),
        {"name": "Contribution", "proposed_section": "highlights", "version": kind.version},
    )
    kind.refresh_from_db()
    assert kind.active is False

    new_form = client.get(reverse("activities:create")).content.decode()
    edit_form = client.get(reverse("activities:edit", args=[contribution.pk])).content.decode()
    api = client.post(
        "/api/v1/activities/",
        {"title": "A gift", "kind": "contribution", "lead_organisation": organisation.pk,
         "periods": [{"start": "2020-07-14", "end": "2020-07-14"}]},
        content_type="application/json",
    )  # fmt: skip
    unknown = client.post(
        "/api/v1/activities/",
        {"title": "A picnic", "kind": "picnic", "lead_organisation": organisation.pk,
         "periods": [{"start": "2020-07-14", "end": "2020-07-14"}]},
        content_type="application/json",
    )  # fmt: skip

    assert 'value="contribution"' not in new_form
    assert 'value="contribution" selected' in edit_form
    assert api.status_code == 400
    assert api.json()["errors"]["kind"] == ["The kind “Contribution” is no longer in use."]
    assert unknown.json()["errors"]["kind"] == ['"picnic" is not a kind of activity.']
    assert not Activity.objects.filter(title__in=["A gift", "A picnic"]).exists()


def test_principals_are_edited_with_locking_and_audit(
    make_user: Callable[..., User], organisation: Organisation, principal: Principal
) -> None:
    editor = make_user(Role.OFFICE_EDITOR, username="amina")
    client = _client(editor)
    url = reverse("activities:principal-edit", args=[principal.pk])
    data = {"name": "Vladimir Voronkov", "title": "Under-Secretary-General",
            "short_title": "USG", "organisation": organisation.pk}  # fmt: skip

    saved = client.post(url, {**data, "version": 1})
    stale = client.post(url, {**data, "short_title": "U.S.G.", "version": 1})
    duplicate = client.post(reverse("activities:principal-create"), data)

    principal.refresh_from_db()
    assert saved.status_code == 302
    assert (principal.short_title, principal.version, str(principal)) == (
        "USG",
        2,
        "USG Vladimir Voronkov",
    )
    assert "Someone else saved this principal" in stale.content.decode()
    assert "Principal with this Name and Organisation already exists." in (
        duplicate.content.decode()
    )
    assert Principal.objects.count() == 1
    listing = client.get(reverse("activities:principals")).content.decode()
    assert "USG Vladimir Voronkov" in listing or "Vladimir Voronkov" in listing
    history = principal.history.order_by("history_date")  # type: ignore[attr-defined]
    assert [(h.history_user and h.history_user.username, h.short_title) for h in history] == [
        (None, ""),
        ("amina", "USG"),
    ]


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.name.lower())
def test_the_api_lists_kinds_and_principals_by_role(
    role: Role, principal: Principal, make_user: Callable[..., User]
) -> None:
    client = _client(make_user(role))

    kinds = client.get("/api/v1/activities/kinds/?page_size=100")
    principals = client.get("/api/v1/activities/principals/")

    expected = _expected(role, editors=200, readers=200)
    assert (kinds.status_code, principals.status_code) == (expected, expected)
    if expected == 200:
        body = kinds.json()
        rows = body["results"] if isinstance(body, dict) else body
        assert {"code": "consultation", "name": "Consultation",
                "proposed_section": "highlights", "active": True} in rows  # fmt: skip
        listed = principals.json()
        listed = listed["results"] if isinstance(listed, dict) else listed
        assert [p["name"] for p in listed] == ["Vladimir Voronkov"]


def test_one_kind_is_read_by_its_code(client_for: Callable[[Role | None], Client]) -> None:
    response = client_for(Role.VIEWER).get("/api/v1/activities/kinds/briefing/")

    assert response.json() == {
        "code": "briefing",
        "name": "Briefing",
        "proposed_section": "political_leadership",
        "active": True,
    }


def test_imports_take_a_kind_by_code_or_name_and_name_the_row_of_an_unknown_one(
    organisation: Organisation,
) -> None:
    row = {
        "title": "Consultations on the Compact",
        "dates": "14 Jul 2020",
        "lead_organisation": "IAEA",
    }
    ok = import_activities(
        actor=SYSTEM,
        rows=[
            Row(2, {**row, "external_id": "jul-1", "kind": "consultation"}),
            Row(3, {**row, "external_id": "jul-2", "kind": "Consultation"}),
        ],
    )
    with pytest.raises(ImportFailed) as failed:
        import_activities(
            actor=SYSTEM, rows=[Row(2, {**row, "external_id": "jul-3", "kind": "visit"})]
        )

    assert ok.created == 2
    assert set(Activity.objects.values_list("kind_id", flat=True)) == {"consultation"}
    assert next(str(e) for e in failed.value.errors).startswith(
        "line 2, column kind: 'visit' is not a kind of activity: one of agreement_signing,"
    )
    assert not Activity.objects.filter(external_id="jul-3").exists()


def test_the_dashboards_chart_by_kind_shows_the_kinds_current_name(
    organisation: Organisation, make_user: Callable[..., User]
) -> None:
    ActivityFactory.create_batch(
        2, lead_organisation=organisation, kind_id="mission", status=Activity.Status.PUBLISHED
    )
    mission = ActivityKind.objects.get(code="mission")
    kind_update(actor=make_user(Role.OFFICE_EDITOR), kind=mission, name="Technical mission")

    charts = {chart.key: chart for chart in activity_charts()}

    by_kind = next(chart for key, chart in charts.items() if "kind" in key)
    assert ("Technical mission", 2) in [tuple(row[:2]) for row in by_kind.rows]
