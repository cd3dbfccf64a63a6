"""PIU search and case list at scale: p50 and p95 on a grown demo database (issue #21).

    .venv/bin/python bench/bench_search.py --database-url URL [--grow N] [--runs 30]
        [--no-write]

The database must hold the demo (``aegis migrate`` then ``aegis demo``); ``--grow N`` first
adds about N travellers through the real intake (``aegis demo --travellers N``: parsed,
stored, indexed, screened, one interchange a flight) and reports how fast it built them.
For the issue's figure, on a quiet machine::

    DATABASE_URL=postgres://…/aegis_big .venv/bin/aegis migrate
    DATABASE_URL=postgres://…/aegis_big .venv/bin/aegis demo --travellers 1000000
    .venv/bin/python bench/bench_search.py --database-url postgres://…/aegis_big

(and the same with ``sqlite:///var/big.sqlite3``). Each request goes whole through Django's
test client (every middleware, the view, the template; no network), signed in as the demo
PIU analyst with a confirmed second factor, as a real analyst's page would. Search terms are
drawn from the database itself (seeded): a traveller's full name, a surname alone, a name
misspelt by sound, document, locator, phone, e-mail, card, flight with its day, and a week of
departures; each kind ``--runs`` times with different values. The case list: its first page,
``?status=new``, and a later page. Unless ``--no-write``, replaces the section "Search" of
BENCHMARKS.md (between ``<!-- section:search -->`` markers). Reports, never asserts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from host import cpu_model

ROOT = Path(__file__).resolve().parents[1]
GOAL_MS = 300.0
SECTION = "search"
PURPOSE = "benchmark of the search (issue 21)"


def grow(url: str, travellers: int) -> str:
    env = {**os.environ, "DATABASE_URL": url}
    started = time.perf_counter()
    command = [str(ROOT / ".venv/bin/aegis"), "demo", "--travellers", str(travellers)]
    subprocess.run(command, check=True, env=env, cwd=ROOT)  # noqa: S603 - our own console script
    elapsed = time.perf_counter() - started
    return (
        f"grown by `aegis demo --travellers {travellers}` in {elapsed:,.0f} s "
        f"({travellers / elapsed:,.0f} travellers/s through the intake)"
    )


def _ms(samples: list[float]) -> tuple[float, float]:
    p95 = statistics.quantiles(samples, n=20, method="inclusive")[-1]
    return statistics.median(samples) * 1000, p95 * 1000


def _misspelt(name: str) -> str:
    """The same name as heard: vowels swapped, which the phonetic key ignores."""
    return name.translate(str.maketrans("AEIOU", "EIOUA"))


def search_terms(rng: random.Random, runs: int) -> dict[str, list[dict[str, str]]]:
    """``runs`` queries of each kind, with values taken from the stored travellers."""
    from django.db.models import Max, Min

    from aegis.travel.models import Flight, Identifier, TravelDocument, Traveller

    bounds = Traveller.objects.filter(masked_at__isnull=True).aggregate(Min("pk"), Max("pk"))
    low, high = bounds["pk__min"], bounds["pk__max"]

    def travellers(count: int) -> list[Traveller]:
        found: list[Traveller] = []
        while len(found) < count:
            pk = rng.randint(low, high)
            traveller = (
                Traveller.objects.filter(pk__gte=pk, masked_at__isnull=True)
                .select_related("flight__carrier", "booking")
                .order_by("pk")
                .first()
            )
            if traveller is not None:
                found.append(traveller)
        return found

    def identifiers(kind: str) -> list[str]:
        values = Identifier.objects.filter(kind=kind).values_list("value", flat=True)
        top = values.aggregate(Max("pk"))["pk__max"] or 0
        picked = []
        for _ in range(runs):
            value = (
                Identifier.objects.filter(kind=kind, pk__gte=rng.randint(0, top))
                .order_by("pk")
                .values_list("value", flat=True)
                .first()
            )
            if value:
                picked.append(value)
        return picked

    people = travellers(runs)
    booked = Traveller.objects.filter(booking__isnull=False, masked_at__isnull=True)
    booked_pks = list(booked.values_list("pk", flat=True)[: runs * 50])
    with_booking = [
        Traveller.objects.select_related("booking").get(pk=pk)
        for pk in rng.sample(booked_pks, min(runs, len(booked_pks)))
    ]
    documents = [
        TravelDocument.objects.filter(traveller=t).values_list("number", flat=True).first()
        for t in people
    ]
    latest = Flight.objects.order_by("-departure").values_list("departure", flat=True).first()
    first = Flight.objects.order_by("departure").values_list("departure", flat=True).first()
    weeks = []
    if latest and first:
        span = max(1, (latest - first).days - 7)
        for _ in range(runs):
            start = (first + dt.timedelta(days=rng.randrange(span))).date()
            weeks.append(
                {"date_from": start.isoformat(), "date_to": (start + dt.timedelta(6)).isoformat()}
            )
    return {
        "full name": [{"name": f"{t.given_names} {t.surname}"} for t in people],
        "surname alone": [{"name": t.surname} for t in people],
        "name by sound": [{"name": _misspelt(f"{t.given_names} {t.surname}")} for t in people],
        "document": [{"document": d} for d in documents if d],
        "locator": [{"locator": t.booking.record_locator} for t in with_booking if t.booking],
        "phone": [{"phone": v} for v in identifiers(Identifier.Kind.PHONE)],
        "e-mail": [{"email": v} for v in identifiers(Identifier.Kind.EMAIL)],
        "card": [{"card": v[-4:]} for v in identifiers(Identifier.Kind.CARD)],
        "flight and day": [
            {
                "flight": f"{t.flight.carrier.code}{t.flight.number}",
                "date_from": t.flight.departure.date().isoformat(),
                "date_to": t.flight.departure.date().isoformat(),
            }
            for t in people
        ],
        "name in a week": [
            {"name": t.surname, **week} for t, week in zip(people, weeks, strict=False)
        ],
        "a week of departures": weeks,
    }


Result = tuple[str, int, float, float, int]  # kind, requests, median, p95, median rows


def measure(runs: int, seed: int) -> tuple[list[Result], list[Result], dict[str, int]]:
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from aegis.core.models import User
    from aegis.travel.models import Case, SearchEntry, Traveller

    analyst = User.objects.get(username="analyst")
    client = Client(HTTP_HOST="localhost")
    client.force_login(analyst)
    device, _ = TOTPDevice.objects.get_or_create(
        user=analyst, name="benchmark", defaults={"confirmed": True}
    )
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()

    def timed(get: Callable[[], Any]) -> tuple[float, int]:
        started = time.perf_counter()
        response = get()
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"answered {response.status_code}: {response.content[:300]!r}")
        # The heading says how many were found ("3 travellers found").
        found = re.search(rb"(\d+) travellers? found", response.content)
        return elapsed, int(found.group(1)) if found else 0

    client.get("/piu/search/", {"name": "warm up", "purpose": PURPOSE})
    client.get("/piu/cases/")
    searches = []
    for kind, queries in search_terms(random.Random(seed), runs).items():
        samples, rows = [], []
        for query in queries:
            elapsed, count = timed(
                lambda query=query: client.get("/piu/search/", {**query, "purpose": PURPOSE})
            )
            samples.append(elapsed)
            rows.append(count)
        if len(samples) >= 2:
            searches.append((kind, len(samples), *_ms(samples), int(statistics.median(rows))))
    lists = []
    for what, query in (
        ("case list, first page", {}),
        ("case list, status new", {"status": "new"}),
        ("case list, page 5", {"page": "5"}),
    ):
        samples = [
            timed(lambda query=query: client.get("/piu/cases/", query))[0] for _ in range(runs)
        ]
        lists.append((what, len(samples), *_ms(samples), 0))
    sizes = {
        "travellers": Traveller.objects.count(),
        "entries": SearchEntry.objects.count(),
        "cases": Case.objects.count(),
    }
    return searches, lists, sizes


def machine(database_url: str) -> str:
    memory = Path("/proc/meminfo").read_text().split()[1]
    engine = "SQLite" if database_url.startswith("sqlite") else "PostgreSQL"
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"`{platform.node()}`, {os.cpu_count()} cores, CPU `{cpu_model()}`, "
        f"{int(memory) / 2**20:.0f} GiB, Python {platform.python_version()}, {engine}; "
        f"load average at the end {load}"
    )


def _commit() -> str:
    git = ["git", "rev-parse", "--short", "HEAD"]
    done = subprocess.run(git, check=False, cwd=ROOT, capture_output=True, text=True)  # noqa: S603 - git of this checkout
    return done.stdout.strip() or "unknown"


def table(results: list[Result], rows_column: bool) -> str:
    lines = []
    for what, count, median, p95, rows in results:
        met = "yes" if p95 <= GOAL_MS else "**no**"
        extra = f" {rows} |" if rows_column else ""
        lines.append(f"| {what} | {count} | {median:.0f} | {p95:.0f} | {met} |{extra}")
    return "\n".join(lines)


def engine_block(
    *,
    url: str,
    command: str,
    how: str,
    searches: list[Result],
    lists: list[Result],
    sizes: dict[str, int],
) -> str:
    now = datetime.now(UTC)
    engine = "SQLite (FTS5)" if url.startswith("sqlite") else "PostgreSQL (GIN full-text)"
    return f"""### {engine}, {sizes["travellers"]:,} travellers

