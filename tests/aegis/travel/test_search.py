"""The PIU search (issue #21): every key, on a real GTAS booking; the access log; masked
travellers; bad input. Runs on SQLite (FTS5) and on PostgreSQL (``DATABASE_URL``: GIN
full-text indexes) — the same tests, through the vendor's own index."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from aegis import datasets
from aegis.core.models import User
from aegis.core.permissions import SYSTEM
from aegis.core.roles import Role
from aegis.travel import search
from aegis.travel.intake import message_receive
from aegis.travel.models import AccessLog, SearchEntry, Traveller
from aegis.travel.retention import retention_apply
from paxscreen.synthetic.traffic import PlantedTraveller
from tests.aegis.travel.conftest import paxlst

pytestmark = pytest.mark.django_db

# gtas-loader-pnr3.txt (GTAS project sample): booking 52865E on UA988 FRA-IAD, 30 Aug 2019,
# four travellers, one booking phone, an e-mail, a masked card and a passport each.
PNR3 = datasets.GTAS_PNRGOV / "gtas-loader-pnr3.txt"
EVERYONE = {"CHISOLM", "DOOLIN", "FENWICK", "WOO"}


@pytest.fixture
def booking() -> None:
    result = message_receive(content=PNR3.read_bytes(), door="command", actor=SYSTEM)
    assert (result.travellers, result.message.status) == (4, "loaded")


def surnames(user: User, **given: str) -> set[str]:
    terms, _purpose = search.search_terms({"purpose": "test", **given})
    found = search.found_ids(search.travel_search(user=user, terms=terms))
    return {t.surname for t in search.travellers_for(found.ids)}


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"document": "276222776"}, {"DOOLIN"}),
        ({"document": "872 204 801"}, {"CHISOLM"}),
        ({"locator": "52865e"}, EVERYONE),
        ({"phone": "301698209441"}, EVERYONE),
        ({"phone": "+1 (301) 698-209441"}, EVERYONE),
        ({"phone": "820 9441"}, EVERYONE),  # the last seven digits
        ({"phone": "301 698 209442"}, set()),
        ({"email": "Merle.Chisolm@yahoo.com"}, {"CHISOLM"}),
        ({"card": "6976"}, {"CHISOLM"}),
        ({"card": "XXXX XXXX XXXX 6117"}, {"WOO"}),
        ({"name": "peter doolin"}, {"DOOLIN"}),
        ({"name": "Doolin, Peter"}, {"DOOLIN"}),
        ({"name": "Piter Dulin"}, {"DOOLIN"}),  # by sound
        ({"name": "Питер Дулин"}, {"DOOLIN"}),  # Cyrillic, transliterated then by sound
        ({"name": "merle"}, {"CHISOLM"}),
        ({"name": "peter chisolm"}, set()),  # every name word must match
        ({"flight": "UA988"}, EVERYONE),
        ({"flight": "ua 0988", "date_from": "2019-08-30", "date_to": "2019-08-30"}, EVERYONE),
        ({"flight": "UA988", "date_from": "2019-08-31"}, set()),
        ({"date_from": "2019-08-01", "date_to": "2019-08-31"}, EVERYONE),
        ({"locator": "52865E", "card": "8534"}, {"FENWICK"}),
        ({"document": "999999999"}, set()),
    ],
    ids=lambda value: ",".join(sorted(value)) if isinstance(value, set) else str(value),
)
def test_each_key_finds_the_travellers_of_a_past_gtas_booking(
    given: dict[str, str], expected: set[str], booking: None, make_user: Callable[..., User]
) -> None:
    assert surnames(make_user(Role.PIU_ANALYST), **given) == expected


def test_a_fuzzy_name_finds_a_spelling_variant_on_a_manifest(
    make_user: Callable[..., User],
) -> None:
    planted = PlantedTraveller(
        "AL-RASHID", ("MUHAMMAD",), dt.date(1980, 5, 1), "M", "IRQ", "X1234567"
    )
    message_receive(content=paxlst(planted, travellers=8), door="command", actor=SYSTEM)
    analyst = make_user(Role.PIU_ANALYST)

    assert surnames(analyst, name="Mohammed Alrashid") == {"AL-RASHID"}
    assert surnames(analyst, name="محمد الرشيد") == {"AL-RASHID"}


def test_a_past_flight_is_listed_by_its_designator_and_dates(
    booking: None, piu_client: Callable[..., Client]
) -> None:
    response = piu_client(Role.PIU_ANALYST).get(
        reverse("travel:search"), {"flight": "UA988", "purpose": "flights of August 2019"}
    )

    assert response.status_code == 200
    assert [
        f"{f.carrier.code}{f.number} {f.departure:%Y-%m-%d}" for f in response.context["flights"]
    ] == ["UA988 2019-08-30"]
    assert response.context["total"] == 4


def test_the_page_shows_documents_booking_and_flight_of_each_traveller(
    booking: None, piu_client: Callable[..., Client]
) -> None:
    response = piu_client(Role.PIU_ANALYST).get(
        reverse("travel:search"), {"card": "6976", "purpose": "card 6976, case 12"}
    )

    page = response.content.decode()
    traveller = Traveller.objects.get(surname="CHISOLM")
    assert response.status_code == 200
    assert f'href="/piu/travellers/{traveller.pk}/"' in page
    assert "872204801" in page
    assert "52865E" in page
    assert "UA988" in page
    assert "30 Aug 2019" in page


def test_every_search_is_in_the_access_log_with_its_terms_and_purpose(
    booking: None, make_user: Callable[..., User], piu_client: Callable[..., Client]
) -> None:
    analyst = make_user(Role.PIU_ANALYST, username="nadia")
    client = piu_client(None, user=analyst)

    client.get(
        reverse("travel:search"),
        {"name": "Peter Doolin", "date_from": "2019-08-01", "purpose": "Case 41: other trips"},
    )
    client.get("/api/v1/travel/search/", {"document": "276222776", "purpose": "Referral 7 check"})

    entries = AccessLog.objects.filter(action=AccessLog.Action.SEARCH).order_by("pk")
    assert [(e.user, e.what, e.label, e.purpose, e.count) for e in entries] == [
        (analyst, "search", 'name "Peter Doolin"; from 2019-08-01', "Case 41: other trips", 1),
        (analyst, "search", 'document "276222776"', "Referral 7 check", 1),
    ]


def test_a_search_refused_to_a_liaison_officer_is_logged_as_refused(
    piu_client: Callable[..., Client], make_user: Callable[..., User]
) -> None:
    liaison = make_user(Role.AGENCY_LIAISON)

    page = piu_client(None, user=liaison).get(reverse("travel:search"), {"name": "X"})
    api = piu_client(None, user=liaison).get("/api/v1/travel/search/", {"name": "X"})

    assert (page.status_code, api.status_code) == (403, 403)
    assert list(AccessLog.objects.values_list("user", "action", "what")) == [
        (liaison.pk, "refused", "search"),
        (liaison.pk, "refused", "search"),
    ]


def _mask_all() -> None:
    departure = Traveller.objects.order_by("-flight__departure").first().flight.departure
    result = retention_apply(now=departure + dt.timedelta(days=200))
    assert result.masked_travellers == 4


def test_a_masked_traveller_is_found_by_a_supervisor_only(
    booking: None, make_user: Callable[..., User]
) -> None:
    doolin = Traveller.objects.get(surname="DOOLIN").pk
    _mask_all()

    analyst, supervisor = make_user(Role.PIU_ANALYST), make_user(Role.PIU_SUPERVISOR)
    for given in ({"document": "276222776"}, {"name": "Piter Dulin"}, {"card": "2580"}):
        terms, _purpose = search.search_terms({"purpose": "authorised review", **given})
        as_analyst = search.found_ids(search.travel_search(user=analyst, terms=terms))
        as_supervisor = search.found_ids(search.travel_search(user=supervisor, terms=terms))
        assert (as_analyst.ids, as_supervisor.ids) == ([], [doolin])


def test_a_masked_travellers_entry_holds_no_readable_word(booking: None) -> None:
    _mask_all()

    entries = list(SearchEntry.objects.values_list("masked", "names", "keys"))
    assert len(entries) == 4
    text = " ".join(names + " " + keys for _masked, names, keys in entries).lower()
    assert all(masked for masked, _names, _keys in entries)
    assert all(word.startswith("h") and len(word) == 25 for word in text.split())
    for needle in ("doolin", "peter", "276222776", "52865e", "2580", "gmail"):
        assert needle not in text


def test_the_supervisor_page_shows_a_masked_traveller_as_masked(
    booking: None, make_user: Callable[..., User], piu_client: Callable[..., Client]
) -> None:
    _mask_all()

    supervisor = piu_client(Role.PIU_SUPERVISOR).get(
        reverse("travel:search"), {"document": "276222776", "purpose": "authorised review 3"}
    )
    analyst = piu_client(Role.PIU_ANALYST).get(
        reverse("travel:search"), {"document": "276222776", "purpose": "authorised review 3"}
    )

    assert supervisor.context["total"] == 1
    assert "masked</span>" in supervisor.content.decode()
    assert "DOOLIN" not in supervisor.content.decode()
    assert analyst.context["total"] == 0


def test_a_traveller_checked_in_through_the_interactive_api_is_found(
    make_user: Callable[..., User],
) -> None:
    from aegis.travel.iapi import CheckedTraveller, interactive_check
    from aegis.travel.models import Carrier

    account = make_user(None, username="carrier-lh")
    from django.contrib.auth.models import Permission

    account.user_permissions.add(Permission.objects.get(codename="submit_carriermessage"))
    account = User.objects.get(pk=account.pk)
    carrier = Carrier.objects.create(code="LH", name="Lufthansa", account=account)
    interactive_check(
        actor=account,
        carrier=carrier,
        check=CheckedTraveller(
            flight_number="400",
            origin="FRA",
            destination="JFK",
            departure=dt.datetime(2026, 12, 20, 10, 0, tzinfo=dt.UTC),
            surname="OKONKWO",
            given_names="CHIDI",
            date_of_birth=dt.date(1985, 1, 2),
            document_number="A01234567",
        ),
    )

    analyst = make_user(Role.PIU_ANALYST)
    assert surnames(analyst, document="A01234567") == {"OKONKWO"}
    assert surnames(analyst, name="Chidi Okonkwo", flight="LH400") == {"OKONKWO"}


BAD_INPUT = [
    ({"purpose": "why"}, "__all__", "Give at least one term"),
    ({"name": "DOOLIN"}, "purpose", "State the purpose of this search"),
    ({"name": "D" * 201, "purpose": "x"}, "name", "At most 200 characters (this has 201)."),
    ({"name": "DOO\x00LIN", "purpose": "x"}, "name", "Remove the control characters"),
    ({"purpose": "x\x00"}, "purpose", "Remove the control characters"),
    ({"name": "!!! ---", "purpose": "x"}, "name", "The name has no letters to search for."),
    ({"date_from": "2019-13-01", "purpose": "x"}, "date_from", "Enter a date as YYYY-MM-DD"),
    ({"date_to": "yesterday", "purpose": "x"}, "date_to", "Enter a date as YYYY-MM-DD"),
    (
        {"date_from": "2019-09-01", "date_to": "2019-08-01", "purpose": "x"},
        "date_to",
        "The end date is before the start date.",
    ),
    ({"card": "12", "purpose": "x"}, "card", "Give the last four digits of the card."),
    ({"phone": "+1-()", "purpose": "x"}, "phone", "Give at least four digits"),
    ({"flight": "to Paris", "purpose": "x"}, "flight", "Write the flight as carrier and number"),
    ({"document": "//", "purpose": "x"}, "document", "This term has no letters or digits."),
]


@pytest.mark.parametrize(("given", "field", "message"), BAD_INPUT, ids=str)
def test_bad_input_is_refused_with_a_clear_error_on_the_page_and_the_api(
    given: dict[str, str], field: str, message: str, piu_client: Callable[..., Client]
) -> None:
    client = piu_client(Role.PIU_ANALYST)

    page = client.get(reverse("travel:search"), given)
    api = client.get("/api/v1/travel/search/", given)

    assert page.status_code == 400
    assert any(message in error for error in page.context["errors"][field])
    assert api.status_code == 400
    api_field = "non_field_errors" if field == "__all__" else field
    assert any(message in error for error in api.json()["errors"][api_field])
    assert not AccessLog.objects.filter(action=AccessLog.Action.SEARCH).exists()


def test_the_api_answers_travellers_with_flight_booking_and_case(
    booking: None, piu_client: Callable[..., Client]
) -> None:
    response = piu_client(Role.PIU_ANALYST).get(
        "/api/v1/travel/search/", {"email": "fen.woo@yahoo.com", "purpose": "case 9"}
    )

    body: dict[str, Any] = response.json()
    assert response.status_code == 200
    assert (body["count"], body["more"], body["flights"]) == (1, False, [])
    [found] = body["results"]
    assert (found["surname"], found["documents"], found["booking"], found["case"]) == (
        "WOO",
        ["270398251"],
        "52865E",
        None,
    )
    assert (found["flight"]["carrier"], found["flight"]["number"]) == ("UA", "988")


def test_the_vendors_own_full_text_index_is_in_place() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'travel_searchentry' "
                "AND indexdef LIKE '%%to_tsvector%%' ORDER BY indexname"
            )
            assert [row[0] for row in cursor.fetchall()] == [
                "travel_search_keys_fts",
                "travel_search_names_fts",
            ]
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE name LIKE 'travel_search_%' "
                "AND type IN ('table', 'trigger') AND name NOT LIKE '%fts_%' "
                "AND name != 'travel_searchentry' ORDER BY name"
            )
            assert [row[0] for row in cursor.fetchall()] == [
                "travel_search_ad",
                "travel_search_ai",
                "travel_search_au",
                "travel_search_fts",
            ]


def test_a_deleted_flight_takes_its_entries_out_of_the_index(
    booking: None, make_user: Callable[..., User]
) -> None:
    departure = Traveller.objects.order_by("-flight__departure").first().flight.departure

    retention_apply(now=departure + dt.timedelta(days=6 * 365))

    assert SearchEntry.objects.count() == 0
    assert surnames(make_user(Role.PIU_SUPERVISOR), locator="52865E") == set()
