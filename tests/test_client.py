"""The discord.py client: what it loads, what it may send, how it announces; no network."""

from __future__ import annotations

import logging
import pkgutil
from types import SimpleNamespace

import discord
import pytest

import dramabot.cogs
from dramabot import client
from dramabot.client import DramaBot
from dramabot.service import DramaService
from tests.support.doubles import FakeChannel


class GoneChannel(FakeChannel):
    """A channel deleted since it was set: Discord answers 404."""

    async def send(self, **_: object) -> None:
        gone = SimpleNamespace(status=404, reason="Not Found")
        raise discord.NotFound(gone, {"message": "Unknown Channel", "code": 10003})  # type: ignore[arg-type]


def test_every_cog_module_is_an_extension() -> None:
    modules = {f"dramabot.cogs.{m.name}" for m in pkgutil.iter_modules(dramabot.cogs.__path__)}
    assert set(client.EXTENSIONS) == modules


async def test_the_bot_asks_for_no_privileged_intent_and_never_pings(
    service: DramaService,
) -> None:
    bot = DramaBot(service)
    try:
        assert bot.intents.value == discord.Intents(guilds=True).value
        assert not bot.intents.message_content and not bot.intents.members
        mentions = bot.allowed_mentions
        assert mentions is not None
        assert (mentions.everyone, mentions.users, mentions.roles) == (False, False, False)
        loaded = await bot.load_cogs()
        assert loaded == list(client.EXTENSIONS)
        assert {c.name for c in bot.tree.get_commands()} >= {"review", "recommend", "actor"}
    finally:
        await bot.close()


async def test_a_cog_that_fails_to_load_is_logged_and_the_others_load(
    service: DramaService, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(client, "EXTENSIONS", ("dramabot.cogs.no_such_cog", "dramabot.cogs.help"))
    bot = DramaBot(service)
    try:
        with caplog.at_level(logging.ERROR, logger="dramabot.client"):
            loaded = await bot.load_cogs()
        assert loaded == ["dramabot.cogs.help"]
        assert "could not load dramabot.cogs.no_such_cog" in caplog.text
    finally:
        await bot.close()


async def test_a_new_review_is_announced_once_per_channel_without_pings(
    service: DramaService, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot = DramaBot(service)
    channels = {101: FakeChannel(), 202: FakeChannel()}
    monkeypatch.setattr(bot, "get_channel", channels.get)
    monkeypatch.setattr(bot, "get_partial_messageable", lambda channel_id, **_: GoneChannel())
    try:
        for guild, channel in ((1, 101), (2, 202), (3, 303)):  # 303 is gone
            await service.set_announce_channel(guild, channel)
        drama = (await service.review("move to heaven")).drama
        assert await bot.announce_reviews([drama.id]) == 2
        assert await bot.announce_reviews([drama.id]) == 0  # announced already
        for channel in channels.values():
            [post] = channel.posted
            assert post["embed"].title == drama.label
            assert post["allowed_mentions"].to_dict() == {"parse": []}
    finally:
        await bot.close()
