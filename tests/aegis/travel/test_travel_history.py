"""Travel history across trips and links across trips and bookings (issue 21, item 2).

Given: two PAXLST messages a carrier sent for two different flights, loaded through the real
intake. The same passport (DEU C4J7K2L9M) is on both; the first message spells the holder
"MUELLER, ANNA MARIA" (as the passport's machine-readable zone writes it), the second
"MULLER, ANNA" (as the booking was typed), so the intake's identity key differs and only
the document ties the trips. Miriam Kestrel, who is on a national list, flies on both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aegis.core.models import User
from aegis.core.permissions import SYSTEM
from aegis.core.roles import Role
from aegis.travel import links, selectors
from aegis.travel.intake import message_receive
from aegis.travel.models import AccessLog, Case, Traveller, WatchlistVersion
from aegis.travel.retention import retention_apply
from tests.aegis.travel.conftest import GTAS

pytestmark = pytest.mark.django_db

# (surname:given names, sex, born YYMMDD, nationality, document number, issuing country, seat)
MUELLER = ("MUELLER:ANNA:MARIA", "F", "850412", "DEU", "C4J7K2L9M", "DEU", "23A")
MULLER = ("MULLER:ANNA", "F", "850412", "DEU", "C4J7K2L9M", "DEU", "31C")
KESTREL = ("KESTREL:MIRIAM:ODUYA", "F", "790302", "KEN", "AK0412398", "KEN", "23B")
OUTBOUND_ONLY = ("NOWAK:PIOTR", "M", "770921", "POL", "EC7781203", "POL", "23C")
RETURN_ONLY = ("SILVA:JOAO:PEDRO", "M", "910130", "PRT", "CB118420", "PRT", "31D")


def paxlst(
    reference: str, flight: str, route: tuple[str, str], times: tuple[str, str], *people: tuple
) -> bytes:
    """One interchange as Lufthansa's API desk writes it (segment per line, UNA service
    string advice, DOC with the document's issuing country in LOC+91)."""
    origin, destination = route
    departure, arrival = times
    lines = [
        "UNA:+.? '",
        f"UNB+UNOA:4+LHAPIS:ZZ+DEUPIU:ZZ+{departure[:6]}:0400+{reference}++APIS'",
        f"UNH+{reference}+PAXLST:D:05B:UN:IATA'",
        "BGM+745'",
        "NAD+MS+++LUFTHANSA API DESK'",
        "COM+4969696:TE'",
        f"TDT+20+{flight}+++LH'",
        f"LOC+125+{origin}'",
        f"DTM+189:{departure}:201'",
        f"LOC+87+{destination}'",
        f"DTM+232:{arrival}:201'",
    ]
    for name, sex, born, nationality, number, country, seat in people:
        lines += [
            f"NAD+FL+++{name}'",
            f"ATT+2++{sex}'",
            f"DTM+329:{born}'",
            f"LOC+178+{origin}'",
            f"LOC+179+{destination}'",
            f"NAT+2+{nationality}'",
            f"RFF+SEA:{seat}'",
            f"DOC+P:110:111+{number}'",
            "DTM+36:310101'",
            f"LOC+91+{country}'",
        ]
    lines.append(f"CNT+42:{len(people)}'")
    lines.append(f"UNT+{len(lines) - 1}+{reference}'")
    lines.append(f"UNZ+1+{reference}'")
    return ("\n".join(lines) + "\n").encode()


OUTBOUND = paxlst(
    "LH400A",
    "LH0400",
    ("FRA", "JFK"),
    ("2611021010", "2611021255"),
    MUELLER,
    KESTREL,
    OUTBOUND_ONLY,
)
RETURN = paxlst(
    "LH401B",
    "LH0401",
    ("JFK", "FRA"),
    ("2611091740", "2611100720"),
    MULLER,
    KESTREL,
    RETURN_ONLY,
)


@pytest.fixture
def two_trips(national_list: WatchlistVersion) -> tuple[Traveller, Traveller]:
    for content in (OUTBOUND, RETURN):
        result = message_receive(content=content, door="command", source="test", actor=SYSTEM)
        assert (result.status, result.travellers) == ("loaded", 3)
    return (
        Traveller.objects.get(surname="MUELLER"),
        Traveller.objects.get(surname="MULLER"),
    )


