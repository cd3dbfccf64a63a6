"""PIU list pages and API lists run a fixed number of queries whatever their length (no N+1).

Each list is read after ``grow`` has added rows (and rows related to them), then again after
it has added as many more: both reads must run the same pinned number of queries.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from aegis.core.models import User
from aegis.core.permissions import SYSTEM
from aegis.core.roles import Role
from aegis.travel import services
from aegis.travel.intake import message_receive
from aegis.travel.models import Flight, Rule, TravelDocument, Watchlist
from tests.aegis.travel.conftest import MIRIAM, NATIONAL_LIST, paxlst
from tests.aegis.travel.factories import FlightFactory, HitFactory, TravellerFactory

pytestmark = pytest.mark.django_db

_SERIAL = itertools.count()


def _flight() -> Flight:
    return Flight.objects.get(number="4242")


def _more_travellers(supervisor: User) -> None:
    """Passengers of flight 4242, some with hits and documents, and cases on other flights."""
    flight = Flight.objects.filter(number="4242").first() or FlightFactory(
        number="4242", departure=timezone.now() + dt.timedelta(hours=2)
    )
    for number in range(4):
        traveller = TravellerFactory(flight=flight)
        TravelDocument.objects.create(
            traveller=traveller, document_type="P", number=f"X{next(_SERIAL)}"
        )
        if number % 2:
            HitFactory(case__traveller=traveller, traveller=traveller)
        HitFactory(
            case__traveller__flight=FlightFactory(
                departure=timezone.now() + dt.timedelta(hours=1 + number)
            )
        )


def _more_rules(supervisor: User) -> None:
    for _ in range(3):
        rule = services.rule_create(
            actor=supervisor,
            name=f"Rule {next(_SERIAL)}",
            conditions=[{"field": "kind", "op": "eq", "value": "passenger"}],
            severity=Rule.Severity.LOW,
        )
        services.rule_update(
            actor=supervisor, rule=rule, conditions=[{"field": "age", "op": "lt", "value": "20"}]
        )


def _more_watchlists(supervisor: User) -> None:
    name = f"National list {next(_SERIAL)}"
    for surname in ("Kestrel", "Osprey"):
        services.watchlist_load(
            actor=SYSTEM,
            name=name,
            content=NATIONAL_LIST.replace("Kestrel", surname),
            file_format=Watchlist.Format.CSV,
            rescreen=False,
        )


def _more_messages(supervisor: User) -> None:
    for _ in range(2):
        message_receive(content=paxlst(MIRIAM, seed=next(_SERIAL)), door="command", actor=SYSTEM)
    message_receive(content=b"UNA:+.? 'not an interchange", door="command", actor=SYSTEM)


def _more_access(supervisor: User) -> None:
    for _ in range(5):
        services.access_record(user=supervisor, what="case", object_id=next(_SERIAL), path="/")


@pytest.mark.parametrize(
    ("url", "grow", "queries"),
    [
        # + 1: the user's unread case notifications
        ("/piu/", _more_travellers, 12),
        # + 6: the notifications, the access-log entry of the list of names, the filters'
        # choices (PIU people, lists, rules) and the supervisor's bulk-assignment choices
        ("/piu/cases/", _more_travellers, 14),
        ("/piu/cases/?status=new", _more_travellers, 14),
        (lambda: f"/piu/flights/{_flight().pk}/", _more_travellers, 12),
        ("/piu/rules/", _more_rules, 8),
        # + 1: the runs whose worker is gone are marked failed (services.rescreen_expire)
        ("/piu/watchlists/", _more_watchlists, 10),
        ("/piu/messages/", _more_messages, 8),
        # + 2: which records still exist (one query a kind), the users of the filter
        ("/piu/access-log/", _more_access, 10),
        ("/api/v1/travel/flights/", _more_travellers, 8),
        # + 1: the access-log entry of the list of names
        ("/api/v1/travel/cases/", _more_travellers, 10),
    ],
)
def test_lists_run_the_same_queries_as_they_grow(
    url: str | Callable[[], str],
    grow: Callable[[User], None],
    queries: int,
    make_user: Callable[..., User],
    piu_client: Callable[..., Client],
) -> None:
    supervisor = make_user(Role.PIU_SUPERVISOR)
    client = piu_client(None, user=supervisor)
    grow(supervisor)
    path = url() if callable(url) else url
    client.get(path)  # warm the session and the role cache

    with CaptureQueriesContext(connection) as before:
        first = client.get(path)
    grow(supervisor)
    with CaptureQueriesContext(connection) as after:
        second = client.get(path)

    assert (first.status_code, second.status_code) == (200, 200)
    assert (len(before), len(after)) == (queries, queries)
