"""Realistic synthetic carrier traffic: PAXLST (API) and PNRGOV (PNR) interchanges.

Deterministic for a given ``random.Random``: the same seed gives the same bytes.
Names come from the many-culture pools of :mod:`paxscreen.synthetic.people`,
transliterated to Latin capitals as carriers send them. ``planted`` travellers
(for example watchlist entries) are placed into the traffic at random seats so
that screening and load tests know what must be found.

    rng = random.Random(7)
    text = generate_paxlst(rng, flights=10, travellers_per_flight=180)
"""

from __future__ import annotations

import datetime as dt
import random
import string
from collections.abc import Sequence
from dataclasses import dataclass

from anyascii import anyascii

from paxscreen.edifact.model import (
    FlightLeg,
    Manifest,
    Party,
    Reference,
    TravelDocument,
    Traveller,
)
from paxscreen.edifact.serializer import serialize_manifest
from paxscreen.edifact.tokenizer import DEFAULT_DELIMITERS, Delimiters
from paxscreen.synthetic.people import CULTURES, Culture

__all__ = [
    "AIRPORTS",
    "CARRIERS",
    "PlantedTraveller",
    "generate_manifests",
    "generate_paxlst",
    "generate_pnrgov",
]

# (IATA airport, ISO 3166-1 alpha-3 country)
AIRPORTS: tuple[tuple[str, str], ...] = (
    ("JFK", "USA"), ("IAD", "USA"), ("ORD", "USA"), ("MIA", "USA"), ("LAX", "USA"),
    ("YYZ", "CAN"), ("MEX", "MEX"), ("GRU", "BRA"), ("BOG", "COL"), ("LIM", "PER"),
    ("LHR", "GBR"), ("CDG", "FRA"), ("FRA", "DEU"), ("AMS", "NLD"), ("MAD", "ESP"),
    ("FCO", "ITA"), ("IST", "TUR"), ("SVO", "RUS"), ("WAW", "POL"), ("ATH", "GRC"),
    ("CAI", "EGY"), ("CMN", "MAR"), ("LOS", "NGA"), ("ADD", "ETH"), ("NBO", "KEN"),
    ("JNB", "ZAF"), ("DXB", "ARE"), ("DOH", "QAT"), ("RUH", "SAU"), ("AMM", "JOR"),
    ("BEY", "LBN"), ("BGW", "IRQ"), ("IKA", "IRN"), ("KHI", "PAK"), ("DEL", "IND"),
    ("BOM", "IND"), ("DAC", "BGD"), ("CMB", "LKA"), ("BKK", "THA"), ("SIN", "SGP"),
    ("KUL", "MYS"), ("CGK", "IDN"), ("MNL", "PHL"), ("SGN", "VNM"), ("PEK", "CHN"),
    ("PVG", "CHN"), ("HKG", "HKG"), ("ICN", "KOR"), ("NRT", "JPN"), ("SYD", "AUS"),
)  # fmt: skip

# (IATA carrier, name)
CARRIERS: tuple[tuple[str, str], ...] = (
    ("AA", "AMERICAN AIRLINES"), ("DL", "DELTA AIR LINES"), ("UA", "UNITED AIRLINES"),
    ("AC", "AIR CANADA"), ("BA", "BRITISH AIRWAYS"), ("AF", "AIR FRANCE"),
    ("LH", "LUFTHANSA"), ("KL", "KLM"), ("IB", "IBERIA"), ("TK", "TURKISH AIRLINES"),
    ("SU", "AEROFLOT"), ("MS", "EGYPTAIR"), ("ET", "ETHIOPIAN AIRLINES"),
    ("KQ", "KENYA AIRWAYS"), ("EK", "EMIRATES"), ("QR", "QATAR AIRWAYS"),
    ("SV", "SAUDIA"), ("RJ", "ROYAL JORDANIAN"), ("AI", "AIR INDIA"),
    ("SQ", "SINGAPORE AIRLINES"), ("CA", "AIR CHINA"), ("KE", "KOREAN AIR"),
    ("NH", "ALL NIPPON AIRWAYS"), ("QF", "QANTAS"), ("LA", "LATAM"), ("AV", "AVIANCA"),
)  # fmt: skip

