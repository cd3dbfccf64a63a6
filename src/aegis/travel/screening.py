"""Screening of travellers against the active watchlists and rules, into hits and cases.

The match index of the active watchlist versions is built once per process and kept
while those versions stay the same (keyed by their content digests). Nothing here acts
on a traveller: a hit only opens or adds to a case for an analyst to decide.
"""

from __future__ import annotations

import base64
import dataclasses
import re
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db.models import Max
from django.utils import timezone

from aegis.core.audit import save_audited
from aegis.core.permissions import SYSTEM
from aegis.travel import notifications
from aegis.travel import rules as rule_engine
from aegis.travel.identity import Identity, traveller_identities
from aegis.travel.models import (
    Case,
    Hit,
    Identifier,
    Rule,
    RuleVersion,
    SuppressedMatch,
    Suppression,
    TravelDocument,
    Traveller,
    Watchlist,
    WatchlistVersion,
)
from aegis.travel.rescreen_rows import (
    PERSON_VALUES,
    SCREENED_VALUES,
    RescreenRow,
    TravellerRow,
    person_of,
)
from paxscreen.match import Match, MatchIndex, Person
from paxscreen.match.lists import ListsIndex, email_domain_name
from paxscreen.watchlists import load_watchlist

__all__ = [
    "ActiveRule",
    "ActiveScreening",
    "active_index",
    "active_rules",
    "active_screening",
    "facts",
    "rescreen_row",
    "retained_person_chunks",
    "retained_row_chunks",
    "screen_checked",
    "screen_loaded",
    "screen_travellers",
]

_lock = threading.Lock()
_cache: dict[tuple[str, ...], tuple[MatchIndex, dict[str, WatchlistVersion]]] = {}


def _current_versions() -> list[WatchlistVersion]:
    latest = (
        WatchlistVersion.objects.filter(watchlist__is_active=True)
        .values("watchlist")
        .annotate(number=Max("number"))
    )
    wanted = {(row["watchlist"], row["number"]) for row in latest}
    versions = WatchlistVersion.objects.filter(watchlist__is_active=True).select_related(
        "watchlist"
    )
    return sorted(
        (v for v in versions.defer("content") if (v.watchlist_id, v.number) in wanted),
        key=lambda v: v.watchlist.name,
    )


_SUFFIX = {Watchlist.Format.UN_XML: ".xml", Watchlist.Format.XLSX: ".xlsx"}


def parse_watchlist(*, name: str, content: str, file_format: str, file_name: str = "") -> Any:
    """Read a stored watchlist file with the paxscreen loaders, named ``name``.

    ``content`` is the file's text, or for an XLSX workbook its bytes in base64 (as
    ``WatchlistVersion.content`` keeps them). Errors name ``file_name`` (the file as the user
    knows it), never the temporary copy.
    """
    # The content says what it is (base64 of "PK\x03\x04": a workbook), whatever format the
    # list has now: its earlier versions may have come in another one.
    workbook = content.startswith("UEsDB")
    if workbook:
        file_format = Watchlist.Format.XLSX
    elif file_format == Watchlist.Format.XLSX:
        file_format = Watchlist.Format.CSV
    suffix = _SUFFIX.get(file_format, ".csv")  # type: ignore[call-overload]
    stem = Path(file_name).stem if file_name else "list"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{stem or 'list'}{suffix}"
        if workbook:
            path.write_bytes(base64.b64decode(content))
        else:
            path.write_text(content, encoding="utf-8")
        loaded = load_watchlist(path)
    return dataclasses.replace(
        loaded,
        name=name,
        entries=tuple(dataclasses.replace(entry, source=name) for entry in loaded.entries),
    )


def active_index() -> tuple[MatchIndex, dict[str, WatchlistVersion]]:
    """The match index of the active watchlists' latest versions, and version by list name."""
    versions = _current_versions()
    key = tuple(f"{v.watchlist.name}:{v.sha256}" for v in versions)
    with _lock:
        cached = _cache.get(key)
        if cached is None:
            lists = []
            for version in versions:
                content = WatchlistVersion.objects.values_list("content", flat=True).get(
                    pk=version.pk
                )
                lists.append(
                    parse_watchlist(
                        name=version.watchlist.name,
                        content=content,
                        file_format=version.watchlist.format,
                    )
                )
            index = ListsIndex.build(lists)
            if len(_cache) > 8:
                _cache.clear()
            _cache[key] = (index, {})
            cached = _cache[key]
    # Versions are re-read each time: the cached index is shared across databases in tests.
    return cached[0], {v.watchlist.name: v for v in versions}


