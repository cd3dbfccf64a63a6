"""Interactive API latency: one traveller per request, 200 requests per second, against the
UN list and a synthetic national list of 1,000,000 persons, on PostgreSQL behind gunicorn.

    .venv/bin/python bench/bench_iapi.py [--quick] [--national N] [--rate R] [--run-time T]
                                         [--workers W]

A fresh PostgreSQL database ``aegis_bench_iapi`` is migrated and given a carrier account
(token authentication). gunicorn serves the production settings over the loopback
(``bench/loadtest.py``) with ``--preload`` and ``AEGIS_SCREENING_WARM``: the match index is
built once in the master and shared by the forked workers. Locust (``bench/locust_iapi.py``)
sends ``--rate`` check-ins per second at random moments, each a new traveller (0.5 % of them
listed persons, who become hits pending review with a case), for ``--run-time`` after a
warm-up that is not counted.

Two phases in the same run, the same load: the UN list alone, then the UN list plus the
national list — their ratio is what a list of a million entries costs. Prints requests,
failures, the rate achieved and p50/p95/p99/max per phase, and whether p99 ≤ 50 ms was met.
Exits 1 when any request failed; latency is reported, never asserted.

Full: ``--national 1000000 --run-time 120s`` (about 6 minutes, most of it loading the list
and building its index); ``--quick``: 50,000 entries, 20 s a phase.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import inspect
import json
import os
import random
import secrets
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import psycopg

from aegis import datasets
from loadtest import LoadStats, aegis, fresh_database, gunicorn, machine, run_locust
from paxscreen.batch.synthetic import plant_listed
from paxscreen.match import Person
from paxscreen.synthetic.people import SyntheticPerson, generate_people
from paxscreen.watchlists import load_un_xml

ROOT = Path(__file__).resolve().parents[1]
LOCUSTFILE = Path(__file__).resolve().parent / "locust_iapi.py"
UN_LIST = datasets.UN_SC_LIST
DATABASE = "aegis_bench_iapi"
GOAL_P99_MS = 50.0
LISTED_SHARE = 0.005
USERS = 40  # check-in systems, each at rate / USERS requests per second
ORIGINS = ("NBO", "ADD", "CAI", "DXB", "IST", "LHR", "CDG", "FRA", "DOH", "AMS")
CSV_HEADER = (
    "reference,full_name,aliases,date_of_birth,nationality,gender,document_number,"
    "document_type,document_country,kind,programme"
)


def _carrier_account(token: str) -> None:
    """Run inside ``aegis shell``: carrier ZZ's submitting account, with token ``token``."""
    import datetime as dt

    from django.contrib.auth.models import Permission
    from django.utils import timezone

    from aegis.accounts.models import ApiToken
    from aegis.accounts.tokens import password_stamp, token_digest
    from aegis.core.models import User
    from aegis.travel.models import Carrier

    account = User.objects.create_user("zz-check-in", password=None)
    account.user_permissions.add(Permission.objects.get(codename="submit_carriermessage"))
    Carrier.objects.create(code="ZZ", name="Zed Air", account=account)
    ApiToken.objects.create(
        user=account,
        name="bench",
        prefix=token[:8],
        digest=token_digest(token),
        scopes=ApiToken.Scope.CARRIER,
        password_stamp=password_stamp(account),
        expires_at=timezone.now() + dt.timedelta(days=1),
    )


