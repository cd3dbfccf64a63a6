"""Screening against every kind of listed entry: persons, organisations and lost or stolen
travel documents.

:class:`ListsIndex` is a :class:`MatchIndex` (the listed persons, screened by the name
matcher as they always were) that also holds
  * the listed lost or stolen documents (``EntryKind.DOCUMENT``: number and issuing
    country), checked against every document a traveller carries (GTAS #224, #1004);
  * the listed entities (organisations), screened by :meth:`ListsIndex.screen_organisation`
    with the same name matcher, for the organisation names a booking carries (travel
    agency, e-mail domains).
A hit that rests on a document alone says that the name does not match.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from paxscreen.match import algorithm as algo
from paxscreen.match.index import MatchIndex
from paxscreen.match.model import Match, Person
from paxscreen.names import fold
from paxscreen.watchlists import Document, EntryKind, Watchlist, WatchlistEntry

__all__ = ["ORGANISATION_ROLES", "ListsIndex", "email_domain_name"]

ORGANISATION_ROLES = ("travel agency", "corporate payer", "e-mail domain")
# Legal forms written short or long: the same organisation either way.
_LEGAL_FORMS = {
    "CORP": "CORPORATION",
    "CO": "COMPANY",
    "LTD": "LIMITED",
    "INTL": "INTERNATIONAL",
    "ORG": "ORGANIZATION",
    "ORGANISATION": "ORGANIZATION",
}
_WORD = re.compile(r"[A-Z0-9]+")
_SQUASH_MIN = 6  # a shorter squashed name ("ADF", "HUM") is too likely by chance in a domain
# Mail providers and generic second-level labels: a domain of these names no organisation.
_GENERIC_DOMAINS = frozenset(
    {"gmail", "yahoo", "hotmail", "outlook", "live", "aol", "icloud", "mail", "protonmail", "gmx"}
)
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "edu"})
_DOCUMENT_SCORE = 1.0
_DOCUMENT_COUNTRY_UNKNOWN_SCORE = algo.DOCUMENT_FLOOR  # a number alone: strong, not certain


def _organisation_name(text: str) -> str:
    words = _WORD.findall(fold(text).upper())
    return " ".join(_LEGAL_FORMS.get(word, word) for word in words)


def _squashed(text: str) -> str:
    return "".join(_WORD.findall(fold(text).upper()))


def email_domain_name(address: str) -> str:
    """The organisation name an e-mail address's domain gives ("info@al-rashid-trust.org"
    → "al-rashid-trust"); "" for a mail provider or an address without a domain."""
    _, _, domain = address.strip().lower().rpartition("@")
    labels = [label for label in domain.split(".") if label]
    if len(labels) < 2:
        return ""
    labels = labels[:-1]  # the top-level domain
    if len(labels) >= 2 and labels[-1] in _SECOND_LEVEL:
        labels = labels[:-1]  # "example.co.uk"
    name = labels[-1]
    return "" if name in _GENERIC_DOMAINS else name


def _document_text(document: Document) -> str:
    country = f" ({document.issuing_country})" if document.issuing_country else ""
    return f"{document.type} {document.number}{country}"


class ListsIndex(MatchIndex):
    """The listed persons (as :class:`MatchIndex`), lost or stolen documents and entities."""

    listed_documents: dict[str, list[tuple[WatchlistEntry, str]]]
    entities: MatchIndex | None
    entity_names: dict[str, str]  # reference -> the listed name as written
    squashed_entities: dict[str, list[tuple[WatchlistEntry, str, str]]]

    @classmethod
    def build(cls, watchlists: Iterable[Watchlist]) -> ListsIndex:
        """Index persons, documents and entities of ``watchlists``."""
        lists = list(watchlists)
        index = super().build(lists)
        if not isinstance(index, ListsIndex):  # MatchIndex.build builds its own class
            raise TypeError(type(index).__name__)
        index.listed_documents = {}
        index.entity_names = {}
        index.squashed_entities = {}
        entity_lists = []
        for watchlist in lists:
            entities = []
            for entry in watchlist.entries:
                if entry.kind is EntryKind.DOCUMENT:
                    for document in entry.documents:
                        number = document.normalised_number
                        if number:
                            index.listed_documents.setdefault(number, []).append(
                                (entry, watchlist.name)
                            )
                elif entry.kind is EntryKind.ENTITY:
                    # the name matcher indexes persons: an organisation is given to it as one
                    names = tuple(
                        dataclasses.replace(name, text=_organisation_name(name.text))
                        for name in entry.names
                    )
                    entities.append(dataclasses.replace(entry, kind=EntryKind.PERSON, names=names))
                    for name in entry.names:
                        squashed = _squashed(name.text)
                        if len(squashed) >= _SQUASH_MIN:
                            index.squashed_entities.setdefault(squashed, []).append(
                                (entry, watchlist.name, name.text)
                            )
            entity_lists.append(dataclasses.replace(watchlist, entries=tuple(entities)))
        has_entities = any(watchlist.entries for watchlist in entity_lists)
        index.entities = MatchIndex.build(entity_lists) if has_entities else None
        return index

    def __len__(self) -> int:
        return (
            super().__len__()
            + sum(len(found) for found in self.listed_documents.values())
            + (len(self.entities) if self.entities is not None else 0)
        )

    @property
    def persons(self) -> int:
        return super().__len__()

    def screen(self, person: Person, threshold: float = algo.THRESHOLD) -> list[Match]:
        """Matches of ``person`` against listed persons (by name, date of birth, documents)
        and listed lost or stolen documents (each of their documents), best first."""
        matches = super().screen(person, threshold) if super().__len__() else []
        if person.documents and any(
            explanation.startswith("document ")
            for match in matches
            for explanation in match.explanations
        ):
            matches = self._say_when_the_name_does_not_match(person, matches, threshold)
        if person.documents and self.listed_documents:
            matches.extend(self._lost_or_stolen(person, threshold))
            matches.sort(key=lambda match: (-match.score, match.entry_reference))
        return matches

    def _say_when_the_name_does_not_match(
        self, person: Person, matches: list[Match], threshold: float
    ) -> list[Match]:
        # Screened again without documents: an entry found only with them rests on a document.
        by_name = {
            match.entry_reference
            for match in super().screen(dataclasses.replace(person, documents=()), threshold)
        }
        return [
            match
            if match.entry_reference in by_name
            else dataclasses.replace(
                match,
                explanations=(
                    *match.explanations,
                    "the name does not match the listed names: the hit rests on the document alone",
                ),
            )
            for match in matches
        ]

    def _lost_or_stolen(self, person: Person, threshold: float) -> list[Match]:
        found: dict[str, Match] = {}
        for document in person.documents:
            for entry, watchlist in self.listed_documents.get(document.normalised_number, ()):
                for listed in entry.documents:
                    if listed.normalised_number != document.normalised_number:
                        continue
                    if (
                        listed.issuing_country
                        and document.issuing_country
                        and listed.issuing_country != document.issuing_country
                    ):
                        continue  # the same number issued by another country
                    explanations = [
                        f"document {_document_text(document)} = listed as lost or stolen: "
                        f"{_document_text(listed)}"
                    ]
                    score = _DOCUMENT_SCORE
                    if listed.issuing_country and not document.issuing_country:
                        score = _DOCUMENT_COUNTRY_UNKNOWN_SCORE
                        explanations.append(
                            "the carrier gave no issuing country: only the number agrees"
                        )
                    explanations.append(
                        "the name is not compared: the list holds the document, not its holder"
                    )
                    if score >= threshold and score > (
                        found[entry.reference].score if entry.reference in found else -1
                    ):
                        found[entry.reference] = Match(
                            entry_reference=entry.reference,
                            score=score,
                            explanations=tuple(explanations),
                            algorithm_version=self.version,
                            watchlist=watchlist,
                            matched_name=_document_text(listed),
                        )
        return list(found.values())

    def screen_organisation(
        self, name: str, role: str, threshold: float = algo.THRESHOLD
    ) -> list[Match]:
        """Listed entities matching an organisation name a booking carries, in ``role``
        (one of :data:`ORGANISATION_ROLES`), best first."""
        if self.entities is None or not name.strip():
            return []
        found: dict[str, Match] = {}
        if role == "e-mail domain":
            # a domain writes the name without spaces: compare it so
            for entry, watchlist, listed_name in self.squashed_entities.get(_squashed(name), ()):
                found[entry.reference] = Match(
                    entry_reference=entry.reference,
                    score=1.0,
                    explanations=(
                        f"{role} {name!r} is the listed name {listed_name!r} without spaces",
                    ),
                    algorithm_version=self.version,
                    watchlist=watchlist,
                    matched_name=entry.primary_name,
                )
        query = Person(query_id=name, full_name=_organisation_name(name))
        for match in self.entities.screen(query, threshold):
            if match.entry_reference in found:
                continue
            found[match.entry_reference] = dataclasses.replace(
                match,
                explanations=(f"{role} {name!r} matches a listed entity", *match.explanations),
                matched_name=self.entity_names.get(match.entry_reference, match.matched_name),
            )
        return sorted(found.values(), key=lambda match: (-match.score, match.entry_reference))