@dataclasses.dataclass(frozen=True, slots=True)
class ActiveRule:
    rule: Rule
    version: RuleVersion
    conditions: rule_engine.Group


def active_rules() -> list[ActiveRule]:
    found = []
    for rule in Rule.objects.filter(is_active=True).prefetch_related("versions"):
        versions = sorted(rule.versions.all(), key=lambda v: -v.number)
        if versions:
            found.append(
                ActiveRule(rule, versions[0], rule_engine.parse_rule(versions[0].conditions))
            )
    return found


@dataclasses.dataclass(frozen=True, slots=True)
class ActiveScreening:
    """What travellers are screened against: the active watchlists' index and versions
    (by list name) and the active rules."""

    index: MatchIndex
    versions: dict[str, WatchlistVersion]
    rules: list[ActiveRule]


_snapshot: tuple[float, ActiveScreening] | None = None


def active_screening(*, max_age: float = 0) -> ActiveScreening:
    """The active index, list versions and rules, read again from the database when the
    last reading in this process is older than ``max_age`` seconds (always, when 0).

    The interactive API accepts a reading a second or two old: four queries fewer on
    every check-in, and a new list version or rule applies there that much later.
    """
    global _snapshot  # noqa: PLW0603 - one reading per process, replaced whole
    now = time.monotonic()
    snapshot = _snapshot
    if snapshot is not None and max_age > 0 and now - snapshot[0] < max_age:
        return snapshot[1]
    index, versions = active_index()
    current = ActiveScreening(index, versions, active_rules())
    _snapshot = (now, current)
    return current


def facts(
    traveller: Traveller, documents: Sequence[TravelDocument] | None = None
) -> dict[str, Any]:
    """What rules may test about ``traveller`` (see ``rules.FIELDS``); ``documents`` are
    their travel documents when the caller has them (else read from the database)."""
    flight = traveller.flight
    booking = traveller.booking
    if documents is None:
        documents = list(traveller.documents.all())
    return rule_engine.traveller_facts(
        origin=flight.origin,
        destination=flight.destination,
        departure=flight.departure,
        booked=booking is not None,
        booking_created=booking.created_at_carrier if booking is not None else None,
        one_way=booking.one_way if booking is not None else None,
        booking_route=booking.route if booking is not None else "",
        form_of_payment=booking.form_of_payment if booking is not None else None,
        agency_name=booking.agency_name if booking is not None else None,
        traveller_count=booking.traveller_count if booking is not None else None,
        document_issuing_country=documents[0].issuing_country if documents else None,
        nationality=traveller.nationality,
        date_of_birth=traveller.date_of_birth,
        sex=traveller.sex,
        kind=traveller.kind,
        bags=traveller.bags,
    )


def person(traveller: Traveller, documents: Sequence[TravelDocument] | None = None) -> Person:
    """``traveller`` as paxscreen screens them; ``documents`` as for :func:`facts`."""
    held = traveller.documents.all() if documents is None else documents
    return person_of(
        traveller.pk,
        given_names=traveller.given_names,
        surname=traveller.surname,
        sex=traveller.sex,
        born=traveller.date_of_birth,
        nationality=traveller.nationality,
        documents=[(d.document_type, d.number, d.issuing_country) for d in held],
    )


def retained_person_chunks(*, up_to: int, chunk_size: int) -> Iterator[list[Person]]:
    """The retained (not masked) travellers with an id up to ``up_to``, in id order, as
    paxscreen persons (query id: the traveller's id), ``chunk_size`` at a time."""
    prepare = RescreenRow()
    for chunk in retained_row_chunks(up_to=up_to, chunk_size=chunk_size, with_facts=False):
        yield [prepare(item)[0] for item in chunk]


