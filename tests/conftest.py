"""The whole suite runs inside its own checkout: a test, the demo or a fixture that opens
a file beside it (the design team's data folder or any other sibling) fails, because a user
who clones the project has nothing there. Data the tests need is in ``data/``
(``aegis.datasets``)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import hypothesis
import pytest

CHECKOUT = Path(__file__).resolve().parents[1]
_READS = frozenset({"open", "os.listdir", "os.scandir", "glob.glob"})
_outside_reads: list[str] = []


def _forbidden_roots() -> tuple[str, ...]:
    parent = CHECKOUT.parent
    temp = Path(tempfile.gettempdir()).resolve()
    if parent in (temp, Path(parent.anchor)):
        # A clone straight under /tmp or / : guard the one sibling a clone could reach for.
        return (str(parent.joinpath("shared")),)
    return (str(parent),)


def _allowed(path: str, parent: Path) -> bool:
    if path == str(CHECKOUT) or path.startswith(f"{CHECKOUT}{os.sep}"):
        return True
    temp = tempfile.gettempdir()
    # Test files live in the temporary folder, but not beside the checkout: a clone in it
    # (/tmp/x, /tmp/empty/x) must not reach its siblings (/tmp/shared, /tmp/empty/shared).
    if path.startswith(f"{temp}{os.sep}") and not path.startswith(f"{parent}{os.sep}"):
        return True
    # Hidden folders beside the checkout (a home directory's .cache, .config) are tools', not data.
    relative = Path(path).relative_to(parent) if path.startswith(str(parent)) else None
    return bool(relative and relative.parts and relative.parts[0].startswith("."))


def _install_guard() -> None:
    roots = _forbidden_roots()
    parent = CHECKOUT.parent

    def audit(event: str, args: tuple[Any, ...]) -> None:
        if event not in _READS or not args:
            return
        target = args[0]
        if isinstance(target, bytes):
            target = os.fsdecode(target)
        if not isinstance(target, str | os.PathLike):
            return
        # abspath, not resolve(): resolving would stat and re-enter this hook.
        path = os.path.abspath(os.fspath(target))  # noqa: PTH100
        if not any(path == root or path.startswith(f"{root}{os.sep}") for root in roots):
            return
        if _allowed(path, parent):
            return
        _outside_reads.append(path)
        raise PermissionError(f"read outside the checkout: {path} (ship it under data/)")

    sys.addaudithook(audit)


_install_guard()

# CI draws the same examples on every run (a failure there is reproducible); a developer's
# run keeps exploring new ones.
hypothesis.settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis.settings.load_profile("ci")


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """Under pytest-xdist, gather each worker's reads outside the checkout in the controller
    (a worker's own exit status is not the run's)."""
    _outside_reads.extend(getattr(node, "workeroutput", {}).get("outside_reads", []))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: the controller reports
        workeroutput["outside_reads"] = list(_outside_reads)
        return
    if _outside_reads:
        sys.stderr.write(
            "\nThe suite read files outside the checkout:\n"
            + "".join(f"  {path}\n" for path in sorted(set(_outside_reads)))
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
