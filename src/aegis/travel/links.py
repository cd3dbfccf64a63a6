"""A traveller's travel history, and the links around them across trips and bookings.

A *person* is every trip (a ``Traveller`` row, one per flight) that shares a travel
document with the traveller (number and issuing country, read as ``identity.py`` reads
them) or the intake's identity key (surname, first given name, date of birth). A passport
seen on two flights under two spellings of the name is one person; a namesake with the same
date of birth is shown as such ("same name and date of birth"), never silently merged.

The link graph starts from that person and spans trips and bookings: co-travel on two or
more of the same flights, the same booking, and a phone, e-mail, address, payment card or
travel agency shared with another booking. ``depth`` (1–3) is how many people-hops it
follows. It is aggregated, never drawn whole (GTAS's Neo4j view crashed at 600,000 nodes,
US-CBP/GTAS #1993): a flight's other travellers are one node with their count, neighbours
are capped per kind with a "+N more" node, and the graph stops at ``MAX_NODES``.

Masked travellers (retention) are never part of a history or a graph: masking removed what
tied them to anyone, and a link must not put it back. Every query is sliced, and their
number is fixed per depth level whatever the data (pinned by a test).
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.translation import gettext as _

from aegis.core.models import User
from aegis.travel.identity import traveller_identities
from aegis.travel.models import Booking, Flight, Identifier, TravelDocument, Traveller

__all__ = [
    "MAX_DEPTH",
    "MAX_NODES",
    "PER_KIND",
    "Drawing",
    "Edge",
    "LinkGraph",
    "Node",
    "SharedValue",
    "Trip",
    "booking_links",
    "drawing",
    "parse_depth",
    "traveller_history",
    "traveller_links",
]

MAX_DEPTH = 3
PER_KIND = 8  # people drawn around one node for one kind of link; the rest are "+N more"
MAX_NODES = 300  # never more on a page
EXPAND = 30  # people whose own links are followed at each further level
TRIPS = 100  # trips of one person in a history
ROWS = 2000  # rows any one query may return
LINKED_KINDS = (
    Identifier.Kind.PHONE,
    Identifier.Kind.EMAIL,
    Identifier.Kind.ADDRESS,
    Identifier.Kind.CARD,
    Identifier.Kind.AGENCY,
)


def _require(user: User) -> None:
    if not user.has_perm("travel.view_personal_data"):
        raise PermissionDenied(_("Your role has no access to this part of the PIU."))


def parse_depth(text: str | None) -> int:
    """The depth asked for in a query string: 1, 2 or 3; anything else is 1."""
    return int(text) if text in {"1", "2", "3"} else 1


# ----------------------------------------------------------------------------- history


@dataclass(frozen=True, slots=True)
class Trip:
    traveller: Traveller
    hit_count: int
    case_id: int | None
    current: bool  # the trip whose page this is
    matched_by: str  # why it is the same person, in words

    @property
    def route(self) -> str:
        flight = self.traveller.flight
        start = self.traveller.embarkation or flight.origin
        end = self.traveller.debarkation or flight.destination
        return f"{start} → {end}"


def _document_pairs(rows: list[tuple[int, str, str, str]]) -> dict[int, dict[str, str]]:
    """Per traveller: identity digest → the document as shown ("P DEU C4J7K2L9M")."""
    pairs: dict[int, dict[str, str]] = defaultdict(dict)
    for traveller_id, kind, number, country in rows:
        for identity in traveller_identities(
            surname="",
            given_names="",
            date_of_birth=None,
            nationality="",
            documents=[(number, country)],
        ):
            pairs[traveller_id][identity.digest] = f"{kind} {country} {number}".strip()
    return pairs


def _same_person(seeds: list[int]) -> dict[int, dict[int, str]]:
    """For each seed trip (unmasked), every unmasked trip of the same person with why:
    seed id → {trip id: reason}. Three queries for any number of seeds."""
    seed_documents = list(
        TravelDocument.objects.filter(traveller_id__in=seeds).values_list(
            "traveller_id", "document_type", "number", "issuing_country"
        )
    )
    by_seed = _document_pairs(seed_documents)
    keys = dict(
        Traveller.objects.filter(pk__in=seeds, masked_at__isnull=True).values_list(
            "pk", "identity_key"
        )
    )
    numbers = {number for _t, _k, number, _c in seed_documents if "•" not in number}
    found: dict[int, dict[int, str]] = {seed: {seed: _("this trip")} for seed in keys}
    if numbers:
        candidates = _document_pairs(
            list(
                TravelDocument.objects.filter(
                    number__in=numbers, traveller__masked_at__isnull=True
                ).values_list("traveller_id", "document_type", "number", "issuing_country")[:ROWS]
            )
        )
        for seed in keys:
            own = by_seed.get(seed, {})
            for other, documents in candidates.items():
                shared = [own[digest] for digest in documents if digest in own]
                if shared and other not in found[seed]:
                    found[seed][other] = _("same document %(document)s") % {"document": shared[0]}
    namesakes = Traveller.objects.filter(
        identity_key__in=set(keys.values()), masked_at__isnull=True
    ).values_list("pk", "identity_key")[:ROWS]
    seeds_of_key: dict[str, list[int]] = defaultdict(list)
    for seed, key in keys.items():
        seeds_of_key[key].append(seed)
    for other, key in namesakes:
        for seed in seeds_of_key[key]:
            found[seed].setdefault(other, _("same name and date of birth"))
    return found


def traveller_history(*, user: User, traveller: Traveller) -> list[Trip]:
    """Every trip of ``traveller``'s person (this one included), newest first, with route,
    hits and case; none for a masked traveller."""
    _require(user)
    if traveller.masked_at is not None:
        return []
    reasons = _same_person([traveller.pk]).get(traveller.pk, {})
    trips = (
        Traveller.objects.filter(pk__in=list(reasons))
        .select_related("flight__carrier", "case")
        .annotate(hit_count=Count("hits"))
        .order_by("-flight__departure", "-pk")[:TRIPS]
    )
    return [
        Trip(
            traveller=trip,
            hit_count=trip.hit_count,
            case_id=getattr(getattr(trip, "case", None), "pk", None),
            current=trip.pk == traveller.pk,
            matched_by=reasons[trip.pk],
        )
        for trip in trips
    ]


# ----------------------------------------------------------------------------- link graph


@dataclass(slots=True)
class Node:
    key: str
    kind: str  # centre, person, flight, booking, identifier, more
    label: str
    depth: int
    parent: str | None = None
    traveller_id: int | None = None
    flight_id: int | None = None
    booking_id: int | None = None
    case_id: int | None = None
    hits: int = 0
    count: int = 0  # a flight's other travellers; the people a "+N more" node stands for
    trips: int = 0
    reasons: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        if self.traveller_id is not None:
            return reverse("travel:traveller", args=[self.traveller_id])
        if self.flight_id is not None:
            return reverse("travel:flight", args=[self.flight_id])
        if self.booking_id is not None:
            return reverse("travel:booking", args=[self.booking_id])
        return ""

    @property
    def case_url(self) -> str:
        return reverse("travel:case", args=[self.case_id]) if self.case_id else ""


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    reason: str


@dataclass(slots=True)
class LinkGraph:
    centre: Node
    depth: int
    nodes: list[Node]
    edges: list[Edge] = field(default_factory=list)
    truncated: bool = False  # MAX_NODES reached: some links are not shown

    def people(self) -> list[Node]:
        return [node for node in self.nodes if node.kind == "person"]


@dataclass(frozen=True, slots=True)
class _Neighbour:
    source: str  # the node key of the person linked from
    traveller_id: int
    identity_key: str
    reason: str
    via: str  # the connector's node key (the centre's flight, booking or shared value)
    group: str  # what the "+N more" counts are kept by


@dataclass(slots=True)
class _Builder:
    graph: LinkGraph
    by_key: dict[str, Node] = field(default_factory=dict)
    person_of_identity: dict[str, str] = field(default_factory=dict)
    shown: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    more: dict[tuple[str, str], Node] = field(default_factory=dict)

    def add(self, node: Node) -> Node | None:
        if node.key in self.by_key:
            return self.by_key[node.key]
        if len(self.graph.nodes) >= MAX_NODES:
            self.graph.truncated = True
            return None
        self.graph.nodes.append(node)
        self.by_key[node.key] = node
        return node

    def edge(self, source: str, target: str, reason: str) -> None:
        if source != target and source in self.by_key and target in self.by_key:
            self.graph.edges.append(Edge(source, target, reason))

    def count_more(self, parent: str, group: str, depth: int) -> None:
        hidden = self.more.get((parent, group))
        if hidden is None:
            hidden = self.add(
                Node(
                    key=f"more-{len(self.more)}", kind="more", label="", depth=depth, parent=parent
                )
            )
            if hidden is None:
                return
            self.more[(parent, group)] = hidden
            self.edge(parent, hidden.key, group)
        hidden.count += 1
        holder = self.by_key.get(parent)
        if holder is not None and holder.kind == "identifier":
            # A value shared by thousands of bookings is counted, never read: say so.
            hidden.label = _("more: %(group)s is in %(n)s other bookings in all") % {
                "group": group,
                "n": holder.count,
            }
        else:
            hidden.label = _("+%(n)s more: %(group)s") % {"n": hidden.count, "group": group}


def _trip_rows(trip_ids: set[int]) -> list[tuple[int, str, int, int | None]]:
    return list(
        Traveller.objects.filter(pk__in=trip_ids).values_list(
            "pk", "identity_key", "flight_id", "booking_id"
        )[:ROWS]
    )


def _co_travel(
    people: dict[str, set[int]], rows: list[tuple[int, str, int, int | None]]
) -> list[_Neighbour]:
    """People on two or more of the same flights as someone of ``people`` (two queries)."""
    flights_of: dict[str, set[int]] = defaultdict(set)
    owner = {pk: person for person, trips in people.items() for pk in trips}
    for pk, _key, flight_id, _booking_id in rows:
        flights_of[owner[pk]].add(flight_id)
    all_flights = set().union(*flights_of.values()) if flights_of else set()
    own_keys = {key for _pk, key, _f, _b in rows}
    aboard = Traveller.objects.filter(flight_id__in=all_flights, masked_at__isnull=True).exclude(
        identity_key__in=own_keys
    )
    often = (
        aboard.values("identity_key")
        .annotate(flights=Count("flight_id", distinct=True))
        .filter(flights__gte=2)
        .values_list("identity_key", flat=True)[:ROWS]
    )
    companions = list(
        aboard.filter(identity_key__in=list(often)).values_list("pk", "identity_key", "flight_id")[
            :ROWS
        ]
    )
    found = []
    for person, flights in flights_of.items():
        shared: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for pk, key, flight_id in companions:
            if flight_id in flights:
                shared[key].append((pk, flight_id))
        for key, seen in shared.items():
            if len(seen) < 2:
                continue
            reason = _("travelled together %(n)s times") % {"n": len(seen)}
            latest = max(pk for pk, _flight in seen)
            for _pk, flight_id in seen:
                found.append(
                    _Neighbour(person, latest, key, reason, f"flight-{flight_id}", _("co-travel"))
                )
    return found


def _same_booking(
    people: dict[str, set[int]], rows: list[tuple[int, str, int, int | None]]
) -> list[_Neighbour]:
    """The other people in the bookings of ``people`` (two queries)."""
    owner = {pk: person for person, trips in people.items() for pk in trips}
    bookings_of: dict[int, set[str]] = defaultdict(set)
    for pk, _key, _flight, booking_id in rows:
        if booking_id is not None:
            bookings_of[booking_id].add(owner[pk])
    locators = dict(
        Booking.objects.filter(pk__in=list(bookings_of), masked_at__isnull=True).values_list(
            "pk", "record_locator"
        )
    )
    own_keys = {key for _pk, key, _f, _b in rows}
    others = (
        Traveller.objects.filter(booking_id__in=list(locators), masked_at__isnull=True)
        .exclude(identity_key__in=own_keys)
        .values_list("pk", "identity_key", "booking_id")[:ROWS]
    )
    found = []
    for pk, key, booking_id in others:
        reason = _("same booking %(locator)s") % {"locator": locators[booking_id]}
        for person in bookings_of[booking_id]:
            found.append(_Neighbour(person, pk, key, reason, f"booking-{booking_id}", reason))
    return found


def _shared_values(
    people: dict[str, set[int]], rows: list[tuple[int, str, int, int | None]]
) -> tuple[list[_Neighbour], dict[str, tuple[str, int]]]:
    """People of other bookings holding a phone, e-mail, address, card or agency of
    ``people``'s bookings (four queries); and each shared value's node key → (label, how
    many other bookings hold it)."""
    owner = {pk: person for person, trips in people.items() for pk in trips}
    bookings_of: dict[int, set[str]] = defaultdict(set)
    for pk, _key, _flight, booking_id in rows:
        if booking_id is not None:
            bookings_of[booking_id].add(owner[pk])
    own = Identifier.objects.filter(
        booking_id__in=list(bookings_of),
        booking__masked_at__isnull=True,
        kind__in=LINKED_KINDS,
    ).filter(Q(traveller__isnull=True) | Q(traveller_id__in=list(owner)))
    holders: dict[tuple[str, str], set[str]] = defaultdict(set)
    for booking_id, traveller_id, kind, value in own.values_list(
        "booking_id", "traveller_id", "kind", "value"
    )[:ROWS]:
        holders[(kind, value)] |= (
            {owner[traveller_id]} if traveller_id in owner else bookings_of[booking_id]
        )
    if not holders:
        return [], {}
    elsewhere = (
        Identifier.objects.filter(value__in={value for _kind, value in holders})
        .filter(kind__in={kind for kind, _value in holders})
        .exclude(booking_id__in=list(bookings_of))
        .filter(booking__masked_at__isnull=True)
    )
    totals = {
        (kind, value): count
        for kind, value, count in elsewhere.values("kind", "value")
        .annotate(bookings=Count("booking_id", distinct=True))
        .values_list("kind", "value", "bookings")[:ROWS]
        if (kind, value) in holders
    }
    # At most a few rows per value: an agency shared by 100,000 bookings is counted, not read.
    ranked = (
        elsewhere.annotate(
            rank=Window(
                RowNumber(), partition_by=[F("kind"), F("value")], order_by=F("booking_id").desc()
            )
        )
        .filter(rank__lte=PER_KIND + 1)
        .values_list("booking_id", "traveller_id", "kind", "value")
    )
    sample = [row for row in ranked[:ROWS] if (row[2], row[3]) in holders]
    per_booking = [(b, k, v) for b, t, k, v in sample if t is None]
    per_traveller = {t: (k, v) for _b, t, k, v in sample if t is not None}
    values_of_booking: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for booking_id, kind, value in per_booking:
        values_of_booking[booking_id].append((kind, value))
    travellers = (
        Traveller.objects.filter(
            Q(booking_id__in=list(values_of_booking)) | Q(pk__in=list(per_traveller)),
            masked_at__isnull=True,
        )
        .exclude(identity_key__in={key for _pk, key, _f, _b in rows})
        .values_list("pk", "identity_key", "booking_id")[:ROWS]
    )
    labels = dict(Identifier.Kind.choices)
    found = []
    values: dict[str, tuple[str, int]] = {}
    for pk, key, booking_id in travellers:
        shared = list(values_of_booking.get(booking_id, []))
        if pk in per_traveller:
            shared.append(per_traveller[pk])
        for kind, value in shared:
            via = f"value-{kind}-{hashlib.sha256(value.encode()).hexdigest()[:12]}"
            label = f"{labels.get(kind, kind)} {value}"
            values[via] = (label, totals.get((kind, value), 0))
            for person in holders[(kind, value)]:
                found.append(
                    _Neighbour(person, pk, key, _("same %(what)s") % {"what": label}, via, label)
                )
    return found, values


def _neighbours(
    people: dict[str, set[int]],
) -> tuple[list[_Neighbour], list[tuple[int, str, int, int | None]], dict[str, tuple[str, int]]]:
    rows = _trip_rows(set().union(*people.values()))
    values: dict[str, tuple[str, int]]
    shared, values = _shared_values(people, rows)
    return [*_co_travel(people, rows), *_same_booking(people, rows), *shared], rows, values


def _centre_connectors(
    builder: _Builder,
    rows: list[tuple[int, str, int, int | None]],
    values: dict[str, tuple[str, int]],
) -> None:
    """The centre's own flights (with how many others flew), bookings and shared values."""
    centre = builder.graph.centre.key
    flight_ids = {flight_id for _pk, _key, flight_id, _b in rows}
    booking_ids = {booking_id for _pk, _key, _f, booking_id in rows if booking_id is not None}
    others = dict(
        Traveller.objects.filter(flight_id__in=flight_ids)
        .exclude(pk__in={pk for pk, _k, _f, _b in rows})
        .values("flight_id")
        .annotate(n=Count("pk"))
        .values_list("flight_id", "n")
    )
    for flight in (
        Flight.objects.filter(pk__in=flight_ids)
        .select_related("carrier")
        .order_by("-departure")[: PER_KIND * 3]
    ):
        node = builder.add(
            Node(
                key=f"flight-{flight.pk}",
                kind="flight",
                label=str(flight),
                depth=1,
                parent=centre,
                flight_id=flight.pk,
                count=others.get(flight.pk, 0),
                reasons=[f"{flight.origin} → {flight.destination}"],
            )
        )
        if node is not None:
            builder.edge(centre, node.key, _("flew"))
    for booking in Booking.objects.filter(
        pk__in=booking_ids, masked_at__isnull=True
    ).select_related("carrier")[:PER_KIND]:
        node = builder.add(
            Node(
                key=f"booking-{booking.pk}",
                kind="booking",
                label=str(booking),
                depth=1,
                parent=centre,
                booking_id=booking.pk,
            )
        )
        if node is not None:
            builder.edge(centre, node.key, _("booked"))
    for via, (label, total) in values.items():
        node = builder.add(
            Node(key=via, kind="identifier", label=label, depth=1, parent=centre, count=total)
        )
        if node is not None:
            builder.edge(centre, node.key, _("holds"))


