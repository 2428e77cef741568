"""The feed as the blog's owner connects it: `dramabot import URL`, `follow`, `feeds`,
`unfollow`, and `/settings feed|show|unfollow` in Discord."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import discord
import pytest

from dramabot.cli import main
from dramabot.client import DramaBot
from dramabot.service import DramaService
from tests.support.blogger import Blog
from tests.support.doubles import FakeInteraction, invoke


@pytest.fixture
def blog_thread() -> Iterator[Blog]:
    """The blog served from a thread of its own: `main()` runs an event loop of its own."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    blog = asyncio.run_coroutine_threadsafe(Blog().start(), loop).result(10)
    yield blog
    asyncio.run_coroutine_threadsafe(blog.close(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_importing_a_feed_url_reads_every_page_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, blog_thread: Blog
) -> None:
    db = tmp_path / "feed.sqlite3"
    url = blog_thread.feed_url
    code, out, err = run(capsys, db, "import", url)
    assert code == 0, err
    assert out == f"import {url}: 2 added, 0 updated, 0 unchanged, 0 failed; 1 post not a review\n"
    assert "our-favourite-openings.html: skipped: not a review" in err
    code, out, _ = run(capsys, db, "import", url)
    assert out == f"import {url}: 0 added, 0 updated, 2 unchanged, 0 failed; 1 post not a review\n"
    code, out, _ = run(capsys, db, "review", "the night baker", "--json")
    answer = json.loads(out)
    assert answer["url"] == f"{blog_thread.base}/2023/05/the-night-baker-2021.html"
    assert answer["scores"] == {"Oppa": 4.0, "Noona": 4.4}


def test_following_a_feed_lists_it_until_unfollowed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, blog_thread: Blog
) -> None:
    db = tmp_path / "follow.sqlite3"
    url = blog_thread.feed_url
    code, out, _ = run(capsys, db, "follow", url, "--every", "30")
    assert code == 0 and out.startswith(f"following {url} every 30 min; the first poll imports")
    code, out, _ = run(capsys, db, "feeds")
    assert out == f"{url} every 30 min: not polled yet\n"
    code, out, _ = run(capsys, db, "unfollow", url)
    assert code == 0 and "no longer following" in out
    code, out, err = run(capsys, db, "unfollow", url)
    assert code == 1 and err == f"dramabot: {url} is not followed.\n"
    code, out, _ = run(capsys, db, "feeds")
    assert out.startswith("no feed is followed")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("import", "ftp://www.oppanoona.kr/feeds"), "only http:// and https:// feeds"),
        (
            ("follow", "http://127.0.0.1:9/feeds/posts/default"),
            "cannot connect to 127.0.0.1:9: Connection refused",
        ),
        (("follow", "--every", "0", "https://www.oppanoona.kr/feeds"), "from 1 to 1440 minutes"),
    ],
)
def test_a_bad_feed_address_is_one_line_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: tuple[str, ...], said: str
) -> None:
    db = tmp_path / "bad.sqlite3"
    run(capsys, db, "feeds")  # the database exists: its creation says a line of its own
    code, out, err = run(capsys, db, *args)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and said in err and "Traceback" not in err
    code, out, _ = run(capsys, db, "feeds")
    assert out.startswith("no feed is followed")


@pytest.fixture
async def bot(service: DramaService) -> AsyncIterator[DramaBot]:
    bot = DramaBot(service)
    await bot.load_cogs()
    yield bot
    await bot.close()


def _admin(bot: DramaBot) -> FakeInteraction:
    return FakeInteraction(bot, permissions=discord.Permissions(manage_guild=True))


async def test_settings_feed_follows_and_show_tells_how_the_last_poll_went(
    service: DramaService, bot: DramaBot, blog: Blog
) -> None:
    follow = _admin(bot)
    await invoke(bot, "settings feed", follow, url=blog.feed_url, every=20)
    assert follow.reply.ephemeral and "Following" in (follow.reply.content or "")
    blog.faults.append("500")
    await bot.follower.poll_due()
    show = _admin(bot)
    await invoke(bot, "settings show", show)
    assert show.reply.ephemeral and show.reply.embed is not None
    feeds = next(f for f in show.reply.embed.fields if f.name == "Feeds").value or ""
    assert blog.feed_url in feeds and "every 20 min" in feeds
    assert "error:" in feeds and "500 Internal Server Error" in feeds and "<t:" in feeds
    member = FakeInteraction(bot)
    await invoke(bot, "settings unfollow", member, url=blog.feed_url)
    assert "Manage Server" in (member.reply.content or "")
    assert len(await service.feeds()) == 1
    unfollow = _admin(bot)
    await invoke(bot, "settings unfollow", unfollow, url=blog.feed_url)
    assert "No longer following" in (unfollow.reply.content or "")
    assert await service.feeds() == []


async def test_settings_feed_refuses_a_page_that_is_no_feed(
    service: DramaService, bot: DramaBot, blog: Blog
) -> None:
    admin = _admin(bot)
    await invoke(bot, "settings feed", admin, url=f"{blog.base}/2023/05/the-night-baker-2021.html")
    assert admin.reply.ephemeral and "not an Atom or RSS feed" in (admin.reply.content or "")
    assert await service.feeds() == []
