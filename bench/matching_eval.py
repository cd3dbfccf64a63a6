"""Evaluation set for watchlist matching, built from the UN list itself.

Positives: for each listed individual, distortions of its primary name (typos, dropped and
swapped words, joined and split particles, transliteration variants, Cyrillic script, date of
birth as year only), and each alias queried against an index from which aliases were removed.
Negatives: synthetic people of many cultures and scripts (``paxscreen.synthetic.people``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import re
import string
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from paxscreen.match import PartialDate, Person
from paxscreen.names import fold, name_reference
from paxscreen.synthetic.people import generate_people
from paxscreen.watchlists import (
    DateKind,
    EntryKind,
    ListedDate,
    ListedName,
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


# --- The evaluation run ----------------------------------------------------------------
# python bench/matching_eval.py [--negatives N] [--baseline-negatives N]
#
# Prints, at the documented threshold, for ours, a plain Jaro-Winkler screen (ignoring dates)
# and rapidfuzz token_sort_ratio (ignoring dates), in the same run:
#   * recall on the treated positives (distorted_positives above; note: its transliteration
#     distortions come from the matcher's own variant table, so that share flatters us);
#   * exact-name recall: every listed primary name as written, with the listed nationality
#     and the dates real data carries (as listed, one day off, one year off, a third date
#     between two listed ones, none), also written SURNAME, GIVEN;
#   * alias recall: UN aliases against the UN list without aliases, and the real OFAC SDN
#     aliases (data/watchlists/ofac-sdn-2021: index the primary names, screen the aliases);
#   * negatives flagged of synthetic people not on any list, against both lists;
#   * persons per CPU-second (one process, CPU time) screening the negatives;
#   * the spread of our scores: share of true hits at exactly 1.0, precision per score band;
#   * the cross-script smoke pairs of data/watchlists/cross-script-pairs-watchman.csv.

_OFAC = "data/watchlists/ofac-sdn-2021"
_CROSS_SCRIPT = "data/watchlists/cross-script-pairs-watchman.csv"
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
BANDS = ((0.80, 0.85), (0.85, 0.90), (0.90, 0.95), (0.95, 1.0), (1.0, 1.01))


def _ofac_dates(remarks: str) -> tuple[ListedDate, ...]:
    """Dates of birth of the OFAC remarks: ``DOB 10 Dec 1948``, ``DOB Dec 1948``, ``DOB 1948``,
    ``DOB circa 1948``, ``DOB 1946 to 1949``."""
    dates: list[ListedDate] = []
    for written in re.findall(r"DOB ([^;.]+)", remarks):
        text = written.strip()
        span = re.fullmatch(r"(\d{4}) to (\d{4})", text)
        full = re.fullmatch(r"(\d{1,2}) ([A-Za-z]{3}) (\d{4})", text)
        month = re.fullmatch(r"([A-Za-z]{3}) (\d{4})", text)
        year = re.fullmatch(r"(?:circa )?(\d{4})", text)
        if span:
            dates.append(ListedDate(DateKind.BETWEEN, int(span[1]), to_year=int(span[2])))
        elif full and full[2].lower() in _MONTHS:
            try:
                dt.date(int(full[3]), _MONTHS[full[2].lower()], int(full[1]))
            except ValueError:
                continue
            dates.append(
                ListedDate(DateKind.EXACT, int(full[3]), _MONTHS[full[2].lower()], int(full[1]))
            )
        elif month and month[1].lower() in _MONTHS:
            dates.append(ListedDate(DateKind.EXACT, int(month[2]), _MONTHS[month[1].lower()]))
        elif year:
            kind = DateKind.APPROXIMATE if text.startswith("circa") else DateKind.EXACT
            dates.append(ListedDate(kind, int(year[1])))
    return tuple(dates)


def load_ofac(root: Path) -> tuple[Watchlist, list[Positive], list[Positive]]:
    """The OFAC SDN individuals with their primary names only, and one query per alias: with
    the entry's first date of birth, and name only."""
    import csv

    from paxscreen.watchlists import resolve_country

    entries: dict[str, WatchlistEntry] = {}
    with (root / "sdn.csv").open(encoding="latin-1", newline="") as handle:
        for row in csv.reader(handle):
            if len(row) < 12 or row[2].strip() != "individual":
                continue
            remarks = row[11].strip()
            nationalities = []
            for text in re.findall(r"nationality ([^;.]+)", remarks):
                code = resolve_country(text)
                if code:
                    nationalities.append(code)
            entries[row[0]] = WatchlistEntry(
                reference=f"SDN {row[0]}",
                kind=EntryKind.PERSON,
                names=(ListedName(row[1].strip()),),
                dates_of_birth=_ofac_dates(remarks),
                nationalities=tuple(dict.fromkeys(nationalities)),
                source="OFAC SDN 2021",
            )
    with_birth: list[Positive] = []
    name_only: list[Positive] = []
    with (root / "alt.csv").open(encoding="latin-1", newline="") as handle:
        for row in csv.reader(handle):
            entry = entries.get(row[0])
            if entry is None or len(row) < 4 or not row[3].strip() or row[3].strip() == "-0-":
                continue
            quality = "weak" if "weak" in (row[4] if len(row) > 4 else "").lower() else row[2]
            born = _listed_birth(entry)
            query_id = f"{entry.reference}/alt{row[1]}"
            name_only.append(
                Positive(
                    Person(query_id, full_name=row[3].strip()),
                    entry.reference,
                    f"alias ({quality.strip()})",
                )
            )
            with_birth.append(
                Positive(
                    Person(query_id, full_name=row[3].strip(), date_of_birth=born),
                    entry.reference,
                    f"alias ({quality.strip()})",
                )
            )
    watchlist = Watchlist("OFAC SDN 2021 (primary names)", "2021", tuple(entries.values()))
    return watchlist, with_birth, name_only


