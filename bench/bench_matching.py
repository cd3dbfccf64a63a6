"""Throughput and accuracy of watchlist matching, against a plain rapidfuzz baseline.

    .venv/bin/python bench/bench_matching.py [--quick]

Prints: screening throughput against the UN list and a synthetic national list (100k entries
with --quick, 1,000,000 without), index build time and memory; recall on distorted names,
recall of alias spellings with the aliases removed from the index, false-positive rate on
synthetic people who are not listed; all side by side with the baseline (rapidfuzz
token_set_ratio on folded names) and a precision/recall table over thresholds.
Throughput is the best of several runs, each on fresh travellers, in CPU-seconds of this
single-threaded process (the machine is shared and noisy; wall time is printed beside it).
"""

from __future__ import annotations

import argparse
import gc
import os
import pickle
import platform
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

from rapidfuzz import fuzz, process

from aegis import datasets

sys.path.insert(0, str(Path(__file__).resolve().parent))

from host import cpu_model
from matching_eval import (
    Positive,
    alias_positives,
    distorted_positives,
    negative_people,
    synthetic_watchlist,
    without_aliases,
)
from paxscreen.match import THRESHOLD, MatchIndex, Person
from paxscreen.match.features import compare_tokens, name_score
from paxscreen.names import fold, normalise_name
from paxscreen.watchlists import EntryKind, Watchlist, load_un_xml

