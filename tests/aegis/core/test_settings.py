"""Production settings: refuse to start without secrets, and pass Django's deploy checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

AEGIS = [sys.executable, "-m", "aegis"]


def run_aegis(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    # Only what a production host would have: no test-only switches.
    dropped = {"SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(  # noqa: S603 — fixed argv of our own command
        [*AEGIS, *args],
        env={**clean, "DJANGO_SETTINGS_MODULE": "aegis.settings.production", **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"DATABASE_URL": "sqlite:///prod.sqlite3"}, "SECRET_KEY"),
        ({"SECRET_KEY": "x" * 60}, "DATABASE_URL"),
    ],
)
def test_production_refuses_to_start_without_its_secrets(
    env: dict[str, str], missing: str, tmp_path: Path
) -> None:
    result = run_aegis("check", env=env, cwd=tmp_path)

    assert result.returncode != 0
    assert f"The environment variable {missing} must be set." in result.stderr


def test_deploy_checks_pass_under_production_settings(tmp_path: Path) -> None:
    result = run_aegis(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "SECRET_KEY": "a-production-secret-of-sufficient-length-and-entropy-0123456789",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
            "ALLOWED_HOSTS": "aegis.example.org",
            "AEGIS_VAR_DIR": str(tmp_path),
        },
        cwd=tmp_path,
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
