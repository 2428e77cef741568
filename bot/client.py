"""DramaBot: the discord.py client. It is handed its service by the caller, loads every cog in
`cogs/` in `setup_hook`, and turns any failure of a command into a short, kind reply."""

from __future__ import annotations

import logging
import pkgutil
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

import cogs
from bot.service import DramaService
from bot.ui import embeds
from bot.ui.respond import reply_to_error
from bot.ui.views import PageButton, PickDrama

log = logging.getLogger(__name__)


def cog_extensions() -> list[str]:
    """Every module in `cogs/` (but `_private` ones), as extension names."""
    return [
        f"cogs.{module.name}"
        for module in pkgutil.iter_modules(cogs.__path__)
        if not module.name.startswith("_")
    ]


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
        for name in cog_extensions():
            try:
                await self.load_extension(name)
                loaded.append(name)
            except commands.ExtensionError:
                log.exception("could not load %s", name)
        return loaded

    async def announce_reviews(self, drama_ids: list[int]) -> int:
        """Post the card of each new review in every server's announcement channel."""
        channels = await self.service.store.announce_channels()
        sent = 0
        for drama_id in drama_ids:
            answer = await self.service.review_of_id(drama_id)
            if answer is None:
                continue
            pages = embeds.review_pages(answer)
            for channel_id in channels.values():
                channel = self.get_channel(channel_id)
                if not isinstance(channel, discord.abc.Messageable):
                    continue
                try:
                    await channel.send(
                        content="A new review is up!",
                        embed=pages[0],
                        allowed_mentions=discord.AllowedMentions.none(),
                    )
                    sent += 1
                except discord.HTTPException:
                    log.warning("could not announce in channel %s", channel_id, exc_info=True)
        return sent
