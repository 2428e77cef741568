"""Crash safety: `dramabot import` killed with SIGKILL part-way leaves a sound database in which
every post is wholly stored or wholly absent, and importing again completes the rest.

The kill points are drawn from a seeded random generator; the seed is printed (shown by pytest
when the test fails) and `DRAMABOT_CRASH_SEED=N` replays a run.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, NewDatabase
from tests.support.posts import REVIEWERS, Expected, expected_posts, write_posts
from tests.support.reader import StoreReader

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")

POSTS = 1000
#: Where each killed run should stop, as ranges of stored posts: early, middle, late.
#: Posts may be committed in batches (of 200 today): the windows leave a commit after each.
KILL_WINDOWS = ((1, 150), (250, 450), (500, 700))
#: The kill comes up to one commit interval after the target is seen, at most this many seconds.
MAX_KILL_DELAY = 0.5
ATTEMPTS = 3
RUN_TIMEOUT = 60.0
SUMMARY = re.compile(r"import: (\d+) added, (\d+) updated, (\d+) unchanged, (\d+) failed")


def stored_reviews(db: StoreReader) -> int | None:
    """Committed reviews; None while the database is new."""
    rows = db.rows("SELECT count(*) FROM reviews")
    return None if rows is None else int(rows[0][0])


def run_import(
    db: StoreReader, folder: Path, empty_data: Path, until: int | None, rng: random.Random
) -> tuple[int, str, str]:
    """Run `python -m bot.cli --db DB import FOLDER` (with no bundled data to seed first);
    when `until` is given, SIGKILL it once that many reviews are committed, after a random delay
    of up to the time the last commit took to come. Returns (exit code, stdout, stderr)."""
    env = {**os.environ, "DRAMABOT_DATA": str(empty_data), "PYTHONUNBUFFERED": "1"}
    env.pop("DRAMABOT_DB", None)
    out_path, err_path = folder.with_suffix(".out"), folder.with_suffix(".err")
    # Files, not pipes: a full pipe would stall the import's progress lines.
    with out_path.open("w") as out, err_path.open("w") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "dramabot", "--db", str(db.target), "import", str(folder)],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=err,
        )
        deadline = time.monotonic() + RUN_TIMEOUT
        last_count, changed_at = None, time.monotonic()
        try:
            while until is not None and process.poll() is None:
                assert time.monotonic() < deadline, "the import is stuck"
                count = stored_reviews(db)
                if count != last_count:
                    last_count, interval = count, time.monotonic() - changed_at
                    changed_at = time.monotonic()
                    if count is not None and count >= until:
                        # Anywhere in the next commit interval: parsing, or mid-transaction.
                        time.sleep(rng.uniform(0, min(interval, MAX_KILL_DELAY)))
                        process.send_signal(signal.SIGKILL)
                        break
                time.sleep(0.002)
            process.wait(timeout=max(1.0, deadline - time.monotonic()))
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    return process.returncode, out_path.read_text(), err_path.read_text()


def check_store(db: StoreReader, posts: list[Expected]) -> set[int]:
    """Assert the database is sound and every post is wholly present or wholly absent; return
    the numbers of the posts present."""

    def rows(sql: str) -> list[tuple[Any, ...]]:
        found = db.rows(sql)
        assert found is not None, f"cannot read: {sql}"
        return found

    if db.is_sqlite:
        assert rows("PRAGMA integrity_check") == [("ok",)]
        assert rows("PRAGMA foreign_key_check") == []
    dramas = Counter(
        (title, year, episodes, minutes)
        for title, year, episodes, minutes in rows(
            "SELECT title, year, episodes, episode_minutes FROM dramas"
        )
    )
    titles = Counter(title for title, *_ in dramas.elements())
    reviews = {
        title: (review_id, source, body, (episodes, minutes))
        for review_id, title, source, body, episodes, minutes in rows(
            "SELECT r.id, d.title, r.source_name, r.body, r.episodes, r.episode_minutes "
            "FROM reviews r JOIN dramas d ON d.id = r.drama_id"
        )
    }
    scores: dict[int, list[tuple[str, float]]] = {}
    for review_id, reviewer, score in rows(
        "SELECT review_id, reviewer, score FROM scores ORDER BY review_id, position"
    ):
        scores.setdefault(review_id, []).append((reviewer, score))
    credits: dict[int, set[tuple[str, str, str | None, str]]] = {}
    for review_id, name, title, role, billing in rows(
        "SELECT c.review_id, p.name, d.title, c.role, c.billing FROM credits c "
        "JOIN people p ON p.id = c.person_id JOIN dramas d ON d.id = c.drama_id"
    ):
        assert review_id is not None, f"a credit of {name} belongs to no review"
        credits.setdefault(review_id, set()).add((name, title, role, billing))
    people = Counter(name for (name,) in rows("SELECT name FROM people"))
    uncredited = rows("SELECT name FROM people WHERE id NOT IN (SELECT person_id FROM credits)")
    counts = {
        table: rows(f"SELECT count(*) FROM {table}")[0][0]
        for table in ("dramas", "reviews", "scores", "credits", "people")
    }
    assert uncredited == [], "people left over from a post that was not stored"
    present: set[int] = set()
    for post in posts:
        review = reviews.get(post.title)
        if review is None:
            assert titles[post.title] == titles[post.earlier_work] == 0, f"half of {post.title}"
            assert all(people[name] == 0 for name in post.people), f"half of {post.title}"
            continue
        present.add(post.number)
        review_id, source, body, length = review
        where = f"{post.title} from {source}"
        assert source == post.file_name and body == post.text, where
        assert length == (post.episodes, post.episode_minutes), where
        assert dramas[(post.title, post.year, post.episodes, post.episode_minutes)] == 1, where
        assert titles[post.earlier_work] == 1, where
        assert scores.get(review_id) == list(zip(REVIEWERS, post.scores, strict=True)), where
        assert credits.get(review_id) == {
            *((name, post.title, role, "lead") for name, role in post.leads),
            (post.support[0], post.title, post.support[1], "support"),
            (post.support[0], post.earlier_work, None, "mention"),
        }, where
        assert all(people[name] == 1 for name in post.people), where
    stored = [post for post in posts if post.number in present]
    assert counts == {
        "dramas": 2 * len(stored),
        "reviews": len(stored),
        "scores": 2 * len(stored),
        "credits": sum(post.credit_count for post in stored),
        "people": sum(len(post.people) for post in stored),
    }, "rows that belong to no whole post"
    return present


def progress_statuses(progress: str) -> dict[str, str]:
    """{file name: status} from the `[n/N] path: status: detail` lines an import prints."""
    found = {}
    for line in progress.splitlines():
        match = re.match(r"\[\d+/\d+\] (.+?): (added|updated|unchanged|failed): ", line)
        if match:
            found[Path(match[1]).name] = match[2]
    return found


def check_completed(
    code: int, out: str, progress: str, posts: list[Expected], present: set[int], db: StoreReader
) -> None:
    """An import that ran to the end stored every post once, reporting the ones already
    stored before it as unchanged and the others as added."""
    assert code == 0, progress[-2000:]
    summary = SUMMARY.search(out)
    assert summary, out
    assert summary.groups() == (str(POSTS - len(present)), "0", str(len(present)), "0")
    statuses = progress_statuses(progress)
    assert len(statuses) == POSTS
    for post in posts:
        expected = "unchanged" if post.number in present else "added"
        assert statuses[post.file_name] == expected, post.file_name
    assert check_store(db, posts) == set(range(POSTS))


async def test_an_import_killed_at_any_point_leaves_whole_posts_and_resumes(
    tmp_path: Path, new_database: NewDatabase
) -> None:
    """Kill `dramabot import` of 1,000 posts early, midway and late, resuming each time; then
    let it finish. After every kill the database is sound and holds whole posts only."""
    databases = [await new_database(f"attempt-{n}") for n in range(1, ATTEMPTS + 1)]
    await asyncio.to_thread(kill_and_resume, tmp_path, databases)


def kill_and_resume(tmp_path: Path, databases: list[Path | str]) -> None:
    seed = int(os.environ.get("DRAMABOT_CRASH_SEED") or random.SystemRandom().randrange(10**6))
    print(f"crash test seed: {seed} (replay with DRAMABOT_CRASH_SEED={seed})")
    rng = random.Random(seed)
    posts = expected_posts(POSTS)
    folder, empty_data = tmp_path / "posts", tmp_path / "no-bundled-data"
    write_posts(folder, posts)
    empty_data.mkdir()
    by_file = {post.file_name: post for post in posts}

    for attempt, database in enumerate(databases, start=1):
        db = StoreReader(database)
        present: set[int] = set()
        partial_kills = 0
        for low, high in KILL_WINDOWS:
            target = max(rng.randint(low, high) // attempt, len(present) + 1)
            code, out, progress = run_import(db, folder, empty_data, target, rng)
            if code != -signal.SIGKILL:  # it finished before the kill point: the rest is in
                check_completed(code, out, progress, posts, present, db)
                break
            stored = check_store(db, posts)
            print(f"attempt {attempt}: killed with {len(stored)} posts stored (target {target})")
            assert present <= stored, "a killed import lost posts stored before it"
            for name, status in progress_statuses(progress).items():
                if by_file[name].number in present:
                    assert status == "unchanged", f"{name} was stored already"
            if 0 < len(stored) < POSTS:
                partial_kills += 1
            present = stored
        else:
            code, out, progress = run_import(db, folder, empty_data, None, rng)
            check_completed(code, out, progress, posts, present, db)
        if partial_kills:
            return
        print(f"attempt {attempt}: no kill landed inside the import; killing earlier")
    pytest.fail(f"no kill landed inside the import in {ATTEMPTS} attempts (seed {seed})")
