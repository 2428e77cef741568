"""A member's own lists: `/favourite` actors, `/follow` dramas and actors, `/seen`, `/want` and
`/rate` titles. Personal answers go only to the member."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from dramabot.domain.members import NOTE_CHARS
from dramabot.domain.models import MAX_SCORE
from dramabot.ui.choices import person_choices, title_choices
from dramabot.ui.member_views import marked_reply, member_of, rated_reply
from dramabot.ui.members import favourites_card, follows_card
from dramabot.ui.respond import send

if TYPE_CHECKING:
    from dramabot.client import DramaBot

#: Commands anyone may add to their own account and use in DMs, as well as in servers.
ANYWHERE = app_commands.AppInstallationType(guild=True, user=True)
EVERY_CONTEXT = app_commands.AppCommandContext(guild=True, dm_channel=True, private_channel=True)
Name = app_commands.Range[str, 1, 200]


class Members(commands.Cog):
    def __init__(self, bot: DramaBot) -> None:
        self.bot = bot

    favourite = app_commands.Group(
        name="favourite",
        description="Your favourite actors: /recommend picks from their dramas for you",
        allowed_installs=ANYWHERE,
        allowed_contexts=EVERY_CONTEXT,
    )
    follow = app_commands.Group(
        name="follow",
        description="Dramas and actors whose new reviews ping you (with /me settings pings)",
        allowed_installs=ANYWHERE,
        allowed_contexts=EVERY_CONTEXT,
    )

    @favourite.command(name="add")
    @app_commands.describe(name="An actor, e.g. Park Hyung Sik")
    async def favourite_add(self, interaction: discord.Interaction, name: Name) -> None:
        """Add a favourite actor."""
        person, added = await self.bot.service.members.favourite(member_of(interaction), name)
        said = "is now one of your favourites" if added else "was already a favourite"
        await send(interaction, content=f"{person.name} {said}.", ephemeral=True)

    @favourite.command(name="remove")
    @app_commands.describe(name="One of your favourite actors")
    async def favourite_remove(self, interaction: discord.Interaction, name: Name) -> None:
        """Remove a favourite actor."""
        members = self.bot.service.members
        person, removed = await members.favourite(member_of(interaction), name, on=False)
        said = "is no longer a favourite" if removed else "was not a favourite"
        await send(interaction, content=f"{person.name} {said}.", ephemeral=True)

    @favourite.command(name="list")
    async def favourite_list(self, interaction: discord.Interaction) -> None:
        """Your favourite actors."""
        people = await self.bot.service.members.favourites(member_of(interaction))
        await send(interaction, embed=favourites_card(people), ephemeral=True)

    @follow.command(name="add")
    @app_commands.describe(title="A drama to hear of", actor="An actor to hear of")
    async def follow_add(
        self, interaction: discord.Interaction, title: Name | None = None, actor: Name | None = None
    ) -> None:
        """Follow a drama or an actor: their new reviews ping you, if you turned pings on."""
        members = self.bot.service.members
        name, added = await members.follow(member_of(interaction), title=title, actor=actor)
        pings, _ = await members.settings(member_of(interaction))
        said = f"You follow {name}." if added else f"You already follow {name}."
        hint = "" if pings else " Turn pings on with `/me settings pings:True` to be told."
        await send(interaction, content=said + hint, ephemeral=True)

    @follow.command(name="remove")
    @app_commands.describe(title="A drama you follow", actor="An actor you follow")
    async def follow_remove(
        self, interaction: discord.Interaction, title: Name | None = None, actor: Name | None = None
    ) -> None:
        """Stop following a drama or an actor."""
        members = self.bot.service.members
        name, removed = await members.follow(
            member_of(interaction), title=title, actor=actor, on=False
        )
        said = f"You no longer follow {name}." if removed else f"You did not follow {name}."
        await send(interaction, content=said, ephemeral=True)

    @follow.command(name="list")
    async def follow_list(self, interaction: discord.Interaction) -> None:
        """What you follow, and whether new reviews ping you."""
        members = self.bot.service.members
        names = await members.follows(member_of(interaction))
        pings, _ = await members.settings(member_of(interaction))
        await send(interaction, embed=follows_card(names, pings), ephemeral=True)

    @app_commands.command(name="seen")
    @app_commands.describe(title="A drama you watched")
    @app_commands.allowed_installs(guilds=True, users=True)
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    async def seen(self, interaction: discord.Interaction, title: Name) -> None:
        """Mark a drama seen: for-you picks leave it out, and it counts on its card here."""
        members = self.bot.service.members
        drama, before = await members.mark(member_of(interaction), title, "seen")
        await send(interaction, content=marked_reply(drama, "seen", before), ephemeral=True)

    @app_commands.command(name="want")
    @app_commands.describe(title="A drama you want to watch")
    @app_commands.allowed_installs(guilds=True, users=True)
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    async def want(self, interaction: discord.Interaction, title: Name) -> None:
        """Put a drama on your watchlist."""
        members = self.bot.service.members
        drama, before = await members.mark(member_of(interaction), title, "want")
        await send(interaction, content=marked_reply(drama, "want", before), ephemeral=True)

    @app_commands.command(name="rate")
    @app_commands.describe(
        title="A drama you watched",
        score=f"0 to {MAX_SCORE:g}, in halves (4.5)",
        note=f"A few words, up to {NOTE_CHARS} characters",
    )
    @app_commands.allowed_installs(guilds=True, users=True)
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    async def rate(
        self,
        interaction: discord.Interaction,
        title: Name,
        score: app_commands.Range[float, 0.0, MAX_SCORE],
        note: app_commands.Range[str, 1, NOTE_CHARS] | None = None,
    ) -> None:
        """Rate a drama; your ratings here make this server's average and your taste."""
        members = self.bot.service.members
        drama, rating = await members.rate_title(member_of(interaction), title, score, note)
        await send(interaction, content=rated_reply(drama, rating), ephemeral=True)

    @seen.autocomplete("title")
    @want.autocomplete("title")
    @rate.autocomplete("title")
    @follow_add.autocomplete("title")
    @follow_remove.autocomplete("title")
    async def drama_titles(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return title_choices(await self.bot.service.title_options(current))

    @favourite_add.autocomplete("name")
    @favourite_remove.autocomplete("name")
    @follow_add.autocomplete("actor")
    @follow_remove.autocomplete("actor")
    async def actor_names(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return person_choices(await self.bot.service.person_options(current))


async def setup(bot: DramaBot) -> None:
    await bot.add_cog(Members(bot))
