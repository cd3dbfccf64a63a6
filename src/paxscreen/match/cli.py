"""``python -m paxscreen match`` and ``python -m paxscreen watchlist info``."""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from pathlib import Path
from typing import Any

from paxscreen.match.algorithm import THRESHOLD
from paxscreen.match.index import MatchIndex
from paxscreen.match.people_csv import CellProblem, PeopleFileError, read_people
from paxscreen.watchlists import WatchlistFormatError, load_watchlist

__all__ = ["register"]

HITS_COLUMNS = ("query_id", "reference_number", "score", "explanation")
REJECTS_COLUMNS = ("line", "column", "value", "reason")
_SHOWN_PROBLEMS = 20  # problems printed on stderr; all of them go to --rejects


def register(subparsers: Any) -> None:
    """Add the ``match`` and ``watchlist`` sub-commands to the paxscreen command line."""
    match = subparsers.add_parser(
        "match", help="screen people (CSV) against watchlists and write the hits (CSV)"
    )
    match.add_argument(
        "--watchlist",
        action="append",
        required=True,
        metavar="FILE",
        help="UN SC XML or CSV watchlist; repeat for several",
    )
    match.add_argument("--people", required=True, metavar="PEOPLE.csv")
    match.add_argument(
        "--threshold",
        type=float,
        default=THRESHOLD,
        metavar="T",
        help=f"lowest score reported, in [0, 1] (default {THRESHOLD})",
    )
    match.add_argument("--output", required=True, metavar="HITS.csv")
    match.add_argument(
        "--rejects",
        metavar="REJECTS.csv",
        help="write the cells read as unknown and the rows left out (line, column, value, reason)",
    )
    match.add_argument(
        "--strict",
        action="store_true",
        help="stop at the first unreadable cell and write nothing (default: the cell is read "
        "as unknown, reported, and the row screened with the rest)",
    )
    match.set_defaults(func=run_match)

    watchlist = subparsers.add_parser("watchlist", help="inspect watchlist files")
    actions = watchlist.add_subparsers(dest="action", required=True)
    info = actions.add_parser("info", help="counts of what was loaded and what was not mapped")
    info.add_argument("file", metavar="FILE")
    info.set_defaults(func=run_watchlist_info)


def _fail(message: str) -> int:
    print(f"paxscreen: error: {message}", file=sys.stderr)
    return 2


def run_match(args: argparse.Namespace) -> int:
    """Screen every person; write hits atomically (no output file on error)."""
    if not 0.0 <= args.threshold <= 1.0:
        return _fail(f"--threshold {args.threshold} is outside [0, 1]")
    try:
        watchlists = [load_watchlist(path) for path in args.watchlist]
    except WatchlistFormatError as exc:
        return _fail(str(exc))
    index = MatchIndex.build(watchlists)
    output = Path(args.output)
    try:
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - renamed into place on success
            "w",
            encoding="utf-8",
            newline="",
            dir=output.parent or Path(),
            prefix=".hits-",
            suffix=".csv",
            delete=False,
        )
    except OSError as exc:
        return _fail(f"{output}: cannot write the output file: {exc}")
    people = hits = 0
    problems: list[CellProblem] = []
    reader = read_people(args.people, on_problem=None if args.strict else problems.append)
    try:
        with handle:
            writer = csv.writer(handle)
            writer.writerow(HITS_COLUMNS)
            for person, matches in index.screen_many(reader, args.threshold):
                people += 1
                for match in matches:
                    hits += 1
                    writer.writerow(
                        (
                            person.query_id,
                            match.entry_reference,
                            f"{match.score:.4f}",
                            "; ".join(match.explanations),
                        )
                    )
        Path(handle.name).replace(output)
    except PeopleFileError as exc:
        Path(handle.name).unlink(missing_ok=True)
        return _fail(str(exc))
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    if args.rejects:
        try:
            _write_rejects(Path(args.rejects), problems)
        except OSError as exc:
            return _fail(f"{args.rejects}: cannot write the rejects file: {exc}")
    if problems:
        _summarise(args.people, problems)
    print(
        f"screened {people} people against {len(index)} listed persons: {hits} hits "
        f"at threshold {args.threshold} ({index.version}) -> {output}"
    )
    return 0


def _write_rejects(path: Path, problems: list[CellProblem]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(REJECTS_COLUMNS)
        for problem in problems:
            writer.writerow((problem.line, problem.column, problem.value, problem.reason))


def _summarise(people: str, problems: list[CellProblem]) -> None:
    skipped = sum(problem.reason.endswith("row not screened") for problem in problems)
    print(
        f"paxscreen: {len(problems)} cells read as unknown or rows left out "
        f"({skipped} row{'' if skipped == 1 else 's'} not screened):",
        file=sys.stderr,
    )
    for problem in problems[:_SHOWN_PROBLEMS]:
        print(
            f"  {people}, line {problem.line}, column {problem.column}: {problem.reason}",
            file=sys.stderr,
        )
    if len(problems) > _SHOWN_PROBLEMS:
        print(f"  … and {len(problems) - _SHOWN_PROBLEMS} more", file=sys.stderr)


def run_watchlist_info(args: argparse.Namespace) -> int:
    """Print what a watchlist file holds and what could not be mapped."""
    try:
        watchlist = load_watchlist(args.file)
    except WatchlistFormatError as exc:
        return _fail(str(exc))
    print(f"{watchlist.name} (version {watchlist.version})")
    for key, value in watchlist.counts().items():
        print(f"  {key}: {value}")
    if watchlist.ignored_fields:
        print("fields not modelled (values present):")
        for field_name, count in watchlist.ignored_fields.items():
            print(f"  {field_name}: {count}")
    if watchlist.unmapped:
        print("not mapped:")
        for note in watchlist.unmapped:
            print(f"  {note.where}: {note.what}")
    if watchlist.rejected:
        print("rows not loaded:")
        for row in watchlist.rejected:
            print(f"  {row}")
    return 0
