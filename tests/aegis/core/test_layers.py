"""``core`` sits below every app: it imports none of them, so any app may build on it."""

from __future__ import annotations

import ast
from pathlib import Path

import aegis.core

CORE = Path(aegis.core.__file__).parent
APPS = {"accounts", "activities", "coordination", "funding", "reporting", "travel", "site"}


def apps_imported(source: Path) -> set[str]:
    """The aegis apps a module imports (absolute imports, top level or inside functions)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        modules = []
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules = [node.module]
        for module in modules:
            parts = module.split(".")
            if parts[0] == "aegis" and len(parts) > 1 and parts[1] in APPS:
                names.add(parts[1])
            if parts[0] == "aegis" and len(parts) == 1 and isinstance(node, ast.ImportFrom):
                names.update(alias.name for alias in node.names if alias.name in APPS)
    return names


def test_core_imports_no_app() -> None:
    offenders = {
        str(path.relative_to(CORE)): sorted(apps_imported(path))
        for path in CORE.rglob("*.py")
        if apps_imported(path)
    }

    assert offenders == {}


def test_the_scan_sees_an_import_inside_a_function(tmp_path: Path) -> None:
    module = tmp_path / "probe.py"
    module.write_text("def f():\n    from aegis.activities.models import Activity\n")

    assert apps_imported(module) == {"activities"}