def _place(builder: _Builder, found: list[_Neighbour], level: int) -> dict[str, int]:
    """Add the people found at ``level``; returns each new person's key → a trip id."""
    new: dict[str, int] = {}
    linked: dict[tuple[str, str], set[str]] = defaultdict(set)
    for neighbour in found:
        source = builder.by_key.get(neighbour.source)
        if source is None:
            continue
        if level > 1 and neighbour.via in builder.by_key:
            continue  # a flight, booking or value already drawn shows this link
        parent = neighbour.via if level == 1 and neighbour.via in builder.by_key else source.key
        key = builder.person_of_identity.get(neighbour.identity_key)
        if key is None:
            if builder.shown[(source.key, neighbour.group)] >= PER_KIND * (2 if level == 1 else 1):
                builder.count_more(parent, neighbour.group, level)
                builder.person_of_identity[neighbour.identity_key] = ""
                continue
            node = builder.add(
                Node(
                    key=f"person-{neighbour.traveller_id}",
                    kind="person",
                    label="",
                    depth=level,
                    parent=parent,
                    traveller_id=neighbour.traveller_id,
                )
            )
            if node is None:
                continue
            builder.shown[(source.key, neighbour.group)] += 1
            builder.person_of_identity[neighbour.identity_key] = node.key
            new[node.key] = neighbour.traveller_id
            key = node.key
        if not key:
            continue  # counted in a "+N more"
        node = builder.by_key[key]
        if neighbour.reason not in node.reasons and key != source.key:
            node.reasons.append(neighbour.reason)
        pair = (parent, key)
        if neighbour.reason not in linked[pair]:
            linked[pair].add(neighbour.reason)
            builder.edge(parent, key, neighbour.reason)
    return new


