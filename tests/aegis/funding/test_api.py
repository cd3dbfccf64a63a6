"""The funding API: the same rules as the pages, one error shape, exact decimal strings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from tests.aegis.funding.factories import (
    DonorFactory,
    ExchangeRateFactory,
    PledgeFactory,
    ReceiptFactory,
)

from aegis.core.roles import Role
from aegis.funding.models import ExchangeRate, Pledge, Receipt

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client_for: Callable[[Role | None], Client]) -> Client:
    return client_for(Role.RESOURCE_MOBILISATION_OFFICER)


@pytest.fixture
def eur_rate() -> ExchangeRate:
    return ExchangeRateFactory(
        currency="EUR", effective_date=date(2020, 9, 1), rate=Decimal("0.855")
    )


def test_create_a_pledge_with_its_schedule(api: Client, eur_rate: ExchangeRate) -> None:
    donor = DonorFactory(name="Spain")

    response = api.post(
        "/api/v1/funding/pledges/",
        {
            "donor": donor.pk,
            "signed_on": "2020-09-10",
            "currency": "EUR",
            "amount": "80000.00",
            "earmark": "theme",
            "theme": "Civil society engagement",
            "instalments": [
                {"due_on": "2020-09-30", "amount": "50000.00"},
                {"due_on": "2021-09-30", "amount": "30000.00"},
            ],
        },
        content_type="application/json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["usd_rate"], body["rate_date"], body["usd_amount"], body["received_amount"]) == (
        "0.855000",
        "2020-09-01",
        "93567.25",
        "0.00",
    )
    assert body["instalments"] == [
        {"due_on": "2020-09-30", "amount": "50000.00"},
        {"due_on": "2021-09-30", "amount": "30000.00"},
    ]


def test_bad_pledge_gets_field_errors_and_changes_nothing(
    api: Client, eur_rate: ExchangeRate
) -> None:
    response = api.post(
        "/api/v1/funding/pledges/",
        {
            "donor": DonorFactory().pk,
            "signed_on": "2020-09-10",
            "currency": "EUX",
            "amount": "-1.00",
        },
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "message": "Invalid input in: currency, amount.",
        "errors": {
            "currency": ["EUX is not an ISO 4217 currency code."],
            "amount": ["Enter an amount greater than zero."],
        },
    }
    assert not Pledge.objects.exists()


def test_receipt_over_the_outstanding_amount_is_refused(api: Client) -> None:
    pledge = PledgeFactory(amount=Decimal("1000.00"))
    ReceiptFactory(pledge=pledge, amount=Decimal("900.00"))

    response = api.post(
        "/api/v1/funding/receipts/",
        {"pledge": pledge.pk, "received_on": "2020-09-25", "amount": "100.01"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "amount": [
            "Only USD 100.00 of this pledge is outstanding. Mark the receipt as an "
            "over-payment to record more."
        ]
    }
    assert Receipt.objects.count() == 1


def test_rates_import_reports_bad_lines_by_number(api: Client) -> None:
    upload = SimpleUploadedFile(
        "rates.csv", b"currency,effective_date,rate\nEUR,2020-09-01,0\nGBP,2020-09-01,0.771\n"
    )

    response = api.post("/api/v1/funding/rates/import/", {"file": upload})

    assert response.status_code == 400
    assert response.json()["errors"] == {"file": ["Line 2: \u201c0\u201d is not a positive rate."]}
    assert not ExchangeRate.objects.exists()


def test_rates_import_returns_its_counts(api: Client) -> None:
    upload = SimpleUploadedFile(
        "rates.csv", b"currency,effective_date,rate\nGBP,2020-09-01,0.771\n"
    )

    response = api.post("/api/v1/funding/rates/import/", {"file": upload})

    assert response.status_code == 200
    assert response.json() == {"created": 1, "updated": 0, "unchanged": 0}


def test_summary_and_donor_figures(client_for: Callable[[Role | None], Client]) -> None:
    pledge = PledgeFactory(amount=Decimal("1000.00"), donor=DonorFactory(name="Japan"))
    ReceiptFactory(pledge=pledge, amount=Decimal("400.00"))
    PledgeFactory(
        amount=Decimal("250.50"),
        from_other_fund=True,
        donor=DonorFactory(name="UN Peace and Development Trust Fund", kind="fund", country=""),
    )
    client = client_for(Role.VIEWER)

    summary = client.get("/api/v1/funding/summary/").json()
    donors = client.get("/api/v1/funding/donors/?order=received").json()

    assert summary == {
        "pledged_usd": "1250.50",
        "received_usd": "400.00",
        "outstanding_usd": "850.50",
        "in_kind_usd": "0.00",
        "from_other_funds_usd": "250.50",
        "donors_pledged": 2,
        "donors_paid": 1,
    }
    assert [
        (donor["name"], donor["pledged_usd"], donor["received_usd"], donor["from_other_fund"])
        for donor in donors["results"]
    ] == [
        ("Japan", "1000.00", "400.00", False),
        ("UN Peace and Development Trust Fund", "250.50", "0.00", True),
    ]


def test_the_schema_describes_the_funding_endpoints(
    client_for: Callable[[Role | None], Client],
) -> None:
    response = client_for(Role.VIEWER).get("/api/v1/schema/?format=json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {
        "/api/v1/funding/pledges/",
        "/api/v1/funding/receipts/",
        "/api/v1/funding/rates/import/",
        "/api/v1/funding/summary/",
    } <= set(paths)
