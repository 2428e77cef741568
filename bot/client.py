"""DramaBot: the discord.py client. It is handed its service by the caller, loads an explicit
tuple of extensions in `setup_hook`, and turns any failure of a command into a short, kind
reply."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands

from dramabot.domain.answers import ReviewAnswer
from dramabot.domain.members import MAX_MENTIONS
from dramabot.feeds import Delivered
from dramabot.service import DramaService
from dramabot.ui.member_views import MarkButton, RateButton
from dramabot.ui.respond import reply_to_error
from dramabot.ui.views import PageButton, PickDrama, announcement, thread_name

log = logging.getLogger(__name__)


#: The cogs the bot loads, one per feature area.
EXTENSIONS = tuple(
    f"dramabot.cogs.{name}"
    for name in ("reviews", "recommend", "actors", "members", "me", "help", "admin")
)


class DramaTree(app_commands.CommandTree["DramaBot"]):
    """The command tree with the one error handler for every slash command."""

    async def on_error(
        self, interaction: discord.Interaction[DramaBot], error: app_commands.AppCommandError
    ) -> None:
        await reply_to_error(interaction, error)


class DramaBot(commands.Bot):
    """The bot: minimal intents, no mentions ever, slash commands only."""

    service: DramaService

    def __init__(
        self,
        service: DramaService,
        *,
        follow_feeds: bool = True,
        feed_time_scale: float = 1.0,
        **options: Any,
    ) -> None:
        # A text-only bot: the start-up warnings about missing voice libraries are noise.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        intents = discord.Intents.none()
        intents.guilds = True  # channel lookups for announcements; no message content
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=DramaTree,
            help_command=None,
            **options,
        )
        self.service = service
        #: Polls the followed feeds (while this process holds the lease) and announces.
        self.follower = service.feed_follower(self.deliver_announcements, feed_time_scale)
        self.follow_feeds = follow_feeds
        self._delivering = asyncio.Lock()

    async def setup_hook(self) -> None:
        await self.load_cogs()
        self.add_dynamic_items(PageButton, PickDrama, MarkButton, RateButton)
        if self.follow_feeds:
            self.follower.start()

    async def close(self) -> None:
        await self.follower.stop()
        await super().close()

    async def load_cogs(self) -> list[str]:
        """Load every cog; a cog that fails is logged and skipped, not fatal."""
        loaded = []
        for name in EXTENSIONS:
            try:
                await self.load_extension(name)
                loaded.append(name)
            except commands.ExtensionError:
                log.exception("could not load %s", name)
        return loaded

    async def announce_reviews(self, drama_ids: list[int]) -> int:
        """Queue new reviews (an `/import`) and announce what is queued; how many were posted."""
        await self.service.queue_announcements(drama_ids)
        return (await self.deliver_announcements()).posted

    async def deliver_announcements(self) -> Delivered:
        """Post or edit the queued announcements (one delivery at a time in this process)."""
        async with self._delivering:
            return await self.service.deliver_announcements(self)

    def _announcement_channel(self, channel_id: int) -> discord.abc.Messageable:
        """The channel, from the cache when one of this process's shards holds its server; else
        by id alone (the poller of a sharded bot announces in every server)."""
        channel = self.get_channel(channel_id)
        if isinstance(channel, discord.abc.Messageable):
            return channel
        return self.get_partial_messageable(channel_id)

    async def post_announcement(
        self, channel_id: int, answer: ReviewAnswer, followers: list[int]
    ) -> int | None:
        channel = self._announcement_channel(channel_id)
        try:
            message = await channel.send(**announcement(answer, followers))
        except (discord.HTTPException, aiohttp.ClientError, OSError):
            log.warning("could not announce in channel %s", channel_id, exc_info=True)
            return None
        if len(followers) > MAX_MENTIONS:
            try:
                await message.create_thread(name=thread_name(answer))
            except (discord.HTTPException, AttributeError, ValueError):  # ValueError: no guild
                log.warning("could not open a thread for announcement %s", message.id)
        return message.id

    async def edit_announcement(
        self, channel_id: int, message_id: int, answer: ReviewAnswer
    ) -> bool:
        channel = self._announcement_channel(channel_id)
        try:
            shown = announcement(answer)  # the mentions stay as they were: nobody is pinged again
            del shown["content"], shown["allowed_mentions"]
            await channel.get_partial_message(message_id).edit(**shown)  # type: ignore[attr-defined]
        except discord.NotFound:
            log.info("the announcement %s in channel %s is gone", message_id, channel_id)
            return False
        except discord.HTTPException:
            log.warning("could not edit announcement %s", message_id, exc_info=True)
            return True  # kept: the next edit of the post tries again
        return True


class ShardedDramaBot(DramaBot, commands.AutoShardedBot):
    """DramaBot for some of the bot's gateway shards, one process among several sharing one
    PostgreSQL database: `dramabot run --shards 0-1 --shard-count 4`."""