def _describe(builder: _Builder) -> None:
    """Names, hits, trips and case of every person drawn (one query)."""
    centre = builder.graph.centre.key
    keys = {
        identity: node
        for identity, node in builder.person_of_identity.items()
        if node and node != centre
    }
    if not keys:
        return
    rows = (
        Traveller.objects.filter(identity_key__in=list(keys), masked_at__isnull=True)
        .annotate(hit_count=Count("hits"))
        .values_list(
            "pk",
            "identity_key",
            "surname",
            "given_names",
            "hit_count",
            "case__pk",
            "flight__departure",
        )
        .order_by("flight__departure", "pk")[:ROWS]
    )
    for pk, identity, surname, given, hits, case_id, _departure in rows:
        node = builder.by_key[keys[identity]]
        node.label = f"{surname}, {given}".strip(", ")
        node.hits += hits
        node.trips += 1
        if case_id is not None:
            node.case_id, node.traveller_id = case_id, pk  # the latest trip with a case
        elif node.case_id is None:
            node.traveller_id = pk


def _hits_first(found: list[_Neighbour]) -> list[_Neighbour]:
    """``found`` with the people who have hits first (one query), so that the caps never
    hide a hit behind a "+N more"."""
    keys = {neighbour.identity_key for neighbour in found}
    hits = dict(
        Traveller.objects.filter(identity_key__in=keys, masked_at__isnull=True)
        .values("identity_key")
        .annotate(n=Count("hits"))
        .filter(n__gt=0)
        .values_list("identity_key", "n")[:ROWS]
    )
    return sorted(found, key=lambda neighbour: -hits.get(neighbour.identity_key, 0))


