"""Concurrency: 200 commands at once against one database through the real cogs and service,
a review replaced while it is being read, and several services (connection sets) or processes
writing one SQLite file at the same time."""

from __future__ import annotations

import asyncio
import logging
import os
import random
import re
import sqlite3
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import discord
import pytest

from dramabot.client import DramaBot
from dramabot.importers import ImportReport, SourceFile
from dramabot.service import DramaService
from dramabot.storage import Store
from dramabot.storage.migrate import latest_version
from tests.conftest import REPO, NewDatabase
from tests.support.doubles import FakeAttachment, FakeInteraction, FakeUser, complete, invoke
from tests.support.posts import Expected, expected_posts, write_posts

ADMIN = discord.Permissions(manage_guild=True)
#: /review queries of bundled dramas no test post touches: every answer must be the same.
STABLE_REVIEWS = (
    "reply 1988",
    "hometown cha cha cha",
    "hometwn chachacha",
    "move to heaven",
    "strong woman do bong soon",
    "my name",
)
ACTORS = ("Park Hyung Sik", "han so hee", "Kim Seon Ho")
RECOMMEND_OPTIONS: tuple[dict[str, str], ...] = (
    {"actor": "park hyung sik"},
    {"length": "short"},
    {"like": "Reply 1988"},
)
#: (command, option, typed, must offer something): "synthetic drama" may come before any import.
AUTOCOMPLETE = (
    ("review", "title", "", True),
    ("review", "title", "reply", True),
    ("review", "title", "synthetic drama", False),
    ("review", "title", "hometown", True),
    ("actor", "name", "park", True),
    ("actor", "name", "kim", True),
    ("recommend", "like", "move", True),
    ("recommend", "actor", "han so", True),
)
CHOICE_VALUE = re.compile(r"^id:\d+$")


@pytest.fixture
async def bot(service: DramaService) -> AsyncIterator[DramaBot]:
    """A real DramaBot with every cog loaded over the seeded store; no login, no network."""
    bot = DramaBot(service)
    assert len(await bot.load_cogs()) >= 5
    yield bot
    await bot.close()


def _key(text: str) -> str:
    """Lower case without spaces, to compare names loosely."""
    return "".join(text.lower().split())


def post_bytes(post: Expected) -> bytes:
    """The post as a file's bytes, as `write_posts` writes it."""
    return (post.text + "\n").encode()


