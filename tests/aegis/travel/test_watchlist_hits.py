"""Typed lists and what a hit shows (issue 15, points 5 and 6): lost or stolen documents,
listed entities named by a booking, every document of a traveller, document-only hits, and
the list, reference, listing date and narrative on the hit page. Each list is stored and
read again from the database before the live screening path uses it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from aegis.core.permissions import SYSTEM
from aegis.core.roles import Role
from aegis.travel import services
from aegis.travel.intake import message_receive
from aegis.travel.models import (
    Booking,
    Hit,
    Identifier,
    ScreeningRun,
    TravelDocument,
    Traveller,
    Watchlist,
    WatchlistVersion,
)
from aegis.travel.screening import screen_travellers
from paxscreen.match import ALGORITHM_VERSION
from paxscreen.synthetic.traffic import PlantedTraveller
from tests.aegis.travel.conftest import paxlst
from tests.aegis.travel.factories import CarrierFactory, TravellerFactory

pytestmark = pytest.mark.django_db

# QDi.392 of the UN list as a carrier sends him: listed 2016-04-20, passport K142736.
ZAHRANI = PlantedTraveller(
    surname="AL-ZAHRANI",
    given_names=("FAYSAL", "AHMAD", "BIN", "ALI"),
    date_of_birth=dt.date(1986, 1, 19),
    sex="M",
    nationality="SAU",
    document_number="K142736",
)
LOST_DOCUMENTS = (
    "reference,document_number,document_type,issuing_country,listed_on\n"
    "SLTD-7,C01X00T47,P,DEU,2020-01-05\n"
    "SLTD-8,X1234567,P,GBR,2020-01-06\n"
)


def _lost_documents() -> WatchlistVersion:
    return services.watchlist_load(
        actor=SYSTEM,
        name="Lost and stolen documents",
        content=LOST_DOCUMENTS,
        file_format=Watchlist.Format.CSV,
        rescreen=False,
    )


def _traveller_with(*documents: tuple[str, str]) -> Traveller:
    traveller = TravellerFactory(surname="BERGMANN", given_names="ANNA", nationality="DEU")
    for number, country in documents:
        TravelDocument.objects.create(
            traveller=traveller, document_type="P", number=number, issuing_country=country
        )
    return traveller


def test_the_hit_page_shows_list_reference_listing_date_and_narrative(
    un_list: WatchlistVersion, piu_client: Callable[..., Client]
) -> None:
    message_receive(content=paxlst(ZAHRANI, seed=11), door="folder", actor=SYSTEM)
    hit = Hit.objects.get(kind=Hit.Kind.WATCHLIST)
    assert hit.key == "QDi.392"

    page = piu_client(Role.PIU_ANALYST).get(reverse("travel:case", args=[hit.case_id]))

    text = page.content.decode()
    listing = text.split('class="piu-hit__listing"')[1].split("</dl>")[0]
    assert "UN SC Consolidated List v1" in listing
    assert "QDi.392" in listing
    assert "20 Apr 2016" in listing
    assert "Al-Qaida" in listing  # the regime
    assert "Was the lead oil and gas division official of Islamic State" in listing


def test_a_lost_document_hits_whichever_of_the_travellers_documents_it_is() -> None:
    _lost_documents()
    traveller = _traveller_with(("C4X9K7L2M", "DEU"), ("C01X00T47", "DEU"))

    screen_travellers(traveller_ids=[traveller.pk])

    hit = Hit.objects.get(traveller=traveller)
    assert (hit.key, hit.score) == ("SLTD-7", 1)
    assert hit.explanation[:2] == [
        "document P C01X00T47 (DEU) = listed as lost or stolen: Passport C01X00T47 (DEU)",
        "the name is not compared: the list holds the document, not its holder",
    ]


def test_the_same_number_from_another_country_is_another_document() -> None:
    _lost_documents()
    traveller = _traveller_with(("X1234567", "IRL"))

    screen_travellers(traveller_ids=[traveller.pk])

    assert not Hit.objects.exists()


def test_a_listed_persons_passport_as_second_document_is_a_hit_that_says_the_name_differs(
    un_list: WatchlistVersion,
) -> None:
    # GTAS #1004: only the first document used to be screened.
    traveller = _traveller_with(("C4X9K7L2M", "DEU"), ("K142736", "SAU"))

    screen_travellers(traveller_ids=[traveller.pk])

    hit = Hit.objects.get(traveller=traveller)
    assert hit.key == "QDi.392"
    assert "document K142736 = listed Passport K142736" in hit.explanation
    assert (
        "the name does not match the listed names: the hit rests on the document alone"
        in hit.explanation
    )


def test_a_name_hit_with_the_document_does_not_say_the_name_differs(
    un_list: WatchlistVersion,
) -> None:
    message_receive(content=paxlst(ZAHRANI, seed=12), door="folder", actor=SYSTEM)

    hit = Hit.objects.get(key="QDi.392")
    assert not any("name does not match" in line for line in hit.explanation)


def _booked(agency: str, email: str) -> Traveller:
    booking = Booking.objects.create(
        carrier=CarrierFactory(), record_locator="QX7R2T", agency_name=agency
    )
    traveller = TravellerFactory(surname="HOLM", given_names="ERIK", booking=booking)
    Identifier.objects.create(booking=booking, kind=Identifier.Kind.EMAIL, value=email)
    return traveller


def test_a_listed_entity_as_travel_agency_is_a_hit(un_list: WatchlistVersion) -> None:
    traveller = _booked("AL RASHID TRUST", "HOLM@EXAMPLE.SE")

    screen_travellers(traveller_ids=[traveller.pk])

    hit = Hit.objects.get(traveller=traveller)
    assert hit.key == "QDe.005"
    assert hit.explanation[0] == "travel agency 'AL RASHID TRUST' matches a listed entity"


def test_a_listed_entity_as_e_mail_domain_is_found_again_by_the_rescreening(
    un_list: WatchlistVersion, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    traveller = _booked("55107", "BOOKINGS@WAFAHUMANITARIANORGANIZATION.ORG")
    screen_travellers(traveller_ids=[traveller.pk])
    Hit.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):  # tasks run at once in tests
        services.rescreen_start(actor=SYSTEM, reason="test")

    assert ScreeningRun.objects.get().status == ScreeningRun.Status.DONE
    hit = Hit.objects.get(traveller=traveller)
    assert hit.key == "QDe.015"
    assert hit.explanation == [
        "e-mail domain 'wafahumanitarianorganization' is the listed name "
        "'WAFA HUMANITARIAN ORGANIZATION' without spaces",
        f"algorithm {ALGORITHM_VERSION}",
    ]


def test_a_travel_agency_of_no_listed_entity_is_not_a_hit(un_list: WatchlistVersion) -> None:
    traveller = _booked("GLOBAL TRAVEL AGENCY", "HOLM@GMAIL.COM")

    screen_travellers(traveller_ids=[traveller.pk])

    assert not Hit.objects.exists()
