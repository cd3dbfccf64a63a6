"""Screening of travellers against the active watchlists and rules, into hits and cases.

The match index of the active watchlist versions is built once per process and kept
while those versions stay the same (keyed by their content digests). Nothing here acts
on a traveller: a hit only opens or adds to a case for an analyst to decide.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
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
from paxscreen.airports import airport_country
from paxscreen.match import Match, MatchIndex, PartialDate, Person
from paxscreen.match.lists import ListsIndex, email_domain_name
from paxscreen.watchlists import Document, load_watchlist

__all__ = [
    "ActiveRule",
    "ActiveScreening",
    "active_index",
    "active_rules",
    "active_screening",
    "facts",
    "retained_person_chunks",
    "screen_loaded",
    "screen_matched",
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


def _age(born: dt.date | None, on: dt.date) -> int | None:
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def facts(
    traveller: Traveller, documents: Sequence[TravelDocument] | None = None
) -> dict[str, Any]:
    """What rules may test about ``traveller`` (see ``rules.FIELDS``); ``documents`` are
    their travel documents when the caller has them (else read from the database)."""
    flight = traveller.flight
    booking = traveller.booking
    if documents is None:
        documents = list(traveller.documents.all())
    days_before = None
    if booking is not None and booking.created_at_carrier is not None:
        days_before = (flight.departure - booking.created_at_carrier).days
    return {
        "route": f"{flight.origin}-{flight.destination}",
        "origin": flight.origin,
        "destination": flight.destination,
        "origin_country": airport_country(flight.origin),
        "destination_country": airport_country(flight.destination),
        "days_booked_before_departure": days_before,
        "one_way": booking.one_way if booking is not None and booking.route else None,
        "form_of_payment": booking.form_of_payment if booking is not None else None,
        "travel_agency": booking.agency_name if booking is not None else None,
        "travellers_in_booking": booking.traveller_count if booking is not None else None,
        "document_issuing_country": documents[0].issuing_country if documents else None,
        "nationality": traveller.nationality,
        "age": _age(traveller.date_of_birth, flight.departure.date()),
        "sex": traveller.sex,
        "kind": traveller.kind,
        "checked_bags": traveller.bags,
    }


def person(traveller: Traveller, documents: Sequence[TravelDocument] | None = None) -> Person:
    """``traveller`` as paxscreen screens them; ``documents`` as for :func:`facts`."""
    held = traveller.documents.all() if documents is None else documents
    return _person(
        traveller.pk,
        given_names=traveller.given_names,
        surname=traveller.surname,
        sex=traveller.sex,
        born=traveller.date_of_birth,
        nationality=traveller.nationality,
        documents=[(d.document_type, d.number, d.issuing_country) for d in held],
    )


def _person(
    pk: int,
    *,
    given_names: str,
    surname: str,
    sex: str,
    born: dt.date | None,
    nationality: str,
    documents: Iterable[tuple[str, str, str]],
) -> Person:
    return Person(
        query_id=str(pk),
        given_name=given_names,
        surname=surname,
        gender={"M": "male", "F": "female"}.get(sex),
        date_of_birth=PartialDate(born.year, born.month, born.day) if born else None,
        nationality=nationality or None,
        documents=tuple(
            Document(type=document_type or "P", number=number, issuing_country=country or None)
            for document_type, number, country in documents
        ),
    )


def retained_person_chunks(*, up_to: int, chunk_size: int) -> Iterator[list[Person]]:
    """The retained (not masked) travellers with an id up to ``up_to``, in id order, as
    paxscreen persons (query id: the traveller's id), ``chunk_size`` at a time.

    Two queries a chunk (travellers, then their documents), each over a range of ids, so
    memory stays bounded however many travellers are retained.
    """
    retained = Traveller.objects.filter(masked_at__isnull=True, pk__lte=up_to).order_by("pk")
    last = 0
    while True:
        rows = list(
            retained.filter(pk__gt=last).values_list(
                "pk", "given_names", "surname", "sex", "date_of_birth", "nationality"
            )[:chunk_size]
        )
        if not rows:
            return
        first, last = rows[0][0], rows[-1][0]
        documents: dict[int, list[tuple[str, str, str]]] = {}
        for traveller_id, document_type, number, country in (
            TravelDocument.objects.filter(traveller_id__gte=first, traveller_id__lte=last)
            .order_by("traveller_id", "number")
            .values_list("traveller_id", "document_type", "number", "issuing_country")
        ):
            documents.setdefault(traveller_id, []).append((document_type, number, country))
        yield [
            _person(
                pk,
                given_names=given_names,
                surname=surname,
                sex=sex,
                born=born,
                nationality=nationality,
                documents=documents.get(pk, ()),
            )
            for pk, given_names, surname, sex, born, nationality in rows
        ]


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
        save_audited(case, actor=None, reason="opened by screening")
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
        save_audited(case, actor=None, reason=reason, update_fields=[*changed, "updated_at"])
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


def screen_matched(
    *,
    matched: Sequence[tuple[str, Sequence[Match]]],
    versions: Mapping[str, WatchlistVersion],
    rules: Sequence[ActiveRule],
    index: MatchIndex | None = None,
) -> int:
    """Record the hits of travellers already matched against the active watchlists, and
    screen them against ``rules``; returns the new hits.

    ``matched`` is one chunk as ``paxscreen.batch.rescreen_chunks`` gives it back (each
    traveller's id as text with their matches); ``versions`` comes from :func:`active_index`,
    ``rules`` from :func:`active_rules`. Hits, cases, suppressions and idempotency are those
    of :func:`screen_travellers`; travellers masked since they were read are left alone.
    """
    ids = [int(query_id) for query_id, _ in matched]
    matches: dict[int, Sequence[Match]] = {
        int(query_id): found for query_id, found in matched if found
    }
    if isinstance(index, ListsIndex) and index.entities is not None:
        # the organisations of the travellers' bookings, against the listed entities
        booked = Traveller.objects.filter(pk__in=ids, booking__isnull=False).values_list(
            "pk", "booking_id", "booking__agency_name"
        )
        _add_organisation_matches(index, matches, list(booked))
    # Without rules, only the travellers who matched a listed entry need loading.
    travellers = _retained(ids if rules else list(matches))
    new_hits = _record_hits(travellers, matches, versions=versions, rules=rules)
    Traveller.objects.filter(pk__in=ids, masked_at__isnull=True).update(screened_at=timezone.now())
    return new_hits


def _record_hits(
    travellers: Sequence[Traveller],
    matches: Mapping[int, Sequence[Match]],
    *,
    versions: Mapping[str, WatchlistVersion],
    rules: Sequence[ActiveRule],
    documents: Mapping[int, Sequence[TravelDocument]] | None = None,
) -> int:
    """The one place where screening results become hits: add each traveller's watchlist
    ``matches`` (by traveller id) and the ``rules`` they meet as hits, except the pairs an
    analyst suppressed and the hits that exist; open or re-open the traveller's case.
    Returns the hits added. ``rules`` need the travellers' flight, booking and documents."""
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
        if rules:
            traveller_facts = facts(traveller, (documents or {}).get(traveller.pk))
            for active in rules:
                matched = rule_engine.evaluate(active.conditions, traveller_facts)
                if matched is not None:
                    found.append(
                        Hit(
                            traveller=traveller,
                            kind=Hit.Kind.RULE,
                            key=f"rule:{active.rule.pk}",
                            rule_version=active.version,
                            label=f"{active.rule.name} (v{active.version.number})"[:300],
                            explanation=matched,
                            severity=active.rule.severity,
                        )
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