async def check_stored(service: DramaService, posts: list[Expected], by_name: bool = True) -> None:
    """Every post is stored whole, once; with `by_name`, a sample of titles answers a lookup
    with the right drama, and then the service's name index knows every title."""
    reviews = {review.drama.title: review for review in (await service.store.reviews_of()).values()}
    for post in posts:
        review = reviews.get(post.title)
        assert review is not None, f"{post.title} was not stored"
        assert review.drama.year == post.year and review.text == post.text, post.title
        assert tuple(s.score for s in review.scores) == post.scores, post.title
        assert [c.person.name for c in review.cast] == list(post.people), post.title
    if not by_name:
        return
    for post in posts[:: max(1, len(posts) // 10)]:  # as a user would: these may reload names
        assert (await service.find_drama(post.title)).title == post.title
    missing = [post.title for post in posts if not service.titles.knows(post.title)]
    assert not missing, f"the name index lacks {missing[:5]}"


async def test_200_concurrent_commands_lose_no_import_and_answer_alike(
    bot: DramaBot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """/review, /actor, /recommend, autocomplete, /import and file imports all at once: no
    error, every post stored once, the same card for every /review of an untouched drama."""
    service = bot.service
    rng = random.Random(5)
    counts_before = await service.store.counts()
    baseline = {}
    for query in STABLE_REVIEWS:
        first = await invoke(bot, "review", FakeInteraction(bot), title=query)
        assert first.reply.embed is not None, first.reply
        baseline[query] = first.reply.embed.to_dict()

    # 160 new posts: 60 arrive as /import attachments (3 to a command), 100 as files (5 to a
    # folder); every folder also holds one of the attached posts, imported twice at once.
    posts = expected_posts(160, start=2000)
    attached, on_disk = posts[:60], posts[60:]
    folders = []
    for n in range(20):
        folder = tmp_path / f"folder-{n}"
        write_posts(folder, [*on_disk[5 * n : 5 * n + 5], attached[3 * n]])
        folders.append(folder)

    interactions: list[tuple[str, Any, FakeInteraction]] = []
    reports: list[ImportReport] = []
    jobs: list[Callable[[], Awaitable[object]]] = []

    def command(kind: str, expect: Any, interaction: FakeInteraction, **options: Any) -> None:
        interactions.append((kind, expect, interaction))
        jobs.append(lambda: invoke(bot, kind, interaction, **options))

    async def autocomplete(name: str, option: str, current: str, some: bool) -> None:
        choices = await complete(bot, name, option, current, FakeInteraction(bot))
        assert len(choices) <= 25, (name, current)
        assert all(CHOICE_VALUE.match(str(c.value)) for c in choices), choices
        assert choices or not some, f"/{name} {option}:{current} offered nothing"

    async def import_folder(folder: Path) -> None:
        reports.append(await service.import_paths([folder]))

    user = iter(range(10_000, 20_000))
    for n in range(80):
        query = STABLE_REVIEWS[n % len(STABLE_REVIEWS)]
        command("review", query, FakeInteraction(bot, user=FakeUser(next(user))), title=query)
    for n in range(20):
        actor = ACTORS[n % len(ACTORS)]
        command("actor", actor, FakeInteraction(bot, user=FakeUser(next(user))), name=actor)
    for n in range(20):  # the cooldown is per member: each asks once
        options = RECOMMEND_OPTIONS[n % len(RECOMMEND_OPTIONS)]
        command("recommend", None, FakeInteraction(bot, user=FakeUser(next(user))), **options)
    for n in range(20):
        files = [FakeAttachment(p.file_name, post_bytes(p)) for p in attached[3 * n : 3 * n + 3]]
        # The cooldown is per server: each /import comes from another server.
        admin = FakeInteraction(bot, user=FakeUser(next(user)), guild_id=900 + n, permissions=ADMIN)
        command("import", None, admin, file=files[0], file2=files[1], file3=files[2])
    for folder in folders:
        jobs.append(lambda folder=folder: import_folder(folder))
    for n in range(40):
        typed = AUTOCOMPLETE[n % len(AUTOCOMPLETE)]
        jobs.append(lambda typed=typed: autocomplete(*typed))
    assert len(jobs) == 200
    rng.shuffle(jobs)

    with caplog.at_level(logging.WARNING):
        results = await asyncio.gather(*(job() for job in jobs), return_exceptions=True)
    failures = [r for r in results if isinstance(r, BaseException)]
    assert not failures, failures[:3]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text[-3000:]

    for kind, expect, interaction in interactions:
        reply = interaction.reply
        assert reply.embed is not None, f"/{kind} answered {reply.content!r}"
        if kind == "review":
            assert reply.embed.to_dict() == baseline[expect], f"/review {expect} changed"
        elif kind == "actor":
            assert _key(expect) in _key(reply.embed.title or ""), reply.embed.title
        elif kind == "import":
            assert reply.ephemeral and (reply.embed.title or "").startswith("Import: ")
            assert (reply.embed.title or "").endswith(" 0 failed"), reply.embed.title

    # No import was lost: each post was added once, its second arrival found it unchanged.
    statuses: dict[str, list[str]] = defaultdict(list)
    for report in reports:
        assert report.failed == 0, report.summary()
        for outcome in report.outcomes:
            statuses[Path(outcome.name).name].append(outcome.status)
    for kind, _, interaction in interactions:
        embed = interaction.reply.embed
        if kind == "import" and embed is not None:
            for status, name in re.findall(
                r"\*\*(\w+)\*\* (post-\d+\.txt)", embed.description or ""
            ):
                statuses[name].append(status)
    twice = {post.file_name for post in attached[::3]}
    for post in posts:
        expected = ["added", "unchanged"] if post.file_name in twice else ["added"]
        assert sorted(statuses[post.file_name]) == expected, post.file_name
    counts = await service.store.counts()
    assert counts["reviews"] == counts_before["reviews"] + len(posts)
    assert counts["dramas"] == counts_before["dramas"] + 2 * len(posts)
    assert counts["credits"] == counts_before["credits"] + sum(p.credit_count for p in posts)
    await check_stored(service, posts, by_name=True)


async def test_posts_imported_while_others_look_up_are_found_by_name(bot: DramaBot) -> None:
    """A post imported with /import while others use /review is then found by its title."""
    posts = expected_posts(60, start=3000)

    async def import_three(n: int) -> None:
        files = [FakeAttachment(p.file_name, post_bytes(p)) for p in posts[n : n + 3]]
        admin = FakeInteraction(bot, guild_id=800 + n, permissions=ADMIN)
        await invoke(bot, "import", admin, file=files[0], file2=files[1], file3=files[2])
        assert admin.reply.embed is not None
        assert admin.reply.embed.title == "Import: 3 added, 0 updated, 0 unchanged, 0 failed"

    async def look_up(n: int) -> None:
        asked = await invoke(bot, "review", FakeInteraction(bot), title=STABLE_REVIEWS[n % 6])
        assert asked.reply.embed is not None

    await asyncio.gather(
        *(import_three(n) for n in range(0, len(posts), 3)), *(look_up(n) for n in range(60))
    )
    await check_stored(bot.service, posts, by_name=False)
    lost = []
    for post in posts:
        asked = await invoke(bot, "review", FakeInteraction(bot), title=post.title)
        card = asked.reply.embed
        if card is None or card.title != f"{post.title} ({post.year})":
            lost.append((post.title, card.title if card else asked.reply.content))
    assert not lost, f"{len(lost)} imported posts answer wrongly by name: {lost[:3]}"


def torn_post(version: str) -> bytes:
    """One drama's post in two versions with different scores, cast and text."""
    scores = {"A": ("4.5", "4.0"), "B": ("2.5", "3.0")}[version]
    leads = {"A": "Kim Ah Reum as Han Mi Rae", "B": "Choi Bo Ra as Jang Ha Neul"}[version]
    return (
        f"1 May 2023\n\nK Drama Review: Torn Between Two (2023) {scores[0]} || {scores[1]}\n\n"
        f"This is version {version} of the post.\n\n{leads}\n\n"
        f"It has 12 episodes of about 60 minutes each.\n\n"
        f"Oppa says...{scores[0]}.\n\nNoona says...{scores[1]}.\n"
    ).encode()


async def test_a_review_replaced_while_being_read_is_never_seen_half_replaced(
    empty_service: DramaService,
) -> None:
    """/review of a drama whose post is being edited shows the old or the new version, whole."""
    service = empty_service
    whole = {
        "A": ((4.5, 4.0), ["Kim Ah Reum"]),
        "B": ((2.5, 3.0), ["Choi Bo Ra"]),
    }
    report = await service.import_sources([SourceFile("torn.txt", torn_post("A"))])
    assert report.summary() == "1 added, 0 updated, 0 unchanged, 0 failed"
    seen: Counter[str] = Counter()
    replacing = True

    async def replace() -> None:
        nonlocal replacing
        for n in range(30):
            version = "B" if n % 2 == 0 else "A"
            report = await service.import_sources([SourceFile("torn.txt", torn_post(version))])
            assert report.summary() == "0 added, 1 updated, 0 unchanged, 0 failed"
        replacing = False

    async def read() -> None:
        while replacing:
            answer = await service.review("torn between two")
            review = answer.review
            assert review is not None, "the review vanished while it was replaced"
            version = "A" if "version A" in review.text else "B"
            scores = tuple(s.score for s in review.scores)
            cast = [c.person.name for c in review.cast]
            assert (scores, cast) == whole[version], f"version {version} read as {scores} {cast}"
            seen[version] += 1

    await asyncio.gather(replace(), *(read() for _ in range(8)))
    assert seen["A"] and seen["B"], seen


async def test_two_services_on_one_database_import_at_the_same_time(
    tmp_path: Path, new_database: NewDatabase, backend: str
) -> None:
    """Two connection sets (as two processes would have) take turns (SQLite's busy timeout,
    PostgreSQL's write lock): neither import fails with "database is locked", none loses a
    post."""
    db = await new_database("shared")
    first = await DramaService.open(db, seed=False)
    second = await DramaService.open(db, seed=False)
    mine, theirs = expected_posts(200, start=4000), expected_posts(200, start=4200)

    async def import_in_folders(service: DramaService, posts: list[Expected], name: str) -> None:
        for n in range(0, len(posts), 40):  # five imports, five write transactions
            folder = tmp_path / f"{name}-{n}"
            write_posts(folder, posts[n : n + 40])
            report = await service.import_paths([folder])
            assert report.summary() == "40 added, 0 updated, 0 unchanged, 0 failed"

    try:
        await asyncio.gather(
            import_in_folders(first, mine, "mine"), import_in_folders(second, theirs, "theirs")
        )
        await check_stored(first, mine)
        await check_stored(second, theirs)
    finally:
        await first.close()
        await second.close()
    reopened = await DramaService.open(db, seed=False)
    try:
        assert (await reopened.store.counts())["reviews"] == len(mine) + len(theirs)
        await check_stored(reopened, mine + theirs)
    finally:
        await reopened.close()
    if backend == "sqlite":
        with sqlite3.connect(db) as check:
            assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        check.close()


async def test_stores_opening_a_new_database_at_the_same_time_all_open(tmp_path: Path) -> None:
    """`dramabot run` and `dramabot import` started together on a new file both start."""
    for attempt in range(5):
        db = tmp_path / f"new-{attempt}.sqlite3"
        opened = await asyncio.gather(*(Store.open(db) for _ in range(3)), return_exceptions=True)
        stores = [s for s in opened if isinstance(s, Store)]
        for store in stores:
            await store.close()
        for result in opened:
            if isinstance(result, BaseException):
                raise result
        with sqlite3.connect(db) as check:
            assert check.execute("PRAGMA user_version").fetchone() == (latest_version(),)
        check.close()


async def test_a_cli_import_in_another_process_while_the_bot_imports_and_answers(
    bot: DramaBot, tmp_path: Path
) -> None:
    """`dramabot import` in a second process while the bot imports and answers: both imports
    complete (SQLite's busy timeout), the bot's answers stay the same."""
    service = bot.service
    reviews_before = (await service.store.counts())["reviews"]
    cli_posts, bot_posts = expected_posts(250, start=6000), expected_posts(30, start=6300)
    write_posts(tmp_path / "cli", cli_posts)
    env = {**os.environ, "DRAMABOT_DATA": str(tmp_path / "no-bundled-data")}
    baseline = (await invoke(bot, "review", FakeInteraction(bot), title="reply 1988")).reply.embed
    assert baseline is not None
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "dramabot", "--db", service.store.location, "import",
        str(tmp_path / "cli"),
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    )  # fmt: skip

    async def bot_imports() -> None:
        for n in range(0, len(bot_posts), 3):
            files = [FakeAttachment(p.file_name, post_bytes(p)) for p in bot_posts[n : n + 3]]
            admin = FakeInteraction(bot, guild_id=700 + n, permissions=ADMIN)
            await invoke(bot, "import", admin, file=files[0], file2=files[1], file3=files[2])
            assert admin.reply.embed is not None, admin.reply.content
            assert admin.reply.embed.title == "Import: 3 added, 0 updated, 0 unchanged, 0 failed"

    async def bot_answers() -> None:
        while process.returncode is None:
            asked = await invoke(bot, "review", FakeInteraction(bot), title="reply 1988")
            assert asked.reply.embed is not None, asked.reply.content
            assert asked.reply.embed.to_dict() == baseline.to_dict()
            await asyncio.sleep(0.02)

    everything = asyncio.gather(process.communicate(), bot_imports(), bot_answers())
    out, _ = (await asyncio.wait_for(everything, timeout=60))[0]
    assert process.returncode == 0
    assert "import: 250 added, 0 updated, 0 unchanged, 0 failed" in out.decode()
    counts = await service.store.counts()
    assert counts["reviews"] == reviews_before + len(cli_posts) + len(bot_posts)
    await check_stored(service, cli_posts + bot_posts, by_name=True)


async def test_the_bot_finds_posts_imported_by_the_cli_while_it_runs(
    bot: DramaBot, tmp_path: Path
) -> None:
    """Posts imported from the command line while the bot runs are found by /review."""
    posts = expected_posts(3, start=7000)
    write_posts(tmp_path / "cli", posts)
    env = {**os.environ, "DRAMABOT_DATA": str(tmp_path / "no-bundled-data")}
    done = subprocess.run(
        [sys.executable, "-m", "dramabot", "--db", bot.service.store.location, "import",
         str(tmp_path / "cli")],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    asked = await invoke(bot, "review", FakeInteraction(bot), title=posts[0].title)
    assert asked.reply.embed is not None, asked.reply.content
    assert asked.reply.embed.title == f"{posts[0].title} ({posts[0].year})"
