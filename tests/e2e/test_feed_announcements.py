"""The running bot, by itself and for its readers, against the Discord double (and a Blogger
blog on 127.0.0.1): its own poller imports the feed silently at first, then announces a new post
once and edits that message when the post is edited; a reader presses Seen and Rate on a card."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

from dramabot.service import DramaService
from tests.e2e.conftest import StartBot
from tests.e2e.double import DiscordDouble
from tests.support.blogger import Blog, new_post

#: 15 minutes between polls become 0.9 s, the poller's 30 s tick 30 ms.
TIME_SCALE = 0.001
POSTED = "POST /channels/{channel}/messages"
EDITED = "PATCH /channels/{channel}/messages/{message}"


@pytest.fixture
async def blog() -> AsyncIterator[Blog]:
    blog = await Blog().start()
    yield blog
    await blog.close()


async def _primed(service: DramaService) -> bool:
    return all(feed.primed for feed in await service.feeds())


async def test_the_bot_announces_a_new_post_once_and_edits_it_when_the_post_is_edited(
    service: DramaService, discord_double: DiscordDouble, start_bot: StartBot, blog: Blog
) -> None:
    await service.follow_feed(blog.feed_url)
    await service.set_announce_channel(int(discord_double.guild_id), int(discord_double.channel_id))
    await start_bot(feed_time_scale=TIME_SCALE)
    for _ in range(100):
        if await _primed(service):
            break
        await asyncio.sleep(0.05)
    assert await _primed(service), "the bot's poller never polled"
    assert discord_double.requests_to(POSTED) == []  # the first poll announces nothing

    post = new_post()
    blog.posts.append(post)
    await discord_double.wait_until(
        lambda: bool(discord_double.requests_to(POSTED)), timeout=10, what="an announcement"
    )
    [posted] = discord_double.requests_to(POSTED)
    assert posted.status == 200 and posted.path == f"/channels/{discord_double.channel_id}/messages"
    body: dict[str, Any] = posted.json
    assert body["content"] == "A new review is up!"
    assert body["embeds"][0]["title"] == "Winter Radio (2024)"
    assert body["allowed_mentions"] == {"parse": []}
    found = [c for row in body["components"] for c in row["components"]]
    assert [b["label"] for b in found] == [
        "Read the full review on the blog",
        "Seen it",
        "Want to watch",
        "Rate",
    ]
    assert found[0]["url"] == f"{blog.base}{post.path()}"

    blog.replace_post(
        post.edited(
            "Every winter we look", "Every single winter we look", post.updated.replace(hour=23)
        )
    )
    await discord_double.wait_until(
        lambda: bool(discord_double.requests_to(EDITED)), timeout=10, what="an edit"
    )
    [edited] = discord_double.requests_to(EDITED)
    message_id = posted.response["id"]
    assert edited.status == 200 and edited.path.endswith(f"/messages/{message_id}")
    assert "Every single winter" in edited.json["embeds"][0]["description"]
    assert "Every single winter" in discord_double.messages[message_id]["embeds"][0]["description"]
    await asyncio.sleep(2.5)  # two more polls: nothing new to say
    assert len(discord_double.requests_to(POSTED)) == 1
    assert len(discord_double.requests_to(EDITED)) == 1


async def test_a_reader_presses_seen_and_rate_on_a_card_and_hears_back_alone(
    service: DramaService, discord_double: DiscordDouble, start_bot: StartBot
) -> None:
    await start_bot()
    sent = await discord_double.slash("review", title="move to heaven")
    await sent.response()
    card = sent.message
    ids = {b["label"]: b["custom_id"] for row in card["components"] for b in row["components"]}
    reader = discord_double.new_member("reader")  # someone else in the channel
    pressed = await discord_double.click(card, ids["Seen it"], member=reader)
    answer = await pressed.response()
    assert answer["type"] == 4 and answer["data"]["flags"] & 64  # a reply only they see
    assert answer["data"]["content"].startswith("Marked Move to Heaven (2021) seen.")
    rate = await discord_double.click(card, ids["Rate"], member=reader)
    modal = await rate.response()
    assert modal["type"] == 9 and modal["data"]["custom_id"].startswith("db:rm:")  # MODAL
    inputs = [row["components"][0] for row in modal["data"]["components"]]
    assert [(i["label"], i["required"], i["max_length"]) for i in inputs] == [
        ("Your score, 0 to 5 (halves allowed)", True, 4),
        ("A note (optional)", False, 200),
    ]


async def test_an_announcement_with_more_followers_than_twenty_pings_nobody_and_opens_a_thread(
    service: DramaService, discord_double: DiscordDouble, start_bot: StartBot
) -> None:
    from dramabot.domain.members import Member

    guild, channel = int(discord_double.guild_id), int(discord_double.channel_id)
    await service.set_announce_channel(guild, channel)
    for user_id in range(500, 521):  # 21 members of this server follow the drama, pings on
        member = Member(user_id, guild)
        await service.members.follow(member, title="move to heaven", actor=None)
        await service.members.settings(member, pings=True)
    bot = await start_bot(follow_feeds=False)
    drama = (await service.review("move to heaven")).drama
    assert await bot.announce_reviews([drama.id]) == 1
    [posted] = discord_double.requests_to(POSTED)
    assert (
        "<@" not in posted.json["content"] and "21 members here follow it" in posted.json["content"]
    )
    assert posted.json["allowed_mentions"] == {"parse": []}
    await discord_double.wait_until(
        lambda: bool(
            discord_double.requests_to("POST /channels/{channel}/messages/{message}/threads")
        ),
        what="a thread",
    )
    [thread] = discord_double.requests_to("POST /channels/{channel}/messages/{message}/threads")
    assert thread.status == 201 and thread.json["name"] == "Talk about Move to Heaven (2021)"
