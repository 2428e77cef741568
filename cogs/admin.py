"""Server management, for members with Manage Server: `/import` posts and catalogue files from
attachments, and `/settings announce` the channel where new reviews are posted."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import DramaBot
from bot.domain.errors import UserFacingError
from bot.importers import SourceFile
from bot.importers.run import MAX_CATALOGUE_BYTES
from bot.ui import embeds
from bot.ui.respond import send

MANAGE_SERVER = discord.Permissions(manage_guild=True)


class Admin(commands.Cog):
    def __init__(self, bot: DramaBot) -> None:
        self.bot = bot

    settings = app_commands.Group(
        name="settings",
        description="Server settings for dramabot",
        default_permissions=MANAGE_SERVER,
        guild_only=True,
    )

    @app_commands.command(name="import")
    @app_commands.describe(
        file="A review post (.txt/.md) or a catalogue file (.json/.csv)",
        file2="Another file",
        file3="Another file",
    )
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.checks.cooldown(1, 10.0, key=lambda i: i.guild_id)
    async def import_files(
        self,
        interaction: discord.Interaction,
        file: discord.Attachment,
        file2: discord.Attachment | None = None,
        file3: discord.Attachment | None = None,
    ) -> None:
        """Import review posts or catalogue files; new reviews are announced."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        sources = []
        for attachment in (a for a in (file, file2, file3) if a is not None):
            if attachment.size > MAX_CATALOGUE_BYTES:
                sources.append(SourceFile(attachment.filename, None, "the file is too large"))
            else:
                sources.append(SourceFile(attachment.filename, await attachment.read()))
        report = await self.bot.service.import_sources(sources)
        await send(interaction, embed=embeds.import_report(report), ephemeral=True)
        await self.bot.announce_reviews(report.new_reviews)

    @settings.command(name="announce")
    @app_commands.describe(channel="Where new reviews are posted; leave empty to stop announcing")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def announce(
        self, interaction: discord.Interaction, channel: discord.TextChannel | None = None
    ) -> None:
        """Choose the channel where the bot posts each new review."""
        if interaction.guild_id is None:
            raise UserFacingError("This setting belongs to a server.")
        await self.bot.service.store.set_announce_channel(
            interaction.guild_id, channel.id if channel else None
        )
        message = (
            f"New reviews will be posted in {channel.mention}."
            if channel
            else ("New reviews will not be announced.")
        )
        await send(interaction, content=message, ephemeral=True)


async def setup(bot: DramaBot) -> None:
    await bot.add_cog(Admin(bot))
