"""`/watchlist` (or one random pick from it), `/taste` (agreement with Oppa, Noona and another
member), and `/me`: your settings, your data as a file, and forgetting it all."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from dramabot.cogs.members import ANYWHERE, EVERY_CONTEXT
from dramabot.ui.member_views import ForgetView, member_of
from dramabot.ui.members import export_file, taste_card, watchlist_card
from dramabot.ui.respond import send

if TYPE_CHECKING:
    from dramabot.client import DramaBot

FORGET_WARNING = (
    "This deletes your favourites, follows, seen and want marks, ratings in every server and "
    "your settings. It cannot be undone."
)


class Me(commands.Cog):
    def __init__(self, bot: DramaBot) -> None:
        self.bot = bot

    me = app_commands.Group(
        name="me",
        description="Your settings and your data",
        allowed_installs=ANYWHERE,
        allowed_contexts=EVERY_CONTEXT,
    )

    @app_commands.command(name="watchlist")
    @app_commands.describe(
        length="short (8 episodes or fewer), medium (up to 16) or any",
        random="Pick one for tonight",
        ephemeral="Show it only to you (the default)",
    )
    @app_commands.allowed_installs(guilds=True, users=True)
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    async def watchlist(
        self,
        interaction: discord.Interaction,
        length: Literal["short", "medium", "any"] | None = None,
        random: bool = False,
        ephemeral: bool = True,
    ) -> None:
        """The dramas you want to watch, or one of them at random ("something short tonight")."""
        members = self.bot.service.members
        found = await members.watchlist(member_of(interaction), length, random)
        await send(interaction, embed=watchlist_card(found), ephemeral=ephemeral)

    @app_commands.command(name="taste")
    @app_commands.describe(member="Compare with another member (both must share their taste)")
    @app_commands.allowed_installs(guilds=True, users=True)
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    async def taste(
        self, interaction: discord.Interaction, member: discord.User | None = None
    ) -> None:
        """How often your ratings agree with Oppa's, Noona's, and another member's."""
        found = await self.bot.service.members.taste(
            member_of(interaction),
            member.id if member else None,
            member.display_name if member else "",
        )
        await send(interaction, embed=taste_card(found), ephemeral=True)

    @me.command(name="settings")
    @app_commands.describe(
        pings="Be mentioned when a drama or actor you follow (or a favourite) gets a review",
        share_taste="Let other members compare their taste with yours in /taste",
    )
    async def settings(
        self,
        interaction: discord.Interaction,
        pings: bool | None = None,
        share_taste: bool | None = None,
    ) -> None:
        """Show or change whether you are pinged, and whether your taste may be compared."""
        members = self.bot.service.members
        pings_on, sharing = await members.settings(member_of(interaction), pings, share_taste)
        content = (
            f"Pings for new reviews: **{'on' if pings_on else 'off'}**. "
            f"Taste shared for /taste: **{'yes' if sharing else 'no'}**."
        )
        await send(interaction, content=content, ephemeral=True)

    @me.command(name="export")
    async def export(self, interaction: discord.Interaction) -> None:
        """Everything the bot keeps of you, as a JSON file only you see."""
        data = await self.bot.service.members.export(member_of(interaction))
        await interaction.response.send_message(
            "Here is everything dramabot keeps of you.", file=export_file(data), ephemeral=True
        )

    @me.command(name="forget")
    async def forget(self, interaction: discord.Interaction) -> None:
        """Delete everything the bot keeps of you, after you confirm."""
        await send(
            interaction,
            content=FORGET_WARNING,
            view=ForgetView(interaction.user.id),
            ephemeral=True,
        )


async def setup(bot: DramaBot) -> None:
    await bot.add_cog(Me(bot))
