"""Evaluation set for watchlist matching, built from the UN list itself.

Positives: for each listed individual, distortions of its primary name (typos, dropped and
swapped words, joined and split particles, transliteration variants, Cyrillic script, date of
birth as year only), and each alias queried against an index from which aliases were removed.
Negatives: synthetic people of many cultures and scripts (``paxscreen.synthetic.people``).
"""

from __future__ import annotations

import dataclasses
import random
import string
from collections.abc import Callable

from paxscreen.match import PartialDate, Person
from paxscreen.names import name_reference
from paxscreen.synthetic.people import generate_people
from paxscreen.watchlists import (
    DateKind,
    EntryKind,
    NameKind,
    Watchlist,
    WatchlistEntry,
)

# A practical transcription as Russian-language registers write Arabic and other names.
_LATIN_TO_CYRILLIC = {
    "shch": "щ", "sh": "ш", "ch": "ч", "kh": "х", "zh": "ж", "ts": "ц", "yu": "ю", "ya": "я",
    "th": "т", "dh": "д", "gh": "г", "ou": "у", "oo": "у", "ee": "и", "ph": "ф",
    "a": "а", "b": "б", "c": "к", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "х", "i": "и",
    "j": "дж", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "к", "r": "р",
    "s": "с", "t": "т", "u": "у", "v": "в", "w": "в", "x": "кс", "y": "й", "z": "з",
}  # fmt: skip
_VOWEL_SWAPS = (
    ("ou", "u"),
    ("u", "o"),
    ("o", "u"),
    ("e", "a"),
    ("a", "e"),
    ("ee", "i"),
    ("i", "ee"),
)


def to_cyrillic(text: str) -> str:
    """A simple Latin to Cyrillic rendering, as a Russian-language system might hold a name."""
    lower = text.lower()
    out = []
    i = 0
    while i < len(lower):
        for size in (4, 2, 1):
            chunk = lower[i : i + size]
            if chunk in _LATIN_TO_CYRILLIC:
                out.append(_LATIN_TO_CYRILLIC[chunk])
                i += size
                break
        else:
            out.append(lower[i])
            i += 1
    return "".join(out)


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    position = rng.randrange(1, len(word) - 1)
    operation = rng.choice(("substitute", "delete", "insert", "transpose"))
    letter = rng.choice(string.ascii_uppercase)
    if operation == "substitute":
        return word[:position] + letter + word[position + 1 :]
    if operation == "delete":
        return word[:position] + word[position + 1 :]
    if operation == "insert":
        return word[:position] + letter + word[position:]
    return word[: position - 1] + word[position] + word[position - 1] + word[position + 1 :]


def distortions(rng: random.Random, name: str) -> dict[str, str]:
    """Realistic distortions of a listed name, by kind (a kind is absent if it cannot apply)."""
    words = name.split()
    out: dict[str, str] = {}
    long_words = [i for i, word in enumerate(words) if len(word) >= 4]
    if long_words:
        i = rng.choice(long_words)
        out["typo"] = " ".join(_typo(rng, w) if k == i else w for k, w in enumerate(words))
    particles = name_reference().joined_particles
    # a middle name that is a whole name (not a particle, not after one) is what travellers drop
    droppable = [
        k
        for k in range(1, len(words) - 1)
        if words[k].lower().strip("-'") not in particles
        and words[k - 1].lower().strip("-'") not in particles
    ]
    if len(words) >= 3 and droppable:
        i = rng.choice(droppable)
        out["dropped word"] = " ".join(w for k, w in enumerate(words) if k != i)
    if len(words) >= 2:
        # surname first, as many documents and cultures write it; the surname keeps the
        # particles in front of it ("ABD AL-NASIR" moves as one)
        start = len(words) - 1
        while start > 1 and words[start - 1].lower().strip("-'") in particles:
            start -= 1
        out["swapped words"] = " ".join(words[start:] + words[:start])
    for k, word in enumerate(words[:-1]):
        if word.lower().rstrip("-") in particles:
            joined = [*words[:k], word.rstrip("-") + words[k + 1], *words[k + 2 :]]
            out["joined particle"] = " ".join(joined)
            break
    else:
        for k, word in enumerate(words):
            lower = word.lower()
            for particle in ("abdul", "abdel", "abu", "al"):
                if lower.startswith(particle) and len(lower) > len(particle) + 2:
                    split = [
                        *words[:k],
                        word[: len(particle)],
                        word[len(particle) :],
                        *words[k + 1 :],
                    ]
                    out["split particle"] = " ".join(split)
                    break
            if "split particle" in out:
                break
    variants = name_reference().variants
    canonical_to_variants: dict[str, list[str]] = {}
    for variant, canonical in variants.items():
        if variant != canonical:
            canonical_to_variants.setdefault(canonical, []).append(variant)
    for k, word in enumerate(words):
        lower = word.lower()
        canonical = variants.get(lower)
        options = [v for v in canonical_to_variants.get(canonical or "", []) if v != lower]
        if canonical and canonical != lower:
            options.append(canonical)
        if options:
            out["transliteration variant"] = " ".join(
                [*words[:k], rng.choice(options).upper(), *words[k + 1 :]]
            )
            break
    else:
        for k, word in enumerate(words):
            lower = word.lower()
            for old, new in _VOWEL_SWAPS:
                if old in lower[1:] and len(lower) >= 4:
                    out["transliteration variant"] = " ".join(
                        [*words[:k], lower.replace(old, new, 1).upper(), *words[k + 1 :]]
                    )
                    break
            if "transliteration variant" in out:
                break
    out["cyrillic script"] = to_cyrillic(name)
    return out


