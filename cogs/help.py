"""`/help`: every command with an example."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from dramabot.ui import embeds
from dramabot.ui.respond import send

if TYPE_CHECKING:
    from dramabot.client import DramaBot


class Help(commands.Cog):
    def __init__(self, bot: DramaBot) -> None:
        self.bot = bot

    @app_commands.command(name="help")
    async def help(self, interaction: discord.Interaction) -> None:
        """What dramabot can do, with an example of each command."""
        await send(interaction, embed=embeds.help_card(), ephemeral=True)


async def setup(bot: DramaBot) -> None:
    await bot.add_cog(Help(bot))
