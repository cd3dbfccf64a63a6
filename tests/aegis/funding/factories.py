"""factory_boy factories for the Trust Fund's records (dollar figures set as services would)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory
from tests.aegis.factories import OrganisationFactory

from aegis.core.models import Organisation
from aegis.funding.models import ExchangeRate, InKindContribution, Pledge, Receipt


class DonorFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Donor State {n}")
    acronym = ""
    kind = Organisation.Kind.MEMBER_STATE
    country = "ES"


class ExchangeRateFactory(factory.django.DjangoModelFactory[ExchangeRate]):
    class Meta:
        model = ExchangeRate
        django_get_or_create = ("currency", "effective_date")

    currency = "EUR"
    effective_date = date(2020, 9, 1)
    rate = Decimal("0.855000")


class PledgeFactory(factory.django.DjangoModelFactory[Pledge]):
    """A USD pledge by default (rate 1), so its dollar figure is its amount."""

    class Meta:
        model = Pledge

    donor = factory.SubFactory(DonorFactory)
    signed_on = date(2020, 9, 10)
    currency = "USD"
    amount = Decimal("100000.00")
    usd_rate = Decimal("1.000000")
    rate_date = factory.SelfAttribute("signed_on")
    usd_amount = factory.SelfAttribute("amount")


class ReceiptFactory(factory.django.DjangoModelFactory[Receipt]):
    class Meta:
        model = Receipt

    pledge = factory.SubFactory(PledgeFactory)
    received_on = date(2020, 9, 24)
    currency = factory.SelfAttribute("pledge.currency")
    amount = Decimal("50000.00")
    usd_rate = Decimal("1.000000")
    rate_date = factory.SelfAttribute("received_on")
    usd_amount = factory.SelfAttribute("amount")


class InKindFactory(factory.django.DjangoModelFactory[InKindContribution]):
    class Meta:
        model = InKindContribution

    donor = factory.SubFactory(DonorFactory)
    year = 2018
    description = "Software for Passenger Information Units"
    value_usd = Decimal("11500000.00")
