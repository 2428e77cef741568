"""Members at scale: what the members' line on a card, `/watchlist` and `/recommend` for you
cost with 100k members and 20M marks and ratings, beside today's `/review` card, in one run.

    python -m benchmarks.members [--members 100000] [--marks 10000000] [--ratings 10000000]

The database is the bundled data plus the synthetic rows, loaded by SQL in bulk (the seen
counts' triggers are dropped for the load and the counts computed once, then the triggers come
back). Each figure is p50 / p99 over `--queries` calls through the service, best of 3 passes.
Goals: the card within 5 ms of today's at p99; `/watchlist` and for-you p99 at most 15 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from dramabot.domain.members import Member
from dramabot.service import DramaService

GUILDS = 20


def load(path: Path, members: int, marks: int, ratings: int) -> None:
    """Bulk-load the synthetic members straight into SQLite."""
    db = sqlite3.connect(path)
    dramas = [row[0] for row in db.execute("SELECT id FROM dramas")]
    people = [row[0] for row in db.execute("SELECT id FROM people")]
    triggers = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN "
        "('marks', 'guild_members', 'ratings')"
    ).fetchall()
    for name, _ in triggers:
        db.execute(f"DROP TRIGGER {name}")
    count = len(dramas)
    db.executemany(
        "INSERT INTO guild_members VALUES (?, ?)", ((u % GUILDS, u) for u in range(1, members + 1))
    )
    per_user = max(1, marks // members)
    db.executemany(
        "INSERT OR IGNORE INTO marks (user_id, drama_id, mark) VALUES (?, ?, ?)",
        (
            (u, dramas[(u * 7919 + k * 104729) % count], "seen" if k % 3 else "want")
            for u in range(1, members + 1)
            for k in range(per_user)
        ),
    )
    per_rater = max(1, ratings // members)
    db.executemany(
        "INSERT OR IGNORE INTO ratings (guild_id, user_id, drama_id, score) VALUES (?, ?, ?, ?)",
        (
            (u % GUILDS, u, dramas[(u * 31 + k * 7001) % count], (u + k) % 11 / 2)
            for u in range(1, members + 1)
            for k in range(per_rater)
        ),
    )
    db.executemany(
        "INSERT OR IGNORE INTO favourites (user_id, person_id) VALUES (?, ?)",
        ((u, people[(u * 13 + k) % len(people)]) for u in range(1, members + 1) for k in range(3)),
    )
    db.execute(
        "INSERT INTO guild_seen SELECT g.guild_id, m.drama_id, count(*) FROM marks m "
        "JOIN guild_members g ON g.user_id = m.user_id WHERE m.mark = 'seen' "
        "GROUP BY g.guild_id, m.drama_id"
    )
    db.execute(
        "INSERT INTO guild_ratings SELECT guild_id, drama_id, count(*), sum(score) FROM ratings "
        "GROUP BY guild_id, drama_id"
    )
    for _, sql in triggers:
        db.execute(sql)
    db.commit()
    db.execute("ANALYZE")
    db.close()


async def timed(call: Callable[[], Awaitable[object]], queries: int) -> tuple[float, float]:
    """(p50, p99) in ms of `queries` calls, best of 3 passes."""
    best: tuple[float, float] | None = None
    for _ in range(3):
        times = []
        for _ in range(queries):
            start = time.perf_counter()
            await call()
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        figures = (statistics.median(times), times[int(len(times) * 0.99) - 1])
        best = figures if best is None or figures[1] < best[1] else best
    assert best is not None
    return best


async def measure(path: Path, members: int, queries: int) -> None:
    service = await DramaService.open(path)
    try:
        rng = random.Random(7)
        titles = [d.title for d in (await service.store.dramas(range(1, 400))).values()]

        def someone() -> Member:
            user = rng.randint(1, members)
            return Member(user, user % GUILDS)

        async def card_today() -> object:
            return await service.review_of(await service.find_drama(rng.choice(titles)))

        async def card_with_members() -> object:
            drama = await service.find_drama(rng.choice(titles))
            return await service.review_of(drama, someone())

        async def watchlist() -> object:
            return await service.members.watchlist(someone())

        async def for_you() -> object:
            member = someone()
            query = await service.recommend_query(member=member)
            return await service.recommend(query, member)

        pause_before = _full_collection_ms()
        service.names.freeze_when_loaded()  # as `dramabot run` does
        pause_after = _full_collection_ms()
        print(
            f"a full gc.collect() in this process: {pause_before:.0f} ms before the loaded data "
            f"is frozen, {pause_after:.1f} ms after"
        )
        rows = [
            ("/review card today", await timed(card_today, queries)),
            ("/review card with the members' line", await timed(card_with_members, queries)),
            ("/watchlist", await timed(watchlist, queries)),
            ("/recommend for you", await timed(for_you, queries)),
        ]
        print(f"{'command':40} {'p50 ms':>8} {'p99 ms':>8}")
        for name, (p50, p99) in rows:
            print(f"{name:40} {p50:8.2f} {p99:8.2f}")
        added = rows[1][1][1] - rows[0][1][1]
        print(f"card p99 added by the members' line: {added:+.2f} ms (goal: at most 5 ms)")
        print("goal for /watchlist and for-you: p99 at most 15 ms")
    finally:
        await service.close()


def _full_collection_ms() -> float:
    start = time.perf_counter()
    gc.collect()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--marks", type=int, default=10_000_000)
    parser.add_argument("--ratings", type=int, default=10_000_000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "members.sqlite3"
        start = time.perf_counter()
        asyncio.run(_seed(path))
        load(path, args.members, args.marks, args.ratings)
        counts = (
            sqlite3.connect(path)
            .execute("SELECT (SELECT count(*) FROM marks), (SELECT count(*) FROM ratings)")
            .fetchone()
        )
        print(
            f"{args.members:,} members, {counts[0]:,} marks, {counts[1]:,} ratings "
            f"loaded in {time.perf_counter() - start:.0f} s"
        )
        asyncio.run(measure(path, args.members, args.queries))


async def _seed(path: Path) -> None:
    service = await DramaService.open(path)
    await service.close()


if __name__ == "__main__":
    main()
