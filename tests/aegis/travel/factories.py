"""factory_boy factories for the PIU records."""

from __future__ import annotations

import datetime as dt

import factory

from aegis.travel.intake import identity_key
from aegis.travel.models import Carrier, Case, Flight, Hit, Traveller


class CarrierFactory(factory.django.DjangoModelFactory[Carrier]):
    class Meta:
        model = Carrier
        django_get_or_create = ("code",)

    code = "ZZ"
    name = "Zed Air"


class FlightFactory(factory.django.DjangoModelFactory[Flight]):
    class Meta:
        model = Flight

    carrier = factory.SubFactory(CarrierFactory)
    number = factory.Sequence(lambda n: str(100 + n))
    departure = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)
    departure_date = factory.LazyAttribute(lambda flight: flight.departure.date())
    origin = "CDG"
    destination = "JFK"
    direction = Flight.Direction.INBOUND


class TravellerFactory(factory.django.DjangoModelFactory[Traveller]):
    class Meta:
        model = Traveller

    flight = factory.SubFactory(FlightFactory)
    kind = Traveller.Kind.PASSENGER
    surname = factory.Sequence(lambda n: f"TRAVELLER{n}")
    given_names = "ALEX"
    sex = "F"
    date_of_birth = dt.date(1980, 5, 17)
    nationality = "FRA"
    from_api = True
    identity_key = factory.LazyAttribute(
        lambda t: identity_key(t.surname, t.given_names, t.date_of_birth)
    )


class CaseFactory(factory.django.DjangoModelFactory[Case]):
    class Meta:
        model = Case

    traveller = factory.SubFactory(TravellerFactory)
    flight = factory.LazyAttribute(lambda case: case.traveller.flight)
    severity = 3


class HitFactory(factory.django.DjangoModelFactory[Hit]):
    class Meta:
        model = Hit

    case = factory.SubFactory(CaseFactory)
    traveller = factory.LazyAttribute(lambda hit: hit.case.traveller)
    kind = Hit.Kind.WATCHLIST
    key = factory.Sequence(lambda n: f"QDi.{n:03d}")
    label = "LISTED PERSON (UN SC Consolidated List)"
    explanation = factory.LazyFunction(lambda: ["name LISTED = LISTED"])
    severity = 3
