"""paxscreen is a pure library: no module of it imports Django, directly or not."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import paxscreen

PACKAGE = Path(paxscreen.__file__).parent


def imported_modules(source: Path) -> set[str]:
    tree = ast.parse(source.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_source_file_imports_django() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            name for name in imported_modules(path) if name.split(".")[0] in {"django", "aegis"}
        )
        for path in PACKAGE.rglob("*.py")
    }

    assert {path: names for path, names in offenders.items() if names} == {}


def test_importing_every_module_loads_no_django() -> None:
    modules = sorted(
        ".".join(("paxscreen", *path.relative_to(PACKAGE).with_suffix("").parts))
        .removesuffix(".__init__")
        .removesuffix(".__main__")
        for path in PACKAGE.rglob("*.py")
        if path.name != "__main__.py"
    )
    probe = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'aegis')))\n"
    )

    result = subprocess.run(  # noqa: S603 — our own interpreter and probe
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )

    assert result.stdout.strip() == "[]"