@pytest.fixture
def analyst(piu_client: Callable[..., Client]) -> Client:
    return piu_client(Role.PIU_ANALYST)


def test_the_same_passport_on_two_flights_is_one_travel_history(
    two_trips: tuple[Traveller, Traveller], analyst: Client
) -> None:
    outbound, back = two_trips
    assert outbound.identity_key != back.identity_key  # only the passport ties them

    response = analyst.get(reverse("travel:traveller", args=[back.pk]))

    history = response.context["history"]
    assert [
        (
            str(trip.traveller.flight),
            trip.route,
            trip.traveller.flight.departure,
            trip.hit_count,
            trip.current,
            trip.matched_by,
        )
        for trip in history
    ] == [
        (
            "LH401 09 Nov 2026",
            "JFK → FRA",
            dt.datetime(2026, 11, 9, 17, 40, tzinfo=dt.UTC),
            0,
            True,
            "this trip",
        ),
        (
            "LH400 02 Nov 2026",
            "FRA → JFK",
            dt.datetime(2026, 11, 2, 10, 10, tzinfo=dt.UTC),
            0,
            False,
            "same document P DEU C4J7K2L9M",
        ),
    ]
    page = response.content.decode()
    assert "None on record" not in page
    assert reverse("travel:traveller", args=[outbound.pk]) in page


def test_the_co_traveller_on_both_flights_is_linked_with_her_hit_and_case(
    two_trips: tuple[Traveller, Traveller], analyst: Client
) -> None:
    _outbound, back = two_trips
    kestrel = Traveller.objects.filter(surname="KESTREL").order_by("-flight__departure").first()
    assert kestrel is not None

    response = analyst.get(reverse("travel:traveller", args=[back.pk]))

    graph = response.context["links"]
    people = {node.label: node for node in graph.nodes if node.kind == "person"}
    assert sorted(people) == ["KESTREL, MIRIAM ODUYA"]
    miriam = people["KESTREL, MIRIAM ODUYA"]
    assert (miriam.hits, miriam.depth, miriam.reasons) == (2, 1, ["travelled together 2 times"])
    assert miriam.case_id == Case.objects.get(traveller=kestrel).pk
    # The one-flight companions are a count on their flight, not nodes of their own.
    flights = sorted((node.label, node.count) for node in graph.nodes if node.kind == "flight")
    assert flights == [("LH400 02 Nov 2026", 2), ("LH401 09 Nov 2026", 2)]
    page = response.content.decode()
    assert reverse("travel:traveller", args=[miriam.traveller_id]) in page


def test_opening_the_history_is_logged_like_the_traveller_page(
    two_trips: tuple[Traveller, Traveller], analyst: Client
) -> None:
    _outbound, back = two_trips

    analyst.get(reverse("travel:traveller", args=[back.pk]) + "?depth=2")

    entry = AccessLog.objects.get()
    assert (entry.action, entry.record_kind, entry.object_id, entry.path) == (
        "view",
        "traveller",
        str(back.pk),
        f"/piu/travellers/{back.pk}/?depth=2",
    )


def test_a_masked_trip_is_not_re_identified_through_history_or_links(
    two_trips: tuple[Traveller, Traveller], analyst: Client
) -> None:
    outbound, back = two_trips
    # A run on the day the outbound flight's travellers pass the masking period, and the
    # return flight's do not yet.
    mask_days = dt.timedelta(days=settings.AEGIS_RETENTION_MASK_DAYS)
    retention_apply(now=dt.datetime(2026, 11, 5, tzinfo=dt.UTC) + mask_days)
    outbound.refresh_from_db()
    assert outbound.masked_at is not None

    response = analyst.get(reverse("travel:traveller", args=[back.pk]))

    assert [trip.traveller.pk for trip in response.context["history"]] == [back.pk]
    graph = response.context["links"]
    drawn = {node.traveller_id for node in graph.nodes if node.traveller_id}
    masked = set(Traveller.objects.filter(masked_at__isnull=False).values_list("pk", flat=True))
    assert drawn & masked == set()
    assert [n.label for n in graph.nodes if n.kind == "flight"] == ["LH401 09 Nov 2026"]
    # And the masked trip's own page shows neither history nor links.
    masked_page = analyst.get(reverse("travel:traveller", args=[outbound.pk]))
    assert masked_page.context["history"] == []
    assert masked_page.context["links"].nodes == [masked_page.context["links"].centre]


