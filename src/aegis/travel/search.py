"""One search over the retained PIU data: travellers by name (folded and fuzzy), document,
booking locator, phone, e-mail, payment card, flight and dates; with their flights,
bookings and cases.

The index is a maintained table, ``SearchEntry`` (one row a traveller), written here on
intake (``index_travellers``) and on masking (``entry_mask``), and indexed by the
database's full-text machinery, created per vendor by migration ``travel 0008``:

- SQLite: an FTS5 table ``travel_search_fts`` over the entries (external content), kept
  current by triggers on ``travel_searchentry``;
- PostgreSQL: GIN indexes on ``to_tsvector('simple', names)`` and ``… keys`` (full text).

Words are made in Python, with paxscreen's own name normalisation (``normalise_name``
forms, ``phonetic_key``), because no trigger can run it. Each word carries a one-letter
kind (``n`` name form, ``p`` phonetic key, ``d`` document, ``r`` locator, ``t`` phone,
``e`` e-mail, ``c`` card, ``k`` ticket) so a document number never matches a phone.
A masked traveller's words become keyed digests (``h`` + HMAC), so the entry holds no
readable personal data and only a user who may re-identify travellers searches for them.

Every search is logged in the access log with its terms and the purpose given
(``travel_search``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from aegis.core.models import User
from aegis.travel import access
from aegis.travel.models import (
    AccessLog,
    Flight,
    Identifier,
    SearchEntry,
    TravelDocument,
    Traveller,
)
from paxscreen.names import normalise_name, phonetic_key

__all__ = [
    "MAX_RESULTS",
    "SearchResult",
    "SearchTerms",
    "entry_create",
    "entry_mask",
    "entry_words",
    "found_ids",
    "index_compact",
    "index_travellers",
    "search_logged",
    "search_terms",
    "travel_search",
    "travel_search_allowed",
    "travellers_for",
]

MAX_RESULTS = 1000  # a search is a look-up, not an export: narrow it beyond this
FIELD_LIMITS = {
    "name": 200,
    "document": 40,
    "locator": 20,
    "phone": 40,
    "email": 200,
    "card": 40,
    "flight": 10,
}
PURPOSE_LIMIT = 500
_ALNUM = re.compile(r"[^0-9a-z]+")
_DIGITS = re.compile(r"\D+")
_FLIGHT = re.compile(r"^([A-Z0-9]{2})\s*0*(\d{1,4}[A-Z]?)$")
_PHONE_TAIL = 7  # a phone is also found by its last seven digits (without country code)
_CARD_TAIL = 4  # carriers send cards masked: the last four digits are what is known
_CHUNK = 500


def _alnum(text: str) -> str:
    return _ALNUM.sub("", text.casefold())


# ----------------------------------------------------------------------------- words


def name_words(name: str) -> list[str]:
    """The name words of a written name: each token's form (``n``) and phonetic key (``p``)."""
    words = []
    for token in normalise_name(name):
        form = _alnum(token.form)
        if not form:
            continue
        words.append(f"n{form}")
        key = _alnum(phonetic_key(form))
        if len(key) >= 2:  # a one-letter skeleton would find half the manifest
            words.append(f"p{key}")
    return words


def phone_words(value: str) -> list[str]:
    digits = _DIGITS.sub("", value)
    if len(digits) < 4:
        return []
    words = [f"t{digits}"]
    if len(digits) > _PHONE_TAIL:
        words.append(f"t{digits[-_PHONE_TAIL:]}")
    return words


def card_words(value: str) -> list[str]:
    digits = _DIGITS.sub("", value)
    return [f"c{digits[-_CARD_TAIL:]}"] if len(digits) >= _CARD_TAIL else []


def identifier_words(kind: str, value: str) -> list[str]:
    """The key words of one booking or traveller identifier (addresses and agencies are
    not searched: they are not a person's)."""
    if kind == Identifier.Kind.PHONE:
        return phone_words(value)
    if kind == Identifier.Kind.EMAIL:
        return [f"e{_alnum(value)}"] if _alnum(value) else []
    if kind == Identifier.Kind.CARD:
        return card_words(value)
    if kind == Identifier.Kind.TICKET:
        return [f"k{_alnum(value)}"] if _alnum(value) else []
    return []


