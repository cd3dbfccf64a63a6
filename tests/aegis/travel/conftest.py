from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from aegis import datasets
from aegis.core.models import User
from aegis.core.permissions import SYSTEM
from aegis.core.roles import Role
from aegis.travel import services
from aegis.travel.models import Watchlist, WatchlistVersion
from paxscreen.synthetic.traffic import PlantedTraveller, generate_paxlst

GTAS = datasets.GTAS_MESSAGES
UN_XML = datasets.UN_SC_LIST

# A listed person of the UN list (KPi.033) and one of a small national list.
RI_WON_HO = PlantedTraveller(
    surname="RI",
    given_names=("WON", "HO"),
    date_of_birth=dt.date(1964, 7, 17),
    sex="M",
    nationality="PRK",
    document_number="381310014",
)
NATIONAL_LIST = (
    "reference,full_name,aliases,date_of_birth,nationality,gender,document_number,"
    "document_type,document_country,kind,programme\n"
    "NAT-1,Miriam Oduya Kestrel,,1979-03-02,KEN,female,,,,person,\n"
)
MIRIAM = PlantedTraveller(
    surname="KESTREL",
    given_names=("MIRIAM", "ODUYA"),
    date_of_birth=dt.date(1979, 3, 2),
    sex="F",
    nationality="KEN",
)


@pytest.fixture(autouse=True)
def _eager_tasks(settings: object) -> None:
    settings.AEGIS_TASKS = "eager"  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def un_xml_text() -> str:
    return UN_XML.read_text(encoding="utf-8")


@pytest.fixture
def national_list() -> WatchlistVersion:
    return services.watchlist_load(
        actor=SYSTEM,
        name="National list",
        content=NATIONAL_LIST,
        file_format=Watchlist.Format.CSV,
        rescreen=False,
    )


@pytest.fixture
def un_list(un_xml_text: str) -> WatchlistVersion:
    return services.watchlist_load(
        actor=SYSTEM,
        name="UN SC Consolidated List",
        content=un_xml_text,
        file_format=Watchlist.Format.UN_XML,
        rescreen=False,
    )


def paxlst(
    *planted: PlantedTraveller, seed: int = 7, travellers: int = 12, flights: int = 1
) -> bytes:
    """Synthetic PAXLST traffic with ``planted`` people in it."""
    return generate_paxlst(
        random.Random(seed),
        flights=flights,
        travellers_per_flight=travellers,
        planted=planted,
        start=dt.date(2026, 12, 1),
    ).encode()


def verify_second_factor(client: Client, user: User) -> None:
    """Mark the client's session as having confirmed a TOTP code (as after the 2FA page)."""
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()


@pytest.fixture
def piu_client(make_user: Callable[..., User]) -> Callable[..., Client]:
    def make(role: Role | None, user: User | None = None, **kwargs: object) -> Client:
        user = user or make_user(role, **kwargs)
        client = Client()
        client.force_login(user)
        verify_second_factor(client, user)
        return client

    return make
