"""Re-screening of the retained travellers through paxscreen's batch engine (tasks.rescreen)."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from aegis.core import queue
from aegis.core.permissions import SYSTEM
from aegis.core.roles import Role
from aegis.travel import screening, services, tasks
from aegis.travel.models import (
    Case,
    Flight,
    Hit,
    Rule,
    ScreeningRun,
    Suppression,
    TravelDocument,
    Traveller,
    Watchlist,
)
from aegis.travel.screening import person, retained_person_chunks, screen_travellers
from paxscreen.batch import RescreenProgress
from tests.aegis.travel.factories import CaseFactory, FlightFactory, HitFactory, TravellerFactory

pytestmark = pytest.mark.django_db

LISTED = (
    "reference,full_name,aliases,date_of_birth,nationality,gender,document_number,"
    "document_type,document_country,kind,programme\n"
    "NAT-1,Miriam Oduya Kestrel,,1979-03-02,KEN,female,,,,person,\n"
    "NAT-2,Viktor Aleksandrovich Marchenko,Viktor Marcenko,1977-11-04,UKR,male,,,,person,\n"
    "NAT-3,Samira Haddad Khoury,,1990-02-14,LBN,female,LB7731904,P,LBN,person,\n"
)


def _traveller(
    flight: Flight, surname: str, given: str, born: dt.date, nationality: str
) -> Traveller:
    return TravellerFactory(
        flight=flight,
        surname=surname,
        given_names=given,
        date_of_birth=born,
        nationality=nationality,
        sex="F" if given.startswith(("MIRIAM", "SAMIRA")) else "M",
    )


@pytest.fixture
def travellers() -> dict[str, Traveller]:
    """Two flights, 24 travellers of no interest and five listed ones (Kestrel on both
    flights, Khoury by her passport, with a case closed on an earlier hit), one of them
    masked; a rule on Ukrainian nationals is active; the list is loaded without
    re-screening."""
    morning, evening = (
        FlightFactory(),
        FlightFactory(departure=dt.datetime(2026, 12, 1, 18, 0, tzinfo=dt.UTC)),
    )
    for number in range(24):
        TravellerFactory(flight=morning if number % 2 else evening)
    found = {
        "kestrel": _traveller(morning, "KESTREL", "MIRIAM ODUYA", dt.date(1979, 3, 2), "KEN"),
        "kestrel_again": _traveller(evening, "KESTREL", "MIRIAM ODUYA", dt.date(1979, 3, 2), "KEN"),
        "marchenko": _traveller(evening, "MARCHENKO", "VIKTOR", dt.date(1977, 11, 4), "UKR"),
        "khoury": _traveller(morning, "KHOURI", "SAMIRA", dt.date(1990, 2, 14), "LBN"),
        "masked": _traveller(morning, "MARCHENKO", "VIKTOR", dt.date(1977, 11, 4), "UKR"),
    }
    TravelDocument.objects.create(
        traveller=found["khoury"], document_type="P", number="LB7731904", issuing_country="LBN"
    )
    Traveller.objects.filter(pk=found["masked"].pk).update(masked_at=timezone.now())
    closed = CaseFactory(traveller=found["khoury"], severity=1)
    HitFactory(case=closed, kind=Hit.Kind.RULE, key="rule:0", severity=1)
    Case.objects.filter(pk=closed.pk).update(
        status=Case.Status.CLOSED, outcome=Case.Outcome.NO_ACTION
    )
    services.watchlist_load(
        actor=SYSTEM, name="National list", content=LISTED, file_format="csv", rescreen=False
    )
    rule = services.rule_create(
        actor=SYSTEM,
        name="Ukrainian nationals",
        conditions=[{"field": "nationality", "op": "eq", "value": "UKR"}],
        severity=Rule.Severity.LOW,
    )
    services.rule_set_active(actor=SYSTEM, rule=rule, active=True, rescreen=False)
    return found


def _outcome() -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    """Every hit (explanation as a tuple) and every case, as comparable rows."""
    hits = {
        (*row[:-1], tuple(row[-1]))
        for row in Hit.objects.values_list(
            "traveller_id",
            "case__traveller_id",
            "kind",
            "key",
            "label",
            "score",
            "severity",
            "watchlist_version_id",
            "rule_version_id",
            "explanation",
        )
    }
    cases = set(
        Case.objects.values_list("traveller_id", "flight_id", "severity", "status", "outcome")
    )
    return hits, cases


def test_retained_travellers_are_read_as_persons_two_queries_a_chunk(
    travellers: dict[str, Traveller], django_assert_num_queries: Any
) -> None:
    retained = Traveller.objects.filter(masked_at__isnull=True).prefetch_related("documents")
    last = Traveller.objects.order_by("pk").last()
    assert last is not None

    with django_assert_num_queries(2 * 4 + 1):  # 28 travellers in chunks of 8, then none
        chunks = list(retained_person_chunks(up_to=last.pk, chunk_size=8))

    assert [len(chunk) for chunk in chunks] == [8, 8, 8, 4]
    assert [p for chunk in chunks for p in chunk] == [person(t) for t in retained.order_by("pk")]
    assert str(travellers["masked"].pk) not in {p.query_id for chunk in chunks for p in chunk}


def _run(**options: Any) -> ScreeningRun:
    run = ScreeningRun.objects.create(reason="test")
    tasks.rescreen(run_id=run.pk, **options)
    run.refresh_from_db()
    return run


@pytest.mark.parametrize(("workers", "start_method"), [(1, "fork"), (2, "fork"), (2, "forkserver")])
def test_the_rescreening_finds_the_hits_and_cases_that_screening_each_traveller_finds(
    travellers: dict[str, Traveller],
    settings: Any,
    workers: int,
    start_method: str,
) -> None:
    with transaction.atomic():
        screen_travellers(traveller_ids=list(Traveller.objects.values_list("pk", flat=True)))
        expected = _outcome()
        transaction.set_rollback(True)
    settings.AEGIS_RESCREEN_CHUNK_SIZE = 4

    run = _run(workers=workers, start_method=start_method)

    assert _outcome() == expected
    hits, cases = expected
    marchenko, kestrel, khoury = (
        travellers[name].pk for name in ("marchenko", "kestrel", "khoury")
    )
    assert {(hit[0], hit[3]) for hit in hits} == {
        (kestrel, "NAT-1"),
        (travellers["kestrel_again"].pk, "NAT-1"),
        (marchenko, "NAT-2"),
        (marchenko, f"rule:{Rule.objects.get().pk}"),
        (khoury, "NAT-3"),
        (khoury, "rule:0"),
    }
    # The decided case stays decided; its new hits are flagged for a supervisor.
    assert (khoury, travellers["khoury"].flight_id, 3, "closed", "no_action") in cases
    assert Case.objects.get(traveller=travellers["khoury"]).new_hits_at is not None
    assert (run.status, run.total, run.done, run.new_hits) == ("done", 28, 28, 5)


def test_a_second_run_adds_nothing(travellers: dict[str, Traveller]) -> None:
    first = _run(workers=2, start_method="fork")
    after_first = _outcome()

    second = _run(workers=2, start_method="fork")

    assert (first.new_hits, second.new_hits) == (5, 0)
    assert _outcome() == after_first
    assert Hit.objects.count() == 6


def test_a_suppressed_pair_does_not_hit_again(travellers: dict[str, Traveller]) -> None:
    kestrel = travellers["kestrel"]
    for identity in screening.identities_of(kestrel):
        Suppression.objects.create(
            identity=identity.digest,
            identity_kind=identity.kind,
            key="NAT-1",
            reason="not her",
            expires_at=timezone.now() + dt.timedelta(days=365),
        )

    run = _run(workers=2, start_method="fork")

    assert not Hit.objects.filter(key="NAT-1").exists()  # on neither flight
    assert set(Hit.objects.values_list("key", flat=True)) == {
        "NAT-2",
        "NAT-3",
        "rule:0",
        f"rule:{Rule.objects.get().pk}",
    }
    assert run.new_hits == 3


def test_progress_is_recorded_with_each_chunk_and_done_equals_total_at_the_end(
    travellers: dict[str, Traveller], settings: Any
) -> None:
    settings.AEGIS_RESCREEN_CHUNK_SIZE = 10
    run = ScreeningRun.objects.create(reason="test")
    recorded: list[tuple[RescreenProgress, tuple[str, int, int, int]]] = []

    def report(progress: RescreenProgress) -> None:
        row = ScreeningRun.objects.values_list("status", "total", "done", "new_hits").get()
        recorded.append((progress, row))

    tasks.rescreen(run_id=run.pk, workers=2, start_method="fork", progress=report)

    assert [progress.screened for progress, _ in recorded] == [0, 10, 20, 28]
    assert all(row == ("running", 28, p.screened, p.hits) for p, row in recorded)
    run.refresh_from_db()
    assert (run.status, run.done, run.total, run.percent, run.finished_at is not None) == (
        "done",
        28,
        28,
        100,
        True,
    )


@pytest.mark.parametrize(("in_process_below", "workers"), [(29, 1), (28, 3)])
def test_a_small_rescreening_stays_in_this_process_a_large_one_uses_the_setting(
    travellers: dict[str, Traveller],
    monkeypatch: pytest.MonkeyPatch,
    settings: Any,
    in_process_below: int,
    workers: int,
) -> None:
    settings.AEGIS_SCREENING_WORKERS = 3
    monkeypatch.setattr(tasks, "IN_PROCESS_BELOW", in_process_below)
    started: list[tuple[int, str]] = []
    engine = tasks.rescreen_chunks_with

    def spy(*args: Any, **kwargs: Any) -> Any:
        started.append((kwargs["workers"], kwargs["start_method"]))
        return engine(*args, **kwargs)

    monkeypatch.setattr(tasks, "rescreen_chunks_with", spy)

    run = _run()

    assert started == [(workers, "forkserver")]  # the task's default: it may run in a thread
    assert (run.status, run.new_hits) == ("done", 5)


def test_a_new_list_version_rescreens_through_the_task(
    travellers: dict[str, Traveller], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.watchlist_load(
            actor=SYSTEM,
            name="National list",
            content=LISTED + "NAT-4,Someone Else Entirely,,1950-01-01,FRA,male,,,,person,\n",
            file_format=Watchlist.Format.CSV,
        )

    run = ScreeningRun.objects.get()
    assert (run.status, run.done, run.new_hits) == ("done", 28, 5)
    assert Hit.objects.filter(key="NAT-1").count() == 2


def test_the_command_runs_in_the_foreground_with_a_progress_bar(
    travellers: dict[str, Traveller],
) -> None:
    out, err = io.StringIO(), io.StringIO()

    call_command("rescreen", "--workers", "2", "--reason", "new list", stdout=out, stderr=err)

    run = ScreeningRun.objects.get()
    assert (run.reason, run.status, run.done, run.new_hits) == ("new list", "done", 28, 5)
    assert re.fullmatch(
        rf"Re-screened 28 travellers in \d+\.\d s: 5 new hits \(run {run.pk}\)\.\n", out.getvalue()
    )
    lines = err.getvalue().splitlines()
    assert lines[0].startswith("[..............................]   0.0% 0/28 travellers, 0 hits")
    assert lines[-1].startswith("[##############################] 100.0% 28/28 travellers, 5 hits")


def test_the_command_refuses_no_workers(travellers: dict[str, Traveller]) -> None:
    with pytest.raises(CommandError, match="--workers 0 must be at least 1"):
        call_command("rescreen", "--workers", "0")

    assert not ScreeningRun.objects.exists()


def test_a_failed_run_says_why(
    travellers: dict[str, Traveller], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**kwargs: Any) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr("aegis.travel.screening.screen_checked", broken)

    with pytest.raises(CommandError, match="failed: disk full"):
        call_command("rescreen", "--workers", "1", "--quiet", stdout=io.StringIO())

    run = ScreeningRun.objects.get()
    assert (run.status, run.error, run.finished_at is not None) == ("failed", "disk full", True)


def test_the_watchlists_page_shows_a_running_rescreening_and_reloads_itself(
    piu_client: Any,
) -> None:
    ScreeningRun.objects.create(reason="rule changed", status="running", total=3_000, done=1_260)
    ScreeningRun.objects.create(reason="list loaded")  # queued: nothing counted yet

    page = piu_client(Role.PIU_SUPERVISOR).get(reverse("travel:watchlists")).content.decode()

    assert '<progress max="100" value="42">42 %</progress> 42 % · 1,260 / 3,000' in page
    assert "<td>Queued</td><td>—</td>" in page
    assert "data-screening-running" in page
    # the reload is static JavaScript (CSP allows no inline script)
    assert re.search(r'<script src="/static/aegis/js/travel\.js[^"]*" defer></script>', page)
    assert "<script>" not in page


# ----------------------------------------------------------------------------- one at a time


def test_the_database_holds_one_running_and_one_waiting_run_at_most() -> None:
    ScreeningRun.objects.create(reason="first", status="running")
    ScreeningRun.objects.create(reason="second")  # waits

    for status in ("running", "queued"):
        with pytest.raises(IntegrityError), transaction.atomic():
            ScreeningRun.objects.create(reason="third", status=status)
    assert ScreeningRun.objects.count() == 2


def test_a_list_loaded_while_a_run_waits_is_screened_by_that_run(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks() as sent:
        first = services.rescreen_start(actor=SYSTEM, reason="watchlist National list v1")
        second = services.rescreen_start(actor=SYSTEM, reason="rule Ukrainian nationals v2")

    assert second == first
    assert (ScreeningRun.objects.get().reason, len(sent)) == ("watchlist National list v1", 1)


def test_a_run_waits_while_another_one_runs_and_starts_after_it(
    travellers: dict[str, Traveller],
) -> None:
    running = ScreeningRun.objects.create(reason="rule activated", status="running")
    waiting = ScreeningRun.objects.create(reason="watchlist loaded")

    with pytest.raises(queue.TryLater, match=f"run {waiting.pk} waits"):
        tasks.rescreen(run_id=waiting.pk)
    waiting.refresh_from_db()
    assert (waiting.status, waiting.done) == ("queued", 0)

    ScreeningRun.objects.filter(pk=running.pk).update(status="done")
    tasks.rescreen(run_id=waiting.pk)
    waiting.refresh_from_db()
    assert (waiting.status, waiting.done, waiting.new_hits) == ("done", 28, 5)


def test_a_run_left_running_by_a_dead_worker_starts_again_from_the_first_chunk(
    travellers: dict[str, Traveller],
) -> None:
    run = ScreeningRun.objects.create(reason="list", status="running", total=28, done=10)

    tasks.rescreen(run_id=run.pk)  # the message, delivered again to the next worker

    run.refresh_from_db()
    assert (run.status, run.done, run.new_hits, Hit.objects.count()) == ("done", 28, 5, 6)


# ----------------------------------------------------------------------------- never stuck


def test_runs_no_worker_took_or_whose_worker_stopped_are_shown_failed_with_why(
    piu_client: Any, settings: Any
) -> None:
    settings.AEGIS_TASK_QUEUED_TIMEOUT = 1800
    settings.AEGIS_TASK_STALLED_TIMEOUT = 600
    now = timezone.now()
    waiting = ScreeningRun.objects.create(reason="watchlist loaded")
    stalled = ScreeningRun.objects.create(
        reason="rule activated",
        status="running",
        total=3_000,
        done=1_260,
        heartbeat_at=now - dt.timedelta(minutes=11),
    )
    ScreeningRun.objects.filter(pk=waiting.pk).update(created_at=now - dt.timedelta(minutes=31))

    page = piu_client(Role.PIU_SUPERVISOR).get(reverse("travel:watchlists")).content.decode()

    waiting.refresh_from_db()
    stalled.refresh_from_db()
    assert (waiting.status, stalled.status) == ("failed", "failed")
    assert (
        '<td>Failed<br><small class="muted">No worker took this run within 30 minutes: '
        "is `aegis worker` running?</small></td>"
    ) in page
    assert "Its worker stopped (no progress for 10 minutes); a restarted worker resumes it." in (
        page
    )
    assert "data-screening-running" not in page


def test_recent_runs_are_left_as_they_are(settings: Any) -> None:
    settings.AEGIS_TASK_STALLED_TIMEOUT = 600
    ScreeningRun.objects.create(reason="waiting")
    ScreeningRun.objects.create(
        reason="running",
        status="running",
        heartbeat_at=timezone.now() - dt.timedelta(minutes=9),
    )

    assert services.rescreen_expire() == 0
    assert sorted(ScreeningRun.objects.values_list("status", flat=True)) == ["queued", "running"]


def test_a_run_the_broker_would_not_take_is_failed_with_the_error(
    settings: Any, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    settings.AEGIS_TASKS = "broker"
    settings.AEGIS_BROKER_URL = "amqp://guest:guest@127.0.0.1:1/%2F"

    def refuse(name: str) -> Any:
        raise ConnectionError("Connection refused")

    monkeypatch.setattr(queue, "actor", refuse)

    with django_capture_on_commit_callbacks(execute=True):
        run = services.rescreen_start(actor=SYSTEM, reason="watchlist loaded")

    run.refresh_from_db()
    assert (run.status, run.error, run.finished_at is not None) == (
        "failed",
        "Could not be queued for the worker: Connection refused",
        True,
    )


def test_the_page_says_where_the_rescreenings_run(piu_client: Any, settings: Any) -> None:
    client = piu_client(Role.PIU_SUPERVISOR)
    settings.AEGIS_TASKS = "thread"
    embedded = client.get(reverse("travel:watchlists")).content.decode()
    settings.AEGIS_TASKS = "broker"
    queued = client.get(reverse("travel:watchlists")).content.decode()

    assert "No task broker is configured: re-screenings run inside the web server" in embedded
    assert "Re-screenings run in the background worker (aegis worker)" in queued