def entry_words(
    *,
    surname: str,
    given_names: str,
    documents: Iterable[str] = (),
    locator: str = "",
    identifiers: Iterable[tuple[str, str]] = (),
) -> tuple[str, str]:
    """The (names, keys) texts of one traveller's entry, each word once, in a stable order."""
    names = name_words(f"{given_names} {surname}")
    keys = [f"d{_alnum(number)}" for number in documents if _alnum(number)]
    if _alnum(locator):
        keys.append(f"r{_alnum(locator)}")
    for kind, value in identifiers:
        keys += identifier_words(kind, value)
    return " ".join(dict.fromkeys(names)), " ".join(dict.fromkeys(keys))


def hashed(word: str) -> str:
    """The keyed digest that stands for ``word`` in a masked traveller's entry."""
    key = f"search:{settings.SECRET_KEY}".encode()
    return "h" + hmac.new(key, word.encode(), hashlib.sha256).hexdigest()[:24]


def hashed_text(text: str) -> str:
    return " ".join(hashed(word) for word in text.split())


# ----------------------------------------------------------------------------- index


def index_travellers(traveller_ids: Iterable[int]) -> int:
    """Write the entries of these travellers afresh (masked ones are left as they are).

    Called by the intake after a message is loaded (names, documents, booking and its
    contacts may have changed) and by the interactive API. Returns the entries written.
    """
    ids = sorted(set(traveller_ids))
    written = 0
    for start in range(0, len(ids), _CHUNK):
        written += _index_chunk(ids[start : start + _CHUNK])
    return written


def _index_chunk(ids: list[int]) -> int:
    travellers = list(
        Traveller.objects.filter(pk__in=ids, masked_at__isnull=True)
        .select_related("booking")
        .only(
            "pk",
            "surname",
            "given_names",
            "flight_id",
            "booking__record_locator",
            "flight__departure",
        )
        .select_related("flight")
    )
    if not travellers:
        return 0
    documents: dict[int, list[str]] = defaultdict(list)
    for traveller_id, number in TravelDocument.objects.filter(
        traveller_id__in=[t.pk for t in travellers]
    ).values_list("traveller_id", "number"):
        documents[traveller_id].append(number)
    by_traveller: dict[int, list[tuple[str, str]]] = defaultdict(list)
    by_booking: dict[int, list[tuple[str, str]]] = defaultdict(list)
    booking_ids = {t.booking_id for t in travellers if t.booking_id is not None}
    wanted = Identifier.Kind.PHONE, Identifier.Kind.EMAIL, Identifier.Kind.CARD
    rows = Identifier.objects.filter(
        Q(traveller_id__in=[t.pk for t in travellers])
        | Q(booking_id__in=booking_ids, traveller__isnull=True),
        kind__in=[*wanted, Identifier.Kind.TICKET],
    ).values_list("traveller_id", "booking_id", "kind", "value")
    for traveller_id, booking_id, kind, value in rows:
        if traveller_id is not None:
            by_traveller[traveller_id].append((kind, value))
        else:
            by_booking[booking_id].append((kind, value))
    entries = []
    for traveller in travellers:
        names, keys = entry_words(
            surname=traveller.surname,
            given_names=traveller.given_names,
            documents=documents[traveller.pk],
            locator=traveller.booking.record_locator if traveller.booking else "",
            identifiers=[
                *by_traveller[traveller.pk],
                *by_booking.get(traveller.booking_id or 0, []),
            ],
        )
        entries.append(
            SearchEntry(
                traveller_id=traveller.pk,
                flight_id=traveller.flight_id,
                departure=traveller.flight.departure,
                names=names,
                keys=keys,
            )
        )
    SearchEntry.objects.filter(traveller_id__in=[e.traveller_id for e in entries]).delete()
    SearchEntry.objects.bulk_create(entries)
    return len(entries)


