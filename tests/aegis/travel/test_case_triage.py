"""The case list for triage (issue 21, deliverable 3): sorted by departure, the columns an
analyst decides on, filters honoured on the page and in the API alike, a supervisor's bulk
assignment, comments and questions to other analysts in the History with the referrals,
and a decision form that chooses nothing in advance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from aegis.core.models import Organisation, User
from aegis.core.permissions import SYSTEM
from aegis.core.roles import Role
from aegis.travel import services
from aegis.travel.intake import message_receive
from aegis.travel.models import (
    Booking,
    Case,
    CaseNotification,
    CaseTask,
    Hit,
    Identifier,
    Referral,
    Watchlist,
)
from tests.aegis.travel.conftest import GTAS, MIRIAM, paxlst
from tests.aegis.travel.factories import FlightFactory, HitFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()
IAEA = "IAEA — International Atomic Energy Agency"


def _case_on(departure: dt.datetime, **hit: object) -> Case:
    flight = FlightFactory(departure=departure)
    return HitFactory(case__traveller__flight=flight, **hit).case


@pytest.fixture
def analyst(make_user: Callable[..., User]) -> User:
    return make_user(Role.PIU_ANALYST, username="nadia")


@pytest.fixture
def supervisor(make_user: Callable[..., User]) -> User:
    return make_user(Role.PIU_SUPERVISOR, username="omar")


def test_the_api_honours_the_status_filter(
    analyst: User, piu_client: Callable[..., Client]
) -> None:
    new = _case_on(NOW + dt.timedelta(days=2))
    closed = _case_on(NOW + dt.timedelta(days=1), case__status=Case.Status.CLOSED)

    response = piu_client(None, user=analyst).get("/api/v1/travel/cases/?status=new")

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [new.pk]
    assert closed.pk not in [row["id"] for row in response.json()["results"]]


def test_cases_are_sorted_by_departure_soonest_first_and_past_flights_after(
    analyst: User, piu_client: Callable[..., Client]
) -> None:
    may_2027 = _case_on(dt.datetime(2027, 5, 14, 8, tzinfo=dt.UTC), severity=3)
    in_two_days = _case_on(NOW + dt.timedelta(days=2), severity=1)
    tomorrow = _case_on(NOW + dt.timedelta(days=1), severity=1)
    yesterday = _case_on(NOW - dt.timedelta(days=1), severity=3)
    last_week = _case_on(NOW - dt.timedelta(days=7), severity=3)
    closed_soon = _case_on(NOW + dt.timedelta(hours=3), case__status=Case.Status.CLOSED)
    client = piu_client(None, user=analyst)

    page = client.get(reverse("travel:cases"))
    api = client.get("/api/v1/travel/cases/")

    expected = [tomorrow, in_two_days, may_2027, yesterday, last_week, closed_soon]
    assert [case.pk for case in page.context["page_obj"]] == [case.pk for case in expected]
    assert [row["id"] for row in api.json()["results"]] == [case.pk for case in expected]


def test_the_list_shows_departure_route_hit_type_best_score_rule_severity_assignee_and_age(
    analyst: User, piu_client: Callable[..., Client]
) -> None:
    departure = dt.datetime(2027, 5, 14, 8, 5, tzinfo=dt.UTC)
    case = _case_on(departure, score=Decimal("0.9312"))
    HitFactory(case=case, kind=Hit.Kind.WATCHLIST, score=Decimal("0.8800"), key="QDi.999")
    HitFactory(case=case, kind=Hit.Kind.RULE, key="rule:1", score=None, severity=2)
    services.case_transition(actor=analyst, case=case, transition="review")
    Case.objects.filter(pk=case.pk).update(opened_at=NOW - dt.timedelta(days=3, hours=1))

    response = piu_client(None, user=analyst).get(reverse("travel:cases"))
    api = piu_client(None, user=analyst).get("/api/v1/travel/cases/").json()["results"][0]

    row = response.content.decode().split(f'href="/piu/cases/{case.pk}/">{case.pk}</a>')[1]
    row = row.split("</tr>")[0]
    for text in ("Fri 14 May 2027, 08:05", "ZZ", "CDG → JFK", "Watchlist ×2", "Rule",
                 "0.93", "Medium", "In review", "nadia", "3\xa0days, 1\xa0hour"):  # fmt: skip
        assert text in row, text
    assert (api["hit_types"], api["best_score"], api["rule_severity"], api["route"]) == (
        ["watchlist", "rule"],
        "0.9312",
        2,
        "CDG-JFK",
    )


def _filtered_cases(
    national: Watchlist, analyst: User, other: User
) -> dict[str, tuple[str, list[Case]]]:
    """A case for each filter, and the query that must find it alone."""
    by_rule = _case_on(NOW + dt.timedelta(hours=5), kind=Hit.Kind.RULE, key="rule:9")
    on_list = _case_on(NOW + dt.timedelta(hours=6))
    Hit.objects.filter(case=on_list).update(watchlist_version=national.versions.get(), key="NAT-1")
    flight_909 = _case_on(NOW + dt.timedelta(hours=7))
    flight_909.flight.number = "909"
    flight_909.flight.save()
    on_15_may = _case_on(dt.datetime(2027, 5, 15, 9, tzinfo=dt.UTC))
    mine = _case_on(NOW + dt.timedelta(hours=9))
    services.case_transition(actor=analyst, case=mine, transition="review")
    others = _case_on(NOW + dt.timedelta(hours=10))
    services.case_transition(actor=other, case=others, transition="review")
    closed = _case_on(NOW + dt.timedelta(hours=11), case__status=Case.Status.CLOSED)
    return {
        "type": ("type=rule", [by_rule]),
        "list": (f"list={national.pk}", [on_list]),
        "flight": ("flight=ZZ909", [flight_909]),
        "flight number": ("flight=909", [flight_909]),
        "date": ("departure_from=2027-05-15&departure_to=2027-05-15", [on_15_may]),
        "assignee": (f"assignee={other.pk}", [others]),
        "me": ("assignee=me", [mine]),
        "status": ("status=closed", [closed]),
        "status and type": ("status=new&type=rule", [by_rule]),
    }


@pytest.mark.parametrize(
    "name",
    ["type", "list", "flight", "flight number", "date", "assignee", "me", "status",
     "status and type"],
)  # fmt: skip
@pytest.mark.parametrize("door", ["page", "api"])
def test_each_filter_is_honoured_on_the_page_and_in_the_api(
    name: str,
    door: str,
    *,
    national_list: object,
    analyst: User,
    make_user: Callable[..., User],
    piu_client: Callable[..., Client],
) -> None:
    national = Watchlist.objects.get(name="National list")
    cases = _filtered_cases(national, analyst, make_user(Role.PIU_ANALYST, username="karim"))
    query, expected = cases[name]
    client = piu_client(None, user=analyst)

    if door == "page":
        response = client.get(f"{reverse('travel:cases')}?{query}")
        found = [case.pk for case in response.context["page_obj"]]
    else:
        response = client.get(f"/api/v1/travel/cases/?{query}")
        found = [row["id"] for row in response.json()["results"]]

    assert response.status_code == 200
    assert found == [case.pk for case in expected]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [("status=open-ish", "status"), ("type=person", "type"), ("flight=ZZ-1'", "flight"),
     ("departure_from=15/05/2027", "departure_from"), ("list=999999", "list"),
     ("assignee=99999999999999999999999", "assignee"), ("order=random", "order")],
)  # fmt: skip
def test_a_bad_filter_is_a_400_naming_it_never_ignored(
    query: str, parameter: str, analyst: User, piu_client: Callable[..., Client]
) -> None:
    _case_on(NOW + dt.timedelta(days=1))
    client = piu_client(None, user=analyst)

    page = client.get(f"{reverse('travel:cases')}?{query}")
    api = client.get(f"/api/v1/travel/cases/?{query}")

    assert page.status_code == 400
    assert parameter in page.content.decode()
    assert api.status_code == 400
    assert list(api.json()["errors"]) == [parameter]


def test_583_open_cases_are_paged_by_25(analyst: User, piu_client: Callable[..., Client]) -> None:
    flight = FlightFactory(departure=NOW + dt.timedelta(days=1))
    for _ in range(583):
        HitFactory(case__traveller__flight=flight)
    client = piu_client(None, user=analyst)

    last = client.get(f"{reverse('travel:cases')}?status=open&page=24")
    api = client.get("/api/v1/travel/cases/?status=open").json()

    assert (last.context["page_obj"].paginator.count, len(last.context["page_obj"])) == (583, 8)
    assert (api["count"], len(api["results"])) == (583, 50)


def test_the_list_reads_in_a_fixed_number_of_queries_with_every_column(
    analyst: User, supervisor: User, piu_client: Callable[..., Client]
) -> None:
    def grow() -> None:
        for hours in range(5):
            case = _case_on(NOW + dt.timedelta(hours=hours + 1))
            HitFactory(case=case, kind=Hit.Kind.RULE, key=f"rule:{case.pk}", severity=1)
            services.case_transition(actor=analyst, case=case, transition="review")

    client = piu_client(None, user=supervisor)
    grow()
    client.get(reverse("travel:cases"))
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("travel:cases"))
    grow()
    grow()
    with CaptureQueriesContext(connection) as after:
        response = client.get(f"{reverse('travel:cases')}?status=open&type=rule")

    assert len(response.context["page_obj"]) == 15
    # session, user, second factor, roles, permissions, the filters' choices (people,
    # lists, rules), count, page, notifications, the bulk form's assignees, the access log
    assert (len(before), len(after)) == (14, 14)


# --------------------------------------------------------------------------- bulk assignment


def test_a_supervisor_assigns_the_ticked_cases_at_once(
    analyst: User, supervisor: User, piu_client: Callable[..., Client]
) -> None:
    first, second = _case_on(NOW + dt.timedelta(hours=1)), _case_on(NOW + dt.timedelta(hours=2))
    closed = _case_on(NOW + dt.timedelta(hours=3), case__status=Case.Status.CLOSED)
    client = piu_client(None, user=supervisor)

    response = client.post(
        reverse("travel:case_assign"),
        {"cases": [first.pk, second.pk, closed.pk], "assignee": analyst.pk, "next": "status=open"},
        follow=True,
    )

    assert response.redirect_chain == [("/piu/cases/?status=open", 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "2 cases assigned to nadia.",
        f"Not assigned, because closed: case {closed.pk}.",
    ]
    assert list(Case.objects.order_by("pk").values_list("assignee__username", flat=True)) == [
        "nadia",
        "nadia",
        None,
    ]
    assert CaseNotification.objects.filter(user=analyst).count() == 2
    assert Case.history.filter(id=first.pk, history_user=supervisor).exists()


@pytest.mark.parametrize("role", [Role.PIU_ANALYST, Role.AGENCY_LIAISON, Role.VIEWER])
def test_only_a_supervisor_assigns_in_bulk(
    role: Role, analyst: User, piu_client: Callable[..., Client]
) -> None:
    case = _case_on(NOW + dt.timedelta(hours=1))
    client = piu_client(role)

    page = client.post(reverse("travel:case_assign"), {"cases": [case.pk], "assignee": analyst.pk})
    api = client.post(
        "/api/v1/travel/cases/assign/",
        {"cases": [case.pk], "assignee": analyst.pk},
        content_type="application/json",
    )

    assert (page.status_code, api.status_code) == (403, 403)
    assert Case.objects.get().assignee is None
    with pytest.raises(PermissionDenied):
        services.case_assign_many(actor=analyst, cases=[case], assignee=analyst)


def test_the_api_assigns_in_bulk_and_names_what_it_left(
    analyst: User, supervisor: User, piu_client: Callable[..., Client]
) -> None:
    open_case = _case_on(NOW + dt.timedelta(hours=1))
    closed = _case_on(NOW + dt.timedelta(hours=2), case__status=Case.Status.CLOSED)
    client = piu_client(None, user=supervisor)

    done = client.post(
        "/api/v1/travel/cases/assign/",
        {"cases": [open_case.pk, closed.pk], "assignee": analyst.pk},
        content_type="application/json",
    )
    unknown = client.post(
        "/api/v1/travel/cases/assign/",
        {"cases": [open_case.pk], "assignee": supervisor.pk + 100},
        content_type="application/json",
    )

    assert (done.status_code, done.json()) == (
        200,
        {"assigned": [open_case.pk], "closed": [closed.pk]},
    )
    assert unknown.status_code == 400
    assert list(unknown.json()["errors"]) == ["assignee"]


# --------------------------------------------------------------------------- comments, questions


def test_comments_questions_and_referrals_are_in_the_history(
    analyst: User,
    make_user: Callable[..., User],
    organisation: Organisation,
    piu_client: Callable[..., Client],
) -> None:
    colleague = make_user(Role.PIU_ANALYST, username="karim")
    liaison = make_user(Role.AGENCY_LIAISON, username="officer")
    message_receive(content=paxlst(MIRIAM), door="command", actor=SYSTEM)
    case = Case.objects.get() if Case.objects.exists() else _case_on(NOW + dt.timedelta(days=1))
    client = piu_client(None, user=analyst)
    client.post(reverse("travel:case_transition", args=[case.pk, "review"]))
    client.post(reverse("travel:case_comment", args=[case.pk]), {"text": "Same seat as in May."})
    due = (timezone.localtime() + dt.timedelta(days=1)).replace(second=0, microsecond=0)
    asked = client.post(
        reverse("travel:case_task", args=[case.pk]),
        {"assignee": colleague.pk, "question": "Is the passport on the national list?",
         "due_at": due.strftime("%Y-%m-%dT%H:%M")},
        follow=True,
    )  # fmt: skip
    task = CaseTask.objects.get()
    piu_client(None, user=colleague).post(
        reverse("travel:case_task_answer", args=[task.pk]), {"answer": "No, the name only."}
    )
    client.post(
        reverse("travel:case_refer", args=[case.pk]),
        {"agency": organisation.pk, "agency_kind": "police", "reason": "Name and birth date."},
    )
    piu_client(None, user=liaison).post(
        reverse("travel:referral_answer", args=[Referral.objects.get().pk]),
        {"answer": "Interviewed at arrival."},
    )

    page = client.get(reverse("travel:case", args=[case.pk]))
    liaison_page = piu_client(None, user=liaison).get(reverse("travel:case", args=[case.pk]))

    assert [str(m) for m in asked.context["messages"]][-1] == (
        f"Question sent to karim, to answer by {due:%-d %b %Y %H:%M}."
    )
    lines = [(e.who, e.action, e.text) for e in page.context["history"] if e.text]
    assert lines == [
        (IAEA, "answered the referral", "Interviewed at arrival."),
        ("nadia", f"referred the case to {IAEA} (Police)",
         "Name and birth date."),
        ("karim", "answered", "No, the name only."),
        ("nadia", f"asked karim, to answer by {due.day} {due:%b %Y, %H:%M}",
         "Is the passport on the national list?"),
        ("nadia", "commented", "Same seat as in May."),
    ]  # fmt: skip
    html = page.content.decode()
    assert "Interviewed at arrival." in html and "Same seat as in May." in html
    # The agency sees its referral, not the PIU's comments and questions.
    seen = liaison_page.content.decode()
    assert "Same seat as in May." not in seen and "national list?" not in seen


def test_a_question_goes_to_another_analyst_and_is_answered_once_by_them(
    analyst: User, supervisor: User, make_user: Callable[..., User]
) -> None:
    colleague = make_user(Role.PIU_ANALYST, username="karim")
    stranger = make_user(Role.PIU_ANALYST, username="lina")
    case = _case_on(NOW + dt.timedelta(days=1))
    due = NOW + dt.timedelta(hours=4)

    with pytest.raises(ValidationError):
        services.case_task_create(
            actor=analyst, case=case, assignee=analyst, question="?", due_at=due
        )
    with pytest.raises(ValidationError):
        services.case_task_create(
            actor=analyst,
            case=case,
            assignee=colleague,
            question="?",
            due_at=NOW - dt.timedelta(hours=1),
        )
    task = services.case_task_create(
        actor=analyst, case=case, assignee=colleague, question="Seen before?", due_at=due
    )
    with pytest.raises(PermissionDenied):
        services.case_task_answer(actor=stranger, task=task, answer="Not mine")
    services.case_task_answer(actor=colleague, task=task, answer="Yes, in March.")
    with pytest.raises(ValidationError):
        services.case_task_answer(actor=supervisor, task=task, answer="Again")

    task.refresh_from_db()
    assert (task.answer, task.done_by, task.question) == (
        "Yes, in March.",
        colleague,
        "Seen before?",
    )
    assert CaseNotification.objects.get(user=colleague).text.startswith(
        f"nadia asks you about case {case.pk}, by "
    )


def test_the_decision_form_chooses_no_outcome_in_advance(
    analyst: User, piu_client: Callable[..., Client]
) -> None:
    case = _case_on(NOW + dt.timedelta(days=1), case__status=Case.Status.IN_REVIEW)
    client = piu_client(None, user=analyst)

    html = client.get(reverse("travel:case", args=[case.pk])).content.decode()
    refused = client.post(
        reverse("travel:case_transition", args=[case.pk, "close"]),
        {"justification": "Different date of birth."},
        follow=True,
    )

    select = html.split('name="outcome"')[1].split("</select>")[0]
    assert '<option value="" selected>Choose the outcome…</option>' in select
    assert 'true_match" selected' not in select
    assert [str(m) for m in refused.context["messages"]] == ["Choose the outcome."]
    assert Case.objects.get().status == Case.Status.IN_REVIEW


@pytest.mark.parametrize(
    ("transition", "data", "said"),
    [
        ("review", {}, "You are reviewing case {pk}; it is assigned to nadia."),
        ("close", {"outcome": "false_match", "justification": "Born 1981."},
         "Case {pk} closed as false match."),
    ],
)  # fmt: skip
def test_messages_say_what_happened_in_words(
    transition: str,
    data: dict[str, str],
    said: str,
    analyst: User,
    piu_client: Callable[..., Client],
) -> None:
    status = Case.Status.NEW if transition == "review" else Case.Status.IN_REVIEW
    case = _case_on(NOW + dt.timedelta(days=1), case__status=status)

    response = piu_client(None, user=analyst).post(
        reverse("travel:case_transition", args=[case.pk, transition]), data, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [said.format(pk=case.pk)]


def test_closing_records_when_the_decision_was_taken_and_reopening_clears_it(
    analyst: User, supervisor: User
) -> None:
    case = _case_on(NOW + dt.timedelta(days=1), case__status=Case.Status.IN_REVIEW)

    closed = services.case_transition(
        actor=analyst, case=case, transition="close", outcome="no_action", justification="OK"
    )
    decided = Case.objects.get().decided_at
    reopened = services.case_transition(
        actor=supervisor, case=closed, transition="reopen", justification="New facts"
    )

    assert decided is not None and abs(decided - timezone.now()) < dt.timedelta(minutes=1)
    assert Case.objects.get(pk=reopened.pk).decided_at is None


# --------------------------------------------------------------------------- smaller findings


def test_a_card_that_paid_two_tickets_is_listed_once_on_the_booking_page(
    analyst: User, piu_client: Callable[..., Client]
) -> None:
    # GTAS's MFN4TI: two travellers' tickets paid with the same Visa card.
    message_receive(
        content=(GTAS / "pnr-messages" / "gtas-loader-2_pnrs_basic.edi").read_bytes(),
        door="command",
        actor=SYSTEM,
    )
    booking = Booking.objects.get(record_locator="MFN4TI")

    html = piu_client(None, user=analyst).get(reverse("travel:booking", args=[booking.pk]))

    text = html.content.decode()
    assert Identifier.objects.filter(booking=booking, value="VI XXXXXXXX1186").count() == 2
    # Listed once among the booking's own identifiers (the table of values shared with other
    # bookings may name it again, as a link to those bookings).
    own = text.split("Contacts, cards, tickets</dt>")[1].split("</dd>")[0]
    assert own.count("VI XXXXXXXX1186") == 1
    listed = text.split("Payment card VI XXXXXXXX1186 (")[1].split(")")[0]
    assert sorted(listed.split(", ")) == sorted(t.full_name for t in booking.travellers.all())


def test_board_dates_carry_their_year(analyst: User, piu_client: Callable[..., Client]) -> None:
    FlightFactory(departure=NOW + dt.timedelta(hours=2))
    departure = timezone.localtime(NOW + dt.timedelta(hours=2))

    html = piu_client(None, user=analyst).get(reverse("travel:board")).content.decode()

    assert f"{departure:%a} {departure.day} {departure:%b %Y, %H:%M}" in html


# --------------------------------------------------------------------------- every role


ALL_ROLES = list(Role)
WRITERS = {Role.ADMINISTRATOR, Role.PIU_ANALYST, Role.PIU_SUPERVISOR}
SUPERVISORS = {Role.ADMINISTRATOR, Role.PIU_SUPERVISOR}


def _doors(
    case: Case, task: CaseTask, analyst: User
) -> dict[str, tuple[str, str, dict[str, object]]]:
    due = (timezone.localtime() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    return {
        "comment": ("page", reverse("travel:case_comment", args=[case.pk]), {"text": "Seen."}),
        "question": (
            "page",
            reverse("travel:case_task", args=[case.pk]),
            {"assignee": analyst.pk, "question": "Seen?", "due_at": due},
        ),
        "answer": ("page", reverse("travel:case_task_answer", args=[task.pk]), {"answer": "Yes."}),
        "assign": (
            "page",
            reverse("travel:case_assign"),
            {"cases": [case.pk], "assignee": analyst.pk},
        ),
        "api comment": ("api", f"/api/v1/travel/cases/{case.pk}/comments/", {"text": "Seen."}),
        "api question": (
            "api",
            f"/api/v1/travel/cases/{case.pk}/tasks/",
            {"assignee": analyst.pk, "question": "Seen?", "due_at": f"{due}:00Z"},
        ),
        "api assign": (
            "api",
            "/api/v1/travel/cases/assign/",
            {"cases": [case.pk], "assignee": analyst.pk},
        ),
    }


EXPECTED = {
    # door: the answer to whoever may use it; everyone else gets 403
    "comment": 302,
    "question": 302,
    "answer": 302,
    "assign": 302,
    "api comment": 201,
    "api question": 201,
    "api assign": 200,
}


@pytest.mark.parametrize("role", ALL_ROLES, ids=lambda role: role.name.lower())
@pytest.mark.parametrize("door", list(EXPECTED))
def test_each_role_at_each_new_door(
    role: Role,
    door: str,
    make_user: Callable[..., User],
    organisation: Organisation,
    piu_client: Callable[..., Client],
) -> None:
    """Analysts and supervisors comment and ask; only supervisors assign in bulk; the
    question's answer is the asked analyst's (or a supervisor's); an agency liaison, even on
    a case referred to their agency, and office roles do none of it."""
    asker = make_user(Role.PIU_ANALYST, username="karim")
    asked = make_user(Role.PIU_ANALYST, username="lina")
    case = _case_on(NOW + dt.timedelta(days=1), case__status=Case.Status.IN_REVIEW)
    Referral.objects.create(case=case, agency=organisation, agency_kind="police", reason="Listed.")
    task = services.case_task_create(
        actor=asker, case=case, assignee=asked, question="Seen?", due_at=NOW + dt.timedelta(hours=5)
    )
    user = make_user(role)
    kind, url, data = _doors(case, task, asked)[door]
    client = piu_client(None, user=user)

    if kind == "page":
        response = client.post(url, data)
    else:
        response = client.post(url, data, content_type="application/json")

    if door in {"assign", "api assign"}:
        allowed = role in SUPERVISORS
    elif door == "answer":
        allowed = role in SUPERVISORS  # the asked analyst is another user
    else:
        allowed = role in WRITERS
    expected = EXPECTED[door] if allowed else 403
    assert response.status_code == expected
    if kind == "page" and allowed:
        assert not [m for m in response.wsgi_request._messages if m.level_tag == "error"]  # type: ignore[attr-defined]
