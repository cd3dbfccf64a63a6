"""What screening every kind of listed entry costs: ``ListsIndex`` (persons + lost or stolen
documents + entities) against the plain ``MatchIndex`` of the persons, on the UN list, in the
same process and alternating rounds. Prints persons per CPU-second and the ratio.

    .venv/bin/python bench/bench_lists_index.py [--people 20000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import random
import time

from aegis import datasets
from paxscreen.match import MatchIndex, PartialDate, Person
from paxscreen.match.lists import ListsIndex
from paxscreen.synthetic.people import generate_people
from paxscreen.watchlists import Document, load_watchlist


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    listed = load_watchlist(datasets.UN_SC_LIST)
    rng = random.Random(1)
    people = []
    for synthetic in generate_people(args.people, seed=3):
        born = synthetic.date_of_birth
        documents = tuple(
            Document("P", f"{rng.choice('ABCX')}{rng.randrange(10**6, 10**7)}", "FRA")
            for _ in range(rng.choice((1, 1, 2)))  # a third of them carry two documents
        )
        people.append(
            Person(
                query_id=synthetic.person_id,
                given_name=" ".join(synthetic.given_names),
                surname=synthetic.surname,
                gender=synthetic.gender,
                date_of_birth=PartialDate(born.year, born.month, born.day),
                nationality=synthetic.nationality,
                documents=documents,
            )
        )
    indexes = {"MatchIndex": MatchIndex.build([listed]), "ListsIndex": ListsIndex.build([listed])}
    for index in indexes.values():  # warm the per-process caches
        for person in people[:2000]:
            index.screen(person)
    best = dict.fromkeys(indexes, 0.0)
    for _ in range(args.rounds):
        for name, index in indexes.items():
            started = time.process_time()
            for person in people:
                index.screen(person)
            best[name] = max(best[name], len(people) / (time.process_time() - started))
    for name, rate in best.items():
        print(f"{name}: {rate:,.0f} persons per CPU-second (best of {args.rounds})")
    print(f"ratio ListsIndex / MatchIndex: {best['ListsIndex'] / best['MatchIndex']:.2f}")


if __name__ == "__main__":
    main()