def entry_create(traveller: Traveller, *, documents: Sequence[str]) -> SearchEntry:
    """The entry of a traveller just created with no booking (the interactive API): one
    insert, from what is in hand."""
    names, keys = entry_words(
        surname=traveller.surname, given_names=traveller.given_names, documents=documents
    )
    return SearchEntry.objects.create(
        traveller_id=traveller.pk,
        flight_id=traveller.flight_id,
        departure=traveller.flight.departure,
        names=names,
        keys=keys,
    )


def entry_mask(traveller_id: int) -> None:
    """Replace a traveller's words by their keyed digests (retention, before the names go)."""
    entry = SearchEntry.objects.filter(traveller_id=traveller_id).first()
    if entry is None or entry.masked:
        return
    entry.names, entry.keys = hashed_text(entry.names), hashed_text(entry.keys)
    entry.masked = True
    entry.save(update_fields=["names", "keys", "masked"])


def index_compact() -> None:
    """Merge the SQLite FTS5 index into one segment, which drops every word of rows deleted
    or rewritten since (FTS5 keeps them in older segments until a merge): retention calls
    this after masking and deleting. PostgreSQL's GIN pages are cleaned by VACUUM."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO travel_search_fts(travel_search_fts) VALUES ('optimize')")


# ----------------------------------------------------------------------------- terms


@dataclass(frozen=True, slots=True)
class SearchTerms:
    """What the analyst looks for; every given term must hold (AND)."""

    name: str = ""
    document: str = ""
    locator: str = ""
    phone: str = ""
    email: str = ""
    card: str = ""
    flight: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def describe(self) -> str:
        """The terms as the access log keeps them: ``name "ri won ho"; from 2026-12-01``."""
        parts = [
            f'{label} "{value}"'
            for label, value in (
                ("name", self.name),
                ("document", self.document),
                ("locator", self.locator),
                ("phone", self.phone),
                ("e-mail", self.email),
                ("card", self.card),
                ("flight", self.flight),
            )
            if value
        ]
        if self.date_from:
            parts.append(f"from {self.date_from.isoformat()}")
        if self.date_to:
            parts.append(f"to {self.date_to.isoformat()}")
        return "; ".join(parts)


def _date(value: str, name: str, errors: dict[str, list[str]]) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        errors[name] = [_("Enter a date as YYYY-MM-DD (e.g. 2026-12-01).")]
        return None


def search_terms(data: Mapping[str, str]) -> tuple[SearchTerms, str]:
    """Read the search form (page or API): the terms and the stated purpose.

    Raises ``ValidationError`` with a message per field: no term at all, no purpose, a
    term too long, a control character (NUL included), a name without letters, a card or
    phone without digits, a flight that is not a designator, dates unreadable or reversed.
    """
    errors: dict[str, list[str]] = {}
    values: dict[str, str] = {}
    for name in (*FIELD_LIMITS, "purpose", "date_from", "date_to"):
        value = str(data.get(name, "") or "").strip()
        limit = PURPOSE_LIMIT if name == "purpose" else FIELD_LIMITS.get(name, 10)
        if any(unicodedata.category(char) == "Cc" for char in value):
            errors[name] = [_("Remove the control characters (such as NUL) from this term.")]
        elif len(value) > limit:
            errors[name] = [
                _("At most %(limit)d characters (this has %(length)d).")
                % {"limit": limit, "length": len(value)}
            ]
        values[name] = value
    date_from = _date(values["date_from"], "date_from", errors)
    date_to = _date(values["date_to"], "date_to", errors)
    if date_from and date_to and date_from > date_to:
        errors["date_to"] = [_("The end date is before the start date.")]
    if values["name"] and "name" not in errors and not name_words(values["name"]):
        errors["name"] = [_("The name has no letters to search for.")]
    if values["phone"] and "phone" not in errors and not phone_words(values["phone"]):
        errors["phone"] = [_("Give at least four digits of the phone number.")]
    if values["card"] and "card" not in errors and not card_words(values["card"]):
        errors["card"] = [_("Give the last four digits of the card.")]
    for name in ("document", "locator", "email"):
        if values[name] and name not in errors and not _alnum(values[name]):
            errors[name] = [_("This term has no letters or digits.")]
    flight = values["flight"].upper()
    if flight and "flight" not in errors and not _FLIGHT.match(flight):
        errors["flight"] = [_("Write the flight as carrier and number, e.g. LH400.")]
    given = [name for name in (*FIELD_LIMITS, "date_from", "date_to") if values[name]]
    if not given and not errors:
        errors["__all__"] = [
            _(
                "Give at least one term: a name, document, locator, phone, e-mail, card, "
                "flight or dates."
            )
        ]
    if not values["purpose"] and "purpose" not in errors:
        errors["purpose"] = [
            _("State the purpose of this search: it is a query over personal data.")
        ]
    if errors:
        raise ValidationError(errors)
    terms = SearchTerms(
        name=values["name"],
        document=values["document"],
        locator=values["locator"],
        phone=values["phone"],
        email=values["email"],
        card=values["card"],
        flight=flight,
        date_from=date_from,
        date_to=date_to,
    )
    return terms, values["purpose"]


# ----------------------------------------------------------------------------- query


def _groups(terms: SearchTerms) -> tuple[list[list[str]], list[list[str]]]:
    """Word groups for names and keys: every group must match, any word of a group."""
    names = []
    for token in normalise_name(terms.name) if terms.name else ():
        form = _alnum(token.form)
        if not form:
            continue
        group = [f"n{form}"]
        key = _alnum(phonetic_key(form))
        if len(key) >= 2:
            group.append(f"p{key}")
        names.append(group)
    keys = []
    if terms.document:
        keys.append([f"d{_alnum(terms.document)}"])
    if terms.locator:
        keys.append([f"r{_alnum(terms.locator)}"])
    if terms.phone:
        # All digits, or the last seven: written with or without the country code.
        keys.append(phone_words(terms.phone))
    if terms.email:
        keys.append([f"e{_alnum(terms.email)}"])
    if terms.card:
        keys.append(card_words(terms.card))
    return names, keys


def _with_digests(groups: list[list[str]]) -> list[list[str]]:
    return [[*group, *(hashed(word) for word in group)] for group in groups]


def _fts_match(names: list[list[str]], keys: list[list[str]]) -> str:
    """An FTS5 query: ``names : ("a" OR "b") AND keys : ("c")``; words are [0-9a-z] only."""
    parts = [
        f"{column} : (" + " OR ".join(f'"{word}"' for word in group) + ")"
        for column, groups in (("names", names), ("keys", keys))
        for group in groups
    ]
    return " AND ".join(parts)


def _tsquery(groups: list[list[str]]) -> str:
    return " & ".join("(" + " | ".join(group) + ")" for group in groups)


def _matching(names: list[list[str]], keys: list[list[str]]) -> QuerySet[SearchEntry]:
    entries = SearchEntry.objects.all()
    if not names and not keys:
        return entries
    if connection.vendor == "postgresql":
        for column, groups in (("names", names), ("keys", keys)):
            if groups:
                entries = entries.filter(
                    pk__in=RawSQL(  # noqa: S611 - the words are [0-9a-z] only, and a parameter
                        "SELECT traveller_id FROM travel_searchentry "  # noqa: S608 - fixed column
                        f"WHERE to_tsvector('simple', {column}) @@ to_tsquery('simple', %s)",
                        [_tsquery(groups)],
                    )
                )
        return entries
    return entries.filter(
        pk__in=RawSQL(
            "SELECT rowid FROM travel_search_fts WHERE travel_search_fts MATCH %s",
            [_fts_match(names, keys)],
        )
    )


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def _flight_filter(terms: SearchTerms) -> Q:
    found = _FLIGHT.match(terms.flight)
    if not found:
        return Q()
    carrier, number = found.groups()
    return Q(flight__carrier__code=carrier, flight__number=number.lstrip("0") or "0")


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The travellers found (newest departure first) and the flights the terms name."""

    terms: SearchTerms
    entries: QuerySet[SearchEntry]
    flights: list[Flight] = field(default_factory=list)
    includes_masked: bool = False


