"""``paxscreen parse FILE... [--strict] [--format json|jsonl]``.

Prints one JSON object per message (and one per interchange that has problems
outside its messages), each naming its file: one per line (``jsonl``, streamed) or
as an indented JSON array (``json``). Exit status: 0, or 1 in strict
mode when any error was found, 2 when a file cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from paxscreen.edifact.protection import ProtectionPolicy, default_policy
from paxscreen.edifact.reader import iter_messages

__all__ = ["register", "run_parse"]


def register(subparsers: Any) -> None:
    """Add the ``parse`` sub-command to the ``paxscreen`` command line."""
    parser = subparsers.add_parser(
        "parse",
        help="parse PAXLST/PNRGOV files to JSON",
        description="Parse UN/EDIFACT PAXLST (API) and PNRGOV (PNR) files; "
        "print one JSON object per message.",
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="count and reference mismatches are errors; exit 1 on any error",
    )
    parser.add_argument("--format", choices=("json", "jsonl"), default="jsonl")
    protection = parser.add_mutually_exclusive_group()
    protection.add_argument(
        "--protection-policy",
        type=Path,
        help="JSON file of sensitive SSR codes and terms to remove (default: the shipped policy)",
    )
    protection.add_argument(
        "--no-protection",
        action="store_true",
        help="keep sensitive data (only where the legal basis allows it)",
    )
    parser.set_defaults(func=run_parse)


def run_parse(args: argparse.Namespace) -> int:
    """Run the ``parse`` sub-command; returns the exit status."""
    policy: ProtectionPolicy | None
    if args.no_protection:
        policy = None
    elif args.protection_policy is not None:
        policy = ProtectionPolicy.from_json(args.protection_policy)
    else:
        policy = default_policy()
    as_array = args.format == "json"
    failed = False
    unreadable = False
    out = sys.stdout
    first = True
    if as_array:
        out.write("[")
    for path in args.files:
        try:
            for result in iter_messages(
                path, strict=args.strict, raise_errors=False, protection=policy
            ):
                record = {"file": str(path), **result.to_dict()}
                if as_array:
                    out.write("\n" if first else ",\n")
                    out.write(json.dumps(record, ensure_ascii=False, indent=2))
                else:
                    out.write(json.dumps(record, ensure_ascii=False))
                    out.write("\n")
                first = False
                failed = failed or not result.ok
        except OSError as exc:
            sys.stderr.write(f"paxscreen parse: cannot read {path}: {exc.strerror or exc}\n")
            unreadable = True
    if as_array:
        out.write("\n]\n")
    if unreadable:
        return 2
    return 1 if args.strict and failed else 0
