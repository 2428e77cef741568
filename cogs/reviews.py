"""`/review title:`: the stored review of a drama, paged through the whole post."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from dramabot.domain.answers import review_ref
from dramabot.domain.errors import AmbiguousError
from dramabot.ui import embeds
from dramabot.ui.choices import title_choices
from dramabot.ui.member_views import member_of
from dramabot.ui.views import send_pages, send_pick_drama

if TYPE_CHECKING:
    from dramabot.client import DramaBot


class Reviews(commands.Cog):
    def __init__(self, bot: DramaBot) -> None:
        self.bot = bot

    @app_commands.command(name="review")
    @app_commands.allowed_installs(guilds=True, users=True)
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    @app_commands.describe(
        title="The drama, e.g. Soundtrack #1 (typos and other titles are fine)",
        ephemeral="Show the answer only to you",
    )
    async def review(
        self, interaction: discord.Interaction, title: app_commands.Range[str, 1, 200],
        ephemeral: bool = False,
    ) -> None:  # fmt: skip
        """Read Oppa and Noona's review of a drama: scores, cast, length and the whole post."""
        try:
            answer = await self.bot.service.review(title, member_of(interaction))
        except AmbiguousError as tie:
            await send_pick_drama(interaction, list(tie.dramas), ephemeral, tie.note)
            return
        pages = embeds.review_pages(answer)
        await send_pages(interaction, pages, review_ref(answer.drama.id), ephemeral)

    @review.autocomplete("title")
    async def review_title(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return title_choices(await self.bot.service.title_options(current))


async def setup(bot: DramaBot) -> None:
    await bot.add_cog(Reviews(bot))
