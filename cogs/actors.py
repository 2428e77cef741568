"""`/actor name:`: an actor's roles from reviews and the catalogue, reviewed titles marked."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from dramabot.domain.answers import actor_ref
from dramabot.ui import embeds
from dramabot.ui.choices import person_choices
from dramabot.ui.views import send_pages

if TYPE_CHECKING:
    from dramabot.client import DramaBot


class Actors(commands.Cog):
    def __init__(self, bot: DramaBot) -> None:
        self.bot = bot

    @app_commands.command(name="actor")
    @app_commands.allowed_installs(guilds=True, users=True)
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    @app_commands.describe(
        name="The actor, e.g. Park Hyung Sik (any romanization or order)",
        ephemeral="Show the answer only to you",
    )
    async def actor(
        self, interaction: discord.Interaction, name: app_commands.Range[str, 1, 200],
        ephemeral: bool = False,
    ) -> None:  # fmt: skip
        """An actor's dramas and roles; the ones Oppa and Noona reviewed are marked."""
        profile = await self.bot.service.actor(name)
        pages = embeds.actor_pages(profile)
        await send_pages(interaction, pages, actor_ref(profile.person.id), ephemeral)

    @actor.autocomplete("name")
    async def actor_name(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return person_choices(await self.bot.service.person_options(current))


async def setup(bot: DramaBot) -> None:
    await bot.add_cog(Actors(bot))
