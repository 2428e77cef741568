"""Name-matching benchmark: the index beside its anchors, one table per size.

    python -m benchmarks.matching [--sizes 100000] [--queries 400] [--slow-queries 40]

For each size N it indexes N synthetic titles and 3N synthetic people, plus the bundled
catalogue, and prints one row for dramabot's index and one for each anchor (`anchors`:
rapidfuzz brute force, SQLite FTS5 trigram, a marisa-trie prefix lookup, symspell +
marisa-trie), each with its build time, memory (Python's, traced, plus what it holds outside:
tries, SQLite pages), keystroke latency (each query's best of 3 passes; autocomplete asks for
25) and its agreement with the exhaustive ranking on the keystroke queries: an anchor's 25
candidates are ranked by the index's own scoring (`ranked_among`), and compared
(`agrees`: the answer, if either ranking has one, and every result scoring 78 or more, ties
aside) with scoring every alias (`search_exhaustive`); the index's agreement on the first
result even when it is only a suggestion is printed too. Then the labelled set's agreement
and top-1 / top-5, and the longest full garbage collection in a process holding both indexes,
before and after `gc.freeze` (`benchmarks.gc_pause`).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import random
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import marisa_trie

from benchmarks.anchors import ANCHORS
from benchmarks.synthetic import catalogue, people
from dramabot.domain.matching import NameIndex, agrees
from dramabot.domain.matching.reference import ranked_among
from dramabot.service import DramaService

LABELLED = Path(__file__).resolve().parent.parent / "tests" / "domain" / "name_queries.tsv"
OFFSET = 10_000_000  # synthetic ids start here, clear of the bundled catalogue's
ASKED = 25  # what autocomplete asks for
COMPARED = 5  # the ranking compared with the exhaustive one


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1e3


def timed(run: Callable[[str], object], queries: list[str], passes: int = 3) -> list[float]:
    """Each query's time, the best of `passes` passes over all of them (a busy shared machine
    slows single queries at random; between passes every other query runs, so the caches are
    not kept warm for it)."""
    best = [float("inf")] * len(queries)
    for _ in range(passes):
        for number, query in enumerate(queries):
            start = time.perf_counter()
            run(query)
            best[number] = min(best[number], time.perf_counter() - start)
    return best


def typed(names: list[str], count: int, seed: int) -> list[str]:
    """Queries as fans type them: prefixes (autocomplete keystrokes), half with a typo."""
    rng = random.Random(seed)
    queries = []
    for name in rng.sample(names, min(count, len(names))):
        query = name[: rng.randint(min(3, len(name)), len(name))]
        if rng.random() < 0.5 and len(query) > 4:
            at = rng.randrange(len(query))
            query = query[:at] + query[at + 1 :]
        queries.append(query)
    return queries


async def bundled_rows() -> tuple[list, list]:
    with tempfile.TemporaryDirectory() as folder:
        service = await DramaService.open(Path(folder) / "bench.sqlite3")
        rows = await service.store.title_names(), await service.store.person_names()
        await service.close()
    return rows


def trie_bytes(value: object, seen: set[int] | None = None) -> int:
    """The bytes of the marisa tries inside an index (C++ memory, which tracemalloc misses)."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return 0
    seen.add(id(value))
    if isinstance(value, marisa_trie.Trie):
        return len(value.tobytes())
    if type(value).__module__.startswith("dramabot"):
        return sum(trie_bytes(inner, seen) for inner in vars(value).values())
    return 0


def built(make: Callable[[], object]) -> tuple[object, float, int]:
    """Something built, its build time, and what a second, traced build allocates (tracing
    slows building several times)."""
    start = time.perf_counter()
    made = make()
    took = time.perf_counter() - start
    tracemalloc.start()
    traced = make()
    memory = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del traced
    return made, took, memory


def row(label: str, build: float, memory: float, raw: int, times: list[float], share: float):
    return (
        f"  {label:<30} {build:7.2f} s {memory / 1e6:7.1f} MB {memory / raw:6.1f}x "
        f"{percentile(times, 0.5):8.3f} {percentile(times, 0.99):8.3f} ms {share:7.1%}"
    )


