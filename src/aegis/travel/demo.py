"""A fictional PIU for ``aegis demo``: a simulated week of carrier traffic through the intake
service, screened against the UN list and a national list, with a few planted true matches
and two active rules, so that a new user sees a working PIU at once."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import random
import re
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from aegis import datasets
from aegis.core.models import Organisation, User
from aegis.core.permissions import SYSTEM
from aegis.core.roles import Role
from aegis.travel import services
from aegis.travel.intake import message_receive
from aegis.travel.models import CarrierMessage, Case, Rule, Watchlist
from paxscreen.edifact import serialize_manifest
from paxscreen.synthetic.traffic import PlantedTraveller, generate_manifests, generate_pnrgov

SEED = 2020
FLIGHTS = 28  # four a day for a week, around today
TRAVELLERS_PER_FLIGHT = 110
PNR_FLIGHTS = 6
BOOKINGS_PER_FLIGHT = 40
UN_LIST = datasets.UN_SC_LIST
NATIONAL_LIST = (
    "reference,full_name,aliases,date_of_birth,nationality,gender,document_number,"
    "document_type,document_country,kind,programme\n"
    "NL-0001,Viktor Aleksandrovich Marchenko,Viktor Marcenko,1977-11-04,UKR,male,,,,person,\n"
    "NL-0002,Samira Haddad Khoury,,1990-02-14,LBN,female,,,,person,\n"
)
NATIONAL_PLANTED = (
    PlantedTraveller("MARCHENKO", ("VIKTOR",), dt.date(1977, 11, 4), "M", "UKR"),
    PlantedTraveller("KHOURY", ("SAMIRA", "HADDAD"), dt.date(1990, 2, 14), "F", "LBN"),
)
DEMO_SOURCE = "demo:"

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True, slots=True)
class PiuDemo:
    messages: int = 0
    travellers: int = 0
    hits: int = 0


def _un_planted(count: int) -> list[PlantedTraveller]:
    """Listed persons with a full date of birth, as they would appear on a passport."""
    if not UN_LIST.exists():
        return []
    version = Watchlist.objects.get(name="UN SC Consolidated List").versions.first()
    assert version is not None  # noqa: S101 - loaded just before
    from aegis.travel.screening import parse_watchlist

    listed = parse_watchlist(name="UN", content=version.content, file_format="un_xml")
    chosen = []
    for entry in listed.entries:
        names = entry.primary_name.split()
        dates = [d for d in entry.dates_of_birth if d.day and d.month]
        if entry.kind.value != "person" or len(names) < 2 or not dates or len(names) > 3:
            continue
        born = dates[0]
        chosen.append(
            PlantedTraveller(
                surname=names[0],
                given_names=tuple(names[1:]),
                date_of_birth=dt.date(born.year, born.month or 1, born.day or 1),
                sex="M" if entry.gender == "male" else ("F" if entry.gender == "female" else None),
                nationality=entry.nationalities[0] if entry.nationalities else None,
            )
        )
        if len(chosen) == count:
            break
    return chosen


def _interchange(segments: list[str], sender: str, reference: int, prepared: dt.datetime) -> str:
    unb = f"UNB+UNOA:4+{sender}+PIU+{prepared:%y%m%d}:{prepared:%H%M}+{reference:010d}++APIS"
    body = "'\n".join([unb, *segments, f"UNZ+1+{reference:010d}"])
    return f"UNA:+.? '\n{body}'\n"


def _week_of_manifests(rng: random.Random, planted: list[PlantedTraveller]) -> list[str]:
    """The generator's manifests, moved into this week and to or from the PIU's airport."""
    home = settings.AEGIS_PIU_AIRPORTS[0] if settings.AEGIS_PIU_AIRPORTS else "JFK"
    start = timezone.now().replace(minute=0, second=0, microsecond=0) - dt.timedelta(days=3)
    manifests = generate_manifests(
        rng, flights=FLIGHTS, travellers_per_flight=TRAVELLERS_PER_FLIGHT, planted=planted
    )
    texts = []
    for number, manifest in enumerate(manifests, 1):
        leg = manifest.legs[0]
        departure = (start + dt.timedelta(hours=6 * number + rng.randrange(5))).replace(tzinfo=None)
        duration = (leg.arrival_time or departure) - (leg.departure_time or departure)
        origin, destination = leg.departure_port, leg.arrival_port
        if number % 2:
            destination = home if origin != home else destination
        else:
            origin = home if destination != home else origin
        moved = dataclasses.replace(
            leg,
            departure_port=origin,
            arrival_port=destination,
            departure_time=departure,
            arrival_time=departure + duration,
        )
        travellers = tuple(
            dataclasses.replace(t, embarkation_port=origin, debarkation_port=destination)
            for t in manifest.travellers
        )
        this_week = dataclasses.replace(manifest, legs=(moved,), travellers=travellers)
        segments = serialize_manifest(this_week, message_reference=f"M{number:06d}")
        texts.append(_interchange(segments, moved.carrier or "XX", number, departure))
    return texts


def _linked_pnr_traffic(rng: random.Random) -> str:
    """PNR pushes where some bookings share a phone number (for link analysis)."""
    text = generate_pnrgov(
        rng,
        flights=PNR_FLIGHTS,
        bookings_per_flight=BOOKINGS_PER_FLIGHT,
        planted=NATIONAL_PLANTED[:1],
        start=timezone.now().date(),
    )
    counter = iter(range(10**6))
    return re.sub(
        r"CTCM \d+",
        lambda match: "CTCM 4915550100" if next(counter) % 25 == 0 else match.group(0),
        text,
    )


def _demo_agency() -> Organisation:
    police, _created = Organisation.objects.get_or_create(
        name="National Police (demo PIU)",
        defaults={"acronym": "NPOL", "kind": Organisation.Kind.OTHER},
    )
    User.objects.filter(groups__name=Role.AGENCY_LIAISON.value, organisation__isnull=True).update(
        organisation=police
    )
    return police


@transaction.atomic
def load_piu() -> PiuDemo:
    """Load the PIU demo once (idempotent: nothing happens when it is there already)."""
    if CarrierMessage.objects.filter(source__startswith=DEMO_SOURCE).exists():
        return PiuDemo()
    police = _demo_agency()
    if not UN_LIST.exists():
        # An installed wheel has no data/ folder: say so rather than demo a PIU without it.
        logger.warning("The UN list is not at %s: the demo PIU has no UN list.", UN_LIST)
    else:
        services.watchlist_load(
            actor=SYSTEM,
            name="UN SC Consolidated List",
            content=UN_LIST.read_text(encoding="utf-8"),
            file_format=Watchlist.Format.UN_XML,
            rescreen=False,
        )
    services.watchlist_load(
        actor=SYSTEM,
        name="National list",
        content=NATIONAL_LIST,
        file_format=Watchlist.Format.CSV,
        rescreen=False,
    )
    young_from_conflict_zone = services.rule_create(
        actor=SYSTEM,
        name="Young traveller from a conflict zone",
        description="Under 25, flying from Iraq or Iran.",
        severity=Rule.Severity.MEDIUM,
        conditions=[
            {"field": "origin_country", "op": "in", "value": "IRQ, IRN"},
            {"field": "age", "op": "lt", "value": "25"},
        ],
    )
    late_booking = services.rule_create(
        actor=SYSTEM,
        name="Booked within two days of departure",
        severity=Rule.Severity.LOW,
        conditions=[{"field": "days_booked_before_departure", "op": "lt", "value": "2"}],
    )
    for rule in (young_from_conflict_zone, late_booking):
        services.rule_set_active(actor=SYSTEM, rule=rule, active=True, rescreen=False)

    rng = random.Random(SEED)  # noqa: S311 - reproducible demo traffic, not secrets
    planted = [*_un_planted(4), *NATIONAL_PLANTED[1:]]
    totals = PiuDemo()
    for number, text in enumerate([*_week_of_manifests(rng, planted), _linked_pnr_traffic(rng)], 1):
        result = message_receive(
            actor=SYSTEM,
            content=text.encode(),
            door=CarrierMessage.Door.COMMAND,
            source=f"{DEMO_SOURCE}{number}",
        )
        totals = PiuDemo(
            totals.messages + 1, totals.travellers + result.travellers, totals.hits + result.hits
        )
    _refer_one_case(police)
    return totals


def _refer_one_case(police: Organisation) -> None:
    """One UN match already reviewed and referred, so the liaison account has something."""
    analyst = User.objects.filter(groups__name=Role.PIU_ANALYST.value).order_by("pk").first()
    case = (
        Case.objects.filter(hits__kind="watchlist", hits__key__startswith="KP")
        .order_by("pk")
        .first()
    )
    if analyst is None or case is None:
        return
    case = services.case_transition(actor=analyst, case=case, transition="review")
    services.referral_create(
        actor=analyst,
        case=case,
        agency=police,
        agency_kind="police",
        reason="Name and date of birth match a person on the UN SC Consolidated List.",
    )


GROW_SEED = 2021
GROW_TRAVELLERS_PER_FLIGHT = 200
GROW_PNR_SHARE = 4  # one flight in four comes as a PNR push (bookings, contacts, cards)
GROW_FREQUENT = 500  # people who fly again and again (same passport on several trips)


@dataclasses.dataclass(frozen=True, slots=True)
class GrownPiu:
    messages: int = 0
    travellers: int = 0
    hits: int = 0


def _frequent_travellers(rng: random.Random, count: int) -> list[PlantedTraveller]:
    people = generate_manifests(rng, flights=1, travellers_per_flight=count)[0].travellers
    return [
        PlantedTraveller(
            surname=person.surname,
            given_names=tuple(person.given_names),
            date_of_birth=person.date_of_birth,
            sex=person.sex,
            nationality=person.nationality,
            document_number=person.documents[0].number if person.documents else None,
        )
        for person in people
    ]


def grow_piu(
    travellers: int,
    *,
    seed: int = GROW_SEED,
    per_flight: int = GROW_TRAVELLERS_PER_FLIGHT,
    progress: Callable[[GrownPiu], None] | None = None,
) -> GrownPiu:
    """Add about ``travellers`` synthetic travellers through the real intake (parsed,
    stored, indexed for search and screened, one interchange a flight), over the last
    eleven months and the next few weeks: manifests, and one flight in four as PNR pushes
    with bookings, contacts and cards; a pool of frequent travellers flies again and again.

    For measuring search and lists at scale (``aegis demo --travellers N``); not idempotent:
    each call adds flights (a different ``seed`` gives different ones).
    """
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic traffic, not secrets
    frequent = _frequent_travellers(rng, GROW_FREQUENT)
    start = timezone.now().date() - dt.timedelta(days=330)
    grown = GrownPiu()
    number = 0
    while grown.travellers < travellers:
        number += 1
        planted = rng.sample(frequent, 2)
        if number % GROW_PNR_SHARE == 0:
            text = generate_pnrgov(
                rng,
                flights=1,
                bookings_per_flight=max(1, per_flight // 2),
                planted=planted,
                start=start,
            )
        else:
            [manifest] = generate_manifests(
                rng, flights=1, travellers_per_flight=per_flight, planted=planted, start=start
            )
            leg = manifest.legs[0]
            segments = serialize_manifest(manifest, message_reference=f"G{number:08d}")
            prepared = leg.departure_time or dt.datetime(2026, 1, 1)  # noqa: DTZ001 - naive, as EDIFACT
            text = _interchange(segments, leg.carrier or "XX", number, prepared)
        result = message_receive(
            actor=SYSTEM,
            content=text.encode(),
            door=CarrierMessage.Door.COMMAND,
            source=f"grow:{seed}:{number}",
        )
        grown = GrownPiu(
            grown.messages + 1, grown.travellers + result.travellers, grown.hits + result.hits
        )
        if progress is not None:
            progress(grown)
    return grown