def traveller_links(*, user: User, traveller: Traveller, depth: int = 1) -> LinkGraph:
    """The people linked to ``traveller``'s person across trips and bookings, up to
    ``depth`` (1–3) hops; aggregated and capped (module docstring)."""
    _require(user)
    depth = min(max(depth, 1), MAX_DEPTH)
    centre = Node(
        key=f"person-{traveller.pk}",
        kind="centre",
        label=str(traveller),
        depth=0,
        traveller_id=traveller.pk,
    )
    graph = LinkGraph(centre=centre, depth=depth, nodes=[centre])
    if traveller.masked_at is not None:
        return graph
    builder = _Builder(graph=graph, by_key={centre.key: centre})
    trips = set(_same_person([traveller.pk]).get(traveller.pk, {traveller.pk: ""}))
    frontier = {centre.key: trips}
    for level in range(1, depth + 1):
        found, rows, values = _neighbours(frontier)
        for _pk, key, _f, _b in rows:
            builder.person_of_identity.setdefault(key, "")  # the frontier's own trips
        if level == 1:
            builder.person_of_identity.update({key: centre.key for _p, key, _f, _b in rows})
            _centre_connectors(builder, rows, values)
        new = _place(builder, _hits_first(found), level)
        if level == depth or not new or graph.truncated:
            break
        # The next level follows the people most worth following: those with hits first.
        seeds = list(new.items())[: EXPAND * 2]
        hits = dict(
            Traveller.objects.filter(pk__in=[pk for _key, pk in seeds])
            .annotate(n=Count("hits"))
            .values_list("pk", "n")
        )
        seeds.sort(key=lambda item: -hits.get(item[1], 0))
        same = _same_person([pk for _key, pk in seeds[:EXPAND]])
        frontier = {key: set(same.get(pk, {pk: ""})) for key, pk in seeds[:EXPAND]}
    _describe(builder)
    return graph


