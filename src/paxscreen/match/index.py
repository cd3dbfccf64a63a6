"""The blocking index: screening cost grows with the candidates, not with the list size.

Every listed name is reduced at build time to blocking keys:
  * pairs of its words, keyed by consonant skeleton (``s``), by 3-letter prefix (``p``) and
    by the skeleton of one with the initial of the other (``f``):
    a person is a candidate only when two of their name words agree with two words of the
    same listed name, so common single given names never pull in half the list, and a typo
    in one word leaves the other key family intact;
  * one word with a birth year (``y``): a single distinctive word plus the year of birth;
  * the word of a one-word name (``1``, ``1p``), which two adjacent query words may form;
  * normalised document numbers (``d``).
A pair key shared by many entries (a common name: "WANG WEI") is also split by date of birth
(``<key>#<year>-<month>``, ``<key>#<year>`` for a year only, approximate years and ranges
posted under every year they cover, ``<key>#*`` without a date); a person with a date of birth
then reads only the buckets of their month, their swapped day-and-month, their year and ``*``.
Entries outside them disagree on the date and cannot reach a threshold above 0.75 (see
``algorithm``); near dates (one day or one year apart, day and month swapped) read the
neighbouring buckets. A listed name with the same words and the person's nationality is found
whatever the date (``exact_names``): the date of birth cannot veto it.
Postings are compact ``array('I')`` of entry positions. The index pickles (the per-process
cache of prepared candidates is dropped), so it can be built once and shipped to workers.
"""

from __future__ import annotations

import datetime as dt
import math
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from paxscreen.match import algorithm as algo
from paxscreen.match.features import (
    CandidateName,
    PreparedCandidate,
    PreparedQuery,
    token_keys,
    touch_keys,
    word_keys,
)
from paxscreen.match.model import Match, PartialDate, Person
from paxscreen.match.scoring import score_candidate
from paxscreen.names import NameToken, name_reference, normalise_name, phonetic_key
from paxscreen.watchlists import DateKind, EntryKind, Watchlist, WatchlistEntry

__all__ = ["MatchIndex"]

_MAX_WORDS = 8  # words of a name used for pair keys
_MAX_YEARS = 12  # widest year range expanded into year keys
_CACHE_LIMIT = 200_000
_FREQUENCY_POPULATION = 1000
_INITIAL_KEY_MIN = 3  # shorter skeletons ("l" for Ali) with an initial select too much
_SPLIT_AT = 8  # pair postings longer than this are also split by year of birth
_DATE_SKIP_BELOW = 1.0 - algo.DOB_MISMATCH_WEIGHT + algo.NATIONALITY_WEIGHT
_COMMON_YEAR_WORD = 48  # a word shared by more entries born the same year is too common


_ARTICLES = ("al", "el", "ul")
_ONE_DAY = dt.timedelta(days=1)


@lru_cache(maxsize=262_144)
def _word_alternatives(form: str) -> tuple[tuple[str, str], ...]:
    """(skeleton, prefix) of a word, and of the word without a leading article."""
    if form[:2] in _ARTICLES and len(form) >= 5:
        stripped = form[2:]
        return ((phonetic_key(form), form[:3]), (phonetic_key(stripped), stripped[:3]))
    return ((phonetic_key(form), form[:3]),)


def _pair_keys(tokens: tuple[NameToken, ...], joined: bool = False) -> set[str]:
    """Keys of every pair of words; with ``joined``, also of two adjacent words written as one."""
    forms = [token.form for token in tokens[:_MAX_WORDS]]
    words = [_word_alternatives(form) for form in forms]
    keys: set[str] = set()
    keep = keys.add  # a bound method: this runs for every pair of every person screened

    def add(first: tuple[tuple[str, str], ...], second: tuple[tuple[str, str], ...]) -> None:
        for skeleton_a, prefix_a in first:
            for skeleton_b, prefix_b in second:
                if skeleton_a <= skeleton_b:
                    keep("s" + skeleton_a + "|" + skeleton_b)
                else:
                    keep("s" + skeleton_b + "|" + skeleton_a)
                if prefix_a <= prefix_b:
                    keep("p" + prefix_a + "|" + prefix_b)
                else:
                    keep("p" + prefix_b + "|" + prefix_a)
                # one word intact, the other reduced to its initial: survives a typo anywhere
                # but in the first letter of the other word
                if len(skeleton_a) >= _INITIAL_KEY_MIN:
                    keep("f" + skeleton_a + "|" + prefix_b[:1])
                if len(skeleton_b) >= _INITIAL_KEY_MIN:
                    keep("f" + skeleton_b + "|" + prefix_a[:1])

    for i in range(len(words)):
        for j in range(i + 1, len(words)):
            add(words[i], words[j])
    if joined:
        for i in range(len(forms) - 1):
            together = _word_alternatives(forms[i] + forms[i + 1])
            for k in range(len(words)):
                if k not in (i, i + 1):
                    add(together, words[k])
    return keys


