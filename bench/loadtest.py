"""A small harness for load tests of the web application: a fresh PostgreSQL database, the
``aegis`` command against it, gunicorn serving it, locust driving it.

    from loadtest import aegis, fresh_database, gunicorn, run_locust  # bench/ on sys.path

    url = fresh_database("aegis_bench_web")
    aegis("migrate", "--noinput", database_url=url)
    with gunicorn(url, workers=4) as base:
        stats = run_locust(Path("bench/locust_web.py"), host=base, users=50,
                           spawn_rate=2, run_time="45s")
    print(stats.requests, stats.failures, stats.p95_ms)

The server runs the production settings (``aegis.settings.production``: DEBUG off, real
PostgreSQL, WhiteNoise, secure and HTTP-only cookies, django-axes, CSP) exactly as deployed
behind a TLS-terminating proxy, with two changes that only the environment makes and that
production's defaults keep safe: ``SECURE_SSL_REDIRECT=false`` (the loopback has no TLS, so
plain HTTP is answered instead of redirected) and ``SECURE_HSTS_SECONDS=0``. Session and CSRF
cookies stay ``Secure``: a client that logs in over the loopback must keep and send them over
plain HTTP, which :func:`accept_secure_cookies_over_http` arranges for a ``requests`` session
(locust's ``HttpSession`` is one). Nothing in the product changes for the benchmark.
"""

from __future__ import annotations

import csv
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookiejar import Cookie
from pathlib import Path
from typing import Any
from urllib.request import Request

import psycopg
from psycopg import sql
from requests.cookies import RequestsCookieJar

from host import cpu_model

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = ROOT / ".venv" / "bin"
PG_HOST, PG_PORT, PG_USER = "127.0.0.1", 5432, "postgres"

__all__ = [
    "LoadError",
    "LoadStats",
    "RequestStats",
    "accept_secure_cookies_over_http",
    "aegis",
    "fresh_database",
    "gunicorn",
    "machine",
    "run_locust",
    "run_time_seconds",
]


def fresh_database(name: str, *, template: str | None = None) -> str:
    """Drop PostgreSQL database ``name`` if it exists (closing its connections), create it
    empty (or as a copy of database ``template``, which nobody may be connected to), and
    return its ``DATABASE_URL``. Raises ``psycopg.Error`` when PostgreSQL on 127.0.0.1:5432
    (user postgres, trust authentication) cannot be reached or the copy fails."""
    with psycopg.connect(
        host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres", autocommit=True
    ) as connection:
        database = sql.Identifier(name)
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(database))
        if template is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(database))
        else:
            connection.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(database, sql.Identifier(template))
            )
    return f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"


def machine() -> str:
    """One line on what the figures were measured on: host, cores, CPU, memory, versions."""
    cpu = cpu_model()
    memory = Path("/proc/meminfo").read_text().split()[1]
    with psycopg.connect(
        host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres", autocommit=True
    ) as connection:
        server = connection.execute("SHOW server_version").fetchone()
    return (
        f"machine: {platform.node()}, {os.cpu_count()} cores, {cpu}, "
        f"{int(memory) / 2**20:.0f} GiB; Python {platform.python_version()}; "
        f"PostgreSQL {server[0] if server else '?'}"
    )


def _environment(database_url: str, env: Mapping[str, str] | None) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": database_url, **(env or {})}


