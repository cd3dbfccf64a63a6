"""Web load: 50 people browsing the office and PIU pages on PostgreSQL behind gunicorn.

    .venv/bin/python bench/bench_web.py [--quick] [--users 50] [--run-time 10m]
        [--spawn-rate 2] [--workers 4] [--threads 1] [--rebuild]

A fresh PostgreSQL database ``aegis_bench_web`` is migrated and given the demo data
(``aegis demo``), three months of Monthly Highlights (two published, one draft) and one
account per simulated person, each with a known password and, for the PIU, its own TOTP
device. gunicorn serves the production settings over the loopback (``bench/loadtest.py``)
with 4 sync workers: on 2 cores, 2, 3 (x 2 threads) and 4 workers gave the same figures
within the machine's noise, and 4 keep a slow request (a log-in's password hash, 0.5 s; an
export) from holding half the server. locust (``bench/locust_web.py``) starts the users, 3
office staff for every 2 PIU staff, 2 a second: each logs in through the real forms (the
ramp), then browses with 1-3 s of think time; the steady load lasts ``--run-time`` after the
last user has started (10 minutes; 45 s with --quick). Every answer is checked (status and
the page's heading).

Prints a table per page and per group (office pages, PIU pages, all pages, sign-in, every
request) with requests, failures, requests/s and p50/p95/p99/max latency (exact percentiles
of every request's time as locust measured it), and whether the pages' p95 <= 300 ms was met.
Exits 1 when any request failed; latency is reported, never asserted.

Migrating and loading the demo takes about a minute, so the migrated demo database is kept
as a template (``aegis_bench_web_demo``) stamped with a digest of the migrations and demo
loaders: a later run with the same ones copies it (a second) instead; ``--rebuild`` builds it
again.
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import math
import os
import shutil
import sys
import tempfile
import textwrap
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from loadtest import (
    PG_HOST,
    PG_PORT,
    PG_USER,
    LoadStats,
    aegis,
    fresh_database,
    gunicorn,
    machine,
    run_locust,
    run_time_seconds,
)

ROOT = Path(__file__).resolve().parents[1]
LOCUSTFILE = Path(__file__).resolve().parent / "locust_web.py"
DATABASE = "aegis_bench_web"
TEMPLATE = "aegis_bench_web_demo"
GOAL_P95_MS = 300.0


def _bench_data(accounts_file: str, office: int, piu: int) -> None:
    """Run inside ``aegis shell``: the newsletter issues and the benchmark's accounts.

    Writes the accounts (username, password, role, half, TOTP key) to ``accounts_file``. One
    password hash serves every account: hashing is deliberately slow (PBKDF2), and the log-in
    form still checks it in full at every log-in."""
    import json
    import secrets
    from datetime import date
    from itertools import cycle

    from django.contrib.auth.hashers import make_password
    from django.db.models import Count
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from aegis.core.models import Organisation, User
    from aegis.core.roles import Role
    from aegis.core.services import user_create
    from aegis.reporting import services as reporting
    from aegis.reporting.models import Issue

    editor = User.objects.get(username="editor")
    for month, publish in ((6, True), (7, True), (9, False)):
        if Issue.objects.filter(month=date(2020, month, 1)).exists():
            continue
        issue = reporting.issue_generate(actor=None, month=date(2020, month, 1))
        if publish:
            issue = reporting.issue_transition(actor=editor, issue=issue, step="approve")
            reporting.issue_transition(actor=editor, issue=issue, step="publish")

    password = secrets.token_urlsafe(16)
    hashed = make_password(password)
    organisers = cycle(
        Organisation.objects.annotate(led=Count("led_activities"))
        .filter(led__gt=0)
        .order_by("-led", "pk")[:5]
    )
    office_roles = cycle(
        [Role.VIEWER, Role.OFFICE_EDITOR, Role.FOCAL_POINT, Role.VIEWER,
         Role.RESOURCE_MOBILISATION_OFFICER]
    )  # fmt: skip
    piu_roles = cycle([Role.PIU_ANALYST, Role.PIU_ANALYST, Role.PIU_SUPERVISOR])
    accounts = []
    for half, number, roles in (("office", office, office_roles), ("piu", piu, piu_roles)):
        for index in range(1, number + 1):
            role = next(roles)
            user = user_create(
                username=f"bench.{half}.{index:02d}",
                password=None,
                roles=(role,),
                organisation=next(organisers) if role is Role.FOCAL_POINT else None,
            )
            User.objects.filter(pk=user.pk).update(password=hashed)
            key = None
            if half == "piu":
                key = secrets.token_hex(20)
                TOTPDevice.objects.create(user=user, name="bench", key=key, confirmed=True)
            accounts.append(
                {"username": user.username, "password": password, "role": role.value,
                 "half": half, "totp_key": key}
            )  # fmt: skip
    with open(accounts_file, "w", encoding="utf-8") as handle:  # noqa: PTH123
        json.dump(accounts, handle)


# What decides the demo database's content: the schema and the demo loaders. (Other code
# changes leave the demo usable for a load test, and a shared checkout changes all the time.)
DEMO_SOURCES = (
    "src/aegis/*/migrations/*.py",
    "src/aegis/*/demo.py",
    "src/aegis/site/management/commands/demo.py",
    "src/aegis/site/reference.py",
    "src/aegis/core/roles.py",
)


def demo_digest() -> str:
    """A digest of the files that decide the demo database (``DEMO_SOURCES``)."""
    digest = hashlib.sha256()
    for path in sorted({path for pattern in DEMO_SOURCES for path in ROOT.glob(pattern)}):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _connect() -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(
        host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres", autocommit=True
    )


def demo_database(rebuild: bool) -> tuple[str, str]:
    """A fresh ``aegis_bench_web`` holding the migrated demo data; returns its URL and how
    it was made. Copies the template database when it was built from the same migrations
    and demo loaders."""
    digest = demo_digest()
    with _connect() as connection:
        row = connection.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            (TEMPLATE,),
        ).fetchone()
    if rebuild or row is None or row[0] != digest:
        started = time.perf_counter()
        template_url = fresh_database(TEMPLATE)
        aegis("migrate", "--noinput", database_url=template_url)
        aegis("demo", database_url=template_url)
        with _connect() as connection:
            connection.execute(
                sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                    sql.Identifier(TEMPLATE), sql.Literal(digest)
                )
            )
        how = f"migrated and demo loaded in {time.perf_counter() - started:.0f} s"
    else:
        how = "copied from the demo template of the same migrations and demo loaders"
    return fresh_database(DATABASE, template=TEMPLATE), f"{how} (digest {digest})"


@dataclass(frozen=True)
class Figures:
    """Requests of one page or group of pages: counts, rate and exact latency percentiles."""

    name: str
    requests: int
    failures: int
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value with ``share`` of them at or below."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def figures(name: str, requests: Sequence[tuple[float, bool]], seconds: float) -> Figures:
    times = [ms for ms, _ in requests]
    return Figures(
        name=name,
        requests=len(times),
        failures=sum(failed for _, failed in requests),
        rps=len(times) / seconds,
        p50_ms=percentile(times, 0.50),
        p95_ms=percentile(times, 0.95),
        p99_ms=percentile(times, 0.99),
        max_ms=max(times),
    )


@dataclass(frozen=True)
class Report:
    pages: list[Figures]  # steady state, one row per page
    groups: list[Figures]  # steady state: office, PIU, all pages; sign-in (ramp); everything
    steady_seconds: float
    ramp_seconds: float


GROUPS = (
    ("office pages", "office: "),
    ("PIU pages", "PIU: "),
    ("all pages", ""),
)


def report(timings: dict[str, Any]) -> Report:
    """Figures per page and per group from ``locust_web``'s record of every request: pages
    in the steady state (every user started), sign-in over the whole run (the ramp)."""
    requests = [(name, ms, failed, ended) for name, ms, failed, ended in timings["requests"]]
    began = min(ended - ms / 1000 for _, ms, _, ended in requests)
    spawned = timings["spawned"] or began
    stopped = timings["stopped"] or max(ended for *_, ended in requests)
    steady = [r for r in requests if r[3] >= spawned and not r[0].startswith("sign-in: ")]
    seconds = max(stopped - spawned, 1e-9)
    names = sorted({r[0] for r in steady}, key=lambda n: (n.split(":")[0], n))
    pages = [
        figures(name, [(ms, failed) for n, ms, failed, _ in steady if n == name], seconds)
        for name in names
    ]
    groups = []
    for label, prefix in GROUPS:
        chosen = [(ms, failed) for n, ms, failed, _ in steady if n.startswith(prefix)]
        if chosen:
            groups.append(figures(label, chosen, seconds))
    sign_in = [(ms, failed) for n, ms, failed, _ in requests if n.startswith("sign-in: ")]
    ramp = max(spawned - began, 1e-9)
    if sign_in:
        groups.append(figures("sign-in (log-in and second-factor forms)", sign_in, ramp))
    everything = [(ms, failed) for _, ms, failed, ended in requests if ended <= stopped]
    groups.append(figures("every request, ramp included", everything, stopped - began))
    return Report(pages, groups, seconds, ramp)


def _line(row: Figures) -> str:
    return (
        f"{row.name:42s} {row.requests:9,d} {row.failures:9,d} {row.rps:7.2f} "
        f"{row.p50_ms:7.0f} {row.p95_ms:7.0f} {row.p99_ms:7.0f} {row.max_ms:7.0f}"
    )


def _markdown(row: Figures) -> str:
    return (
        f"| {row.name} | {row.requests:,} | {row.failures} | {row.rps:.1f} | "
        f"{row.p50_ms:.0f} | {row.p95_ms:.0f} | {row.p99_ms:.0f} | {row.max_ms:.0f} |"
    )


def print_report(result: Report, stats: LoadStats) -> None:
    header = (
        f"{'requests':>9s} {'failures':>9s} {'req/s':>7s} "
        f"{'p50 ms':>7s} {'p95 ms':>7s} {'p99 ms':>7s} {'max ms':>7s}"
    )
    print(f"\n{'page (steady state)':42s} {header}")
    for row in result.pages:
        print(_line(row))
    print(f"\n{'group':42s} {header}")
    for row in result.groups:
        print(_line(row))
    print(
        f"(pages: the {result.steady_seconds:.0f} s after every user had started; sign-in: "
        f"the {result.ramp_seconds:.0f} s ramp; exact nearest-rank percentiles)"
    )
    print(
        f"locust's own totals, ramp included: {stats.requests:,} requests, {stats.failures} "
        f"failures, {stats.rps:.1f} req/s, p50 {stats.p50_ms:.0f} ms, p95 {stats.p95_ms:.0f} ms, "
        f"p99 {stats.p99_ms:.0f} ms, max {stats.max_ms:.0f} ms"
    )
    print("\nmarkdown:")
    print("| pages | requests | failures | req/s | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in (*result.groups, *result.pages):
        print(_markdown(row))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="45 s of load instead of 10 min")
    parser.add_argument("--users", type=int, default=50, help="simulated people (50)")
    parser.add_argument(
        "--run-time", default=None, help="steady load after the ramp, as 45s, 10m (10m)"
    )
    parser.add_argument("--spawn-rate", type=float, default=2.0, help="log-ins per second (2)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (4)")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (1: sync)")
    parser.add_argument("--rebuild", action="store_true", help="migrate and load the demo again")
    args = parser.parse_args(argv)
    run_time = args.run_time or ("45s" if args.quick else "10m")
    # Users log in during the ramp; the steady state starts when the last one has started.
    ramp = math.ceil(args.users / args.spawn_rate)
    locust_run_time = f"{ramp + run_time_seconds(run_time)}s"

    print(machine())
    print(
        f"mode: {'quick' if args.quick else 'full'}; {args.users} users (office 3 : PIU 2) "
        f"logging in at {args.spawn_rate:g}/s, then {run_time} of steady load, think time "
        f"1-3 s; gunicorn {args.workers} workers x {args.threads} thread(s); load average "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    started = time.perf_counter()
    database_url, how = demo_database(args.rebuild)
    workdir = Path(tempfile.mkdtemp(prefix="bench-web-"))
    try:
        accounts_file = workdir / "accounts.json"
        timings_file = workdir / "timings.json"
        code = textwrap.dedent(inspect.getsource(_bench_data))
        aegis(
            "shell",
            "-c",
            f"{code}\n_bench_data({str(accounts_file)!r}, {args.users}, {args.users})",
            database_url=database_url,
        )
        print(f"database: {DATABASE}, {how}; ready in {time.perf_counter() - started:.0f} s")

        threads = {"GUNICORN_CMD_ARGS": f"--threads={args.threads}"} if args.threads > 1 else {}
        with gunicorn(database_url, workers=args.workers, preload=True, env=threads) as base:
            stats = run_locust(
                LOCUSTFILE,
                host=base,
                users=args.users,
                spawn_rate=args.spawn_rate,
                run_time=locust_run_time,
                env={
                    "AEGIS_BENCH_ACCOUNTS": str(accounts_file),
                    "AEGIS_BENCH_TIMINGS": str(timings_file),
                },
            )
        result = report(json.loads(timings_file.read_text()))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    print_report(result, stats)
    for error in stats.errors:
        print(f"FAILED {error.occurrences}x {error.method} {error.name}: {error.error}")
    pages = next(group for group in result.groups if group.name == "all pages")
    print(
        f"\np95 of the pages {pages.p95_ms:.0f} ms: goal p95 <= {GOAL_P95_MS:.0f} ms "
        f"{'met' if pages.p95_ms <= GOAL_P95_MS else 'NOT met'}; failed requests: "
        f"{stats.failures}; load average after "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    return 1 if stats.failures or any(group.failures for group in result.groups) else 0


if __name__ == "__main__":
    sys.exit(main())