def write_national_list(path: Path, size: int) -> list[SyntheticPerson]:
    """A national list of ``size`` synthetic persons as CSV; returns a few of them to plant."""
    chosen = []
    with path.open("w", newline="", encoding="utf-8") as handle:
        handle.write(CSV_HEADER + "\n")
        writer = csv.writer(handle)
        for number, person in enumerate(generate_people(size, seed=99, prefix="W")):
            writer.writerow(
                [
                    person.person_id,
                    person.full_name,
                    "",
                    person.date_of_birth.isoformat(),
                    person.nationality,
                    person.gender,
                    "",
                    "",
                    "",
                    "person",
                    "",
                ]
            )
            if number % max(1, size // 500) == 0:
                chosen.append(person)
    return chosen


def _body(
    rng: random.Random,
    *,
    given: str,
    surname: str,
    born: dt.date,
    sex: str,
    nationality: str,
    number: int,
) -> str:
    flight = rng.randrange(200)
    origin = ORIGINS[flight % len(ORIGINS)]  # a flight number flies one route
    return json.dumps(
        {
            "flight": {
                "number": str(100 + flight),
                "origin": origin,
                "destination": "JFK",
                "departure": f"2026-12-{1 + flight % 28:02d}T{flight % 24:02d}:15:00Z",
            },
            "traveller": {
                "surname": surname,
                "given_names": given,
                "date_of_birth": born.isoformat(),
                "sex": sex,
                "nationality": nationality,
            },
            "document": {"number": f"X{number:08d}", "issuing_country": nationality},
        }
    )


_SEX = {"male": "M", "female": "F"}


def _synthetic(person: SyntheticPerson) -> tuple[str, str, dt.date, str, str]:
    given = " ".join(person.given_names)
    return (
        given,
        person.surname,
        person.date_of_birth,
        _SEX.get(person.gender, ""),
        person.nationality,
    )


def _planted(person: Person) -> tuple[str, str, dt.date, str, str]:
    words = (person.full_name or "").split()
    born = person.date_of_birth
    assert born is not None and born.month is not None and born.day is not None  # plant_listed
    return (
        " ".join(words[:-1]),
        words[-1],
        dt.date(born.year, born.month, born.day),
        _SEX.get(person.gender or "", ""),
        person.nationality or "",
    )


def request_bodies(count: int, listed: Sequence[SyntheticPerson], seed: int) -> Iterator[str]:
    """``count`` check-ins: new synthetic travellers, ``LISTED_SHARE`` of them listed persons
    (from ``listed`` and the UN list, under their listed name and date of birth)."""
    rng = random.Random(seed)
    un_planted = [p.person for p in plant_listed(load_un_xml(UN_LIST), 100, seed=seed)]
    for number, person in enumerate(generate_people(count, seed=seed, prefix="I")):
        traveller = _synthetic(person)
        draw = rng.random()
        if draw < LISTED_SHARE / 2 and listed:
            traveller = _synthetic(rng.choice(listed))
        elif draw < LISTED_SHARE:
            traveller = _planted(rng.choice(un_planted))
        given, surname, born, sex, nationality = traveller
        yield _body(
            rng,
            given=given,
            surname=surname,
            born=born,
            sex=sex,
            nationality=nationality or "AFG",
            number=number,
        )


def _count(database_url: str, table: str) -> int:
    with psycopg.connect(database_url) as connection:
        row = connection.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608
    return int(row[0]) if row else 0


def _stat(process: Path) -> tuple[str, list[str]]:
    command = (process / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    return command, (process / "stat").read_text().rsplit(")", 1)[1].split()


def cpu_seconds(marker: str, *, reaped: bool = False) -> float:
    """CPU time (user + system) used so far by the live processes whose command line holds
    ``marker`` and, with ``reaped``, by their finished children (PostgreSQL's postmaster
    reaps a backend when Django closes a connection). Unlike latency, it hardly depends on
    what else the shared machine runs."""
    total = 0
    for process in Path("/proc").iterdir():
        if not process.name.isdigit():
            continue
        try:
            command, fields = _stat(process)
        except OSError:
            continue
        if marker in command:
            # utime, stime; cutime, cstime: the children it has waited for.
            total += int(fields[11]) + int(fields[12])
            if reaped:
                total += int(fields[13]) + int(fields[14])
    return total / os.sysconf("SC_CLK_TCK")


def postgres_cpu_seconds() -> float:
    """CPU time of the whole PostgreSQL server: its processes and the backends it reaped."""
    return cpu_seconds("postgres: ") + cpu_seconds("/usr/lib/postgresql/", reaped=True)


def run_phase(
    name: str,
    database_url: str,
    *,
    args: argparse.Namespace,
    token: str,
    bodies: Path,
    warm_up: str,
    ready_timeout: float,
) -> tuple[LoadStats, float]:
    """Serve, warm up, then measure; returns the figures and the seconds gunicorn took to
    answer (building the index included)."""
    server_env = {"AEGIS_SCREENING_WARM": "true", "AEGIS_TASKS": "eager"}
    if args.threads > 1:
        server_env["GUNICORN_CMD_ARGS"] = f"--threads={args.threads}"
    locust_env = {
        "AEGIS_IAPI_REQUESTS": str(bodies),
        "AEGIS_IAPI_TOKEN": token,
        "AEGIS_IAPI_RATE": str(args.rate / USERS),
    }
    started = time.perf_counter()
    with gunicorn(
        database_url,
        workers=args.workers,
        preload=True,
        env=server_env,
        ready_timeout=ready_timeout,
    ) as base:
        ready = time.perf_counter() - started
        run_locust(
            LOCUSTFILE,
            host=base,
            users=USERS,
            spawn_rate=USERS,
            run_time=warm_up,
            env=locust_env,
        )
        workers_before = cpu_seconds("gunicorn aegis.wsgi")
        database_before = postgres_cpu_seconds()
        stats = run_locust(
            LOCUSTFILE,
            host=base,
            users=USERS,
            spawn_rate=USERS,
            run_time=args.run_time,
            env=locust_env,
        )
        workers = cpu_seconds("gunicorn aegis.wsgi") - workers_before
        database = postgres_cpu_seconds() - database_before
    requests = max(1, stats.requests)
    per_request = (workers + database) / requests * 1000
    print(
        f"  {name}: served after {ready:.0f} s (index built in the master); CPU a check-in: "
        f"{workers / requests * 1000:.1f} ms in gunicorn workers + "
        f"{database / requests * 1000:.1f} ms in PostgreSQL = {per_request:.1f} ms "
        f"({2000 / per_request:.0f} check-ins/s would fill both cores)"
    )
    return stats, ready


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="50,000-entry list, 20 s a phase")
    parser.add_argument("--national", type=int, default=None, help="national list size (1M)")
    parser.add_argument("--rate", type=float, default=200.0, help="requests per second (200)")
    parser.add_argument("--run-time", default=None, help="locust syntax, per phase (120s)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (3)")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (1: sync)")
    parser.add_argument("--un-only", action="store_true", help="the first phase only")
    args = parser.parse_args(argv)
    national = args.national or (50_000 if args.quick else 1_000_000)
    args.run_time = args.run_time or ("20s" if args.quick else "120s")
    warm_up = "5s" if args.quick else "15s"

    print(machine())
    print(
        f"mode: {'quick' if args.quick else 'full'}; {args.rate:g} requests/s from {USERS} "
        f"locust users (Poisson arrivals), {args.run_time} a phase after {warm_up} of warm-up; "
        f"gunicorn {args.workers} workers x {args.threads} thread(s), --preload; load average "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    workdir = Path(tempfile.mkdtemp(prefix="bench-iapi-"))
    token = secrets.token_hex(20)
    database_url = fresh_database(DATABASE)
    aegis("migrate", "--noinput", database_url=database_url)
    code = textwrap.dedent(inspect.getsource(_carrier_account))
    aegis("shell", "-c", f"{code}\n_carrier_account({token!r})", database_url=database_url)
    eager = {"AEGIS_TASKS": "eager"}
    aegis(
        "watchlist", "UN SC Consolidated List", str(UN_LIST), database_url=database_url, env=eager
    )

    started = time.perf_counter()
    national_csv = workdir / "national.csv"
    listed = write_national_list(national_csv, national)
    seconds = float(args.run_time.rstrip("s")) if args.run_time.endswith("s") else 600.0
    per_phase = int(args.rate * (seconds + 60) * 1.2)
    phases: dict[str, LoadStats] = {}
    bodies = {}
    for phase, seed in (("UN list", 1), ("UN + national", 2)):
        path = workdir / f"requests-{seed}.jsonl"
        path.write_text("\n".join(request_bodies(per_phase, listed, seed)) + "\n")
        bodies[phase] = path
    print(
        f"  {national:,}-entry national list and {2 * per_phase:,} check-ins written in "
        f"{time.perf_counter() - started:.0f} s"
    )

    stats, _ = run_phase(
        "UN list (709 persons)",
        database_url,
        args=args,
        token=token,
        bodies=bodies["UN list"],
        warm_up=warm_up,
        ready_timeout=120,
    )
    phases["UN list"] = stats
    if not args.un_only:
        _national_phase(
            database_url,
            args=args,
            token=token,
            national_csv=national_csv,
            bodies=bodies["UN + national"],
            warm_up=warm_up,
            phases=phases,
        )
    return report(database_url, args, phases)


def _national_phase(
    database_url: str,
    *,
    args: argparse.Namespace,
    token: str,
    national_csv: Path,
    bodies: Path,
    warm_up: str,
    phases: dict[str, LoadStats],
) -> None:
    started = time.perf_counter()
    aegis(
        "watchlist",
        "National list (synthetic)",
        str(national_csv),
        database_url=database_url,
        env={"AEGIS_TASKS": "eager"},
    )
    print(f"  national list loaded in {time.perf_counter() - started:.0f} s")
    stats, _ = run_phase(
        "UN list + national list",
        database_url,
        args=args,
        token=token,
        bodies=bodies,
        warm_up=warm_up,
        ready_timeout=900,
    )
    phases["UN + national"] = stats


def report(database_url: str, args: argparse.Namespace, phases: dict[str, LoadStats]) -> int:
    """Print the figures of every phase; 1 when any request failed."""
    travellers = _count(database_url, "travel_traveller")
    cases = _count(database_url, "travel_case")
    print(
        f"\n{'watchlists':32s} {'requests':>9s} {'failures':>9s} {'req/s':>7s} "
        f"{'p50 ms':>7s} {'p95 ms':>7s} {'p99 ms':>7s} {'max ms':>7s}"
    )
    for phase, result in phases.items():
        print(
            f"{phase:32s} {result.requests:9,d} {result.failures:9,d} {result.rps:7.1f} "
            f"{result.p50_ms:7.0f} {result.p95_ms:7.0f} {result.p99_ms:7.0f} {result.max_ms:7.0f}"
        )
    small = phases["UN list"]
    large = phases.get("UN + national", small)
    if large is not small and small.p99_ms:
        print(f"p99 with the national list / UN list alone: {large.p99_ms / small.p99_ms:.2f}x")
    print(f"travellers stored {travellers:,}; cases opened (hits pending review) {cases:,}")
    verdict = (
        "met" if large.p99_ms <= GOAL_P99_MS else f"missed by {large.p99_ms - GOAL_P99_MS:.0f} ms"
    )
    print(f"goal p99 <= {GOAL_P99_MS:.0f} ms at {args.rate:g} requests/s: {verdict}")
    failures = [error for result in phases.values() for error in result.errors]
    for error in failures[:10]:
        print(f"  failure: {error.occurrences} x {error.method} {error.name}: {error.error}")
    return 1 if any(result.failures for result in phases.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
