"""DramaBot: the discord.py client. It is handed its service by the caller, loads an explicit
tuple of extensions in `setup_hook`, and turns any failure of a command into a short, kind
reply."""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from dramabot.service import DramaService
from dramabot.ui import embeds
from dramabot.ui.respond import reply_to_error
from dramabot.ui.views import PageButton, PickDrama

log = logging.getLogger(__name__)


#: The cogs the bot loads, one per feature area.
EXTENSIONS = tuple(
    f"dramabot.cogs.{name}" for name in ("reviews", "recommend", "actors", "help", "admin")
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

    def __init__(self, service: DramaService, **options: Any) -> None:
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

    async def setup_hook(self) -> None:
        await self.load_cogs()
        self.add_dynamic_items(PageButton, PickDrama)

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
        """Post the card of each new review in every server's announcement channel."""
        sent = 0
        for channel_id, answer in await self.service.announcements(drama_ids):
            channel = self.get_channel(channel_id)
            if not isinstance(channel, discord.abc.Messageable):
                continue
            try:
                await channel.send(
                    content="A new review is up!",
                    embed=embeds.review_pages(answer)[0],
                    allowed_mentions=discord.AllowedMentions.none(),
                )
                sent += 1
            except discord.HTTPException:
                log.warning("could not announce in channel %s", channel_id, exc_info=True)
        return sent