def _listed_birth(entry: WatchlistEntry) -> PartialDate | None:
    for listed in entry.dates_of_birth:
        if listed.kind is DateKind.EXACT:
            return PartialDate(listed.year, listed.month, listed.day)
    for listed in entry.dates_of_birth:
        return PartialDate(listed.year)
    return None


@dataclasses.dataclass(frozen=True)
class Positive:
    person: Person
    reference: str
    kind: str


def distorted_positives(watchlist: Watchlist, seed: int = 7) -> list[Positive]:
    """Queries for every listed individual: each distortion of its primary name."""
    rng = random.Random(seed)
    positives = []
    for entry in watchlist.entries:
        if entry.kind is not EntryKind.PERSON:
            continue
        born = _listed_birth(entry)
        nationality = entry.nationalities[0] if entry.nationalities else None
        for kind, text in distortions(rng, entry.primary_name).items():
            person = Person(
                f"{entry.reference}/{kind}",
                full_name=text,
                date_of_birth=born,
                nationality=nationality,
            )
            positives.append(Positive(person, entry.reference, kind))
        if born is not None:
            year_only = Person(
                f"{entry.reference}/year only",
                full_name=entry.primary_name,
                date_of_birth=PartialDate(born.year),
                nationality=nationality,
            )
            positives.append(Positive(year_only, entry.reference, "birth year only"))
    return positives


def without_aliases(watchlist: Watchlist) -> Watchlist:
    """The list with only primary and original-script names kept."""
    keep = {NameKind.PRIMARY, NameKind.ORIGINAL_SCRIPT}
    entries = tuple(
        dataclasses.replace(entry, names=tuple(n for n in entry.names if n.kind in keep))
        for entry in watchlist.entries
    )
    return dataclasses.replace(watchlist, entries=entries)


def alias_positives(watchlist: Watchlist, with_birth: bool = True) -> list[Positive]:
    """One query per alias (and previous name) of every listed individual."""
    positives = []
    for entry in watchlist.entries:
        if entry.kind is not EntryKind.PERSON:
            continue
        born = _listed_birth(entry) if with_birth else None
        for number, name in enumerate(entry.names):
            if name.kind not in {NameKind.ALIAS, NameKind.PREVIOUS}:
                continue
            person = Person(
                f"{entry.reference}/alias{number}", full_name=name.text, date_of_birth=born
            )
            positives.append(Positive(person, entry.reference, f"alias ({name.quality.value})"))
    return positives


def negative_people(count: int, seed: int = 20260101) -> list[Person]:
    """Synthetic people not on any list, with full dates of birth and nationalities."""
    people = []
    for synthetic in generate_people(count, seed=seed, prefix="N"):
        born = synthetic.date_of_birth
        people.append(
            Person(
                synthetic.person_id,
                full_name=synthetic.full_name,
                gender=synthetic.gender,
                date_of_birth=PartialDate(born.year, born.month, born.day),
                nationality=synthetic.nationality,
            )
        )
    return people


def synthetic_watchlist(count: int, seed: int = 99) -> Watchlist:
    """A national list of ``count`` synthetic persons (exact dates of birth, nationality)."""
    from paxscreen.watchlists import ListedDate, ListedName

    entries = []
    for synthetic in generate_people(count, seed=seed, prefix="W"):
        born = synthetic.date_of_birth
        entries.append(
            WatchlistEntry(
                reference=synthetic.person_id,
                kind=EntryKind.PERSON,
                names=(ListedName(synthetic.full_name),),
                dates_of_birth=(ListedDate(DateKind.EXACT, born.year, born.month, born.day),),
                nationalities=(synthetic.nationality,),
                gender=synthetic.gender,
                source="synthetic national list",
            )
        )
    return Watchlist("synthetic national list", str(seed), tuple(entries))


ScoreFunction = Callable[[Person], dict[str, float]]
