"""Reads of watchlist versions as lists: what a version holds, what changed since the one
before it, and the listed entry behind a hit."""

from __future__ import annotations

import dataclasses
import threading

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from aegis.core.models import User
from aegis.travel import screening
from aegis.travel.models import WatchlistVersion
from paxscreen.watchlists import Watchlist, WatchlistEntry, diff, entry_changes

__all__ = [
    "EntryChange",
    "Removed",
    "VersionDiff",
    "entry_in",
    "parsed_version",
    "version_diff",
    "version_get",
]

_lock = threading.Lock()
_parsed: dict[str, Watchlist] = {}
_by_reference: dict[str, dict[str, WatchlistEntry]] = {}
_PARSED_KEPT = 8  # versions kept parsed per process (the UN list is ~1,000 entries)


def parsed_version(version: WatchlistVersion) -> Watchlist:
    """The list a version holds, parsed once per process (keyed by its content digest)."""
    key = f"{version.watchlist.name}:{version.sha256}"
    with _lock:
        cached = _parsed.get(key)
    if cached is not None:
        return cached
    content = WatchlistVersion.objects.values_list("content", flat=True).get(pk=version.pk)
    parsed: Watchlist = screening.parse_watchlist(
        name=version.watchlist.name, content=content, file_format=version.watchlist.format
    )
    with _lock:
        if len(_parsed) >= _PARSED_KEPT:
            _parsed.clear()
        _parsed[key] = parsed
    return parsed


def version_get(*, user: User, pk: int) -> WatchlistVersion:
    if not user.has_perm("travel.view_watchlist"):
        raise PermissionDenied(_("Your role has no access to this part of the PIU."))
    return get_object_or_404(
        WatchlistVersion.objects.defer("content").select_related("watchlist", "loaded_by"),
        pk=pk,
    )


@dataclasses.dataclass(frozen=True, slots=True)
class EntryChange:
    entry: WatchlistEntry
    fields: list[tuple[str, str, str]]  # (field, before, after)


@dataclasses.dataclass(frozen=True, slots=True)
class Removed:
    entry: WatchlistEntry
    rejected_at: int | None  # the line of this version's file whose row was not loaded


@dataclasses.dataclass(frozen=True, slots=True)
class VersionDiff:
    previous: WatchlistVersion | None
    added: list[WatchlistEntry]
    removed: list[Removed]  # an entry whose row was rejected says so: it may still be listed
    changed: list[EntryChange]


def version_diff(version: WatchlistVersion) -> VersionDiff:
    """What ``version`` added, removed and changed (field by field) against the version of
    the same list before it; everything is added for a first version."""
    previous = (
        WatchlistVersion.objects.defer("content")
        .select_related("watchlist")
        .filter(watchlist_id=version.watchlist_id, number__lt=version.number)
        .order_by("-number")
        .first()
    )
    current = parsed_version(version)
    if previous is None:
        return VersionDiff(None, list(current.entries), [], [])
    changes = diff(parsed_version(previous), current)
    rejected_at = {row.reference: row.line for row in current.rejected if row.reference}
    return VersionDiff(
        previous,
        list(changes.added),
        [Removed(entry, rejected_at.get(entry.reference)) for entry in changes.removed],
        [EntryChange(new, entry_changes(old, new)) for old, new in changes.changed],
    )


def entry_in(version: WatchlistVersion, reference: str) -> WatchlistEntry | None:
    """The entry ``reference`` of ``version`` (``None`` when it holds no such entry)."""
    key = f"{version.watchlist.name}:{version.sha256}"
    with _lock:
        by_reference = _by_reference.get(key)
    if by_reference is None:
        by_reference = {entry.reference: entry for entry in parsed_version(version).entries}
        with _lock:
            if len(_by_reference) >= _PARSED_KEPT:
                _by_reference.clear()
            _by_reference[key] = by_reference
    return by_reference.get(reference)
