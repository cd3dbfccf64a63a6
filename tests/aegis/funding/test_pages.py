"""Funding pages: forms report bad input on their fields and change nothing; lists stay cheap."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from tests.aegis.funding.factories import (
    DonorFactory,
    ExchangeRateFactory,
    InKindFactory,
    PledgeFactory,
    ReceiptFactory,
)

from aegis.core.roles import Role
from aegis.funding.models import ExchangeRate, Pledge, Receipt

pytestmark = pytest.mark.django_db

RMO = Role.RESOURCE_MOBILISATION_OFFICER


@pytest.fixture
def officer(client_for: Callable[[Role | None], Client]) -> Client:
    return client_for(RMO)


@pytest.fixture
def eur_pledge() -> Pledge:
    ExchangeRateFactory(currency="EUR", effective_date=date(2020, 9, 1), rate=Decimal("0.855"))
    return PledgeFactory(
        donor=DonorFactory(name="Spain"),
        currency="EUR",
        amount=Decimal("80000.00"),
        usd_rate=Decimal("0.855"),
        usd_amount=Decimal("93567.25"),
    )


def errors_of(response: Any) -> dict[str, list[str]]:
    form = response.context["form"]
    return {field: list(messages) for field, messages in form.errors.items()}


def test_new_pledge_with_bad_input_shows_field_errors_and_saves_nothing(officer: Client) -> None:
    donor = DonorFactory()

    response = officer.post(
        reverse("funding:pledge_create"),
        {
            "donor": donor.pk,
            "signed_on": "2020-09-10",
            "currency": "EUX",
            "amount": "-10",
            "earmark": "programme",
            "instalments": "2021-03-31 twenty",
        },
    )

    assert response.status_code == 200
    assert errors_of(response) == {
        "currency": ["EUX is not an ISO 4217 currency code."],
        "amount": ["Enter an amount greater than zero."],
        "instalments": ["Line 1: write the due date then the amount, e.g. 2021-03-31 25000.00."],
    }
    assert not Pledge.objects.exists()


def test_new_pledge_without_a_rate_for_its_month_is_refused_on_its_date(officer: Client) -> None:
    response = officer.post(
        reverse("funding:pledge_create"),
        {
            "donor": DonorFactory().pk,
            "signed_on": "2020-09-10",
            "currency": "EUR",
            "amount": "80000",
            "earmark": "unearmarked",
        },
    )

    assert errors_of(response) == {
        "signed_on": [
            "No UN operational rate of exchange for EUR in September 2020 "
            "(on or before 10 September 2020): import or enter it first."
        ]
    }
    assert not Pledge.objects.exists()


def test_new_pledge_is_recorded_and_shown(officer: Client) -> None:
    ExchangeRateFactory(currency="EUR", effective_date=date(2020, 9, 1), rate=Decimal("0.855"))
    donor = DonorFactory(name="Spain")

    response = officer.post(
        reverse("funding:pledge_create"),
        {
            "donor": donor.pk,
            "signed_on": "2020-09-10",
            "currency": "eur",
            "amount": "80000",
            "earmark": "theme",
            "theme": "Civil society engagement",
            "instalments": "2020-09-30 50000\n2021-09-30 30000",
        },
        follow=True,
    )

    pledge = Pledge.objects.get()
    assert (pledge.currency, pledge.usd_amount, pledge.instalments.count()) == (
        "EUR",
        Decimal("93567.25"),
        2,
    )
    assert "Pledge recorded" in response.content.decode()
    assert "$93,567.25" in response.content.decode()


def test_receipt_over_the_outstanding_amount_is_refused_on_the_form(
    officer: Client, eur_pledge: Pledge
) -> None:
    ReceiptFactory(pledge=eur_pledge, amount=Decimal("50000.00"), usd_rate=Decimal("0.855"))

    response = officer.post(
        reverse("funding:receipt_create", args=[eur_pledge.pk]),
        {"received_on": "2020-09-24", "amount": "30000.01"},
    )

    assert errors_of(response) == {
        "amount": [
            "Only EUR 30,000.00 of this pledge is outstanding. Mark the receipt as an "
            "over-payment to record more."
        ]
    }
    assert Receipt.objects.count() == 1


def test_receipt_is_recorded_and_the_donor_page_shows_the_new_balance(
    officer: Client, eur_pledge: Pledge
) -> None:
    response = officer.post(
        reverse("funding:receipt_create", args=[eur_pledge.pk]),
        {"received_on": "2020-09-24", "amount": "30000"},
        follow=True,
    )

    receipt = Receipt.objects.get()
    assert (receipt.usd_rate, receipt.usd_amount) == (Decimal("0.855000"), Decimal("35087.72"))
    page = response.content.decode()
    assert "Receipt of EUR 30,000.00 recorded." in page
    # 50,000 EUR outstanding at the pledge's rate 0.855
    assert '<span class="stat__value" id="donor-balance">$58,479.53</span>' in page


def test_rate_import_page_lists_every_bad_line_and_imports_nothing(officer: Client) -> None:
    upload = SimpleUploadedFile(
        "rates.csv", b"currency,effective_date,rate\nEUR,2020-09-01,0.855\nXYZ,2020-09-01,1\n"
    )

    response = officer.post(reverse("funding:rate_import"), {"file": upload})

    assert errors_of(response) == {
        "file": ["Line 3: \u201cXYZ\u201d is not an ISO 4217 currency code."]
    }
    assert not ExchangeRate.objects.exists()


def test_rate_import_page_imports_a_good_file(officer: Client) -> None:
    upload = SimpleUploadedFile(
        "rates.csv", b"currency,effective_date,rate\nEUR,2020-09-01,0.855\nGBP,2020-09-01,0.771\n"
    )

    response = officer.post(reverse("funding:rate_import"), {"file": upload}, follow=True)

    assert "Rates imported: 2 added, 0 changed, 0 unchanged." in response.content.decode()
    assert ExchangeRate.objects.count() == 2


def test_rate_import_page_refuses_a_file_that_is_not_utf8(officer: Client) -> None:
    upload = SimpleUploadedFile("rates.csv", b"currency,effective_date,rate\nEUR,\xff\n")

    response = officer.post(reverse("funding:rate_import"), {"file": upload})

    assert errors_of(response) == {"file": ["The file is not UTF-8 text."]}


def test_csv_export_of_pledges_has_exact_figures(
    client_for: Callable[[Role | None], Client], eur_pledge: Pledge
) -> None:
    response = client_for(Role.VIEWER).get(reverse("funding:export", args=["pledges", "csv"]))

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert response["Content-Disposition"] == 'attachment; filename="aegis-funding-pledges.csv"'
    assert rows[0][:9] == [
        "id",
        "donor",
        "signed_on",
        "currency",
        "amount",
        "received",
        "usd_rate",
        "rate_date",
        "usd_amount",
    ]
    assert rows[1][1:9] == [
        "Spain",
        "2020-09-10",
        "EUR",
        "80000.00",
        "0.00",
        "0.855000",
        "2020-09-10",
        "93567.25",
    ]


def test_xlsx_export_of_donors_has_exact_figures(
    client_for: Callable[[Role | None], Client], eur_pledge: Pledge
) -> None:
    InKindFactory(donor=eur_pledge.donor, value_usd=Decimal("1000.50"))

    response = client_for(Role.VIEWER).get(reverse("funding:export", args=["donors", "xlsx"]))

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == [
        "id",
        "donor",
        "kind",
        "pledged_usd",
        "received_usd",
        "outstanding_usd",
        "in_kind_usd",
        "from_other_fund",
    ]
    assert rows[1][1:7] == ["Spain", "Member State", 93567.25, 0, 93567.25, 1000.5]


def test_unknown_export_is_not_found(client_for: Callable[[Role | None], Client]) -> None:
    response = client_for(Role.VIEWER).get(reverse("funding:export", args=["salaries", "csv"]))

    assert response.status_code == 404


def test_dashboard_carries_chart_data_islands_and_the_headline(
    client_for: Callable[[Role | None], Client], eur_pledge: Pledge
) -> None:
    page = client_for(Role.VIEWER).get(reverse("funding:dashboard")).content.decode()

    assert '<script id="chart-top-pledged" type="application/json">' in page
    assert 'data-chart="chart-by-year"' in page
    assert "amount to $0.1 million, out of which $0.0 million has been received from 0" in page
    assert "<script>" not in page  # nothing inline to execute: the CSP forbids it


@pytest.mark.parametrize(
    ("url_name", "budget"),
    [
        ("funding:donors", 8),
        ("funding:pledges", 8),
        ("funding:rates", 7),
        ("funding:dashboard", 20),  # one more: the years of the period filter
    ],
)
def test_list_pages_make_a_fixed_number_of_queries(
    url_name: str,
    budget: int,
    client_for: Callable[[Role | None], Client],
    django_assert_max_num_queries: Any,
) -> None:
    for index in range(30):
        pledge = PledgeFactory(donor=DonorFactory(name=f"Member State {index}"))
        ReceiptFactory(pledge=pledge)
        ExchangeRateFactory(
            currency="EUR", effective_date=date(2000 + index % 20, 1 + index % 12, 1)
        )
    InKindFactory()
    client = client_for(Role.VIEWER)

    with django_assert_max_num_queries(budget):
        response = client.get(reverse(url_name))

    assert response.status_code == 200
