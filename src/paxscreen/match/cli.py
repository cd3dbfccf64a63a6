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
from paxscreen.match.people_csv import PeopleFileError, read_people
from paxscreen.watchlists import WatchlistFormatError, load_watchlist

__all__ = ["register"]

HITS_COLUMNS = ("query_id", "reference_number", "score", "explanation")


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
    try:
        with handle:
            writer = csv.writer(handle)
            writer.writerow(HITS_COLUMNS)
            for person, matches in index.screen_many(read_people(args.people), args.threshold):
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
    print(
        f"screened {people} people against {len(index)} listed persons: {hits} hits "
        f"at threshold {args.threshold} ({index.version}) -> {output}"
    )
    return 0


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
    return 0