@dataclass(frozen=True, slots=True)
class SharedValue:
    """A phone, e-mail, address, card or agency of a booking, and the other bookings that
    hold it: ``total`` of them, the latest ``bookings`` (at most ``PER_KIND``) shown."""

    label: str
    total: int
    bookings: list[Booking]


def booking_links(*, user: User, booking: Booking) -> list[SharedValue]:
    """The values ``booking`` shares with other bookings (three queries); none once masked."""
    _require(user)
    if booking.masked_at is not None:
        return []
    mine = {
        (identifier.kind, identifier.value)
        for identifier in booking.identifiers.all()
        if identifier.kind in LINKED_KINDS
    }
    if not mine:
        return []
    elsewhere = (
        Identifier.objects.filter(value__in={value for _kind, value in mine})
        .filter(kind__in={kind for kind, _value in mine})
        .exclude(booking_id=booking.pk)
        .filter(booking__masked_at__isnull=True)
    )
    totals = {
        (kind, value): count
        for kind, value, count in elsewhere.values("kind", "value")
        .annotate(bookings=Count("booking_id", distinct=True))
        .values_list("kind", "value", "bookings")[:ROWS]
        if (kind, value) in mine
    }
    ranked = (
        elsewhere.values("kind", "value", "booking_id")
        .distinct()
        .annotate(
            rank=Window(
                RowNumber(), partition_by=[F("kind"), F("value")], order_by=F("booking_id").desc()
            )
        )
        .filter(rank__lte=PER_KIND)
        .values_list("kind", "value", "booking_id")[:ROWS]
    )
    sample = [row for row in ranked if (row[0], row[1]) in mine]
    bookings = Booking.objects.select_related("carrier").in_bulk(
        {booking_id for _k, _v, booking_id in sample}
    )
    labels = dict(Identifier.Kind.choices)
    shared = []
    for kind, value in sorted(totals, key=lambda p: (totals[p], str(labels.get(p[0])), p[1])):
        shown = [bookings[b] for k, v, b in sample if (k, v) == (kind, value) and b in bookings]
        shared.append(SharedValue(f"{labels.get(kind, kind)} {value}", totals[kind, value], shown))
    return shared