UN_LIST = datasets.UN_SC_LIST
THRESHOLDS = (0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
BASELINE_THRESHOLDS = (0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0)
FLOOR = 0.5  # scores are collected down to this threshold for the curves


def rss_mib() -> float:
    with Path("/proc/self/statm").open() as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def best_of(
    runs: int, index: MatchIndex, populations: Sequence[Sequence[Person]]
) -> tuple[float, float, int]:
    """Screen a fresh population per run; best CPU time, its wall time, and the hits.

    CPU time of this single-threaded process is what one core delivers; wall time on the
    shared machine also counts the time other engineers' jobs took the core. The cache of
    name-pair scores is emptied before each run, so repeated synthetic names do not flatter
    the figure (the caches of word pairs and normalised names stay warm, as in a worker).
    """
    best_cpu = best_wall = float("inf")
    hits = 0
    for run in range(runs):
        people = populations[run % len(populations)]
        name_score.cache_clear()
        gc.collect()
        cpu, wall = time.process_time(), time.perf_counter()
        hits = screen_all(index, people)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        if cpu < best_cpu:
            best_cpu, best_wall = cpu, wall
    return best_cpu, best_wall, hits


def screen_all(index: MatchIndex, people: Sequence[Person]) -> int:
    return sum(1 for person in people if index.screen(person))


class Baseline:
    """rapidfuzz token_set_ratio of folded names, best over every listed name (no blocking)."""

    def __init__(self, watchlist: Watchlist) -> None:
        self.choices: list[str] = []
        self.owner: list[str] = []
        self.by_reference: dict[str, list[str]] = defaultdict(list)
        for entry in watchlist.entries:
            if entry.kind is not EntryKind.PERSON:
                continue
            for name in entry.names:
                folded = fold(name.text)
                if folded:
                    self.choices.append(folded)
                    self.owner.append(entry.reference)
                    self.by_reference[entry.reference].append(folded)

    def true_score(self, person: Person, reference: str) -> float:
        query = fold(person.full_name)
        return (
            max(
                (fuzz.token_set_ratio(query, choice) for choice in self.by_reference[reference]),
                default=0.0,
            )
            / 100
        )

    def best_score(self, person: Person) -> float:
        found = process.extractOne(
            fold(person.full_name), self.choices, scorer=fuzz.token_set_ratio
        )
        return found[1] / 100 if found else 0.0


def ours_true_scores(index: MatchIndex, positives: Sequence[Positive]) -> list[float]:
    scores = []
    for positive in positives:
        matches = index.screen(positive.person, threshold=FLOOR)
        scores.append(
            max((m.score for m in matches if m.entry_reference == positive.reference), default=0.0)
        )
    return scores


def ours_best_scores(index: MatchIndex, people: Sequence[Person]) -> list[float]:
    scores = []
    for person in people:
        matches = index.screen(person, threshold=FLOOR)
        scores.append(matches[0].score if matches else 0.0)
    return scores


def shares_a_word(positive: Positive, watchlist: Watchlist) -> bool:
    """Whether an alias has a word agreeing with a word of the entry's remaining names."""
    entry = next(e for e in watchlist.entries if e.reference == positive.reference)
    query = normalise_name(positive.person.full_name)
    return any(
        compare_tokens(mine, theirs)[0] >= 0.7
        for name in entry.names
        if name.kind.value in {"primary", "original_script"}
        for theirs in normalise_name(name.text)
        for mine in query
    )


def recall(scores: Sequence[float], threshold: float) -> float:
    return sum(score >= threshold for score in scores) / max(1, len(scores))


def pr_table(
    label: str,
    thresholds: Sequence[float],
    distorted: Sequence[float],
    aliases: Sequence[float],
    negatives: Sequence[float],
) -> None:
    print(
        f"\n{label}: threshold | recall distorted | recall aliases (removed) | "
        "FP rate per person | precision (distorted vs negatives)"
    )
    for threshold in thresholds:
        tp = sum(score >= threshold for score in distorted)
        fp_count = sum(score >= threshold for score in negatives)
        fp_rate = fp_count / max(1, len(negatives))
        precision = tp / max(1, tp + fp_count)
        print(
            f"  {threshold:4.2f} | {recall(distorted, threshold):.4f} | "
            f"{recall(aliases, threshold):.4f} | {fp_rate:.5%} ({fp_count}) | {precision:.4f}"
        )


def recall_at_fp(positives: Sequence[float], negatives: Sequence[float], max_fp: float) -> float:
    """Best recall at any threshold whose false-positive rate is at most ``max_fp``."""
    best = 0.0
    for threshold in sorted(set(positives) | set(negatives) | {1.01}):
        fp = sum(score >= threshold for score in negatives) / max(1, len(negatives))
        if fp <= max_fp:
            best = max(best, recall(positives, threshold))
    return best


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller populations (~2 minutes)")
    args = parser.parse_args(argv)
    quick = args.quick
    negatives_count = 50_000
    national_size = 100_000 if quick else 1_000_000
    baseline_negatives = 3_000 if quick else 50_000
    runs = 2 if quick else 3

    cpu = cpu_model()
    print(
        f"machine: {platform.node()}, {os.cpu_count()} cores, {cpu}; "
        f"Python {platform.python_version()}"
    )
    print(f"mode: {'quick' if quick else 'full'}; timings: best of {runs} runs, one core")

    un = load_un_xml(UN_LIST)
    start = time.perf_counter()
    index = MatchIndex.build([un])
    build_un = time.perf_counter() - start
    print(
        f"\nUN list: {un.counts()['persons']} persons indexed in {build_un:.2f} s, "
        f"{len(index.postings):,} blocking keys, pickled {len(pickle.dumps(index)) / 2**20:.1f} MiB"
    )

    negatives = negative_people(negatives_count)
    screen_all(index, negative_people(10_000, seed=1))  # a worker's caches are warm
    timed = [negative_people(negatives_count, seed=1000 + run) for run in range(runs)]
    cpu, wall, flagged = best_of(runs, index, timed)
    print(
        f"throughput vs UN list: {negatives_count / cpu:,.0f} persons per CPU-second "
        f"(wall {negatives_count / wall:,.0f}/s; {negatives_count:,} fresh synthetic travellers "
        f"per run, {flagged} flagged)"
    )
    del timed

    # Accuracy ------------------------------------------------------------------------
    distorted = distorted_positives(un)
    alias_queries = alias_positives(un)
    alias_index = MatchIndex.build([without_aliases(un)])
    ours_distorted = ours_true_scores(index, distorted)
    ours_aliases = ours_true_scores(alias_index, alias_queries)
    ours_negatives = ours_best_scores(index, negatives)
    alias_name_only = ours_true_scores(alias_index, alias_positives(un, with_birth=False))

    baseline = Baseline(un)
    baseline_alias = Baseline(without_aliases(un))
    base_distorted = [baseline.true_score(p.person, p.reference) for p in distorted]
    base_aliases = [baseline_alias.true_score(p.person, p.reference) for p in alias_queries]
    start = time.perf_counter()
    base_negatives = [baseline.best_score(person) for person in negatives[:baseline_negatives]]
    base_elapsed = time.perf_counter() - start

    print(
        f"\nevaluation set: {len(distorted):,} distorted-name queries of "
        f"{un.counts()['persons']} listed persons; {len(alias_queries):,} alias queries "
        f"against the list without aliases; {len(negatives):,} negative people "
        f"({baseline_negatives:,} for the baseline)"
    )
    print(
        f"baseline throughput (no blocking, extractOne over {len(baseline.choices):,} names): "
        f"{baseline_negatives / base_elapsed:,.0f} persons/s"
    )

    t = THRESHOLD
    fp_count = sum(score >= t for score in ours_negatives)
    print(f"\nours at the documented threshold {t}:")
    print(f"  recall on distorted names: {recall(ours_distorted, t):.4f}")
    by_kind: dict[str, list[float]] = defaultdict(list)
    for positive, score in zip(distorted, ours_distorted, strict=True):
        by_kind[positive.kind].append(score)
    for kind, scores in sorted(by_kind.items()):
        print(f"    {kind:24s} {recall(scores, t):.4f} of {len(scores)}")
    print(
        f"  alias recall, aliases removed from the index: {recall(ours_aliases, t):.4f}"
        f" (name only, no date of birth: {recall(alias_name_only, t):.4f})"
    )
    by_quality: dict[str, list[float]] = defaultdict(list)
    for positive, score in zip(alias_queries, ours_aliases, strict=True):
        by_quality[positive.kind].append(score)
    for kind, scores in sorted(by_quality.items()):
        print(f"    {kind:24s} {recall(scores, t):.4f} of {len(scores)}")
    related = [
        score
        for positive, score in zip(alias_queries, ours_aliases, strict=True)
        if shares_a_word(positive, un)
    ]
    print(
        f"    sharing a word with a remaining name: {len(related)} of {len(alias_queries)} "
        f"aliases (the others are unrelated noms de guerre); recall on them "
        f"{recall(related, t):.4f}"
    )
    print(
        f"  false positives: {fp_count} of {len(negatives):,} people "
        f"= {fp_count / len(negatives):.4%} per person"
    )

    pr_table("ours", THRESHOLDS, ours_distorted, ours_aliases, ours_negatives)
    pr_table("baseline", BASELINE_THRESHOLDS, base_distorted, base_aliases, base_negatives)

    print("\nrecall at equal false-positive budgets (best threshold of each method):")
    for budget in (0.0001, 0.001, 0.01):
        print(
            f"  FP ≤ {budget:.2%}: distorted ours "
            f"{recall_at_fp(ours_distorted, ours_negatives, budget):.4f}"
            f" vs baseline {recall_at_fp(base_distorted, base_negatives, budget):.4f};"
            f" aliases ours {recall_at_fp(ours_aliases, ours_negatives, budget):.4f}"
            f" vs baseline {recall_at_fp(base_aliases, base_negatives, budget):.4f}"
        )

    # Synthetic national list -------------------------------------------------------------
    del alias_index
    gc.collect()
    before = rss_mib()
    national = synthetic_watchlist(national_size)
    after_list = rss_mib()
    start = time.perf_counter()
    national_index = MatchIndex.build([national])
    build_national = time.perf_counter() - start
    after_index = rss_mib()
    print(
        f"\nsynthetic national list: {national_size:,} entries; list objects "
        f"{after_list - before:,.0f} MiB RSS, index built in {build_national:.1f} s, "
        f"+{after_index - after_list:,.0f} MiB RSS for the index "
        f"(process RSS {after_index:,.0f} MiB)"
    )
    travellers = [negative_people(20_000, seed=2000 + run) for run in range(runs)]
    screen_all(national_index, negative_people(5_000, seed=2))
    cpu, wall, flagged = best_of(runs, national_index, travellers)
    print(
        f"throughput vs {national_size:,}-entry list: {20_000 / cpu:,.0f} persons per "
        f"CPU-second (wall {20_000 / wall:,.0f}/s); {flagged} of 20,000 flagged (list and "
        "travellers come from the same synthetic name pools: namesakes born the same day occur)"
    )
    kinds = Counter(
        len(national_index.candidates(national_index.prepare(p))) for p in travellers[0][:2000]
    )
    mean = sum(k * v for k, v in kinds.items()) / 2000
    print(f"  mean candidates scored per traveller: {mean:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
