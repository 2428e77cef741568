"""The longest full garbage collection in a process holding both name indexes, as the running
bot holds them: before and after `gc.freeze` (which the bot calls once they are loaded,
`NameIndexes.freeze_when_loaded`).

    python -m benchmarks.gc_pause [--size 100000] [--runs 5]

The indexes are N synthetic titles and 3N synthetic people; the rows they were built from are
dropped first, as the bot drops the rows it read from the store.
"""

from __future__ import annotations

import argparse
import gc
import time

from benchmarks.synthetic import catalogue, people
from dramabot.domain.matching import NameIndex


def longest_collection(runs: int) -> float:
    """The longest of `runs` full collections, in ms."""
    longest = 0.0
    for _ in range(runs):
        start = time.perf_counter()
        gc.collect()
        longest = max(longest, time.perf_counter() - start)
    return longest * 1e3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    titles = NameIndex.build("title", catalogue(args.size))
    persons = NameIndex.build("person", people(args.size * 3))
    before = longest_collection(args.runs)
    gc.freeze()
    after = longest_collection(args.runs)
    print(
        f"\nlongest full gc.collect() of {args.runs} with {len(titles):,} titles and "
        f"{len(persons):,} people indexed: {before:.1f} ms, after gc.freeze {after:.1f} ms"
    )


if __name__ == "__main__":
    main()