def _entry_years(entry: WatchlistEntry) -> set[int]:
    years: set[int] = set()
    for listed in entry.dates_of_birth:
        if listed.kind is DateKind.BETWEEN and listed.to_year is not None:
            if listed.to_year - listed.year <= _MAX_YEARS:
                years.update(range(listed.year, listed.to_year + 1))
        elif listed.kind is DateKind.APPROXIMATE:
            years.update(range(listed.year - 1, listed.year + 2))
        else:
            years.add(listed.year)
    return years


def _entry_buckets(entry: WatchlistEntry) -> set[str]:
    """Date-of-birth buckets of an entry: ``YYYY-M`` for a known month, ``YYYY`` for a year
    (approximate years and ranges: every year covered), ``*`` when nothing narrows it."""
    buckets: set[str] = set()
    for listed in entry.dates_of_birth:
        if listed.kind is DateKind.EXACT and listed.month is not None:
            buckets.add(f"{listed.year}-{listed.month}")
        elif listed.kind is DateKind.EXACT:
            buckets.add(str(listed.year))
        elif listed.kind is DateKind.APPROXIMATE:
            buckets.update(str(year) for year in range(listed.year - 1, listed.year + 2))
        elif listed.to_year is not None and listed.to_year - listed.year <= _MAX_YEARS:
            buckets.update(str(year) for year in range(listed.year, listed.to_year + 1))
        else:
            buckets.add("*")
    years = [listed.year for listed in entry.dates_of_birth if listed.kind is DateKind.EXACT]
    if len(years) >= 2 and max(years) - min(years) <= algo.DOB_SPAN_YEARS:
        # a third date between two listed ones agrees weakly: posted under every year between
        buckets.update(str(year) for year in range(min(years), max(years) + 1))
    return buckets or {"*"}


def _query_buckets(born: PartialDate) -> tuple[str, ...]:
    """The buckets a person born on ``born`` reads: every bucket of a date that agrees with
    theirs, even weakly (see ``features._date_agreement``): their month, the same month a year
    either side, the month their day would be if day and month were swapped, the month of the
    day before and after; their year and the years either side as a whole; and ``*``."""
    year = born.year
    years = (str(year), str(year - 1), str(year + 1), "*")
    if born.month is None:
        months = range(1, 13)
        return (
            *years,
            *(f"{near}-{month}" for near in (year - 1, year, year + 1) for month in months),
        )
    buckets = [f"{year}-{born.month}", f"{year - 1}-{born.month}", f"{year + 1}-{born.month}"]
    buckets.extend(years)
    if born.day is not None:
        if born.day <= 12 and born.day != born.month:
            buckets.append(f"{year}-{born.day}")
        day = dt.date(year, born.month, born.day)
        for near in (day - _ONE_DAY, day + _ONE_DAY):
            if near.month != born.month:
                buckets.append(f"{near.year}-{near.month}")
    return tuple(buckets)


def _birth_code(entry: WatchlistEntry) -> int:
    if len(entry.dates_of_birth) != 1:
        return 0
    listed = entry.dates_of_birth[0]
    if listed.kind is not DateKind.EXACT or listed.month is None or listed.day is None:
        return 0
    return listed.year * 10_000 + listed.month * 100 + listed.day


def _birth_codes_of_many(entry: WatchlistEntry) -> tuple[int, ...] | None:
    """YYYYMMDD of each listed date, sorted, when an entry lists two or more dates and all are
    full exact dates (else ``None``)."""
    dates = entry.dates_of_birth
    if len(dates) < 2:
        return None
    codes = []
    for listed in dates:
        if listed.kind is not DateKind.EXACT or listed.month is None or listed.day is None:
            return None
        codes.append(listed.year * 10_000 + listed.month * 100 + listed.day)
    return tuple(sorted(codes))