# ----------------------------------------------------------------------------- drawing


@dataclass(frozen=True, slots=True)
class Placed:
    node: Node
    x: float
    y: float
    labelled: bool


@dataclass(frozen=True, slots=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    reason: str


@dataclass(frozen=True, slots=True)
class Drawing:
    x: int  # the view box
    y: int
    width: int
    height: int
    nodes: list[Placed]
    lines: list[Line]
    unlined: int  # links between people already drawn, listed in the table only


RING = 150  # pixels between rings, at least
SPACING = 16  # pixels between two dots on a ring, at least
LABEL_WEIGHT = 6  # a labelled node takes the room of this many dots
LABELLED = 60  # up to this many nodes every one is labelled; beyond, the ones that matter


def drawing(graph: LinkGraph) -> Drawing:
    """A radial tree: the person in the middle, their flights, bookings and shared values on
    the first ring, linked people further out, each subtree in a sector proportional to its
    weight (a labelled node weighs as much as a few dots), so a few hundred nodes stay apart.
    Beyond ``LABELLED`` nodes only the tree's lines are drawn and only the nodes that matter
    are labelled; the table beside the graph has every link."""
    many = len(graph.nodes) > LABELLED
    children: dict[str, list[Node]] = defaultdict(list)
    for node in graph.nodes[1:]:
        children[node.parent or graph.centre.key].append(node)

    def labelled(node: Node) -> bool:
        return not many or node.kind != "person" or node.hits > 0

    weight: dict[str, float] = {}

    def weigh(node: Node) -> float:
        own = LABEL_WEIGHT if labelled(node) else 1.0
        weight[node.key] = max(sum(weigh(child) for child in children[node.key]), own)
        return weight[node.key]

    weigh(graph.centre)

    def ring(node: Node) -> int:
        return 1 if node.kind in {"flight", "booking", "identifier"} else node.depth + 1

    # Each ring far enough out for its nodes to stay apart, and at least RING past the last.
    length: dict[int, float] = defaultdict(float)
    for node in graph.nodes[1:]:
        length[ring(node)] += SPACING * (LABEL_WEIGHT if labelled(node) else 1)
    radius_of = {0: 0.0}
    for number in range(1, max(length, default=1) + 1):
        radius_of[number] = max(radius_of[number - 1] + RING, length[number] / (2 * math.pi))
    where: dict[str, tuple[float, float]] = {graph.centre.key: (0.0, 0.0)}
    placed = [Placed(graph.centre, 0.0, 0.0, True)]

    def spread(key: str, start: float, end: float) -> None:
        at = start
        total = sum(weight[child.key] for child in children[key]) or 1.0
        for child in children[key]:
            share = (end - start) * weight[child.key] / total
            angle = at + share / 2
            radius = radius_of[ring(child)]
            x = round(radius * math.cos(angle), 1)
            y = round(radius * math.sin(angle), 1)
            where[child.key] = (x, y)
            placed.append(Placed(child, x, y, labelled(child)))
            spread(child.key, at, at + share)
            at += share

    spread(graph.centre.key, -math.pi / 2, 3 * math.pi / 2)
    tree = {(node.parent, node.key) for node in graph.nodes}
    drawn = [
        edge
        for edge in graph.edges
        if edge.source in where
        and edge.target in where
        and (not many or (edge.source, edge.target) in tree)
    ]
    lines = [Line(*where[edge.source], *where[edge.target], edge.reason) for edge in drawn]
    xs = [spot.x for spot in placed]
    ys = [spot.y for spot in placed]
    left, top = int(min(xs) - 110), int(min(ys) - 30)
    return Drawing(
        x=left,
        y=top,
        width=int(max(xs) + 110) - left,
        height=int(max(ys) + 40) - top,
        nodes=placed,
        lines=lines,
        unlined=len(graph.edges) - len(drawn),
    )