def bench_kind(kind: str, rows: list, labelled: list[dict[str, str]], args, seed: int) -> None:
    raw = sum(
        len(name.encode()) for _, canonical, aliases in rows for name in (canonical, *aliases)
    )
    queries = typed([name for _, name, _ in rows], args.queries, seed)
    print(
        f"\n{kind}s: {len(rows):,} entities, {raw / 1e6:.1f} MB of name bytes, "
        f"{len(queries)} keystroke queries",
        flush=True,
    )
    index, build, memory = built(lambda: NameIndex.build(kind, rows))  # type: ignore[arg-type]
    memory += trie_bytes(index)
    assert isinstance(index, NameIndex)
    reference = {q: index.search_exhaustive(q, COMPARED) for q in queries}
    print(
        f"  {'':<30} {'build':>9} {'memory':>10} {'/bytes':>7} {'p50':>8} {'p99':>8}    "
        f"{'agrees':>7}"
    )
    times = timed(lambda q: index.search(q, ASKED), queries)
    ours = {q: index.search(q, COMPARED) for q in queries}
    share = sum(agrees(ours[q], reference[q]) for q in queries) / len(queries)
    print(row("dramabot index", build, memory, raw, times, share), flush=True)
    first = sum(agrees(ours[q], reference[q], "first") for q in queries) / len(queries)
    empty = [q for q in queries if not index.search(q, ASKED) and reference[q]]
    for anchor in ANCHORS:
        made, build, memory = built(lambda anchor=anchor: anchor(kind, rows))
        memory += made.outside_bytes()  # type: ignore[attr-defined]
        few = queries if anchor.__name__ != "BruteForce" else queries[: args.slow_queries]
        passes = 3 if anchor.__name__ != "BruteForce" else 1
        times = timed(lambda q, made=made: made.candidates(q, ASKED), few, passes)  # type: ignore[attr-defined]
        share = sum(
            agrees(ranked_among(index, q, made.candidates(q, ASKED), COMPARED), reference[q])  # type: ignore[attr-defined]
            for q in few
        ) / len(few)
        note = f" ({len(few)} queries, {passes} pass)" if few is not queries else ""
        print(row(anchor.label, build, memory, raw, times, share) + note, flush=True)
        del made
    print(
        f"  keystroke queries the index leaves empty though the exhaustive ranking has a hit: "
        f"{len(empty)} {empty[:8]}; it agrees on the first result (an answer or only a "
        f"suggestion) and the trusted ones on {first:.1%}"
    )
    labelled_agreement(index, labelled)


def labelled_agreement(index: NameIndex, rows: list[dict[str, str]]) -> None:
    """The labelled queries: agreement with the exhaustive ranking (on the answer and trusted
    results, and on the whole top 5) and the top-1 / top-5 accuracy."""
    trusted = whole = top1 = top5 = 0
    for row in rows:
        ours = index.search(row["query"], COMPARED)
        reference = index.search_exhaustive(row["query"], COMPARED)
        trusted += agrees(ours, reference)
        whole += agrees(ours, reference, compared="all")
        names = [m.name for m in ours]
        top1 += names[:1] == [row["expected"]]
        top5 += row["expected"] in names
    count = len(rows)
    print(
        f"  labelled ({count}): agrees with exhaustive on the answer and trusted results "
        f"{trusted / count:.1%}, on the whole top 5 {whole / count:.1%}; "
        f"top-1 {top1 / count:.1%}, top-5 {top5 / count:.1%}",
        flush=True,
    )


def run(size: int, args, titles_bundled: list, people_bundled: list) -> None:
    with LABELLED.open(encoding="utf-8", newline="") as handle:
        labelled = list(csv.DictReader(handle, delimiter="\t"))
    synthetic_titles = [(OFFSET + i, t, a) for i, t, a in catalogue(size)]
    synthetic_people = [(OFFSET + i, n, a) for i, n, a in people(size * 3)]
    for kind, rows in (
        ("title", [*titles_bundled, *synthetic_titles]),
        ("person", [*people_bundled, *synthetic_people]),
    ):
        mine = [r for r in labelled if r["kind"] == kind]
        bench_kind(kind, rows, mine, args, seed=size)
    subprocess.run([sys.executable, "-m", "benchmarks.gc_pause", "--size", str(size)], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--slow-queries", type=int, default=40, help="for brute force")
    args = parser.parse_args()
    titles_bundled, people_bundled = asyncio.run(bundled_rows())
    for size in args.sizes:
        print(f"\n===== {size:,} synthetic titles, {size * 3:,} synthetic people =====")
        run(size, args, titles_bundled, people_bundled)


if __name__ == "__main__":
    main()
