"""The access log an auditor can use (deliverable 6 of the integrity issue): entries name
their record with a link while it exists, lists of names, back-tests and refused attempts
are in it, and the page filters by user, record and days, pages, and exports CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aegis.core.models import Organisation, User
from aegis.core.permissions import SYSTEM
from aegis.core.roles import Role
from aegis.travel import access, services
from aegis.travel.intake import message_receive
from aegis.travel.models import AccessLog, Case, Flight, Referral, Traveller
from tests.aegis.travel.conftest import GTAS
from tests.aegis.travel.factories import HitFactory, TravellerFactory

pytestmark = pytest.mark.django_db

R = Role


def _entries(*fields: str) -> list[tuple[object, ...]]:
    return list(AccessLog.objects.order_by("pk").values_list(*fields))


@pytest.fixture
def gtas_flight() -> Flight:
    """A real GTAS sample, loaded through intake."""
    content = (GTAS / "pnr-messages" / "gtas-loader-infant.edi").read_bytes()
    message_receive(content=content, door="command", actor=SYSTEM)
    return Flight.objects.get()


# ----------------------------------------------------------------------------- what is logged


def test_a_record_page_names_the_record_and_links_to_it_while_it_exists(
    gtas_flight: Flight, make_user: Callable[..., User], piu_client: Callable[..., Client]
) -> None:
    traveller = gtas_flight.travellers.order_by("pk").first()
    pk = traveller.pk
    analyst = make_user(R.PIU_ANALYST, username="nadia")
    supervisor = piu_client(R.PIU_SUPERVISOR)
    piu_client(None, user=analyst).get(reverse("travel:traveller", args=[traveller.pk]))
    label = f"{traveller} ({gtas_flight})"

    before = supervisor.get(reverse("travel:access_log"))
    traveller.delete()
    after = supervisor.get(reverse("travel:access_log"))

    assert _entries("user__username", "action", "record_kind", "object_id", "label") == [
        ("nadia", "view", "traveller", str(pk), label)
    ]
    link = f'<a href="{reverse("travel:traveller", args=[pk])}">{label}</a>'
    assert link in before.content.decode()
    assert link not in after.content.decode()
    assert f'<span class="muted">{label}</span>' in after.content.decode()


def test_list_pages_of_names_are_logged_with_how_many_they_showed(
    gtas_flight: Flight, make_user: Callable[..., User], piu_client: Callable[..., Client]
) -> None:
    for _ in range(3):
        HitFactory()
    analyst = make_user(R.PIU_ANALYST, username="nadia")
    client = piu_client(None, user=analyst)
    passengers = gtas_flight.travellers.count()

    client.get(reverse("travel:cases"))
    client.get(reverse("travel:flight", args=[gtas_flight.pk]))

    assert _entries("action", "what", "record_kind", "object_id", "count", "path") == [
        ("list", "case list", "", "", 3, "/piu/cases/"),
        (
            "list",
            "flight passenger list",
            "flight",
            str(gtas_flight.pk),
            passengers,
            f"/piu/flights/{gtas_flight.pk}/",
        ),
    ]


def test_the_api_case_list_of_up_to_500_is_logged_with_its_count(
    make_user: Callable[..., User], piu_client: Callable[..., Client]
) -> None:
    cases = [HitFactory().case for _ in range(7)]
    analyst = make_user(R.PIU_ANALYST)

    listed = piu_client(None, user=analyst).get("/api/v1/travel/cases/?page_size=500")

    assert len(listed.json()["results"]) == len(cases)
    assert _entries("user", "action", "what", "count", "path") == [
        (analyst.pk, "list", "case list", 7, "/api/v1/travel/cases/?page_size=500")
    ]


def test_the_api_lists_travellers_of_a_flight_or_a_surname_and_logs_it(
    gtas_flight: Flight, make_user: Callable[..., User], piu_client: Callable[..., Client]
) -> None:
    analyst = make_user(R.PIU_ANALYST)
    client = piu_client(None, user=analyst)
    first = gtas_flight.travellers.order_by("pk").first()
    surname = first.surname.lower()

    whole = client.get("/api/v1/travel/travellers/")
    of_flight = client.get(f"/api/v1/travel/travellers/?flight={gtas_flight.pk}")
    of_name = client.get(f"/api/v1/travel/travellers/?surname={surname}")
    bad = client.get("/api/v1/travel/travellers/?flight=x1")

    assert whole.status_code == 400
    assert whole.json()["errors"] == {
        "flight": ["Give a flight id or a surname: travellers are not listed whole."]
    }
    assert bad.status_code == 400
    assert "flight" in bad.json()["errors"]
    assert {row["id"] for row in of_flight.json()["results"]} == set(
        gtas_flight.travellers.values_list("pk", flat=True)
    )
    by_name = Traveller.objects.filter(surname__iexact=surname).count()
    assert [row["surname"] for row in of_name.json()["results"]] == [first.surname] * by_name
    assert _entries("action", "what", "count", "path") == [
        (
            "list",
            "traveller list",
            gtas_flight.travellers.count(),
            f"/api/v1/travel/travellers/?flight={gtas_flight.pk}",
        ),
        ("list", "traveller list", by_name, f"/api/v1/travel/travellers/?surname={surname}"),
    ]


def test_a_rule_back_test_is_logged_with_the_rule_and_the_travellers_it_selected(
    make_user: Callable[..., User], piu_client: Callable[..., Client]
) -> None:
    yesterday = timezone.now() - dt.timedelta(days=1)
    for nationality in ("YEM", "SAU", "FRA"):
        TravellerFactory(nationality=nationality, flight__departure=yesterday)
    analyst = make_user(R.PIU_ANALYST)
    rule = services.rule_create(
        actor=analyst,
        name="Conflict zones",
        conditions=[{"field": "nationality", "op": "in", "value": "SAU, YEM"}],
    )

    piu_client(None, user=analyst).get(reverse("travel:rule", args=[rule.pk]) + "?test=1")

    assert _entries("action", "record_kind", "object_id", "label", "count", "purpose") == [
        ("backtest", "rule", str(rule.pk), "Conflict zones", 2, "Nationality is one of SAU, YEM")
    ]


def test_refused_attempts_on_piu_records_are_logged(
    organisation: Organisation,
    make_user: Callable[..., User],
    piu_client: Callable[..., Client],
) -> None:
    referred, other = HitFactory().case, HitFactory().case
    referred.status = Case.Status.IN_REVIEW
    referred.save()
    Referral.objects.create(case=referred, agency=organisation, agency_kind="police", reason="x")
    liaison = make_user(R.AGENCY_LIAISON, username="liaison")
    viewer = make_user(R.VIEWER, username="viewer")
    traveller = other.traveller

    liaison_client = piu_client(None, user=liaison)
    answers = [
        liaison_client.get(reverse("travel:case", args=[other.pk])).status_code,
        liaison_client.post(
            reverse("travel:case_transition", args=[other.pk, "close"])
        ).status_code,
        liaison_client.get(f"/api/v1/travel/cases/{other.pk}/").status_code,
        liaison_client.get(f"/api/v1/travel/travellers/{traveller.pk}/").status_code,
        piu_client(None, user=viewer)
        .get(reverse("travel:traveller", args=[traveller.pk]))
        .status_code,
        liaison_client.get(reverse("travel:case", args=[999999])).status_code,
    ]

    assert answers == [404, 404, 404, 403, 403, 404]
    case_label, traveller_label = f"Case {other}", f"{traveller} ({traveller.flight})"
    assert _entries("user__username", "action", "record_kind", "object_id", "label", "path") == [
        ("liaison", "refused", "case", str(other.pk), case_label, f"/piu/cases/{other.pk}/"),
        (
            "liaison",
            "refused",
            "case",
            str(other.pk),
            case_label,
            f"/piu/cases/{other.pk}/close/",
        ),
        (
            "liaison",
            "refused",
            "case",
            str(other.pk),
            case_label,
            f"/api/v1/travel/cases/{other.pk}/",
        ),
        (
            "liaison",
            "refused",
            "traveller",
            str(traveller.pk),
            traveller_label,
            f"/api/v1/travel/travellers/{traveller.pk}/",
        ),
        (
            "viewer",
            "refused",
            "traveller",
            str(traveller.pk),
            traveller_label,
            f"/piu/travellers/{traveller.pk}/",
        ),
        ("liaison", "refused", "case", "999999", "", "/piu/cases/999999/"),
    ]


def test_what_a_liaison_may_see_is_logged_as_seen_not_refused(
    organisation: Organisation, make_user: Callable[..., User], piu_client: Callable[..., Client]
) -> None:
    case = HitFactory(case__status=Case.Status.IN_REVIEW).case
    Referral.objects.create(case=case, agency=organisation, agency_kind="police", reason="x")
    liaison = make_user(R.AGENCY_LIAISON)

    piu_client(None, user=liaison).get(reverse("travel:case", args=[case.pk]))

    assert _entries("action", "record_kind", "object_id") == [("view", "case", str(case.pk))]


# ----------------------------------------------------------------------------- the page


@pytest.fixture
def log(make_user: Callable[..., User]) -> dict[str, object]:
    """Entries by two users on three days, about a traveller and a case."""
    nadia = make_user(R.PIU_ANALYST, username="nadia")
    omar = make_user(R.PIU_ANALYST, username="omar")
    case = HitFactory().case
    traveller = case.traveller
    days = [dt.datetime(2026, 11, day, 10, 0, tzinfo=dt.UTC) for day in (1, 2, 3)]
    entries = [
        access.record(
            user=nadia, action="view", what="traveller", kind="traveller", object_id=traveller.pk
        ),
        access.record(user=omar, action="view", what="case", kind="case", object_id=case.pk),
        access.record(user=nadia, action="view", what="case", kind="case", object_id=case.pk),
    ]
    for entry, day in zip(entries, days, strict=True):
        AccessLog.objects.filter(pk=entry.pk).update(at=day)
    return {"nadia": nadia, "omar": omar, "case": case, "traveller": traveller, "entries": entries}


def _shown(response: object) -> list[int]:
    return [entry.pk for entry in response.context["page_obj"]]  # type: ignore[attr-defined]


def test_the_page_filters_by_user_record_and_days(
    log: dict[str, object], piu_client: Callable[..., Client]
) -> None:
    client = piu_client(R.PIU_SUPERVISOR)
    first, second, third = (entry.pk for entry in log["entries"])  # type: ignore[attr-defined]
    url = reverse("travel:access_log")
    nadia = log["nadia"].pk  # type: ignore[attr-defined]
    case = log["case"].pk  # type: ignore[attr-defined]

    assert _shown(client.get(url, {"user": nadia})) == [third, first]
    assert _shown(client.get(url, {"kind": "case", "record": case})) == [third, second]
    assert _shown(client.get(url, {"since": "2026-11-02", "until": "2026-11-02"})) == [second]
    assert _shown(client.get(url, {"since": "2026-11-02"})) == [third, second]
    assert _shown(client.get(url, {"user": nadia, "kind": "case", "record": case})) == [third]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"since": "2026-11-31"}, "since", "Enter a valid date."),
        ({"since": "2026-11-03", "until": "2026-11-01"}, "until", "The end date is before"),
        ({"record": "12"}, "kind", "Choose the kind of record the id is of."),
        ({"record": "-1", "kind": "case"}, "record", "greater than or equal to 1"),
        ({"kind": "passport"}, "kind", "Select a valid choice."),
    ],
)
def test_a_filter_that_cannot_be_read_says_why_and_shows_nothing(
    query: dict[str, str],
    field: str,
    message: str,
    log: dict[str, object],
    piu_client: Callable[..., Client],
) -> None:
    client = piu_client(R.PIU_SUPERVISOR)

    page = client.get(reverse("travel:access_log"), query)
    export = client.get(reverse("travel:access_log_export"), query)

    assert page.status_code == 200
    assert _shown(page) == []
    assert message in " ".join(page.context["form"].errors[field])
    assert export.status_code == 400
    assert export.content.decode().startswith(f"Nothing exported: {field}: ")
    assert message in export.content.decode()


def test_the_page_shows_fifty_entries_a_page(
    make_user: Callable[..., User], piu_client: Callable[..., Client]
) -> None:
    analyst = make_user(R.PIU_ANALYST)
    for number in range(60):
        access.record(user=analyst, action="view", what="case", kind="case", object_id=number)
    client = piu_client(R.PIU_SUPERVISOR)

    first = client.get(reverse("travel:access_log"), {"user": analyst.pk})
    second = client.get(reverse("travel:access_log"), {"user": analyst.pk, "page": 2})

    assert (len(_shown(first)), len(_shown(second))) == (50, 10)
    assert f"user={analyst.pk}&amp;page=2" in first.content.decode()


def test_the_csv_export_has_the_filtered_entries_and_keeps_formulas_as_text(
    log: dict[str, object], make_user: Callable[..., User], piu_client: Callable[..., Client]
) -> None:
    nadia = log["nadia"]
    flight = log["traveller"].flight  # type: ignore[attr-defined]
    access.record(
        user=nadia,  # type: ignore[arg-type]
        action="export",
        what="flight passenger list",
        kind="flight",
        object_id=flight.pk,
        purpose='=HYPERLINK("http://evil.example","ref")',
    )
    supervisor = make_user(R.PIU_SUPERVISOR, username="sara")

    response = piu_client(None, user=supervisor).get(
        reverse("travel:access_log_export"),
        {"user": nadia.pk},  # type: ignore[attr-defined]
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "when",
        "user",
        "action",
        "what",
        "record kind",
        "record id",
        "record",
        "count",
        "purpose",
        "address",
    ]
    traveller = log["traveller"]
    case = log["case"]
    assert [row[1:] for row in rows[1:]] == [
        [
            "nadia",
            "export",
            "flight passenger list",
            "flight",
            str(flight.pk),
            str(flight),
            "",
            '\'=HYPERLINK("http://evil.example","ref")',
            "",
        ],
        ["nadia", "view", "case", "case", str(case.pk), f"Case {case}", "", "", ""],  # type: ignore[attr-defined]
        [
            "nadia",
            "view",
            "traveller",
            "traveller",
            str(traveller.pk),  # type: ignore[attr-defined]
            f"{traveller} ({flight})",
            "",
            "",
            "",
        ],
    ]
    # The export itself is an export of what the log names: logged, with its filters.
    assert _entries("user__username", "action", "what", "path")[-1] == (
        "sara",
        "export",
        "access log",
        f"/piu/access-log/export/?user={nadia.pk}",  # type: ignore[attr-defined]
    )


def test_the_passenger_export_is_logged_with_its_purpose_and_keeps_formulas_as_text(
    make_user: Callable[..., User], piu_client: Callable[..., Client]
) -> None:
    traveller = TravellerFactory(surname="=1+1", given_names="@SUM(A1)")
    analyst = make_user(R.PIU_ANALYST, username="nadia")
    url = reverse("travel:flight_export", args=[traveller.flight_id])

    response = piu_client(None, user=analyst).post(url, {"purpose": "Border police, ref 4"})

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][:2] == ["'=1+1", "'@SUM(A1)"]
    assert _entries("user__username", "action", "record_kind", "object_id", "purpose") == [
        ("nadia", "export", "flight", str(traveller.flight_id), "Border police, ref 4")
    ]