def travel_search_allowed(*, user: User) -> bool:
    """Raise ``PermissionDenied`` unless ``user`` may search travellers' personal data;
    return whether masked travellers are searched too (re-identification rights)."""
    if not user.has_perm("travel.view_personal_data"):
        raise PermissionDenied(_("Your role has no access to travellers' personal data."))
    return user.has_perm("travel.reidentify_traveller")


def travel_search(*, user: User, terms: SearchTerms) -> SearchResult:
    """The entries matching ``terms`` that ``user`` may find: masked travellers only for a
    user who may re-identify them (their words are matched as digests). Not logged here:
    the doors log each search with what it showed (``search_logged``)."""
    includes_masked = travel_search_allowed(user=user)
    names, keys = _groups(terms)
    if includes_masked:
        names, keys = _with_digests(names), _with_digests(keys)
    entries = _matching(names, keys)
    if not includes_masked:
        entries = entries.filter(masked=False)
    if terms.flight:
        entries = entries.filter(_flight_filter(terms))
    if terms.date_from:
        entries = entries.filter(departure__gte=_day_start(terms.date_from))
    if terms.date_to:
        entries = entries.filter(departure__lt=_day_start(terms.date_to + dt.timedelta(days=1)))
    flights: list[Flight] = []
    if terms.flight or ((terms.date_from or terms.date_to) and not (names or keys)):
        flights = _flights(terms)
    return SearchResult(
        terms=terms,
        entries=entries.order_by("-departure", "traveller_id"),
        flights=flights,
        includes_masked=includes_masked,
    )


