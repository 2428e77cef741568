"""Whole-answer benchmark: importing generated posts, then `/review` and `/recommend actor:`
answered end to end (name lookup + store + embeds) over a large store.

    python -m benchmarks.answers [--titles 100000] [--reviews 10000] [--db PATH]

The store is built once into `--db` (default: a temporary file) from the synthetic catalogue:
N titles, each with two leads and two supporting actors drawn from 3N synthetic people; then
`--reviews` generated posts in the blog's format are imported through the real importer.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from pathlib import Path

from benchmarks.synthetic import catalogue, person_names
from dramabot.domain.catalogue import CastEntry, DramaEntry
from dramabot.domain.recommend import RecommendQuery
from dramabot.importers import SourceFile
from dramabot.service import DramaService
from dramabot.ui import embeds


def entries(titles: int) -> list[DramaEntry]:
    rng = random.Random(3)
    people = person_names(titles * 3)
    found = []
    for _, title, aliases in catalogue(titles):
        cast = tuple(
            CastEntry(rng.choice(people), f"Role {n}", "lead" if n < 2 else "support")
            for n in range(4)
        )
        found.append(
            DramaEntry(
                title, rng.randint(2000, 2025), tuple(aliases),
                episodes=rng.choice((4, 8, 12, 16, 20, 50)),
                episode_minutes=rng.choice((30, 45, 60, 70)),
                genres=tuple(rng.sample(("Romance", "Comedy", "Thriller", "Family"), 2)),
                cast=cast,
            )
        )  # fmt: skip
    return found


def post(entry: DramaEntry, rng: random.Random) -> str:
    oppa, noona = round(rng.uniform(3, 5), 1), round(rng.uniform(3, 5), 1)
    lead, second = entry.cast[0], entry.cast[1]
    return (
        f"1 March 2024\n\nK Drama Review: {entry.title} ({entry.year}) {oppa} || {noona}\n\n"
        f"We watched {entry.title} over a long weekend and loved most of it.\n\n"
        f"{lead.name} as {lead.role}\n\nA wonderful lead performance.\n\n"
        f"{second.name} as {second.role}\n\nJust as good.\n\nOther Characters\n\n"
        f"There's {entry.cast[2].name} (Reply 1988 and Goblin) as the best friend.\n\n"
        f"It has {entry.episodes} episodes of about {entry.episode_minutes} minutes each.\n\n"
        f"Oppa says...{oppa}.\n\nNoona says...{noona}.\n"
    )


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p50 = ordered[len(ordered) // 2] * 1e3
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1e3
    return f"p50 {p50:6.2f} ms  p99 {p99:6.2f} ms"


async def run(titles: int, reviews: int, db: Path) -> None:
    fresh = not db.exists()
    start = time.perf_counter()
    service = await DramaService.open(db, seed=False)
    print(f"open (index build included): {time.perf_counter() - start:.2f} s", flush=True)
    try:
        await measure(service, titles, reviews, fresh)
    finally:
        await service.close()


async def measure(service: DramaService, titles: int, reviews: int, fresh: bool) -> None:
    catalogue_entries = entries(titles)
    rng = random.Random(5)
    reviewed = rng.sample(catalogue_entries, reviews)
    if fresh:
        start = time.perf_counter()
        await service.store.merge_catalogue(catalogue_entries)
        await service.reload_names()
        print(
            f"catalogue of {titles:,} titles merged: {time.perf_counter() - start:.1f} s",
            flush=True,
        )
        sources = [
            SourceFile(f"post-{n}.txt", post(entry, rng).encode())
            for n, entry in enumerate(reviewed)
        ]
        start = time.perf_counter()
        report = await service.import_sources(sources)
        took = time.perf_counter() - start
        print(f"{reviews:,} generated posts imported in {took:.1f} s ({report.summary()})")
    samples_review, samples_actor = [], []
    for entry in rng.sample(reviewed, min(300, len(reviewed))):
        query = entry.title.lower()
        start = time.perf_counter()
        answer = await service.review_of((await service.find_dramas(query))[0])
        embeds.review_pages(answer)
        samples_review.append(time.perf_counter() - start)
        start = time.perf_counter()
        query_actor = RecommendQuery(actor=await service.find_person(entry.cast[0].name))
        embeds.recommendation_pages(query_actor, await service.recommend(query_actor))
        samples_actor.append(time.perf_counter() - start)
    print(f"/review (typo'd title)   {percentiles(samples_review)}")
    print(f"/recommend actor:        {percentiles(samples_actor)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--titles", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=10_000)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(run(args.titles, args.reviews, args.db or Path(folder) / "answers.sqlite3"))


if __name__ == "__main__":
    main()