Command: `{command}`. Run on {now:%Y-%m-%d} at {now:%H:%M} UTC, commit `{_commit()}`, on
{machine(url)}. Database: {how}; {sizes["travellers"]:,} travellers, {sizes["entries"]:,}
search entries, {sizes["cases"]:,} cases. Wall time per request in milliseconds.

| search | requests | median | p95 | p95 ≤ 300 ms | median rows found |
|---|---:|---:|---:|---|---:|
{table(searches, True)}

| case list | requests | median | p95 | p95 ≤ 300 ms |
|---|---:|---:|---:|---|
{table(lists, False)}
"""


def write_block(url: str, block: str) -> None:
    """Keep one block per engine inside the section, replacing this engine's."""
    path = ROOT / "BENCHMARKS.md"
    current = path.read_text()
    pattern = re.compile(rf"<!-- section:{SECTION} -->\n(.*?)<!-- /section:{SECTION} -->", re.S)
    found = pattern.search(current)
    key = "sqlite" if url.startswith("sqlite") else "postgresql"
    blocks = {}
    intro = INTRO
    if found:
        for part in re.split(r"(?=<!-- engine:)", found.group(1)):
            match = re.match(r"<!-- engine:(\w+) -->\n", part)
            if match:
                blocks[match.group(1)] = part
    blocks[key] = f"<!-- engine:{key} -->\n{block}\n"
    body = intro + "".join(blocks[k] for k in sorted(blocks))
    text = f"<!-- section:{SECTION} -->\n{body}<!-- /section:{SECTION} -->"
    updated = (
        pattern.sub(lambda _: text, current)
        if found
        else current.rstrip("\n") + "\n\n" + text + "\n"
    )
    path.write_text(updated)