def _flights(terms: SearchTerms, limit: int = 100) -> list[Flight]:
    """The flights the terms name (past ones included: the board shows only what is to come)."""
    flights = Flight.objects.select_related("carrier")
    found = _FLIGHT.match(terms.flight)
    if found:
        carrier, number = found.groups()
        flights = flights.filter(carrier__code=carrier, number=number.lstrip("0") or "0")
    if terms.date_from:
        flights = flights.filter(departure__gte=_day_start(terms.date_from))
    if terms.date_to:
        flights = flights.filter(departure__lt=_day_start(terms.date_to + dt.timedelta(days=1)))
    return list(flights.order_by("-departure")[:limit])


@dataclass(frozen=True, slots=True)
class Found:
    """The ids of the travellers found, newest departure first, at most ``MAX_RESULTS``;
    ``more``: the search found more than that."""

    ids: list[int]
    more: bool


def found_ids(result: SearchResult) -> Found:
    ids = list(result.entries.values_list("traveller_id", flat=True)[: MAX_RESULTS + 1])
    return Found(ids[:MAX_RESULTS], len(ids) > MAX_RESULTS)


def travellers_for(ids: Sequence[int]) -> list[Traveller]:
    """The travellers of a page of ids, in that order, with flight, booking, case and
    documents (three queries whatever the page's length)."""
    ids = list(ids)
    found = {
        traveller.pk: traveller
        for traveller in Traveller.objects.filter(pk__in=ids)
        .select_related("flight__carrier", "booking__carrier", "case")
        .prefetch_related("documents")
    }
    return [found[pk] for pk in ids if pk in found]


def search_logged(
    *,
    user: User,
    terms: SearchTerms,
    purpose: str,
    shown: int,
    path: str,
) -> AccessLog:
    """The access-log entry of one search: its terms, the purpose given, rows shown."""
    return access.record(
        user=user,
        action=AccessLog.Action.SEARCH,
        what="search",
        label=terms.describe(),
        count=shown,
        purpose=purpose,
        path=path,
    )