def _agreeing_codes(born: PartialDate | None) -> frozenset[int] | None:
    """Listed full dates that do not contradict ``born``: the same, one day apart, day and
    month swapped, one year apart. ``None`` when ``born`` is not a full date (nothing can be
    ruled out)."""
    if born is None or born.month is None or born.day is None:
        return None
    same = born.year * 10_000 + born.month * 100 + born.day
    codes = {same, same - 10_000, same + 10_000}
    day = dt.date(born.year, born.month, born.day)
    for near in (day - _ONE_DAY, day + _ONE_DAY):
        codes.add(near.year * 10_000 + near.month * 100 + near.day)
    if born.day <= 12:
        codes.add(born.year * 10_000 + born.day * 100 + born.month)
    return frozenset(codes)


def _any_agrees(codes: tuple[int, ...] | None, agreeing: frozenset[int], born: int) -> bool:
    """Whether several listed full dates (sorted; ``None``: not all full) can agree with the
    full date ``born``: one of them agrees, or ``born`` lies between them (a weak agreement)."""
    if codes is None:
        return True
    for code in codes:
        if code in agreeing:
            return True
    earliest, latest = codes[0], codes[-1]
    return (
        latest // 10_000 - earliest // 10_000 <= algo.DOB_SPAN_YEARS and earliest <= born <= latest
    )