def aegis(*args: str, database_url: str, env: Mapping[str, str] | None = None) -> None:
    """Run ``.venv/bin/aegis ARGS`` (a management command, e.g. ``"migrate", "--noinput"``)
    against ``database_url``, with ``env`` added to this process's environment (the command's
    default settings are ``aegis.settings.local``; ``DJANGO_SETTINGS_MODULE`` in ``env`` picks
    others). Raises ``RuntimeError`` carrying the command's stderr when it fails."""
    result = subprocess.run(  # noqa: S603 - our own console script
        [str(VENV_BIN / "aegis"), *args],
        cwd=ROOT,
        env=_environment(database_url, env),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"aegis {' '.join(args)} failed with exit code {result.returncode}:\n"
            f"{result.stderr.strip() or result.stdout.strip()}"
        )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(Request(url), timeout=2) as response:  # noqa: S310 - loopback
            return int(response.status) == 200
    except (urllib.error.URLError, OSError):
        return False


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _stop(process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    """SIGTERM the gunicorn master (it stops its workers gracefully); kill its process group
    (the master and its workers, which this harness started in a session of their own) if it
    has not finished within ``timeout`` seconds."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def gunicorn(
    database_url: str,
    *,
    workers: int,
    port: int = 0,
    preload: bool = False,
    env: Mapping[str, str] | None = None,
    ready_timeout: float = 60,
) -> Iterator[str]:
    """Serve ``aegis.wsgi:application`` with gunicorn on 127.0.0.1 and yield its base URL
    (``"http://127.0.0.1:PORT"``) once ``/healthz`` answers 200.

    ``workers`` sync worker processes (gunicorn's other options, e.g. ``--threads 4`` for
    gthread workers, go in ``env["GUNICORN_CMD_ARGS"]``), on ``port`` (a free one when 0),
    the application imported once in the master and forked when ``preload``. Settings are
    production's (see the module's docstring) with a fresh ``SECRET_KEY`` and a temporary
    ``AEGIS_VAR_DIR`` (static files are not collected: ``/static/`` answers 404). ``env`` is
    added to the server's environment last, so it may override any of these. The server and its
    workers are stopped on exit. Raises ``RuntimeError`` (with the end of gunicorn's log)
    when the server exits or does not answer within ``ready_timeout`` seconds.
    """
    var_dir = Path(tempfile.mkdtemp(prefix="aegis-loadtest-"))
    settings = {
        "DJANGO_SETTINGS_MODULE": "aegis.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "AEGIS_VAR_DIR": str(var_dir),
        "LOG_LEVEL": "WARNING",
        **(env or {}),
    }
    log = var_dir / "gunicorn.log"
    process: subprocess.Popen[bytes] | None = None
    try:
        # Static files are not collected (a minute of compression): pages render without them
        # (the storage keeps no manifest) and load tests request pages and API, not assets.
        (var_dir / "static").mkdir()
        port = port or _free_port()
        command = [
            str(VENV_BIN / "gunicorn"),
            "aegis.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            f"--error-logfile={log}",
            "--graceful-timeout=10",
        ]
        if preload:
            command.append("--preload")
        with log.open("ab") as output:
            process = subprocess.Popen(  # noqa: S603 - our own virtual environment's gunicorn
                command,
                cwd=ROOT,
                env=_environment(database_url, settings),
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + ready_timeout
        while not _answers(f"{base}/healthz"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"gunicorn did not start serving {base} (exit code {process.poll()}):\n"
                    f"{_tail(log)}"
                )
            time.sleep(0.2)
        yield base
    finally:
        if process is not None:
            _stop(process)
        shutil.rmtree(var_dir, ignore_errors=True)


@dataclass(frozen=True)
class RequestStats:
    """Locust's figures for the requests of one method and name (a page or page group).
    Times are in milliseconds; locust keeps response times to 2 significant digits above
    100 ms (e.g. 234 ms counts as 230 ms) for its percentiles, the maximum is exact."""

    name: str
    method: str
    requests: int
    failures: int
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float


@dataclass(frozen=True)
class LoadError:
    """One kind of failure locust recorded: the request, its error message, how often."""

    name: str
    method: str
    error: str
    occurrences: int


@dataclass(frozen=True)
class LoadStats:
    """The outcome of a locust run: every request together (the aggregated row), then one
    row per method and name in ``rows``, and the failures in ``errors``."""

    requests: int
    failures: int
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    rows: list[RequestStats] = field(default_factory=list)
    errors: list[LoadError] = field(default_factory=list)

    def row(self, name: str, method: str | None = None) -> RequestStats:
        """The row of ``name`` (and ``method``, when several methods share the name)."""
        for row in self.rows:
            if row.name == name and method in (None, row.method):
                return row
        raise KeyError(name)


def _number(value: str) -> float:
    return float(value) if value not in ("", "N/A") else 0.0


def _request_stats(record: Mapping[str, str]) -> RequestStats:
    return RequestStats(
        name=record["Name"],
        method=record["Type"],
        requests=int(record["Request Count"]),
        failures=int(record["Failure Count"]),
        rps=_number(record["Requests/s"]),
        p50_ms=_number(record["50%"]),
        p95_ms=_number(record["95%"]),
        p99_ms=_number(record["99%"]),
        max_ms=_number(record["Max Response Time"]),
    )


def _parse_stats(prefix: Path) -> LoadStats:
    with Path(f"{prefix}_stats.csv").open(newline="") as handle:
        records = list(csv.DictReader(handle))
    rows = [_request_stats(record) for record in records if record["Name"] != "Aggregated"]
    total = next(
        (_request_stats(record) for record in records if record["Name"] == "Aggregated"), None
    )
    if total is None:
        raise RuntimeError(f"{prefix}_stats.csv has no Aggregated row")
    errors: list[LoadError] = []
    failures = Path(f"{prefix}_failures.csv")
    if failures.exists():
        with failures.open(newline="") as handle:
            errors = [
                LoadError(
                    name=record["Name"],
                    method=record["Method"],
                    error=record["Error"],
                    occurrences=int(record["Occurrences"]),
                )
                for record in csv.DictReader(handle)
            ]
    return LoadStats(
        requests=total.requests,
        failures=total.failures,
        rps=total.rps,
        p50_ms=total.p50_ms,
        p95_ms=total.p95_ms,
        p99_ms=total.p99_ms,
        max_ms=total.max_ms,
        rows=rows,
        errors=errors,
    )


def run_time_seconds(run_time: str) -> int:
    """Locust's ``--run-time`` syntax (``"45s"``, ``"10m"``, ``"1h30m"``) in seconds."""
    units = {"h": 3600, "m": 60, "s": 1}
    total, digits = 0, ""
    for character in run_time.strip():
        if character.isdigit():
            digits += character
        elif character in units and digits:
            total, digits = total + int(digits) * units[character], ""
        else:
            raise ValueError(f"Not a locust run time: {run_time!r}")
    return total + int(digits or 0)


STOP_TIMEOUT = 10  # seconds users get to finish their current task when the run time is up


def run_locust(
    locustfile: Path,
    *,
    host: str,
    users: int,
    spawn_rate: float,
    run_time: str,
    env: Mapping[str, str] | None = None,
) -> LoadStats:
    """Run locust headless on ``locustfile`` against ``host`` (``users`` users started at
    ``spawn_rate`` per second, for ``run_time`` in locust's syntax, e.g. ``"45s"``,
    ``"10m"``), ``env`` added to its environment, and return its figures. Failed requests
    are figures (``failures``, ``errors``), not exceptions; raises ``RuntimeError`` with the
    end of locust's output when locust itself fails or overruns its run time by a minute."""
    directory = Path(tempfile.mkdtemp(prefix="aegis-locust-"))
    prefix = directory / "run"
    log = directory / "locust.log"
    command = [
        str(VENV_BIN / "locust"),
        f"--locustfile={locustfile}",
        "--headless",
        "--only-summary",
        f"--host={host}",
        f"--users={users}",
        f"--spawn-rate={spawn_rate}",
        f"--run-time={run_time}",
        f"--stop-timeout={STOP_TIMEOUT}",
        f"--csv={prefix}",
        "--loglevel=WARNING",
    ]
    try:
        with log.open("wb") as output:
            result = subprocess.run(  # noqa: S603 - our own virtual environment's locust
                command,
                cwd=ROOT,
                env={**os.environ, **(env or {})},
                stdout=output,
                stderr=subprocess.STDOUT,
                timeout=run_time_seconds(run_time) + STOP_TIMEOUT + 60,
                check=False,
            )
        # Locust exits with 1 when some requests failed: those are figures, not a crash.
        if result.returncode not in (0, 1) or not Path(f"{prefix}_stats.csv").exists():
            raise RuntimeError(f"locust failed with exit code {result.returncode}:\n{_tail(log)}")
        return _parse_stats(prefix)
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(f"locust overran its run time {run_time}:\n{_tail(log)}") from exc
    finally:
        shutil.rmtree(directory, ignore_errors=True)


class _LoopbackCookieJar(RequestsCookieJar):
    """Keeps the cookies of 127.0.0.1 and localhost without their ``Secure`` flag, so that
    they go back over plain HTTP. (A cookie policy would not do: ``requests`` copies the
    session's cookies into a jar with the default policy for every request.)"""

    def set_cookie(self, cookie: Cookie, *args: Any, **kwargs: Any) -> None:
        if cookie.domain in {"127.0.0.1", "localhost", "localhost.local"}:
            cookie.secure = False
        super().set_cookie(cookie, *args, **kwargs)


def accept_secure_cookies_over_http(session: Any) -> None:
    """Let a ``requests.Session`` (locust's ``HttpSession`` is one) send the server's
    ``Secure`` session and CSRF cookies back over plain HTTP on the loopback, as a browser
    does behind the TLS-terminating proxy production runs behind. Cookies of other hosts
    keep their flag."""
    jar = _LoopbackCookieJar()
    jar.update(session.cookies)
    session.cookies = jar
