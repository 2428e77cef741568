"""Several bot processes, one truth: two `dramabot run --shards K --shard-count 2` processes on
one PostgreSQL, behind the Discord double (one guild per shard), with the blog on 127.0.0.1.

Both identify with their shard ids and answer their own server's commands; a CLI import is seen
by both; and when the process holding the feed poller's lease is killed, the other takes the
lease over and announces the next post exactly once in each server.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from dramabot.service import DramaService
from dramabot.storage.postgres import lock_key
from tests.conftest import FIXTURE_POSTS, REPO, NewDatabase
from tests.e2e.double import DiscordDouble
from tests.support.blogger import Blog, new_post

#: The poller's waits in the bot processes, shrunk: a tick of 1.5 s, a feed due every 3 s.
TIME_SCALE = 0.05
#: The feed is followed every minute (the shortest interval): a poll every 3 s here.
EVERY_MINUTES = 1
POLL_INTERVAL = EVERY_MINUTES * 60 * TIME_SCALE
STARTUP_TIMEOUT = 60.0


@pytest.fixture
def backend() -> str:
    return "postgresql"


@pytest.fixture
async def blog() -> AsyncIterator[Blog]:
    blog = await Blog().start()
    yield blog
    await blog.close()


@pytest.fixture
async def double() -> AsyncIterator[DiscordDouble]:
    double = await DiscordDouble(shard_count=2).start()
    yield double
    await double.close()


def harness(double: DiscordDouble, *arguments: str) -> list[str]:
    return [
        sys.executable, "-m", "tests.e2e.shard_process", double.api_url, double.gateway_url,
        str(TIME_SCALE), "--", *arguments,
    ]  # fmt: skip


async def wait_for(condition: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.1)


async def poller_pid(url: str) -> int | None:
    """The OS process id of the bot holding the feed poller's advisory lock."""
    key = lock_key("feed-poller") & 0xFFFF_FFFF_FFFF_FFFF  # a bigint key: two oids
    db = await asyncpg.connect(url)
    try:
        name = await db.fetchval(
            "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1 AND l.objid = $2 "
            "AND l.objsubid = 1",
            key >> 32,
            key & 0xFFFF_FFFF,
        )
    finally:
        await db.close()
    return int(name.rsplit(" ", 1)[1]) if name else None


def announcements(double: DiscordDouble, title: str) -> list[tuple[str, str]]:
    """(channel, message id) of every message announcing `title`."""
    return [
        (m["channel_id"], m["id"])
        for m in double.messages.values()
        if any(title in (e.get("title") or "") for e in m.get("embeds") or []) and m["type"] == 0
    ]


async def test_two_shard_processes_share_one_postgresql(
    new_database: NewDatabase, double: DiscordDouble, blog: Blog, tmp_path: Path
) -> None:
    url = str(await new_database("shards"))
    service = await DramaService.open(url)
    try:
        await service.import_paths([FIXTURE_POSTS])
        await service.follow_feed(blog.feed_url, EVERY_MINUTES)
        for guild, channel in zip(double.guild_ids, double.channel_ids, strict=True):
            await service.set_announce_channel(int(guild), int(channel))
    finally:
        await service.close()
    env = {**os.environ, "DISCORD_TOKEN": double.token, "PYTHONPATH": str(REPO)}
    synced = await asyncio.to_thread(
        subprocess.run,
        harness(double, "--db", url, "sync"),
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert synced.returncode == 0, synced.stderr
    logs = [(tmp_path / f"shard-{shard}.log").open("w") for shard in (0, 1)]
    bots = [
        subprocess.Popen(
            harness(double, "--db", url, "run", "--shards", str(shard), "--shard-count", "2"),
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        for shard, log in enumerate(logs)
    ]
    try:
        await wait_for(
            lambda: all("ready:" in (tmp_path / f"shard-{n}.log").read_text() for n in (0, 1)),
            STARTUP_TIMEOUT,
            "both processes to be ready",
        )
        assert sorted(i["shard"] for i in double.identifies) == [[0, 2], [1, 2]]

        # Each server's commands reach its own shard's process, and both answer.
        for guild in double.guild_ids:
            sent = await double.slash("review", in_guild=guild, title="Move to Heaven")
            reply = await sent.response(timeout=30)
            assert "Move to Heaven" in str(reply), reply

        # A CLI import is seen by both processes at once (the names generation).
        post = tmp_path / "post.txt"
        post.write_text(
            "01 July 2021\n\nK Drama Review: Lantern Street (2021) 4.1 || 4.3\n\n"
            "Kim Da Mi as Yoon Sol\n\nWords.\n\nOppa says...4.1.\n\nNoona says...4.3.\n",
            encoding="utf-8",
        )
        imported = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "dramabot", "--db", url, "import", str(post)],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert imported.returncode == 0, imported.stderr
        for guild in double.guild_ids:
            sent = await double.slash("review", in_guild=guild, title="Lantern Street")
            assert "Lantern Street" in str(await sent.response(timeout=30))

        # One process polls; killed, its lease passes to the other, which announces once.
        await wait_for(lambda: len(blog.requests) > 0, 30, "the first poll")
        holder = await poller_pid(url)
        assert holder in {bot.pid for bot in bots}
        survivor = next(bot for bot in bots if bot.pid != holder)
        os.kill(holder, signal.SIGKILL)
        killed_at = time.monotonic()
        blog.posts.append(new_post())
        await wait_for(
            lambda: len(announcements(double, "Winter Radio")) == 2, 30, "the announcements"
        )
        assert time.monotonic() - killed_at <= 2 * POLL_INTERVAL + 2 * 1.5 + 5
        assert await poller_pid(url) == survivor.pid
        await asyncio.sleep(3 * POLL_INTERVAL)  # later polls announce nothing again
        shown = announcements(double, "Winter Radio")
        assert sorted(channel for channel, _ in shown) == sorted(double.channel_ids)
    finally:
        for bot in bots:
            if bot.poll() is None:
                bot.send_signal(signal.SIGINT)
        for bot in bots:
            try:
                bot.wait(timeout=20)
            except subprocess.TimeoutExpired:
                bot.kill()
                bot.wait()
        for log in logs:
            log.close()