def retained_row_chunks(
    *, up_to: int, chunk_size: int, with_facts: bool
) -> Iterator[list[TravellerRow]]:
    """The retained (not masked) travellers with an id up to ``up_to``, in id order,
    ``chunk_size`` at a time, as ``values()`` rows with their documents (see
    ``rescreen_rows``): every column rules need when ``with_facts``, else a person's.

    Rows, not model objects: two queries a chunk (travellers with their flight and booking,
    then their documents), each over a range of ids, so memory stays bounded however many
    travellers are retained, and the re-screen's parent process does little more than read
    while its workers build persons and facts and screen them.
    """
    retained = Traveller.objects.filter(masked_at__isnull=True, pk__lte=up_to).order_by("pk")
    columns = SCREENED_VALUES if with_facts else SCREENED_VALUES[:PERSON_VALUES]
    last = 0
    while True:
        rows = list(retained.filter(pk__gt=last).values_list(*columns)[:chunk_size])
        if not rows:
            return
        first, last = rows[0][0], rows[-1][0]
        documents: dict[int, list[tuple[str, str, str]]] = {}
        for traveller_id, document_type, number, issuing_country in (
            TravelDocument.objects.filter(traveller_id__gte=first, traveller_id__lte=last)
            .order_by("traveller_id", "number")
            .values_list("traveller_id", "document_type", "number", "issuing_country")
        ):
            documents.setdefault(traveller_id, []).append((document_type, number, issuing_country))
        yield [(row, documents.get(row[0], ())) for row in rows]


def rescreen_row(rules: Sequence[ActiveRule]) -> RescreenRow:
    """What re-screening workers do with each row besides matching: build the person and
    evaluate ``rules`` (reported by position in ``rules``)."""
    return RescreenRow(tuple(active.conditions for active in rules))


_A_WORD = re.compile(r"[^\W\d_]{3}")  # three letters in a row


def organisation_names(
    bookings: Sequence[tuple[int, int, Any]],
) -> dict[int, list[tuple[str, str]]]:
    """(role, name) of the organisations each traveller's booking carries, by traveller id:
    the travel agency and the domains of the e-mail addresses of the booking and the
    traveller. ``bookings`` are (traveller id, booking id, booking or its agency name)."""
    if not bookings:
        return {}
    found: dict[int, list[tuple[str, str]]] = {}
    by_booking: dict[int, list[int]] = {}
    for traveller_id, booking_id, booking in bookings:
        by_booking.setdefault(booking_id, []).append(traveller_id)
        agency = booking if isinstance(booking, str) else getattr(booking, "agency_name", "")
        if agency and _A_WORD.search(agency):  # a name, not an IATA number or agent id
            found.setdefault(traveller_id, []).append(("travel agency", agency))
    for booking_id, traveller_id, value in Identifier.objects.filter(
        booking_id__in=list(by_booking), kind=Identifier.Kind.EMAIL
    ).values_list("booking_id", "traveller_id", "value"):
        domain = email_domain_name(value)
        if not domain:
            continue
        for holder in [traveller_id] if traveller_id else by_booking.get(booking_id, []):
            names = found.setdefault(holder, [])
            if ("e-mail domain", domain) not in names:
                names.append(("e-mail domain", domain))
    return found


def _add_organisation_matches(
    index: MatchIndex,
    matches: dict[int, Sequence[Match]],
    bookings: Sequence[tuple[int, int, Any]],
) -> None:
    """Add to ``matches`` the listed entities the travellers' bookings name."""
    if not isinstance(index, ListsIndex) or index.entities is None or not bookings:
        return
    for traveller_id, names in organisation_names(bookings).items():
        found = {match.entry_reference: match for match in matches.get(traveller_id, ())}
        for role, name in names:
            for match in index.screen_organisation(name, role):
                if match.entry_reference not in found:
                    found[match.entry_reference] = match
        if found:
            matches[traveller_id] = sorted(
                found.values(), key=lambda match: (-match.score, match.entry_reference)
            )


def _case_for(traveller: Traveller, severity: int) -> Case:
    case = Case.objects.filter(traveller=traveller).first()
    if case is None:
        case = Case(traveller=traveller, flight_id=traveller.flight_id, severity=severity)
        save_audited(case, actor=SYSTEM, reason="opened by screening")
        return case
    changed = []
    if severity > case.severity:
        case.severity = severity
        changed.append("severity")
    reason = "new hit"
    if case.status == Case.Status.CLOSED:
        # The decision, referrals and answers stay as they were; the new hits are flagged
        # on the case for a supervisor to re-open it.
        case.new_hits_at = timezone.now()
        changed.append("new_hits_at")
        reason = "new hit after the decision"
    if changed:
        save_audited(case, actor=SYSTEM, reason=reason, update_fields=[*changed, "updated_at"])
    return case