@pytest.mark.parametrize("depth", [1, 2, 3])
def test_the_depth_control_is_bounded_by_the_parameter(
    two_trips: tuple[Traveller, Traveller], analyst: Client, depth: int
) -> None:
    _outbound, back = two_trips
    response = analyst.get(reverse("travel:traveller", args=[back.pk]), {"depth": depth})
    assert response.context["links"].depth == depth
    assert max(node.depth for node in response.context["links"].nodes) <= depth


@pytest.mark.parametrize("depth", ["0", "4", "deep"])
def test_a_depth_out_of_range_is_read_as_one(
    two_trips: tuple[Traveller, Traveller], analyst: Client, depth: str
) -> None:
    _outbound, back = two_trips
    response = analyst.get(reverse("travel:traveller", args=[back.pk]), {"depth": depth})
    assert response.context["links"].depth == 1


def test_history_and_links_run_the_same_queries_as_trips_grow(
    national_list: WatchlistVersion, make_user: Callable[..., User]
) -> None:
    user = make_user(Role.PIU_ANALYST)
    for content in (OUTBOUND, RETURN):
        message_receive(content=content, door="command", source="test", actor=SYSTEM)

    def another_trip(day: int) -> None:
        """The same passport with Kestrel again and a stranger on one more flight."""
        message_receive(
            content=paxlst(
                f"LH40{day}",
                "LH0400",
                ("FRA", "JFK"),
                (f"2611{day}1010", f"2611{day}1255"),
                MUELLER,
                KESTREL,
                (f"GAST{day}:MARTIN", "M", "800101", "AUT", f"P{day}77120", "AUT", "23C"),
            ),
            door="command",
            source="test",
            actor=SYSTEM,
        )

    def count() -> int:
        centre = selectors.traveller_get(user=user, pk=Traveller.objects.get(surname="MULLER").pk)
        with CaptureQueriesContext(connection) as queries:
            history = links.traveller_history(user=user, traveller=centre)
            graph = links.traveller_links(user=user, traveller=centre, depth=3)
        assert len(history) == Traveller.objects.filter(surname__startswith="MU").count()
        assert [node.label for node in graph.people()] == ["KESTREL, MIRIAM ODUYA"]
        return len(queries)

    another_trip(10)
    three_trips = count()
    for day in range(11, 23):
        another_trip(day)

    assert count() == three_trips


# Two files from GTAS's own test data, from two different pushes: UA 8A4E83 (UA988 on
# 11 October 2018) and UA AF4E83 (UA988 on 28 September 2018) are the same two people with
# the same passports, e-mails, phone, address and cards, booked by an agency (IATA 70379193)
# that booked 126 other bookings of the larger file.
GTAS_PNRS = ("gtas-parsers-pnrWithBags.txt", "gtas-parsers-pnrWithPrefixesAndBookingDetailBags.txt")


@pytest.fixture
def gtas_bookings() -> Traveller:
    for name in GTAS_PNRS:
        content = (GTAS / "pnr-messages" / name).read_bytes()
        assert (
            message_receive(content=content, door="command", source=name, actor=SYSTEM).status
            == "loaded"
        )
    return Traveller.objects.get(booking__record_locator="8A4E83", surname="ADONAY")