class MatchIndex:
    """Listed persons of one or more watchlists, ready to screen travellers against.

    Build with :meth:`build`; screen with :meth:`screen`. Entities are not indexed: the
    screened population is people.
    """

    def __init__(
        self,
        *,
        entries: list[WatchlistEntry],
        watchlist_of: list[int],
        watchlist_names: list[str],
        postings: dict[str, array[int]],
        document_frequency: dict[str, int],
        split_keys: frozenset[str] = frozenset(),
        birth_codes: array[int] | None = None,
        exact_names: dict[tuple[str, ...], array[int]] | None = None,
        many_birth_codes: dict[int, tuple[int, ...]] | None = None,
    ) -> None:
        self.entries = entries
        self.watchlist_of = watchlist_of
        self.watchlist_names = watchlist_names
        self.postings = postings
        self.document_frequency = document_frequency
        self.split_keys = split_keys
        # YYYYMMDD of entries with exactly one, full, date of birth (else 0): lets screening
        # drop a candidate born on another day without preparing it
        self.birth_codes = birth_codes if birth_codes is not None else array("I")
        # the same for entries listing several full dates (sorted): dropped when none agrees
        # and the person's date is not between them (features._between_listed)
        self.many_birth_codes = many_birth_codes if many_birth_codes is not None else {}
        # the sorted word forms of every listed name -> entries: an exact name with the listed
        # nationality is a hit whatever the date of birth (algorithm.NAME_NATIONALITY_FLOOR)
        self.exact_names = exact_names if exact_names is not None else {}
        self.version = algo.ALGORITHM_VERSION
        self._candidates: dict[int, PreparedCandidate] = {}
        self._weights: dict[str, float] = {}

    @classmethod
    def build(cls, watchlists: Iterable[Watchlist]) -> MatchIndex:
        """Index the person entries of ``watchlists`` (entities are left out)."""
        entries: list[WatchlistEntry] = []
        watchlist_of: list[int] = []
        names: list[str] = []
        for position, watchlist in enumerate(watchlists):
            names.append(watchlist.name)
            for entry in watchlist.entries:
                if entry.kind is EntryKind.PERSON:
                    entries.append(entry)
                    watchlist_of.append(position)
        postings: dict[str, array[int]] = {}
        frequency: Counter[str] = Counter()
        entry_buckets: list[set[str]] = []
        exact_names: dict[tuple[str, ...], array[int]] = {}
        for number, entry in enumerate(entries):
            keys: set[str] = set()
            forms: set[str] = set()
            years = _entry_years(entry)
            entry_buckets.append(_entry_buckets(entry))
            for listed in entry.names:
                tokens = normalise_name(listed.text)
                forms.update(token.form for token in tokens)
                if tokens:
                    exact = exact_names.setdefault(
                        tuple(sorted(token.form for token in tokens)), array("I")
                    )
                    if not exact or exact[-1] != number:
                        exact.append(number)
                if len(tokens) == 1:
                    keys.add("1" + phonetic_key(tokens[0].form))
                    keys.add("1p" + tokens[0].form[:3])
                keys.update(_pair_keys(tokens, joined=True))
                for token in tokens:
                    if len(token.form) >= 4:
                        skeleton = phonetic_key(token.form)
                        keys.update(f"y{year}|{skeleton}" for year in years)
            for document in entry.documents:
                if len(document.normalised_number) >= 5:
                    keys.add("d" + document.normalised_number)
            frequency.update(forms)
            for key in keys:
                posting = postings.get(key)
                if posting is None:
                    postings[key] = array("I", (number,))
                else:
                    posting.append(number)
        # A word shared with many entries born the same year is common: agreeing on it alone
        # cannot reach a threshold (single-word cap), so its year key only costs time.
        for key in [key for key, posting in postings.items() if key[0] == "y"]:
            if len(postings[key]) > _COMMON_YEAR_WORD:
                del postings[key]
        split_keys = frozenset(
            key for key, posting in postings.items() if key[0] in "spf" and len(posting) > _SPLIT_AT
        )
        for key in split_keys:
            for number in postings[key]:
                for bucket in entry_buckets[number]:
                    bucket_key = f"{key}#{bucket}"
                    posting = postings.get(bucket_key)
                    if posting is None:
                        postings[bucket_key] = array("I", (number,))
                    else:
                        posting.append(number)
        birth_codes = array("I", (_birth_code(entry) for entry in entries))
        many_birth_codes = {
            number: codes
            for number, entry in enumerate(entries)
            if (codes := _birth_codes_of_many(entry)) is not None
        }
        return cls(
            birth_codes=birth_codes,
            many_birth_codes=many_birth_codes,
            exact_names=exact_names,
            entries=entries,
            watchlist_of=watchlist_of,
            watchlist_names=names,
            postings=postings,
            document_frequency=dict(frequency),
            split_keys=split_keys,
        )

    def __len__(self) -> int:
        return len(self.entries)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_candidates"] = {}
        state["_weights"] = {}
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state.setdefault("many_birth_codes", {})  # pickled before it existed
        self.__dict__.update(state)

    def token_weight(self, form: str) -> float:
        """How much agreeing on this word says about identity, in [WEIGHT_FLOOR, 1]."""
        weight = self._weights.get(form)
        if weight is None:
            weight = self._weights[form] = self._token_weight(form)
        return weight

    def _token_weight(self, form: str) -> float:
        reference = name_reference()
        # small lists say nothing about how common a word is: count them as 1,000 entries
        share = self.document_frequency.get(form, 0) / max(_FREQUENCY_POPULATION, len(self.entries))
        weight = 1.0
        if share > algo.RARE_SHARE:
            weight = 1.0 - (1.0 - algo.WEIGHT_FLOOR) * math.log(share / algo.RARE_SHARE) / (
                math.log(0.05 / algo.RARE_SHARE)
            )
        if form in reference.common:
            weight = min(weight, algo.WEIGHT_COMMON)
        if len(form) <= 2:
            weight = min(weight, algo.WEIGHT_SHORT)
        elif len(form) == 3:
            weight = min(weight, algo.WEIGHT_THREE_LETTERS)
        return round(max(algo.WEIGHT_FLOOR, min(1.0, weight)), 4)

    def prepare(self, person: Person) -> PreparedQuery:
        """Normalise a person's name and documents for screening."""
        if person.given_name or person.middle_name or person.surname:
            tokens: tuple[NameToken, ...] = ()
            roles: tuple[str, ...] = ()
            for role, text in (
                ("given name", person.given_name),
                ("middle name", person.middle_name),
                ("surname", person.surname),
            ):
                if text:
                    part_tokens = normalise_name(text)
                    tokens += part_tokens
                    roles += (role,) * len(part_tokens)
        else:
            tokens = normalise_name(person.full_name)
            roles = ("name",) * len(tokens)
        weights = self._weights
        token_weights = []
        keys = []
        for token in tokens:
            form = token.form
            token_weights.append(weights[form] if form in weights else self.token_weight(form))
            keys.append(token_keys(token))
        return PreparedQuery(
            person=person,
            tokens=tokens,
            roles=roles,
            weights=tuple(token_weights),
            document_numbers=(
                frozenset(document.normalised_number for document in person.documents)
                if person.documents
                else frozenset()
            ),
            word_keys=tuple(key[0] for key in keys),
            forms=tuple(sorted(token.form for token in tokens)),
            key_sets=tuple(key[1] for key in keys),
            touch_sets=tuple(key[2] for key in keys),
        )

    def candidate(self, number: int) -> PreparedCandidate:
        """The prepared form of the entry at ``number`` (cached per process)."""
        cached = self._candidates.get(number)
        if cached is not None:
            return cached
        entry = self.entries[number]
        names = []
        for listed in entry.names:
            tokens = normalise_name(listed.text)
            if tokens:
                weights = tuple(self.token_weight(token.form) for token in tokens)
                factor = (
                    algo.QUALITY_FACTOR[listed.quality.value] * algo.KIND_FACTOR[listed.kind.value]
                )
                names.append(
                    CandidateName(
                        listed,
                        tokens,
                        weights,
                        word_keys(tokens),
                        factor,
                        frozenset().union(*(touch_keys(token) for token in tokens)),
                        tuple(touch_keys(token) for token in tokens),
                        tuple(sorted(token.form for token in tokens)),
                    )
                )
        prepared = PreparedCandidate(
            entry=entry,
            names=tuple(names),
            document_numbers={
                document.normalised_number: f"{document.type} {document.number}"
                for document in entry.documents
            },
            name_forms=frozenset(name.forms for name in names),
        )
        if len(self._candidates) >= _CACHE_LIMIT:
            self._candidates.clear()
            self._weights.clear()
        self._candidates[number] = prepared
        return prepared

    def candidates(self, query: PreparedQuery, same_name: list[int] | None = None) -> set[int]:
        """Positions of the entries sharing a blocking key with the query, and of those with
        a listed name of the same words and the person's nationality (``same_name``)."""
        keys = _pair_keys(query.tokens)
        born = query.person.date_of_birth
        split = keys & self.split_keys if born is not None else None
        if split:
            assert born is not None  # noqa: S101 - for mypy
            buckets = _query_buckets(born)
            for key in split:
                keys.discard(key)
                keys.update(f"{key}#{bucket}" for bucket in buckets)
        if len(query.tokens) == 1:
            keys.add("1" + phonetic_key(query.tokens[0].form))
            keys.add("1p" + query.tokens[0].form[:3])
        for first, second in zip(query.tokens, query.tokens[1:], strict=False):
            keys.add("1" + phonetic_key(first.form + second.form))  # "ABUL HAQ" vs "ABDULHAQ"
        for token in query.tokens:
            if born is not None and len(token.form) >= 4:
                keys.add(f"y{born.year}|{phonetic_key(token.form)}")
        keys.update("d" + number for number in query.document_numbers if len(number) >= 5)
        found: set[int] = set()
        postings = self.postings
        for key in keys:
            posting = postings.get(key)
            if posting is not None:
                found.update(posting)
        found.update(self._same_name_and_nationality(query) if same_name is None else same_name)
        return found

    def _same_name_and_nationality(self, query: PreparedQuery) -> list[int]:
        """Entries with a listed name of the same words and the person's nationality: found
        whatever the date of birth, since the date cannot veto them."""
        nationality = query.person.nationality
        if nationality is None:
            return []
        exact = self.exact_names.get(query.forms)
        if exact is None:
            return []
        entries = self.entries
        return [number for number in exact if nationality in entries[number].nationalities]

    def screen(self, person: Person, threshold: float = algo.THRESHOLD) -> list[Match]:
        """Matches of ``person`` scoring at least ``threshold``, best first."""
        query = self.prepare(person)
        if not query.tokens and not query.document_numbers:
            return []
        matches = []
        kept = self._same_name_and_nationality(query)
        numbers: Iterable[int] = self.candidates(query, kept)
        agreeing = _agreeing_codes(person.date_of_birth)
        # Any other full date scores -1: the total is then at most 1 - DOB_MISMATCH_WEIGHT +
        # NATIONALITY_WEIGHT, below the threshold, unless a document number matches.
        if agreeing is not None and not query.document_numbers and threshold > _DATE_SKIP_BELOW:
            assert person.date_of_birth is not None  # noqa: S101 - for mypy
            born = person.date_of_birth
            born_code = born.year * 10_000 + (born.month or 0) * 100 + (born.day or 0)
            codes = self.birth_codes
            many = self.many_birth_codes
            numbers = [
                n
                for n in numbers
                if (
                    codes[n] in agreeing
                    if codes[n]
                    else _any_agrees(many.get(n), agreeing, born_code)
                )
                or n in kept
            ]
        for number in numbers:
            candidate = self.candidate(number)
            scored = score_candidate(query, candidate, threshold)
            if scored is None:
                continue
            matches.append(
                Match(
                    entry_reference=candidate.entry.reference,
                    score=scored.total,
                    explanations=scored.explanations,
                    algorithm_version=self.version,
                    watchlist=self.watchlist_names[self.watchlist_of[number]],
                    matched_name=candidate.entry.primary_name,
                )
            )
        matches.sort(key=lambda match: (-match.score, match.entry_reference))
        return matches

    def screen_many(
        self, persons: Iterable[Person], threshold: float = algo.THRESHOLD
    ) -> Iterator[tuple[Person, list[Match]]]:
        """Screen persons one after the other, yielding each with its matches."""
        for person in persons:
            yield person, self.screen(person, threshold)
