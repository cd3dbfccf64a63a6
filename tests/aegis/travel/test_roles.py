"""Who sees what of the PIU, through the pages and the API; every personal-data view logged.

Given a case referred to the liaison officer's agency and another case not referred,
each role gets exactly the status in the table for each door. Office roles see nothing
of the PIU; PIU roles nothing of the office (see tests/aegis/test_role_matrix.py).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from aegis.core.models import Organisation, User
from aegis.core.roles import OFFICE_ROLES, Role
from aegis.travel.models import AccessLog, Case, Referral
from tests.aegis.travel.factories import HitFactory

pytestmark = pytest.mark.django_db

R = Role
ALL_ROLES = list(Role)
OFFICE = frozenset(OFFICE_ROLES - {R.ADMINISTRATOR})
PIU_STAFF = frozenset({R.ADMINISTRATOR, R.PIU_ANALYST, R.PIU_SUPERVISOR})


@pytest.fixture
def records(organisation: Organisation) -> dict[str, object]:
    referred = HitFactory(case__status=Case.Status.IN_REVIEW).case
    other = HitFactory().case
    Referral.objects.create(
        case=referred, agency=organisation, agency_kind="police", reason="Listed person."
    )
    return {
        "referred": referred,
        "other": other,
        "flight": other.flight,
        "traveller": other.traveller,
        "booking": None,
    }


def expect(role: Role, table: dict[frozenset[Role] | Role, int]) -> int:
    for roles, code in table.items():
        if role == roles or (isinstance(roles, frozenset) and role in roles):
            return code
    raise AssertionError(f"no expectation for {role}")


def F(*roles: Role) -> frozenset[Role]:
    return frozenset(roles)


PAGES = {
    "flights board": ("travel:board", None, {PIU_STAFF: 200, R.AGENCY_LIAISON: 302, OFFICE: 403}),
    "flight": ("travel:flight", "flight", {PIU_STAFF: 200, F(R.AGENCY_LIAISON, *OFFICE): 403}),
    "traveller": (
        "travel:traveller",
        "traveller",
        {PIU_STAFF: 200, F(R.AGENCY_LIAISON, *OFFICE): 403},
    ),
    "cases": ("travel:cases", None, {F(*PIU_STAFF, R.AGENCY_LIAISON): 200, OFFICE: 403}),
    "referred case": (
        "travel:case",
        "referred",
        {F(*PIU_STAFF, R.AGENCY_LIAISON): 200, OFFICE: 403},
    ),
    "other case": ("travel:case", "other", {PIU_STAFF: 200, R.AGENCY_LIAISON: 404, OFFICE: 403}),
    "dashboard": ("travel:dashboard", None, {PIU_STAFF: 200, F(R.AGENCY_LIAISON, *OFFICE): 403}),
    "rules": ("travel:rules", None, {PIU_STAFF: 200, F(R.AGENCY_LIAISON, *OFFICE): 403}),
    "new rule": ("travel:rule_create", None, {PIU_STAFF: 200, F(R.AGENCY_LIAISON, *OFFICE): 403}),
    "watchlists": ("travel:watchlists", None, {PIU_STAFF: 200, F(R.AGENCY_LIAISON, *OFFICE): 403}),
    "messages": ("travel:messages", None, {PIU_STAFF: 200, F(R.AGENCY_LIAISON, *OFFICE): 403}),
    "access log": (
        "travel:access_log",
        None,
        {
            F(R.ADMINISTRATOR, R.PIU_SUPERVISOR): 200,
            F(R.PIU_ANALYST, R.AGENCY_LIAISON, *OFFICE): 403,
        },
    ),
    "search": ("travel:search", None, {PIU_STAFF: 200, F(R.AGENCY_LIAISON, *OFFICE): 403}),
    "access log export": (
        "travel:access_log_export",
        None,
        {
            F(R.ADMINISTRATOR, R.PIU_SUPERVISOR): 200,
            F(R.PIU_ANALYST, R.AGENCY_LIAISON, *OFFICE): 403,
        },
    ),
}


@pytest.mark.parametrize("role", ALL_ROLES, ids=lambda role: role.name.lower())
@pytest.mark.parametrize("page", PAGES, ids=str)
def test_pages(
    role: Role, page: str, records: dict[str, Case], piu_client: Callable[..., Client]
) -> None:
    url_name, record, table = PAGES[page]
    args = [records[record].pk] if record else []

    response = piu_client(role).get(reverse(url_name, args=args))

    assert response.status_code == expect(role, table)


@pytest.mark.parametrize("query", ["", "?status=in_review", "?status=open&order=age"])
def test_a_liaison_officer_lists_only_the_cases_referred_to_their_agency(
    query: str, records: dict[str, Case], piu_client: Callable[..., Client]
) -> None:
    client = piu_client(R.AGENCY_LIAISON)

    response = client.get(reverse("travel:cases") + query)
    api = client.get("/api/v1/travel/cases/" + query)

    assert [case.pk for case in response.context["page_obj"]] == [records["referred"].pk]
    assert [row["id"] for row in api.json()["results"]] == [records["referred"].pk]


@pytest.mark.parametrize("role", sorted(PIU_STAFF | {R.AGENCY_LIAISON}), ids=str)
def test_piu_pages_need_the_second_factor(
    role: Role, records: dict[str, Case], client_for: Callable[[Role | None], Client]
) -> None:
    response = client_for(role).get(reverse("travel:cases"))

    assert response.status_code == 302
    assert response["Location"] == "/accounts/second-factor/?next=%2Fpiu%2Fcases%2F"


def test_the_second_factor_page_sets_up_and_confirms_a_totp_device(
    make_user: Callable[..., User],
) -> None:
    from django_otp.oath import totp

    from aegis.accounts.services import enrolment_code_issue

    user = make_user(R.PIU_ANALYST)
    code = enrolment_code_issue(actor=make_user(R.PIU_SUPERVISOR), account=user)
    client = Client()
    client.force_login(user)

    setup = client.post("/accounts/second-factor/?next=/piu/cases/", {"code": code})
    device = user.totpdevice_set.get()
    right = client.post(
        "/accounts/second-factor/?next=/piu/cases/", {"token": f"{totp(device.bin_key):06d}"}
    )

    assert (setup.status_code, b"<svg" in setup.content, device.confirmed) == (200, True, False)
    assert (right.status_code, right["Location"]) == (
        302,
        "/accounts/recovery-codes/?next=%2Fpiu%2Fcases%2F",
    )
    assert client.get("/piu/cases/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_a_wrong_code_is_refused(make_user: Callable[..., User]) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = make_user(R.PIU_SUPERVISOR)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client = Client()
    client.force_login(user)

    response = client.post("/accounts/second-factor/", {"token": "000000"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "token": ["This code is not valid. Try the current one."]
    }
    assert client.get("/piu/cases/").status_code == 302


def test_anonymous_visitors_do_not_learn_internal_pages_exist() -> None:
    response = Client().get(reverse("travel:board"))

    assert response.status_code == 404
    assert "Staff: log in" in response.content.decode()


API = {
    "flights": (
        "/api/v1/travel/flights/",
        None,
        {PIU_STAFF: 200, F(R.AGENCY_LIAISON, *OFFICE): 403},
    ),
    "traveller": (
        "/api/v1/travel/travellers/{}/",
        "traveller",
        {PIU_STAFF: 200, F(R.AGENCY_LIAISON, *OFFICE): 403},
    ),
    "cases": ("/api/v1/travel/cases/", None, {F(*PIU_STAFF, R.AGENCY_LIAISON): 200, OFFICE: 403}),
    "open cases": (
        "/api/v1/travel/cases/?status=open&order=score",
        None,
        {F(*PIU_STAFF, R.AGENCY_LIAISON): 200, OFFICE: 403},
    ),
    "search": (
        "/api/v1/travel/search/?name=RI+WON+HO&purpose=role+matrix",
        None,
        {PIU_STAFF: 200, F(R.AGENCY_LIAISON, *OFFICE): 403},
    ),
    "other case": (
        "/api/v1/travel/cases/{}/",
        "other",
        {PIU_STAFF: 200, R.AGENCY_LIAISON: 404, OFFICE: 403},
    ),
}


@pytest.mark.parametrize("role", ALL_ROLES, ids=lambda role: role.name.lower())
@pytest.mark.parametrize("door", API, ids=str)
def test_api(
    role: Role, door: str, records: dict[str, Case], piu_client: Callable[..., Client]
) -> None:
    url, record, table = API[door]
    url = url.format(records[record].pk) if record else url

    response = piu_client(role).get(url)

    assert response.status_code == expect(role, table)


def test_the_api_refuses_piu_users_without_the_second_factor(
    records: dict[str, Case], client_for: Callable[[Role | None], Client]
) -> None:
    response = client_for(R.PIU_ANALYST).get("/api/v1/travel/flights/")

    assert response.status_code == 403


@pytest.mark.parametrize(
    ("url_name", "record", "what", "action"),
    [
        ("travel:traveller", "traveller", "traveller", "view"),
        ("travel:flight", "flight", "flight passenger list", "list"),
        ("travel:case", "other", "case", "view"),
    ],
)
def test_every_view_of_personal_data_is_in_the_access_log(
    url_name: str,
    record: str,
    what: str,
    action: str,
    *,
    records: dict[str, Case],
    make_user: Callable[..., User],
    piu_client: Callable[..., Client],
) -> None:
    analyst = make_user(R.PIU_ANALYST, username="nadia")
    pk = records[record].pk

    piu_client(None, user=analyst).get(reverse(url_name, args=[pk]))

    entry = AccessLog.objects.get()
    assert (entry.user, entry.action, entry.what, entry.object_id, entry.path) == (
        analyst,
        action,
        what,
        str(pk),
        reverse(url_name, args=[pk]),
    )


def test_api_reads_of_personal_data_are_logged_too(
    records: dict[str, Case], make_user: Callable[..., User], piu_client: Callable[..., Client]
) -> None:
    analyst = make_user(R.PIU_ANALYST)
    traveller = records["traveller"]

    piu_client(None, user=analyst).get(f"/api/v1/travel/travellers/{traveller.pk}/")

    assert list(AccessLog.objects.values_list("user", "what", "object_id")) == [
        (analyst.pk, "traveller", str(traveller.pk))
    ]


def test_a_refused_view_is_not_logged_as_seen_but_as_refused(
    records: dict[str, Case], make_user: Callable[..., User], piu_client: Callable[..., Client]
) -> None:
    liaison = make_user(R.AGENCY_LIAISON)
    url = reverse("travel:traveller", args=[records["traveller"].pk])

    piu_client(None, user=liaison).get(url)

    assert list(AccessLog.objects.values_list("user", "action", "object_id", "path")) == [
        (liaison.pk, "refused", str(records["traveller"].pk), url)
    ]


def test_an_export_needs_a_purpose_and_is_logged_with_it(
    records: dict[str, Case], make_user: Callable[..., User], piu_client: Callable[..., Client]
) -> None:
    analyst = make_user(R.PIU_ANALYST)
    flight = records["flight"]
    client = piu_client(None, user=analyst)
    url = reverse("travel:flight_export", args=[flight.pk])

    refused = client.post(url, {"purpose": ""})
    exported = client.post(url, {"purpose": "Briefing for the border police, ref. 12/2026"})

    assert refused.status_code == 302
    assert exported["Content-Type"] == "text/csv; charset=utf-8"
    rows = exported.content.decode().splitlines()
    assert rows[0] == "surname,given names,born,nationality,seat,documents,hits"
    assert len(rows) == 2
    assert list(AccessLog.objects.values_list("user", "action", "what", "purpose")) == [
        (
            analyst.pk,
            "export",
            "flight passenger list",
            "Briefing for the border police, ref. 12/2026",
        )
    ]


@pytest.mark.parametrize("path", ["flights", "travellers", "cases"])
@pytest.mark.parametrize("pk", ["abc", "99999999999999999999999999"])
def test_api_answers_a_bad_or_huge_id_with_not_found(
    path: str, pk: str, piu_client: Callable[..., Client]
) -> None:
    response = piu_client(R.PIU_ANALYST).get(f"/api/v1/travel/{path}/{pk}/")

    assert (response.status_code, response.json()["errors"]) == (404, {})