def _retained(traveller_ids: Iterable[int]) -> list[Traveller]:
    return list(
        Traveller.objects.filter(pk__in=traveller_ids, masked_at__isnull=True)
        .select_related("flight", "booking")
        .prefetch_related("documents")
    )


def screen_travellers(*, traveller_ids: Sequence[int]) -> int:
    """Screen the travellers against active watchlists and rules; returns the new hits.

    Idempotent: a hit exists once per traveller and listed entry or rule; an entry an
    analyst closed as a false match for the same identity (a ``Suppression`` in force)
    does not hit again, and the suppressed match is recorded.
    """
    if not traveller_ids:
        return 0
    travellers = _retained(traveller_ids)
    new_hits = screen_loaded(travellers, active_screening())
    Traveller.objects.filter(pk__in=[t.pk for t in travellers]).update(screened_at=timezone.now())
    return new_hits


def screen_loaded(
    travellers: Sequence[Traveller],
    screening: ActiveScreening,
    documents: Mapping[int, Sequence[TravelDocument]] | None = None,
) -> int:
    """Screen travellers already read (with their flight, booking and documents, or their
    documents by traveller id in ``documents``) against ``screening``; returns the new hits.
    Their ``screened_at`` is the caller's to set."""
    documents = documents or {}
    index = screening.index
    matches: dict[int, Sequence[Match]] = (
        {t.pk: index.screen(person(t, documents.get(t.pk))) for t in travellers}
        if len(index)
        else {}
    )
    _add_organisation_matches(
        index, matches, [(t.pk, t.booking_id, t.booking) for t in travellers if t.booking_id]
    )
    return _record_hits(
        travellers,
        matches,
        versions=screening.versions,
        rules=screening.rules,
        documents=documents,
    )


def screen_checked(
    *,
    checked: Sequence[tuple[str, Sequence[Match], Sequence[tuple[int, list[str]]]]],
    versions: Mapping[str, WatchlistVersion],
    rules: Sequence[ActiveRule],
    index: MatchIndex | None = None,
) -> int:
    """Record the hits of travellers already matched against the active watchlists and
    against ``rules``; returns the new hits.

    ``checked`` is one chunk as ``paxscreen.batch.rescreen_chunks_with`` gives it back with
    :func:`rescreen_row` of ``rules`` preparing each row (each traveller's id as text, their
    matches, and the positions in ``rules`` of the rules they meet with the explanations). Only the
    travellers with something found are read as model objects. ``checked`` must hold every
    retained traveller of its range of ids, as :func:`retained_row_chunks` reads them: all of
    them are marked screened. Hits, cases, suppressions and idempotency are those of
    :func:`screen_travellers`; travellers masked since they were read are left alone.
    """
    ids = [int(query_id) for query_id, _, _ in checked]
    matches: dict[int, Sequence[Match]] = {
        int(query_id): found for query_id, found, _ in checked if found
    }
    if isinstance(index, ListsIndex) and index.entities is not None:
        # the organisations of the travellers' bookings, against the listed entities
        booked = Traveller.objects.filter(pk__in=ids, booking__isnull=False).values_list(
            "pk", "booking_id", "booking__agency_name"
        )
        _add_organisation_matches(index, matches, list(booked))
    met = {
        int(query_id): [(rules[position], explanation) for position, explanation in held]
        for query_id, _, held in checked
        if held
    }
    travellers = _retained({*matches, *met})
    new_hits = _record_hits(travellers, matches, versions=versions, rules=rules, met=met)
    if ids:
        # A chunk is every retained traveller of a range of ids (``retained_row_chunks``):
        # a range is cheaper to filter on than 500 ids.
        Traveller.objects.filter(pk__gte=min(ids), pk__lte=max(ids), masked_at__isnull=True).update(
            screened_at=timezone.now()
        )
    return new_hits


