"""``python -m paxscreen``: one command line over the library's stages.

Each stage owns its sub-commands in its own ``cli`` module and registers them
here, so this file stays a table of contents.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence

# Stage modules that expose ``register(subparsers)``; each registered parser
# sets ``func`` to a callable taking the parsed namespace and returning an exit code.
_STAGES = ("paxscreen.edifact.cli", "paxscreen.match.cli", "paxscreen.batch.cli")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="paxscreen",
        description="Parse carrier messages and screen travellers against watchlists.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True)
    for module_name in _STAGES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    code: int = args.func(args)
    return code