def _shifted(born: PartialDate, *, days: int = 0, years: int = 0) -> PartialDate:
    if born.month is None or born.day is None:
        return PartialDate(born.year + years, born.month)
    day = dt.date(born.year, born.month, born.day) + dt.timedelta(days=days)
    return PartialDate(day.year + years, day.month, day.day)


def exact_name_positives(watchlist: Watchlist) -> list[Positive]:
    """Every listed primary name as written, with the listed nationality and the dates real
    data carries (the issue's misses: one day off, one year off, a third date between two
    listed ones), and written SURNAME, GIVEN."""
    positives = []
    for entry in watchlist.entries:
        if entry.kind is not EntryKind.PERSON:
            continue
        nationality = entry.nationalities[0] if entry.nationalities else None
        born = _listed_birth(entry)
        dates: dict[str, PartialDate | None] = {"no date": None}
        if born is not None:
            dates["as listed"] = born
            dates["one year off"] = _shifted(born, years=1)
            if born.day is not None:
                dates["one day off"] = _shifted(born, days=1)
        exact_years = sorted({d.year for d in entry.dates_of_birth if d.kind is DateKind.EXACT})
        if len(exact_years) >= 2 and exact_years[-1] - exact_years[0] >= 2:
            dates["third date between listed"] = PartialDate(exact_years[0] + 1, 6, 15)
        words = entry.primary_name.split()
        for kind, date in dates.items():
            positives.append(
                Positive(
                    Person(
                        f"{entry.reference}/{kind}",
                        full_name=entry.primary_name,
                        date_of_birth=date,
                        nationality=nationality,
                    ),
                    entry.reference,
                    kind,
                )
            )
        if len(words) >= 2:
            surname_first = f"{words[-1]}, {' '.join(words[:-1])}"
            positives.append(
                Positive(
                    Person(
                        f"{entry.reference}/surname first",
                        full_name=surname_first,
                        date_of_birth=born,
                        nationality=nationality,
                    ),
                    entry.reference,
                    "SURNAME, GIVEN",
                )
            )
    return positives


class FlatScreen:
    """A baseline: one string scorer over every listed name (folded), dates ignored."""

    def __init__(self, watchlist: Watchlist, scorer: Callable[..., float], scale: float) -> None:
        self.scorer, self.scale = scorer, scale
        self.choices: list[str] = []
        self.owner: list[str] = []
        self.by_reference: dict[str, list[str]] = {}
        for entry in watchlist.entries:
            if entry.kind is not EntryKind.PERSON:
                continue
            for name in entry.names:
                folded = fold(name.text)
                if folded:
                    self.choices.append(folded)
                    self.owner.append(entry.reference)
                    self.by_reference.setdefault(entry.reference, []).append(folded)

    def true_score(self, person: Person, reference: str) -> float:
        query = fold(person.full_name)
        choices = self.by_reference.get(reference, [])
        return max((self.scorer(query, choice) for choice in choices), default=0.0) / self.scale

    def best(self, person: Person, threshold: float) -> tuple[float, str]:
        from rapidfuzz import process

        found = process.extractOne(
            fold(person.full_name),
            self.choices,
            scorer=self.scorer,
            processor=None,
            score_cutoff=threshold * self.scale,
        )
        return (found[1] / self.scale, self.owner[found[2]]) if found else (0.0, "")