def _record_hits(
    travellers: Sequence[Traveller],
    matches: Mapping[int, Sequence[Match]],
    *,
    versions: Mapping[str, WatchlistVersion],
    rules: Sequence[ActiveRule],
    documents: Mapping[int, Sequence[TravelDocument]] | None = None,
    met: Mapping[int, Sequence[tuple[ActiveRule, list[str]]]] | None = None,
) -> int:
    """The one place where screening results become hits: add each traveller's watchlist
    ``matches`` (by traveller id) and the ``rules`` they meet as hits, except the pairs an
    analyst suppressed and the hits that exist; open or re-open the traveller's case.
    Returns the hits added. ``rules`` need the travellers' flight, booking and documents,
    unless ``met`` gives, by traveller id, the rules already evaluated and met."""
    candidates: list[tuple[Traveller, list[Hit]]] = []
    for traveller in travellers:
        found = [
            Hit(
                traveller=traveller,
                kind=Hit.Kind.WATCHLIST,
                key=match.entry_reference[:100],
                watchlist_version=versions.get(match.watchlist),
                label=f"{match.matched_name} ({match.watchlist})"[:300],
                score=Decimal(str(round(match.score, 4))),
                explanation=[*match.explanations, f"algorithm {match.algorithm_version}"],
                severity=Rule.Severity.HIGH,
            )
            for match in matches.get(traveller.pk, ())
        ]
        if met is not None:
            held = met.get(traveller.pk, ())
        elif rules:
            traveller_facts = facts(traveller, (documents or {}).get(traveller.pk))
            held = [
                (active, matched)
                for active in rules
                if (matched := rule_engine.evaluate(active.conditions, traveller_facts)) is not None
            ]
        else:
            held = []
        found.extend(
            Hit(
                traveller=traveller,
                kind=Hit.Kind.RULE,
                key=f"rule:{active.rule.pk}",
                rule_version=active.version,
                label=f"{active.rule.name} (v{active.version.number})"[:300],
                explanation=matched,
                severity=active.rule.severity,
            )
            for active, matched in held
        )
        if found:
            candidates.append((traveller, found))
    if not candidates:
        # Most travellers match nothing: no need to read suppressions and earlier hits.
        return 0
    identities = {
        traveller.pk: {
            identity.digest
            for identity in identities_of(traveller, (documents or {}).get(traveller.pk))
        }
        for traveller, _ in candidates
    }
    in_force: dict[str, dict[str, int]] = {}
    for pk, identity, key in (
        Suppression.objects.filter(identity__in=set().union(*identities.values()))
        .filter(Suppression.in_force(timezone.now()))
        .values_list("pk", "identity", "key")
    ):
        in_force.setdefault(identity, {})[key] = pk
    existing = set(
        Hit.objects.filter(traveller__in=[traveller.pk for traveller, _ in candidates]).values_list(
            "traveller_id", "kind", "key"
        )
    )
    new_hits = 0
    suppressed: list[SuppressedMatch] = []
    for traveller, found in candidates:
        by_key = {
            key: pk
            for identity in identities[traveller.pk]
            for key, pk in in_force.get(identity, {}).items()
        }
        kept = []
        for hit in found:
            if (traveller.pk, hit.kind, hit.key) in existing:
                continue
            if hit.key in by_key:
                suppressed.append(
                    SuppressedMatch(suppression_id=by_key[hit.key], traveller=traveller)
                )
            else:
                kept.append(hit)
        if kept:
            case = _case_for(traveller, max(hit.severity for hit in kept))
            for hit in kept:
                hit.case = case
            Hit.objects.bulk_create(kept)
            new_hits += len(kept)
            if case.status == Case.Status.CLOSED:
                notifications.new_hits_on_closed_case(case, hits=len(kept))
    SuppressedMatch.objects.bulk_create(suppressed, ignore_conflicts=True)
    return new_hits


def identities_of(
    traveller: Traveller, documents: Sequence[TravelDocument] | None = None
) -> list[Identity]:
    """The identities a false-match decision on ``traveller`` may rely on (see ``identity``);
    ``documents`` as for :func:`facts`."""
    held = traveller.documents.all() if documents is None else documents
    return traveller_identities(
        surname=traveller.surname,
        given_names=traveller.given_names,
        date_of_birth=traveller.date_of_birth,
        nationality=traveller.nationality,
        documents=[(d.number, d.issuing_country) for d in held],
    )
