"""Server management, for members with Manage Server: `/import` posts and catalogue files from
attachments, `/settings announce` the channel where new reviews are posted, `/settings feed` and
`/settings unfollow` the blog feed the bot follows, `/settings show` all of it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from dramabot.domain.feeds import DEFAULT_INTERVAL_MINUTES, FollowedFeed
from dramabot.importers import read_upload
from dramabot.ui import embeds
from dramabot.ui.respond import send
from dramabot.ui.settings import feed_choices, settings_card

if TYPE_CHECKING:
    from dramabot.client import DramaBot

MANAGE_SERVER = discord.Permissions(manage_guild=True)
IN_SERVERS_ONLY = app_commands.AppCommandContext(guild=True)
#: The longest feed address accepted (browsers' practical limit).
MAX_URL = 2000


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
        file="A post (.txt/.md/.html), a blog backup (.xml/.atom) or a catalogue (.json/.csv)",
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

    @settings.command(name="feed")
    @app_commands.describe(
        url="The blog's feed, e.g. https://www.oppanoona.kr/feeds/posts/default",
        every="Minutes between polls (default 15)",
    )
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.check(in_a_server)
    async def feed(
        self,
        interaction: discord.Interaction,
        url: app_commands.Range[str, 1, MAX_URL],
        every: app_commands.Range[int, *FollowedFeed.INTERVALS] = DEFAULT_INTERVAL_MINUTES,
    ) -> None:
        """Follow the blog's feed: each new post is imported and announced by itself."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        new = await self.bot.service.follow_feed(url, every)
        verb = "Following" if new else "Still following"
        message = (
            f"{verb} <{url.strip()}> every {every} min. The first poll imports every post and "
            "announces nothing; each later post is announced once in the announce channel."
        )
        await send(interaction, content=message, ephemeral=True)

    @settings.command(name="unfollow")
    @app_commands.describe(url="A followed feed")
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.check(in_a_server)
    async def unfollow(
        self, interaction: discord.Interaction, url: app_commands.Range[str, 1, MAX_URL]
    ) -> None:
        """Stop following a feed; the reviews it brought stay."""
        await self.bot.service.unfollow_feed(url)
        await send(interaction, content=f"No longer following <{url.strip()}>.", ephemeral=True)

    @unfollow.autocomplete("url")
    async def followed_feeds(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        feeds = await self.bot.service.feeds()
        return feed_choices(feeds, current)

    @settings.command(name="show")
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.check(in_a_server)
    async def show(self, interaction: discord.Interaction) -> None:
        """This server's settings, and the feeds the bot follows with their last poll."""
        assert interaction.guild_id is not None  # `in_a_server` has checked
        channel_id = await self.bot.service.announce_channel(interaction.guild_id)
        feeds = await self.bot.service.feeds()
        await send(interaction, embed=settings_card(channel_id, feeds), ephemeral=True)


async def setup(bot: DramaBot) -> None:
    await bot.add_cog(Admin(bot))
