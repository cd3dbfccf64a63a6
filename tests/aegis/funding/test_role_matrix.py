"""Least privilege on the Trust Fund, role by role, through the pages and the API alike.

Office roles read funding; only resource-mobilisation officers and administrators
change money records; PIU roles get nothing (403).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from tests.aegis.funding.factories import (
    ExchangeRateFactory,
    InKindFactory,
    PledgeFactory,
    ReceiptFactory,
)

from aegis.core.roles import Role
from aegis.funding.models import ExchangeRate, InKindContribution, Pledge, Receipt

pytestmark = pytest.mark.django_db

R = Role
ALL_ROLES = list(Role)
READERS = frozenset(
    {R.ADMINISTRATOR, R.OFFICE_EDITOR, R.FOCAL_POINT, R.VIEWER, R.RESOURCE_MOBILISATION_OFFICER}
)
MONEY = frozenset({R.ADMINISTRATOR, R.RESOURCE_MOBILISATION_OFFICER})
PIU = frozenset({R.PIU_ANALYST, R.PIU_SUPERVISOR, R.AGENCY_LIAISON})


@pytest.fixture
def records() -> dict[str, object]:
    pledge = PledgeFactory()
    return {
        "pledge": pledge,
        "donor": pledge.donor,
        "receipt": ReceiptFactory(pledge=pledge),
        "in_kind": InKindFactory(donor=pledge.donor),
        "rate": ExchangeRateFactory(),
    }


def expected(role: Role, allowed: frozenset[Role], *, ok: int = 200) -> int:
    return ok if role in allowed else 403


PAGES = {
    # name: (url name, record or None, roles allowed)
    "dashboard": ("funding:dashboard", None, READERS),
    "donors": ("funding:donors", None, READERS),
    "donor": ("funding:donor", "donor", READERS),
    "pledges": ("funding:pledges", None, READERS),
    "pledge": ("funding:pledge", "pledge", READERS),
    "rates": ("funding:rates", None, READERS),
    "new pledge": ("funding:pledge_create", None, MONEY),
    "edit pledge": ("funding:pledge_edit", "pledge", MONEY),
    "new receipt": ("funding:receipt_create", "pledge", MONEY),
    "edit receipt": ("funding:receipt_edit", "receipt", MONEY),
    "new in kind": ("funding:in_kind_create", None, MONEY),
    "edit in kind": ("funding:in_kind_edit", "in_kind", MONEY),
    "new rate": ("funding:rate_create", None, MONEY),
    "import rates": ("funding:rate_import", None, MONEY),
}


@pytest.mark.parametrize("role", ALL_ROLES, ids=lambda role: role.name.lower())
@pytest.mark.parametrize("case", PAGES, ids=str)
def test_pages(
    role: Role, case: str, records: dict[str, object], client_for: Callable[[Role | None], Client]
) -> None:
    url_name, record, allowed = PAGES[case]
    args = [records[record].pk] if record else []  # type: ignore[attr-defined]

    response = client_for(role).get(reverse(url_name, args=args))

    assert response.status_code == expected(role, allowed)


@pytest.mark.parametrize("role", ALL_ROLES, ids=lambda role: role.name.lower())
@pytest.mark.parametrize("dataset", ["donors", "pledges", "receipts", "in-kind"])
def test_exports(
    role: Role,
    dataset: str,
    records: dict[str, object],
    client_for: Callable[[Role | None], Client],
) -> None:
    response = client_for(role).get(reverse("funding:export", args=[dataset, "csv"]))

    assert response.status_code == expected(role, READERS)


def test_anonymous_visitors_do_not_learn_internal_pages_exist() -> None:
    response = Client().get(reverse("funding:dashboard"))

    assert response.status_code == 404
    assert "Staff: log in" in response.content.decode()


API_READS = {
    "summary": ("/api/v1/funding/summary/", None),
    "donors": ("/api/v1/funding/donors/", None),
    "donor": ("/api/v1/funding/donors/{}/", "donor"),
    "pledges": ("/api/v1/funding/pledges/", None),
    "pledge": ("/api/v1/funding/pledges/{}/", "pledge"),
    "receipts": ("/api/v1/funding/receipts/", None),
    "receipt": ("/api/v1/funding/receipts/{}/", "receipt"),
    "in kind": ("/api/v1/funding/in-kind/", None),
    "rates": ("/api/v1/funding/rates/", None),
    "rate": ("/api/v1/funding/rates/{}/", "rate"),
}


@pytest.mark.parametrize("role", ALL_ROLES, ids=lambda role: role.name.lower())
@pytest.mark.parametrize("case", API_READS, ids=str)
def test_api_reads(
    role: Role, case: str, records: dict[str, object], client_for: Callable[[Role | None], Client]
) -> None:
    url, record = API_READS[case]
    if record:
        url = url.format(records[record].pk)  # type: ignore[attr-defined]

    response = client_for(role).get(url)

    assert response.status_code == expected(role, READERS)


def _writes(records: dict[str, object]) -> dict[str, tuple[str, str, dict[str, object]]]:
    pledge = records["pledge"]
    return {
        "create pledge": (
            "post",
            "/api/v1/funding/pledges/",
            {
                "donor": pledge.donor_id,  # type: ignore[attr-defined]
                "signed_on": "2020-09-10",
                "currency": "USD",
                "amount": "2500.00",
            },
        ),
        "change pledge": (
            "patch",
            f"/api/v1/funding/pledges/{pledge.pk}/",  # type: ignore[attr-defined]
            {"notes": "changed by the matrix", "version": 1},
        ),
        "create receipt": (
            "post",
            "/api/v1/funding/receipts/",
            {"pledge": pledge.pk, "received_on": "2020-09-25", "amount": "100.00"},  # type: ignore[attr-defined]
        ),
        "create in kind": (
            "post",
            "/api/v1/funding/in-kind/",
            {
                "donor": pledge.donor_id,  # type: ignore[attr-defined]
                "year": 2019,
                "description": "Training venue",
                "value_usd": "1000.00",
            },
        ),
        "set rate": (
            "post",
            "/api/v1/funding/rates/",
            {"currency": "GBP", "effective_date": "2020-09-01", "rate": "0.771"},
        ),
    }


WRITE_CASES = ["create pledge", "change pledge", "create receipt", "create in kind", "set rate"]


def _state() -> tuple[int, int, int, int, list[str]]:
    return (
        Pledge.objects.count(),
        Receipt.objects.count(),
        InKindContribution.objects.count(),
        ExchangeRate.objects.count(),
        list(Pledge.objects.values_list("notes", flat=True)),
    )


@pytest.mark.parametrize("role", ALL_ROLES, ids=lambda role: role.name.lower())
@pytest.mark.parametrize("case", WRITE_CASES, ids=str)
def test_api_writes(
    role: Role, case: str, records: dict[str, object], client_for: Callable[[Role | None], Client]
) -> None:
    method, url, body = _writes(records)[case]
    before = _state()

    response = getattr(client_for(role), method)(url, body, content_type="application/json")

    ok = 200 if method == "patch" else 201
    assert response.status_code == expected(role, MONEY, ok=ok), response.content
    assert (_state() != before) is (response.status_code == ok)


def test_api_refuses_anonymous_callers() -> None:
    response = Client().get("/api/v1/funding/pledges/")

    assert response.status_code == 401
    assert response.json()["errors"] == {}


def test_the_rate_of_a_receipt_in_the_matrix_is_usd(records: dict[str, object]) -> None:
    assert records["pledge"].currency == "USD"  # type: ignore[attr-defined]
    assert Decimal("1") == records["receipt"].usd_rate  # type: ignore[attr-defined]
    assert records["rate"].effective_date == date(2020, 9, 1)  # type: ignore[attr-defined]
