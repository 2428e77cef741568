"""SQLite beside PostgreSQL: the same store on both, the same commands, in one run.

    python -m benchmarks.backends [--titles 100000] [--reviews 10000] [--members 10000]
                                  [--postgres postgresql://user@host:port/db]

The store is built on SQLite (the synthetic catalogue of `benchmarks.answers`, its generated
posts imported, then members with marks, ratings and favourites loaded as `benchmarks.members`
does), then moved into a new PostgreSQL database by `dramabot copy`'s code. Without
`--postgres` (a superuser's URL, on which a `dramabot_bench` database is made afresh), a
throwaway cluster is started on 127.0.0.1 and stopped afterwards; it flushes its log to disk as
a production server does, with `synchronous_commit = off` (SQLite's `synchronous = NORMAL`: a
commit survives the process, not a power cut). Each figure is p50 / p99 over
`--queries` calls through the service, best of 3 passes. Goal: PostgreSQL's p99 within 2x of
SQLite's.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import asyncpg

from benchmarks.answers import entries, post
from benchmarks.members import GUILDS, load, timed
from dramabot.domain.members import Member
from dramabot.domain.recommend import RecommendQuery
from dramabot.importers import SourceFile
from dramabot.service import DramaService, copy_database
from dramabot.ui import embeds

Commands = dict[str, Callable[[], Awaitable[object]]]


async def build(path: Path, titles: int, reviews: int) -> list[str]:
    """The SQLite store with the catalogue and the generated reviews; the reviewed titles."""
    service = await DramaService.open(path, seed=False)
    try:
        catalogue = entries(titles)
        rng = random.Random(5)
        reviewed = rng.sample(catalogue, reviews)
        start = time.perf_counter()
        await service.store.merge_catalogue(catalogue)
        sources = [
            SourceFile(f"post-{n}.txt", post(e, rng).encode()) for n, e in enumerate(reviewed)
        ]
        await service.import_sources(sources)
        print(f"built on SQLite: {titles:,} titles, {reviews:,} reviews in "
              f"{time.perf_counter() - start:.0f} s", flush=True)  # fmt: skip
        return [e.title for e in reviewed]
    finally:
        await service.close()


def commands(service: DramaService, titles: list[str], members: int) -> Commands:
    """The commands measured, each drawing its title and member from its own seeded sequence,
    so both backends answer the same calls."""
    rng = random.Random(11)

    def someone() -> Member:
        user = rng.randint(1, members)
        return Member(user, user % GUILDS)

    async def review() -> object:
        drama = (await service.find_dramas(rng.choice(titles).lower()))[0]
        return embeds.review_pages(await service.review_of(drama))

    async def review_with_members() -> object:
        drama = (await service.find_dramas(rng.choice(titles).lower()))[0]
        return embeds.review_pages(await service.review_of(drama, someone()))

    async def recommend_actor() -> object:
        drama = (await service.find_dramas(rng.choice(titles).lower()))[0]
        lead = next(c for c in await service.store.cast_of(drama.id) if c.billing == "lead")
        query = RecommendQuery(actor=await service.find_person(lead.person.name))
        return embeds.recommendation_pages(query, await service.recommend(query))

    async def watchlist() -> object:
        return await service.members.watchlist(someone())

    async def for_you() -> object:
        member = someone()
        return await service.recommend(await service.recommend_query(member=member), member)

    async def want() -> object:  # a write: on the watchlist, or off it again
        member, title = someone(), rng.choice(titles).lower()
        return await service.members.mark(member, title, rng.choice(("want", None)))

    async def rate() -> object:  # a write: a rating replaced, the drama marked seen
        member, title = someone(), rng.choice(titles).lower()
        return await service.members.rate_title(member, title, rng.randint(0, 10) / 2)

    async def taste() -> object:
        member = someone()
        return await service.members.taste(member, member.user_id + GUILDS, "another")

    return {
        "/review": review,
        "/review with the members' line": review_with_members,
        "/recommend actor:": recommend_actor,
        "/watchlist": watchlist,
        "/recommend for you": for_you,
        "/want (a write)": want,
        "/rate (a write)": rate,
        "/taste with another member": taste,
    }


async def measure(target: str, titles: list[str], members: int, queries: int) -> dict:
    service = await DramaService.open(target, seed=False)
    try:
        measured = {}
        for name, call in commands(service, titles, members).items():
            measured[name] = await timed(call, queries)
        return measured
    finally:
        await service.close()


async def fresh_database(admin_url: str) -> str:
    admin = await asyncpg.connect(admin_url)
    try:
        await admin.execute("DROP DATABASE IF EXISTS dramabot_bench WITH (FORCE)")
        await admin.execute(
            "CREATE DATABASE dramabot_bench TEMPLATE template0 ENCODING 'UTF8' "
            "LC_COLLATE 'C' LC_CTYPE 'C'"
        )
    finally:
        await admin.close()
    return admin_url.rsplit("/", 1)[0] + "/dramabot_bench"


async def analyze(url: str) -> None:
    db = await asyncpg.connect(url)
    try:
        await db.execute("ANALYZE")
    finally:
        await db.close()


def run(args: argparse.Namespace, folder: Path, admin_url: str) -> None:
    path = folder / "bench.sqlite3"
    titles = asyncio.run(build(path, args.titles, args.reviews))
    marks = ratings = args.members * 20
    load(path, args.members, marks, ratings)
    print(f"{args.members:,} members, {marks:,} marks and {ratings:,} ratings loaded", flush=True)
    url = asyncio.run(fresh_database(admin_url))
    start = time.perf_counter()
    copied = asyncio.run(copy_database(path, url))
    asyncio.run(analyze(url))
    rows = sum(copied.values())
    print(f"copied into PostgreSQL: {rows:,} rows in {time.perf_counter() - start:.0f} s")
    results = {
        backend: asyncio.run(measure(target, titles, args.members, args.queries))
        for backend, target in (("SQLite", str(path)), ("PostgreSQL", url))
    }
    print(f"\n{'command':34} {'SQLite p50/p99 ms':>19} {'PostgreSQL p50/p99 ms':>23} {'p99 x':>6}")
    for name in results["SQLite"]:
        lite, pg = results["SQLite"][name], results["PostgreSQL"][name]
        print(f"{name:34} {lite[0]:9.2f} {lite[1]:8.2f} {pg[0]:11.2f} {pg[1]:10.2f} "
              f"{pg[1] / lite[1]:6.2f}")  # fmt: skip
    print("goal: PostgreSQL's p99 at most 2x SQLite's")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--titles", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=10_000)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument(
        "--postgres", metavar="URL", help="a superuser's URL (default: a new cluster)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if args.postgres:
            run(args, Path(folder), args.postgres)
            return
        from tests.support import postgres  # the tests' throwaway cluster

        cluster = Path(tempfile.mkdtemp(prefix="dramabot-bench-postgres-"))
        try:
            run(args, Path(folder), postgres.start(cluster, durable=True))
        finally:
            postgres.stop(cluster)
            shutil.rmtree(cluster, ignore_errors=True)


if __name__ == "__main__":
    main()