INTRO = """## Search

`bench/bench_search.py` (issue #21): the search page (`/piu/search/`) and the case list
(`/piu/cases/`) on a demo database grown through the real intake (`aegis demo --travellers
N`). The issue's goal is a p95 of 300 ms at 1,000,000 travellers; the size each run reached is
in its heading. See the module's docstring for the command to run it at 1,000,000.

"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="a database holding the demo")
    parser.add_argument("--grow", type=int, default=0, help="first add about N travellers")
    parser.add_argument("--runs", type=int, default=30, help="requests of each kind")
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--how", default="", help="how the database was built, for the report")
    parser.add_argument("--no-write", action="store_true", help="leave BENCHMARKS.md alone")
    args = parser.parse_args()
    how = grow(args.database_url, args.grow) if args.grow else (args.how or "grown before")
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aegis.settings.local")
    os.environ["DEBUG"] = "false"
    import django

    django.setup()
    searches, lists, sizes = measure(args.runs, args.seed)
    counts = ", ".join(f"{count:,} {name}" for name, count in sizes.items())
    print(counts)
    for what, count, median, p95, rows in [*searches, *lists]:
        print(
            f"{what:28} {count:4} requests  median {median:7.1f} ms  p95 {p95:7.1f} ms  rows {rows}"
        )
    if not args.no_write:
        url = args.database_url
        shown = re.sub(r"//[^@/]*@", "//", url)
        # The address without its password; what --how says is in the text, not the command.
        argv = [shown if a == url else a for a in sys.argv[1:]]
        if "--how" in argv:
            argv[argv.index("--how") + 1] = '"…"'
        command = " ".join([".venv/bin/python bench/bench_search.py", *argv])
        write_block(
            url,
            engine_block(
                url=url, command=command, how=how, searches=searches, lists=lists, sizes=sizes
            ),
        )
        print("BENCHMARKS.md: section 'search' written.")


if __name__ == "__main__":
    main()