_SEAT_LETTERS = "ABCDEFHJK"


@dataclass(frozen=True, slots=True)
class PlantedTraveller:
    """A person to place into the generated traffic (names as on the travel document)."""

    surname: str
    given_names: tuple[str, ...]
    date_of_birth: dt.date | None = None
    sex: str | None = None
    nationality: str | None = None
    document_number: str | None = None
    document_type: str = "P"


@dataclass(frozen=True, slots=True)
class _Person:
    surname: str
    given_names: tuple[str, ...]
    sex: str
    date_of_birth: dt.date
    nationality: str
    document_number: str
    document_type: str
    expiry: dt.date


def _latin(name: str) -> str:
    text = anyascii(name).upper()
    return "".join(char for char in text if char.isalnum() or char in " -'").strip() or "X"


def _document_number(rng: random.Random) -> str:
    style = rng.random()
    if style < 0.4:
        return "".join(rng.choices(string.digits, k=9))
    if style < 0.8:
        return rng.choice(string.ascii_uppercase) + "".join(rng.choices(string.digits, k=8))
    return "".join(rng.choices(string.ascii_uppercase, k=2)) + "".join(
        rng.choices(string.digits, k=7)
    )


def _random_person(rng: random.Random, today: dt.date) -> _Person:
    culture: Culture = rng.choice(CULTURES)
    female = rng.random() < 0.5
    pool = culture.female if female else culture.male
    given = [_latin(rng.choice(pool))]
    for _ in range(rng.choice(culture.given_count) - 1):
        given.append(_latin(rng.choice(culture.male)))
    age_days = rng.randint(1 * 365, 85 * 365)
    return _Person(
        surname=_latin(rng.choice(culture.surnames)),
        given_names=tuple(given),
        sex="F" if female else "M",
        date_of_birth=today - dt.timedelta(days=age_days),
        nationality=rng.choice(culture.nationalities),
        document_number=_document_number(rng),
        document_type="P" if rng.random() < 0.93 else rng.choice(("I", "V", "C")),
        expiry=today + dt.timedelta(days=rng.randint(30, 3650)),
    )


def _planted_person(rng: random.Random, planted: PlantedTraveller, today: dt.date) -> _Person:
    base = _random_person(rng, today)
    return _Person(
        surname=planted.surname,
        given_names=planted.given_names,
        sex=planted.sex or base.sex,
        date_of_birth=planted.date_of_birth or base.date_of_birth,
        nationality=planted.nationality or base.nationality,
        document_number=planted.document_number or base.document_number,
        document_type=planted.document_type,
        expiry=base.expiry,
    )


def _locator(rng: random.Random) -> str:
    return "".join(rng.choices(string.ascii_uppercase + string.digits, k=6))


def _placements(
    rng: random.Random, planted: Sequence[PlantedTraveller], flights: int, per_flight: int
) -> dict[tuple[int, int], PlantedTraveller]:
    slots: dict[tuple[int, int], PlantedTraveller] = {}
    capacity = flights * per_flight
    if len(planted) > capacity:
        raise ValueError(f"cannot plant {len(planted)} travellers into {capacity} seats")
    for person in planted:
        while True:
            slot = (rng.randrange(flights), rng.randrange(per_flight))
            if slot not in slots:
                slots[slot] = person
                break
    return slots


def _route(rng: random.Random) -> tuple[tuple[str, str], tuple[str, str]]:
    origin, destination = rng.sample(AIRPORTS, 2)
    return origin, destination