def test_gtas_pushes_give_one_history_and_links_through_booking_and_agency(
    gtas_bookings: Traveller, make_user: Callable[..., User]
) -> None:
    user = make_user(Role.PIU_ANALYST)
    adonay = selectors.traveller_get(user=user, pk=gtas_bookings.pk)

    history = links.traveller_history(user=user, traveller=adonay)
    graph = links.traveller_links(user=user, traveller=adonay, depth=1)

    assert [(str(trip.traveller.flight), trip.matched_by) for trip in history] == [
        ("UA988 11 Oct 2018", "this trip"),
        ("UA988 28 Sep 2018", "same document P CHN 182291927"),
    ]
    petros = next(node for node in graph.people() if node.label == "PETROS, FNAN")
    assert sorted(petros.reasons) == [
        "same booking 8A4E83",
        "same booking AF4E83",
        "travelled together 2 times",
    ]
    # Their own e-mails, phone, address and cards link only their own two bookings: no node.
    values = [(node.label, node.count) for node in graph.nodes if node.kind == "identifier"]
    assert values == [("Travel agency 70379193", 126)]
    by_agency = [n for n in graph.people() if n.reasons == ["same Travel agency 70379193"]]
    more = [node.label for node in graph.nodes if node.kind == "more"]
    assert (len(by_agency), more) == (
        2 * links.PER_KIND,
        ["more: Travel agency 70379193 is in 126 other bookings in all"],
    )


def test_a_deeper_graph_never_draws_past_its_bound(
    gtas_bookings: Traveller, make_user: Callable[..., User]
) -> None:
    user = make_user(Role.PIU_ANALYST)
    adonay = selectors.traveller_get(user=user, pk=gtas_bookings.pk)

    graphs = [links.traveller_links(user=user, traveller=adonay, depth=d) for d in (1, 2, 3)]

    sizes = [len(graph.nodes) for graph in graphs]
    assert sizes == sorted(sizes)
    assert all(size <= links.MAX_NODES for size in sizes)
    # Every person appears once, whatever the number of ways they are linked.
    for graph in graphs:
        people = [node.traveller_id for node in graph.people()]
        assert len(people) == len(set(people))


def test_a_booking_page_lists_the_bookings_it_shares_values_with(
    gtas_bookings: Traveller, piu_client: Callable[..., Client]
) -> None:
    booking = gtas_bookings.booking
    assert booking is not None

    response = piu_client(Role.PIU_ANALYST).get(reverse("travel:booking", args=[booking.pk]))

    shared = [
        (value.label, value.total, [str(b) for b in value.bookings][:1])
        for value in response.context["shared"]
    ]
    assert shared == [
        ("Address 3246 ISNARD AVENUE SAN FRANCISCO", 1, ["UA AF4E83"]),
        ("E-mail FNAN.PETROS@YAHOO.COM", 1, ["UA AF4E83"]),
        ("E-mail YORDA_ADONAY@GMAIL.COM", 1, ["UA AF4E83"]),
        ("Payment card MA XXXXXXXXXXXX6126", 1, ["UA AF4E83"]),
        ("Payment card VI XXXXXXXXXXXX9338", 1, ["UA AF4E83"]),
        ("Phone 86752300554", 1, ["UA AF4E83"]),
        ("Travel agency 70379193", 127, shared[-1][2]),
    ]
    assert len(response.context["shared"][-1].bookings) == links.PER_KIND
    assert "(of 127)" in response.content.decode()


def test_masked_bookings_share_nothing_and_link_nobody(
    gtas_bookings: Traveller, piu_client: Callable[..., Client]
) -> None:
    # A run on the day after both GTAS flights (28 September, 11 October 2018) pass the
    # masking period, long before they would be deleted.
    mask_days = dt.timedelta(days=settings.AEGIS_RETENTION_MASK_DAYS + 1)
    retention_apply(now=dt.datetime(2018, 10, 12, tzinfo=dt.UTC) + mask_days)
    gtas_bookings.refresh_from_db()
    assert gtas_bookings.masked_at is not None
    booking = gtas_bookings.booking
    assert booking is not None
    client = piu_client(Role.PIU_ANALYST)

    booking_page = client.get(reverse("travel:booking", args=[booking.pk]))
    traveller_page = client.get(reverse("travel:traveller", args=[gtas_bookings.pk]))

    assert booking_page.context["shared"] == []
    assert "Not shown: this booking's data is masked." in booking_page.content.decode()
    assert traveller_page.context["history"] == []
    assert traveller_page.context["links"].nodes == [traveller_page.context["links"].centre]