@dataclasses.dataclass
class Tally:
    """Recall counts and the scores of the hits (true: the listed entry; false: another)."""

    found: int = 0
    total: int = 0
    true_hits: list[float] = dataclasses.field(default_factory=list)
    false_hits: list[float] = dataclasses.field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / max(1, self.total)


def ours_tally(index: Any, positives: Sequence[Positive], threshold: float) -> Tally:
    tally = Tally(total=len(positives))
    for positive in positives:
        matches = index.screen(positive.person, threshold)
        hit = False
        for match in matches:
            if match.entry_reference == positive.reference:
                tally.true_hits.append(match.score)
                hit = True
            else:
                tally.false_hits.append(match.score)
        tally.found += hit
    return tally


def flat_tally(screen: FlatScreen, positives: Sequence[Positive], threshold: float) -> Tally:
    tally = Tally(total=len(positives))
    for positive in positives:
        score = screen.true_score(positive.person, positive.reference)
        if score >= threshold:
            tally.found += 1
            tally.true_hits.append(score)
    return tally


def _negatives_flagged(
    flag: Callable[[Person], bool], people: Sequence[Person]
) -> tuple[int, float]:
    start = time.process_time()
    flagged = sum(1 for person in people if flag(person))
    return flagged, len(people) / max(1e-9, time.process_time() - start)


def _spread(label: str, true_hits: Sequence[float], false_hits: Sequence[float]) -> None:
    at_one = sum(score >= 1.0 for score in true_hits)
    print(
        f"\nscore spread, {label}: {len(true_hits):,} true hits, {len(false_hits):,} false "
        f"(another entry, or a negative); exactly 1.0: {at_one / max(1, len(true_hits)):.1%} "
        "of true hits"
    )
    print("  band        | true hits | false hits | precision | share of true hits")
    for low, high in BANDS:
        true = sum(low <= score < high for score in true_hits)
        false = sum(low <= score < high for score in false_hits)
        name = "1.0" if low >= 1.0 else f"[{low:.2f}, {high:.2f})"
        print(
            f"  {name:<11} | {true:9,} | {false:10,} | {true / max(1, true + false):9.4f} | "
            f"{true / max(1, len(true_hits)):.1%}"
        )


