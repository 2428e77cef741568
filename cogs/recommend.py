"""`/recommend`: dramas by favourite actor, a drama you liked, length and score."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from dramabot.domain.answers import recommend_ref
from dramabot.domain.recommend import RecommendQuery as Query
from dramabot.ui import embeds
from dramabot.ui.choices import person_choices, title_choices
from dramabot.ui.member_views import member_of
from dramabot.ui.views import send_pages

if TYPE_CHECKING:
    from dramabot.client import DramaBot

RESULTS = 24


class Recommend(commands.Cog):
    def __init__(self, bot: DramaBot) -> None:
        self.bot = bot

    @app_commands.command(name="recommend")
    @app_commands.allowed_installs(guilds=True, users=True)
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    @app_commands.describe(
        actor="A favourite actor",
        like="A drama you liked: I'll find ones with shared cast, genres and length",
        length="short (8 episodes or fewer), medium (up to 16) or any",
        max_episodes="At most this many episodes",
        max_hours="The whole series in at most this many hours",
        min_score="Only reviewed dramas scored at least this (0 to 5)",
        unseen="Leave out what you marked seen",
        ephemeral="Show the answer only to you (picks for you always are)",
    )
    @app_commands.checks.cooldown(2, 10.0, key=lambda i: i.user.id)
    async def recommend(
        self,
        interaction: discord.Interaction,
        actor: app_commands.Range[str, 1, 200] | None = None,
        like: app_commands.Range[str, 1, 200] | None = None,
        length: Literal["short", "medium", "any"] | None = None,
        max_episodes: app_commands.Range[int, Query.EPISODES[0], Query.EPISODES[1]] | None = None,
        max_hours: app_commands.Range[float, Query.HOURS[0], Query.HOURS[1]] | None = None,
        min_score: app_commands.Range[float, Query.SCORES[0], Query.SCORES[1]] | None = None,
        unseen: bool = False,
        ephemeral: bool = False,
    ) -> None:
        """Dramas for you, or by actor, a drama you liked, length and score, with reasons."""
        service = self.bot.service
        # Names are resolved before deferring: a mistake is answered only to the asker. After a
        # public defer Discord would show it to everyone (the first followup keeps its flags).
        member = member_of(interaction)
        query = await service.recommend_query(
            actor=actor,
            like=like,
            length=length,
            max_episodes=max_episodes,
            max_hours=max_hours,
            min_score=min_score,
            limit=RESULTS,
            unseen=unseen,
            member=member,
        )
        ephemeral = ephemeral or query.for_you  # picks for you are a personal list
        await interaction.response.defer(ephemeral=ephemeral, thinking=True)
        picks = await service.recommend(query, member)
        pages = embeds.recommendation_pages(query, picks)
        await send_pages(interaction, pages, recommend_ref(query), ephemeral)

    @recommend.autocomplete("actor")
    async def recommend_actor(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return person_choices(await self.bot.service.person_options(current))

    @recommend.autocomplete("like")
    async def recommend_like(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return title_choices(await self.bot.service.title_options(current))


async def setup(bot: DramaBot) -> None:
    await bot.add_cog(Recommend(bot))
