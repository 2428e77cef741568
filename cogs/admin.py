"""Server management, for members with Manage Server: `/import` posts and catalogue files from
attachments, and `/settings announce` the channel where new reviews are posted."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from dramabot.importers import read_upload
from dramabot.ui import embeds
from dramabot.ui.respond import send

if TYPE_CHECKING:
    from dramabot.client import DramaBot

MANAGE_SERVER = discord.Permissions(manage_guild=True)
IN_SERVERS_ONLY = app_commands.AppCommandContext(guild=True)


def in_a_server(interaction: discord.Interaction) -> bool:
    """A check: server settings and imports are refused in DMs, whatever Discord lets through."""
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage()
    return True


class Admin(commands.Cog):
    def __init__(self, bot: DramaBot) -> None:
        self.bot = bot

    settings = app_commands.Group(
        name="settings",
        description="Server settings for dramabot",
        default_permissions=MANAGE_SERVER,
        guild_only=True,
        allowed_contexts=IN_SERVERS_ONLY,
    )

    @app_commands.command(name="import")
    @app_commands.describe(
        file="A review post (.txt/.md) or a catalogue file (.json/.csv)",
        file2="Another file",
        file3="Another file",
    )
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    # Checks run bottom-up: a refused member must not put the server's import on cooldown.
    @app_commands.checks.cooldown(1, 10.0, key=lambda i: i.guild_id)
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.check(in_a_server)
    async def import_files(
        self,
        interaction: discord.Interaction,
        file: discord.Attachment,
        file2: discord.Attachment | None = None,
        file3: discord.Attachment | None = None,
    ) -> None:
        """Import review posts or catalogue files; new reviews are announced."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        sources = [
            await read_upload(a.filename, a.size, a.read)
            for a in (file, file2, file3)
            if a is not None
        ]
        report = await self.bot.service.import_sources(sources)
        await send(interaction, embed=embeds.import_report(report), ephemeral=True)
        await self.bot.announce_reviews(report.new_reviews)

    @settings.command(name="announce")
    @app_commands.describe(channel="Where new reviews are posted; leave empty to stop announcing")
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.check(in_a_server)
    async def announce(
        self, interaction: discord.Interaction, channel: discord.TextChannel | None = None
    ) -> None:
        """Choose the channel where the bot posts each new review."""
        assert interaction.guild_id is not None  # `in_a_server` has checked
        await self.bot.service.set_announce_channel(
            interaction.guild_id, channel.id if channel else None
        )
        message = (
            f"New reviews will be posted in {channel.mention}."
            if channel
            else "New reviews will not be announced."
        )
        await send(interaction, content=message, ephemeral=True)


async def setup(bot: DramaBot) -> None:
    await bot.add_cog(Admin(bot))
