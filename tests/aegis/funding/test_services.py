"""Money rules through the services: conversion, over-payment, bad input, the rates import."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.aegis.funding.factories import DonorFactory, ExchangeRateFactory

from aegis.core.models import User
from aegis.core.roles import Role
from aegis.funding import selectors, services
from aegis.funding.models import ExchangeRate, Pledge, Receipt

pytestmark = pytest.mark.django_db

RMO = Role.RESOURCE_MOBILISATION_OFFICER


@pytest.fixture
def officer(make_user: Callable[..., User]) -> User:
    return make_user(RMO)


@pytest.fixture
def eur_rates() -> None:
    ExchangeRateFactory(currency="EUR", effective_date=date(2020, 9, 1), rate=Decimal("0.855"))
    ExchangeRateFactory(currency="EUR", effective_date=date(2020, 10, 1), rate=Decimal("0.849"))


def spain_pledge(officer: User, **overrides: object) -> Pledge:
    arguments: dict[str, object] = {
        "actor": officer,
        "donor": DonorFactory(name="Spain"),
        "signed_on": date(2020, 9, 10),
        "currency": "EUR",
        "amount": Decimal("80000.00"),
    }
    arguments.update(overrides)
    return services.pledge_record(**arguments)  # type: ignore[arg-type]


def test_pledge_is_converted_at_its_months_rate_and_keeps_it(
    officer: User, eur_rates: None
) -> None:
    pledge = spain_pledge(officer)

    assert (pledge.usd_rate, pledge.rate_date, pledge.usd_amount) == (
        Decimal("0.855000"),
        date(2020, 9, 1),
        Decimal("93567.25"),
    )
    history = pledge.history.get()
    assert (history.history_user, history.history_type) == (officer, "+")


def test_editing_a_rate_later_leaves_recorded_figures_alone(officer: User, eur_rates: None) -> None:
    pledge = spain_pledge(officer)

    services.exchange_rate_set(
        actor=officer, currency="EUR", effective_date=date(2020, 9, 1), rate=Decimal("0.9")
    )

    pledge.refresh_from_db()
    assert (pledge.usd_rate, pledge.usd_amount) == (Decimal("0.855000"), Decimal("93567.25"))
    assert ExchangeRate.objects.get(currency="EUR", effective_date=date(2020, 9, 1)).rate == (
        Decimal("0.900000")
    )


def test_a_mid_month_revision_applies_from_its_date(officer: User, eur_rates: None) -> None:
    ExchangeRateFactory(currency="EUR", effective_date=date(2020, 9, 16), rate=Decimal("0.8"))
    early = spain_pledge(officer, signed_on=date(2020, 9, 15))
    late = spain_pledge(officer, signed_on=date(2020, 9, 16))

    assert (early.usd_amount, late.usd_amount) == (Decimal("93567.25"), Decimal("100000.00"))


def test_usd_needs_no_rate(officer: User) -> None:
    pledge = spain_pledge(officer, currency="usd", amount=Decimal("1234.56"))

    assert (pledge.currency, pledge.usd_rate, pledge.usd_amount) == (
        "USD",
        Decimal("1.000000"),
        Decimal("1234.56"),
    )


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"currency": "EUX"}, {"currency": ["EUX is not an ISO 4217 currency code."]}),
        ({"amount": Decimal("-5.00")}, {"amount": ["Enter an amount greater than zero."]}),
        ({"amount": Decimal("0.00")}, {"amount": ["Enter an amount greater than zero."]}),
        (
            {"signed_on": date(2019, 12, 31)},
            {
                "signed_on": [
                    "No UN operational rate of exchange for EUR in December 2019 "
                    "(on or before 31 December 2019): import or enter it first."
                ]
            },
        ),
        ({"earmark": "programme"}, {"programme": ["Choose the programme this pledge funds."]}),
        ({"earmark": "theme"}, {"theme": ["Name the theme this pledge funds."]}),
        (
            {"theme": "Victims"},
            {"theme": ["Only a pledge earmarked for a theme names a theme."]},
        ),
        (
            {
                "instalments": [
                    services.InstalmentLine(date(2021, 1, 1), Decimal("40000.00")),
                    services.InstalmentLine(date(2022, 1, 1), Decimal("30000.00")),
                ]
            },
            {
                "instalments": [
                    "The instalments add up to EUR 70,000.00, not the pledged EUR 80,000.00."
                ]
            },
        ),
    ],
    ids=[
        "unknown currency",
        "negative",
        "zero",
        "no rate",
        "programme missing",
        "theme missing",
        "theme unearmarked",
        "schedule",
    ],
)
def test_bad_pledges_get_field_errors_and_change_nothing(
    officer: User, eur_rates: None, overrides: dict[str, object], errors: dict[str, list[str]]
) -> None:
    with pytest.raises(ValidationError) as raised:
        spain_pledge(officer, **overrides)

    assert raised.value.message_dict == errors
    assert not Pledge.objects.exists()


def test_a_schedule_that_adds_up_is_kept(officer: User, eur_rates: None) -> None:
    pledge = spain_pledge(
        officer,
        instalments=[
            services.InstalmentLine(date(2021, 3, 31), Decimal("50000.00")),
            services.InstalmentLine(date(2022, 3, 31), Decimal("30000.00")),
        ],
    )

    assert list(pledge.instalments.values_list("due_on", "amount")) == [
        (date(2021, 3, 31), Decimal("50000.00")),
        (date(2022, 3, 31), Decimal("30000.00")),
    ]


@pytest.mark.parametrize("role", [Role.OFFICE_EDITOR, Role.FOCAL_POINT, Role.VIEWER])
def test_only_money_roles_record_pledges(
    role: Role, make_user: Callable[..., User], eur_rates: None
) -> None:
    with pytest.raises(PermissionDenied):
        spain_pledge(make_user(role))
    assert not Pledge.objects.exists()


def test_receipts_up_to_the_outstanding_amount_are_accepted(officer: User, eur_rates: None) -> None:
    pledge = spain_pledge(officer)
    first = services.receipt_record(
        actor=officer, pledge=pledge, received_on=date(2020, 9, 24), amount=Decimal("30000.00")
    )
    second = services.receipt_record(
        actor=officer, pledge=pledge, received_on=date(2020, 10, 2), amount=Decimal("50000.00")
    )

    assert (first.currency, first.usd_rate, first.usd_amount) == (
        "EUR",
        Decimal("0.855000"),
        Decimal("35087.72"),
    )
    assert (second.usd_rate, second.usd_amount) == (Decimal("0.849000"), Decimal("58892.82"))
    pledge = selectors.pledge_get(user=officer, pk=pledge.pk)
    assert (pledge.received_amount, selectors.pledge_outstanding_usd(pledge)) == (
        Decimal("80000.00"),
        Decimal("0.00"),
    )


def test_a_receipt_beyond_the_outstanding_amount_needs_the_over_payment_mark(
    officer: User, eur_rates: None
) -> None:
    pledge = spain_pledge(officer)
    services.receipt_record(
        actor=officer, pledge=pledge, received_on=date(2020, 9, 24), amount=Decimal("79999.99")
    )

    with pytest.raises(ValidationError) as raised:
        services.receipt_record(
            actor=officer, pledge=pledge, received_on=date(2020, 9, 25), amount=Decimal("0.02")
        )

    assert raised.value.message_dict == {
        "amount": [
            "Only EUR 0.01 of this pledge is outstanding. Mark the receipt as an over-payment "
            "to record more."
        ]
    }
    assert Receipt.objects.count() == 1
    over = services.receipt_record(
        actor=officer,
        pledge=pledge,
        received_on=date(2020, 9, 25),
        amount=Decimal("0.02"),
        is_overpayment=True,
    )
    assert (over.is_overpayment, over.usd_amount) == (True, Decimal("0.02"))


def test_the_over_payment_mark_is_refused_on_a_receipt_within_the_pledge(
    officer: User, eur_rates: None
) -> None:
    pledge = spain_pledge(officer)

    with pytest.raises(ValidationError) as raised:
        services.receipt_record(
            actor=officer,
            pledge=pledge,
            received_on=date(2020, 9, 24),
            amount=Decimal("80000.00"),
            is_overpayment=True,
        )

    assert raised.value.message_dict == {
        "is_overpayment": [
            "This receipt is within the EUR 80,000.00 outstanding: it is no over-payment."
        ]
    }


def test_a_receipt_is_in_its_pledges_currency(officer: User, eur_rates: None) -> None:
    pledge = spain_pledge(officer)

    with pytest.raises(ValidationError) as raised:
        services.receipt_record(
            actor=officer,
            pledge=pledge,
            received_on=date(2020, 9, 24),
            amount=Decimal("10.00"),
            currency="USD",
        )

    assert raised.value.message_dict == {
        "currency": ["This pledge is in EUR: record the receipt in EUR."]
    }


def test_a_receipt_in_a_month_without_a_rate_is_refused(officer: User, eur_rates: None) -> None:
    pledge = spain_pledge(officer)

    with pytest.raises(ValidationError) as raised:
        services.receipt_record(
            actor=officer, pledge=pledge, received_on=date(2020, 11, 3), amount=Decimal("10.00")
        )

    assert list(raised.value.message_dict) == ["received_on"]
    assert "EUR in November 2020" in raised.value.message_dict["received_on"][0]
    assert not Receipt.objects.exists()


def test_a_pledge_cannot_fall_below_what_it_received(officer: User, eur_rates: None) -> None:
    pledge = spain_pledge(officer)
    services.receipt_record(
        actor=officer, pledge=pledge, received_on=date(2020, 9, 24), amount=Decimal("60000.00")
    )

    with pytest.raises(ValidationError) as raised:
        services.pledge_update(actor=officer, pledge=pledge, amount=Decimal("50000.00"))

    assert raised.value.message_dict == {
        "amount": ["EUR 60,000.00 has already been received against this pledge."]
    }
    updated = services.pledge_update(
        actor=officer, pledge=pledge, amount=Decimal("90000.00"), reason="addendum"
    )
    assert (updated.usd_amount, updated.history.first().history_change_reason) == (
        Decimal("105263.16"),
        "addendum",
    )


RATES_CSV = "currency,effective_date,rate\nEUR,2020-09-01,0.855\nGBP,2020-09-01,0.771\n"


def test_rates_import_adds_and_changes_rates(officer: User) -> None:
    ExchangeRateFactory(currency="EUR", effective_date=date(2020, 9, 1), rate=Decimal("0.8"))

    result = services.exchange_rates_import(actor=officer, text=RATES_CSV, source="sept.csv")

    assert (result.created, result.updated, result.unchanged) == (1, 1, 0)
    assert sorted(ExchangeRate.objects.values_list("currency", "rate")) == [
        ("EUR", Decimal("0.855000")),
        ("GBP", Decimal("0.771000")),
    ]
    assert ExchangeRate.objects.get(currency="EUR").history.first().history_change_reason == (
        "imported from sept.csv"
    )


def test_rates_import_is_all_or_nothing_and_reports_every_bad_line(officer: User) -> None:
    text = (
        "currency,effective_date,rate\n"
        "EUR,2020-09-01,0.855\n"
        "EUX,2020-09-01,0.8\n"
        "GBP,2020-13-01,0.771\n"
        "CHF,2020-09-01,-1\n"
        "\n"
        "NOK,2020-09-01\n"
        "EUR,2020-09-01,0.856\n"
        "SEK,2020-09-01,8.1234567\n"
    )

    with pytest.raises(ValidationError) as raised:
        services.exchange_rates_import(actor=officer, text=text)

    assert raised.value.message_dict == {
        "file": [
            "Line 3: “EUX” is not an ISO 4217 currency code.",
            "Line 4: “2020-13-01” is not a date (YYYY-MM-DD).",
            "Line 5: “-1” is not a positive rate.",
            "Line 7: expected 3 values (currency, effective date, rate), got 2.",
            "Line 8: repeats the rate of EUR on 2020-09-01 given on line 2.",
            "Line 9: rate 8.1234567 has more than 6 decimal places.",
        ]
    }
    assert not ExchangeRate.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The file is empty."),
        (
            "code,date,value\nEUR,2020-09-01,0.8\n",
            "Line 1: the header must be “currency,effective_date,rate”.",
        ),
        ("currency,effective_date,rate\n", "The file holds no rates."),
    ],
)
def test_rates_import_refuses_a_file_without_its_header_or_rates(
    officer: User, text: str, message: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        services.exchange_rates_import(actor=officer, text=text)

    assert raised.value.message_dict == {"file": [message]}


def test_viewers_may_not_import_rates(make_user: Callable[..., User]) -> None:
    with pytest.raises(PermissionDenied):
        services.exchange_rates_import(actor=make_user(Role.VIEWER), text=RATES_CSV)


CURRENCIES = ("USD", "EUR", "GBP", "NOK")
transactions = st.lists(
    st.tuples(
        st.sampled_from(CURRENCIES),
        st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999.99"), places=2),
        st.integers(min_value=0, max_value=3),  # donor index
        st.sampled_from([Decimal(0), Decimal("0.5"), Decimal(1)]),  # share received
    ),
    min_size=1,
    max_size=8,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(parts=transactions)
def test_totals_equal_the_sum_of_their_parts_in_any_currency_mix(
    officer: User, parts: list[tuple[str, Decimal, int, Decimal]]
) -> None:
    with transaction.atomic():
        for currency, rate in (("EUR", "0.855"), ("GBP", "0.771"), ("NOK", "9.123456")):
            ExchangeRateFactory(
                currency=currency, effective_date=date(2020, 9, 1), rate=Decimal(rate)
            )
        donors = [DonorFactory(name=f"Donor {index}") for index in range(4)]
        paid = set()
        for currency, amount, donor, share in parts:
            pledge = services.pledge_record(
                actor=officer,
                donor=donors[donor],
                signed_on=date(2020, 9, 10),
                currency=currency,
                amount=amount,
            )
            received = (amount * share).quantize(Decimal("0.01"))
            if received > 0:
                paid.add(donor)
                services.receipt_record(
                    actor=officer, pledge=pledge, received_on=date(2020, 9, 20), amount=received
                )

        summary = selectors.fund_summary(user=officer)
        by_donor = list(selectors.donor_list(user=officer))
        balances = selectors.donor_balances(donor_ids=[donor.pk for donor in by_donor])
        by_year = selectors.contributions_by_year(user=officer)

        assert summary.pledged_usd == sum(p.usd_amount for p in Pledge.objects.all())
        assert summary.received_usd == sum(r.usd_amount for r in Receipt.objects.all())
        assert summary.pledged_usd == sum(d.pledged_usd for d in by_donor)  # type: ignore[attr-defined]
        assert summary.received_usd == sum(d.received_usd for d in by_donor)  # type: ignore[attr-defined]
        assert summary.outstanding_usd == sum(balances.values(), Decimal(0))
        assert [(y.pledged_usd, y.received_usd) for y in by_year] == [
            (summary.pledged_usd, summary.received_usd)
        ]
        assert summary.donors_paid == len(paid)
        transaction.set_rollback(True)