def generate_manifests(
    rng: random.Random,
    *,
    flights: int = 1,
    travellers_per_flight: int = 150,
    planted: Sequence[PlantedTraveller] = (),
    start: dt.date = dt.date(2026, 1, 1),
) -> list[Manifest]:
    """One passenger manifest per flight, as typed records (see :func:`generate_paxlst`)."""
    placements = _placements(rng, planted, flights, travellers_per_flight)
    manifests = []
    for flight in range(flights):
        day = start + dt.timedelta(days=rng.randrange(365))
        (origin, origin_country), (destination, _) = _route(rng)
        carrier, carrier_name = rng.choice(CARRIERS)
        departure = dt.datetime.combine(
            day, dt.time(rng.randrange(24), rng.choice((0, 15, 30, 45)))
        )
        arrival = departure + dt.timedelta(minutes=rng.randint(60, 15 * 60))
        leg = FlightLeg(
            carrier=carrier,
            flight_number=f"{carrier}{rng.randint(1, 9999):04d}",
            departure_port=origin,
            departure_time=departure,
            arrival_port=destination,
            arrival_time=arrival,
            segment_number=0,
        )
        rows = max(1, travellers_per_flight // len(_SEAT_LETTERS) + 1)
        seats = [f"{row}{letter}" for row in range(1, rows + 1) for letter in _SEAT_LETTERS]
        rng.shuffle(seats)
        travellers = []
        locator = _locator(rng)
        for position in range(travellers_per_flight):
            chosen = placements.get((flight, position))
            person = _planted_person(rng, chosen, day) if chosen else _random_person(rng, day)
            if rng.random() < 0.6:
                locator = _locator(rng)  # a new booking; otherwise travelling with the previous
            references = (Reference("AVF", locator), Reference("SEA", seats[position]))
            travellers.append(
                Traveller(
                    kind="passenger",
                    role="FL",
                    surname=person.surname,
                    given_names=person.given_names,
                    sex=person.sex,
                    date_of_birth=person.date_of_birth,
                    nationality=person.nationality,
                    residence_country=person.nationality if rng.random() < 0.8 else origin_country,
                    birth_place=None,
                    embarkation_port=origin,
                    debarkation_port=destination,
                    documents=(
                        TravelDocument(
                            document_type=person.document_type,
                            number=person.document_number,
                            issuing_country=person.nationality,
                            expiry_date=person.expiry,
                        ),
                    ),
                    references=references,
                    pnr_locator=locator,
                    seat=seats[position],
                    address=None,
                    segment_number=0,
                )
            )
        manifests.append(
            Manifest(
                document_type="745",
                document_kind="passengers",
                document_id=None,
                reporting_party=Party(name=f"{carrier_name} API", phone="+1 555 0100", fax=None),
                references=(Reference("TN", f"{carrier}{flight:06d}{day:%y%m%d}"),),
                legs=(leg,),
                travellers=tuple(travellers),
                declared_traveller_count=len(travellers),
            )
        )
    return manifests


def _interchange(
    segments: list[str],
    delimiters: Delimiters,
    *,
    sender: str,
    prepared: dt.datetime,
    reference: str,
    application: str,
    syntax: str,
    messages: int,
    line_break: str,
) -> str:
    element = delimiters.element
    component = delimiters.component
    unb = element.join(
        (
            "UNB",
            component.join((syntax, "4" if syntax.startswith("UNO") else "1")),
            sender,
            "PIU",
            component.join((prepared.strftime("%y%m%d"), prepared.strftime("%H%M"))),
            reference,
            "",
            application,
        )
    )
    unz = element.join(("UNZ", str(messages), reference))
    terminator = delimiters.segment + line_break
    return (
        delimiters.service_string_advice
        + line_break
        + terminator.join([unb, *segments, unz])
        + terminator
    )


def generate_paxlst(
    rng: random.Random,
    *,
    flights: int = 1,
    travellers_per_flight: int = 150,
    planted: Sequence[PlantedTraveller] = (),
    delimiters: Delimiters = DEFAULT_DELIMITERS,
    line_break: str = "\n",
    start: dt.date = dt.date(2026, 1, 1),
) -> str:
    """PAXLST traffic: one interchange per flight, one passenger manifest in each.

    ``planted`` people are placed at random positions of random flights (each
    once). Raises ``ValueError`` when they do not fit.
    """
    parts = []
    for number, manifest in enumerate(
        generate_manifests(
            rng,
            flights=flights,
            travellers_per_flight=travellers_per_flight,
            planted=planted,
            start=start,
        ),
        1,
    ):
        leg = manifest.legs[0]
        prepared = (leg.departure_time or dt.datetime(2026, 1, 1)) - dt.timedelta(hours=1)  # noqa: DTZ001
        segments = serialize_manifest(
            manifest, delimiters=delimiters, message_reference=f"M{number:08d}"
        )
        parts.append(
            _interchange(
                segments,
                delimiters,
                sender=leg.carrier or "XX",
                prepared=prepared,
                reference=f"{number:010d}",
                application="APIS",
                syntax="UNOA",
                messages=1,
                line_break=line_break,
            )
        )
    return "".join(parts)


def _ddmmyy(value: dt.date) -> str:
    return value.strftime("%d%m%y")


def _ddmonyy(value: dt.date) -> str:
    return value.strftime("%d%b%y").upper()


def generate_pnrgov(
    rng: random.Random,
    *,
    flights: int = 1,
    bookings_per_flight: int = 60,
    planted: Sequence[PlantedTraveller] = (),
    line_break: str = "\n",
    start: dt.date = dt.date(2026, 1, 1),
) -> str:
    """PNRGOV traffic: one interchange per flight, one PNR push with its bookings.

    Each booking has one to four travellers with SSR DOCS, a ticket with
    amounts and form of payment, contacts, the itinerary with seats and bags,
    and sometimes a history (ABI) entry. ``planted`` people become the first
    traveller of random bookings.
    """
    delimiters = DEFAULT_DELIMITERS
    escape = delimiters.escape
    placements = _placements(rng, planted, flights, bookings_per_flight)
    parts = []
    for flight in range(flights):
        day = start + dt.timedelta(days=rng.randrange(365))
        (origin, _), (destination, _) = _route(rng)
        carrier, _name = rng.choice(CARRIERS)
        number = f"{rng.randint(1, 9999)}"
        hour, minute = rng.randrange(24), rng.choice((0, 15, 30, 45))
        arrival = dt.datetime.combine(day, dt.time(hour, minute)) + dt.timedelta(
            minutes=rng.randint(60, 900)
        )
        tvl = (
            f"TVL+{_ddmmyy(day)}:{hour:02d}{minute:02d}:{_ddmmyy(arrival.date())}:"
            f"{arrival:%H%M}+{origin}+{destination}+{carrier}+{number}"
        )
        segments = [
            f"UNH+1+PNRGOV:13:1:IA+{carrier}{number}/{_ddmmyy(day)}",
            "MSG+:22",
            f"ORG+{carrier}:{origin}",
            tvl,
            f"EQN+{bookings_per_flight}",
        ]
        seat_number = 0
        for booking in range(bookings_per_flight):
            created = day - dt.timedelta(days=rng.randint(1, 200))
            segments += [
                "SRC",
                f"RCI+{carrier}:{_locator(rng)}::{_ddmmyy(created)}:{rng.randrange(2400):04d}",
                f"DAT+700:{_ddmmyy(day - dt.timedelta(days=rng.randint(0, 3)))}:0900",
                f"ORG+{carrier}:{origin}+{rng.randint(10000000, 99999999)}:{origin}+++A+"
                f"{rng.choice(AIRPORTS)[1]}:USD+A{rng.randint(1000, 9999)}",
            ]
            size = rng.choice((1, 1, 1, 2, 2, 3, 4))
            chosen = placements.get((flight, booking))
            people = []
            for position in range(size):
                if position == 0 and chosen is not None:
                    people.append(_planted_person(rng, chosen, day))
                else:
                    people.append(_random_person(rng, day))
            lead = people[0]
            mailbox = "".join(
                char
                for char in lead.given_names[0] + ".." + lead.surname
                if char.isalnum() or char == "."
            )
            segments.append(f"IFT+4:28::{carrier}+CTCE {mailbox}//EXAMPLE.COM")
            segments.append(f"IFT+4:28::{carrier}+CTCM {rng.randint(10**9, 10**10 - 1)}")
            people = [
                _Person(
                    surname=escape(person.surname),
                    given_names=tuple(escape(name) for name in person.given_names),
                    sex=person.sex,
                    date_of_birth=person.date_of_birth,
                    nationality=person.nationality,
                    document_number=person.document_number,
                    document_type=person.document_type,
                    expiry=person.expiry,
                )
                for person in people
            ]
            for reference, person in enumerate(people, 1):
                title = "MR" if person.sex == "M" else "MRS"
                given = " ".join(person.given_names)
                segments += [
                    f"TIF+{person.surname}+{given}{title}:A:{reference}",
                    f"FTI+{carrier}:{rng.randint(10**8, 10**9 - 1)}",
                    f"REF+:{rng.randint(10**9, 10**10 - 1)}",
                    "SSR+DOCS:HK:1:"
                    f"{carrier}:::::/{person.document_type}/{person.nationality}/"
                    f"{person.document_number}/{person.nationality}/"
                    f"{_ddmonyy(person.date_of_birth)}/{person.sex}/{_ddmonyy(person.expiry)}/"
                    f"{person.surname}/{'/'.join(person.given_names)}",
                    f"TKT+{rng.randint(10**12, 10**13 - 1)}:T:1",
                    f"MON+B:{rng.randint(80, 3000)}.00:USD+T:{rng.randint(100, 3500)}.00:USD",
                    f"PTK+NR++{_ddmmyy(created)}:1010+{carrier}+006+{origin}",
                    f"DAT+710:{_ddmmyy(created)}:1200",
                    f"FOP+CC:::VI:XXXXXXXXXXXX{rng.randint(1000, 9999)}:{rng.randint(1, 12):02d}"
                    f"{rng.randint(27, 31)}",
                ]
            segments += [
                f"TVL+{_ddmmyy(day)}:{hour:02d}{minute:02d}::{arrival:%H%M}+{origin}+"
                f"{destination}+{carrier}+{number}:{rng.choice('YBMHKQJC')}",
                f"RPI+{size}+HK",
                f"APD+{rng.choice(('320', '321', '738', '77W', '789', '333'))}",
            ]
            for reference in range(1, size + 1):
                seat_number += 1
                seat = f"{seat_number // 6 + 1}{'ABCDEF'[seat_number % 6]}"
                segments += [
                    f"TRI++{seat_number}:::{reference}",
                    f"TIF+{people[reference - 1].surname}+{people[reference - 1].given_names[0]}"
                    f":A:{reference}",
                    f"SSD+{seat}++++Y",
                ]
                if rng.random() < 0.5:
                    bags = rng.randint(1, 2)
                    tags = "+".join(
                        f"{carrier}:{rng.randint(10**5, 10**6 - 1)}:1:{destination}"
                        for _ in range(bags)
                    )
                    segments.append(f"TBD++{bags}:{bags * rng.randint(12, 23)}:700+++{tags}")
            if rng.random() < 0.3:
                segments += [
                    f"ABI+1+:{origin}RR+{origin}++{carrier}",
                    f"DAT+ZT:{_ddmmyy(created)}:1010",
                    "SAC+++A",
                    f"TIF+{people[0].surname}+{people[0].given_names[0]}:A:1",
                ]
        segments.append(f"UNT+{len(segments) + 1}+1")
        prepared = dt.datetime.combine(day, dt.time(hour, minute)) - dt.timedelta(hours=24)
        parts.append(
            _interchange(
                segments,
                delimiters,
                sender=carrier,
                prepared=prepared,
                reference=f"{flight + 1:010d}",
                application="PNRGOV",
                syntax="IATA",
                messages=1,
                line_break=line_break,
            )
        )
    return "".join(parts)