def cross_script(threshold: float) -> None:
    """The watchman cross-script pairs: each listed alone, the query screened against it."""
    from rapidfuzz.distance import JaroWinkler

    from paxscreen.match import MatchIndex
    from paxscreen.watchlists import ListedName

    rows = [
        line.split(",")
        for line in Path(_CROSS_SCRIPT).read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    passed = hits = 0
    failures = []
    for query, listed, minimum, _description in rows:
        entry = WatchlistEntry("X.1", EntryKind.PERSON, (ListedName(listed),))
        index = MatchIndex.build([Watchlist("pair", "1", (entry,))])
        matches = index.screen(Person("q", full_name=query), threshold=0.0)
        score = matches[0].score if matches else 0.0
        passed += score >= float(minimum)
        hits += score >= threshold
        if score < threshold:
            jw = JaroWinkler.normalized_similarity(fold(query), fold(listed))
            failures.append(f"{query} / {listed}: {score:.2f} (JW {jw:.2f})")
    print(
        f"\ncross-script pairs (watchman): {len(rows)}; ours at or above the pair's minimum "
        f"score {passed}, at or above {threshold} {hits}; below: {'; '.join(failures)}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    import argparse
    import os
    import platform
    import subprocess

    from rapidfuzz import fuzz
    from rapidfuzz.distance import JaroWinkler

    from aegis import datasets
    from paxscreen.match import THRESHOLD, MatchIndex
    from paxscreen.watchlists import load_un_xml

    parser = argparse.ArgumentParser(description="Matching evaluation at the documented threshold")
    parser.add_argument("--negatives", type=int, default=50_000)
    parser.add_argument("--baseline-negatives", type=int, default=10_000)
    parser.add_argument("--no-baselines", action="store_true", help="ours only")
    args = parser.parse_args(argv)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    print(
        f"machine {platform.node()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, load {os.getloadavg()[0]:.1f}, commit {commit}, "
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    )
    threshold = THRESHOLD
    un = load_un_xml(datasets.UN_SC_LIST)
    ofac, ofac_aliases, ofac_aliases_name_only = load_ofac(Path(_OFAC))
    index = MatchIndex.build([un])
    un_alias_index = MatchIndex.build([without_aliases(un)])
    ofac_index = MatchIndex.build([ofac])
    negatives = negative_people(args.negatives)
    negative_people_few = negatives[: args.baseline_negatives]
    sets = {
        "treated positives (UN, distorted)": (distorted_positives(un), index, un),
        "exact names (UN, near dates, SURNAME, GIVEN)": (exact_name_positives(un), index, un),
        "UN aliases, aliases removed": (alias_positives(un), un_alias_index, without_aliases(un)),
        "OFAC aliases, primary names indexed (with DOB)": (ofac_aliases, ofac_index, ofac),
        "OFAC aliases, name only": (ofac_aliases_name_only, ofac_index, ofac),
    }
    print(
        f"UN list {len(index)} persons; OFAC SDN {len(ofac_index)} individuals, "
        f"{len(ofac_aliases):,} aliases of individuals; {len(negatives):,} negatives "
        f"({len(negative_people_few):,} for the baselines)"
    )

    true_hits: list[float] = []
    false_hits: list[float] = []
    print(f"\nours (aegis, threshold {threshold}):")
    for label, (positives, used, _) in sets.items():
        tally = ours_tally(used, positives, threshold)
        true_hits += tally.true_hits
        false_hits += tally.false_hits
        at_one = sum(score >= 1.0 for score in tally.true_hits) / max(1, len(tally.true_hits))
        print(
            f"  {label}: recall {tally.recall:.4f} ({tally.found:,} of {tally.total:,}); "
            f"true hits at exactly 1.0: {at_one:.1%}"
        )
        if label.startswith("exact"):
            for kind in sorted({p.kind for p in positives}):
                subset = [p for p in positives if p.kind == kind]
                print(
                    f"    {kind}: {ours_tally(used, subset, threshold).recall:.4f} ({len(subset)})"
                )
    for name, used in (("UN", index), ("OFAC", ofac_index)):
        for person in negative_people(5_000, seed=1):  # warm the caches as a worker's are
            used.screen(person)
        flagged_scores: list[float] = []

        def flag(person: Person, used: Any = used, scores: list[float] = flagged_scores) -> bool:
            matches = used.screen(person, threshold)
            scores.extend(match.score for match in matches)
            return bool(matches)

        flagged, rate = _negatives_flagged(flag, negatives)
        false_hits += flagged_scores
        print(
            f"  negatives flagged vs {name}: {flagged} of {len(negatives):,} = "
            f"{flagged / len(negatives):.4%}; {rate:,.0f} persons per CPU-second"
        )
    _spread(f"ours at {threshold} (all positive sets and the negatives)", true_hits, false_hits)

    baselines = {
        "Jaro-Winkler": (JaroWinkler.normalized_similarity, 1.0, (threshold, 0.95)),
        "rapidfuzz token_sort_ratio": (fuzz.token_sort_ratio, 100.0, (threshold, 0.95)),
    }
    for name, (scorer, scale, cuts) in {} if args.no_baselines else baselines.items():
        screens = {id(wl): FlatScreen(wl, scorer, scale) for _, (_, _, wl) in sets.items()}
        for cut in cuts:
            print(f"\n{name} >= {cut} (dates ignored):")
            base_true: list[float] = []
            for label, (positives, _, wl) in sets.items():
                tally = flat_tally(screens[id(wl)], positives, cut)
                base_true += tally.true_hits
                print(f"  {label}: recall {tally.recall:.4f}")
            for wl_name, wl in (("UN", un), ("OFAC", ofac)):
                screen = FlatScreen(wl, scorer, scale)
                flagged, rate = _negatives_flagged(
                    lambda person, s=screen, c=cut: s.best(person, c)[0] >= c, negative_people_few
                )
                print(
                    f"  negatives flagged vs {wl_name}: {flagged} of {len(negative_people_few):,}"
                    f" = {flagged / len(negative_people_few):.4%}; {rate:,.0f} persons per "
                    "CPU-second"
                )
            at_one = sum(score >= 1.0 for score in base_true) / max(1, len(base_true))
            print(f"  true hits at exactly 1.0: {at_one:.1%}")
    cross_script(threshold)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
