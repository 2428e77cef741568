"""The buttons every review card carries for whoever reads it: Seen, Want, and Rate (a modal).
Persistent (`DynamicItem`: the custom id names the drama), answered only to the presser."""

from __future__ import annotations

import re
from typing import Any, Protocol

import discord

from dramabot.domain.errors import UserFacingError
from dramabot.domain.members import NOTE_CHARS, Mark, Member, Rating
from dramabot.domain.models import Drama
from dramabot.ui.members import marked_reply, rated_reply
from dramabot.ui.respond import reply_to_error

FORGET_SECONDS = 120.0


class MemberActions(Protocol):
    """What the buttons ask of the bot's members' service."""

    async def mark_id(
        self, member: Member, drama_id: int, mark: Mark | None
    ) -> tuple[Drama, Mark | None]: ...

    async def rate(
        self, member: Member, drama_id: int, score: float, note: str | None = None
    ) -> tuple[Drama, Rating]: ...

    async def forget(self, member: Member) -> int: ...


def member_of(interaction: discord.Interaction) -> Member:
    """The member asking: the user, in the server they asked in (0 in a DM)."""
    return Member(interaction.user.id, interaction.guild_id or 0)


def actions_of(interaction: discord.Interaction) -> MemberActions:
    return interaction.client.service.members  # type: ignore[attr-defined, no-any-return]


class MarkButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"db:m:(?P<mark>seen|want):(?P<drama>\d{1,20})",
):
    """Seen or Want, for whoever presses it."""

    def __init__(self, mark: Mark, drama_id: int) -> None:
        label = "Seen it" if mark == "seen" else "Want to watch"
        super().__init__(
            discord.ui.Button(
                label=label,
                emoji="✅" if mark == "seen" else "📌",
                style=discord.ButtonStyle.secondary,
                custom_id=f"db:m:{mark}:{drama_id}",
            )
        )
        self.mark: Mark = mark
        self.drama_id = drama_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button[Any], match: re.Match[str]
    ) -> MarkButton:
        return cls(match["mark"], int(match["drama"]))  # type: ignore[arg-type]

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            member = member_of(interaction)
            drama, before = await actions_of(interaction).mark_id(member, self.drama_id, self.mark)
            await interaction.response.send_message(
                marked_reply(drama, self.mark, before), ephemeral=True
            )
        except Exception as error:  # a button must never leave "This interaction failed"
            await reply_to_error(interaction, error)


class RateButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"db:r:(?P<drama>\d{1,20})"
):
    """Rate: opens a modal for a score and a note."""

    def __init__(self, drama_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Rate",
                emoji="⭐",
                style=discord.ButtonStyle.secondary,
                custom_id=f"db:r:{drama_id}",
            )
        )
        self.drama_id = drama_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button[Any], match: re.Match[str]
    ) -> RateButton:
        return cls(int(match["drama"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(RateModal(self.drama_id))


class RateModal(discord.ui.Modal, title="Rate this drama"):
    """A score from 0 to 5 in halves and an optional note."""

    score: discord.ui.TextInput[RateModal] = discord.ui.TextInput(
        label="Your score, 0 to 5 (halves allowed)", placeholder="4.5", max_length=4
    )
    note: discord.ui.TextInput[RateModal] = discord.ui.TextInput(
        label="A note (optional)",
        style=discord.TextStyle.paragraph,
        required=False,
        max_length=NOTE_CHARS,
    )

    def __init__(self, drama_id: int) -> None:
        super().__init__(custom_id=f"db:rm:{drama_id}")
        self.drama_id = drama_id

    async def on_submit(self, interaction: discord.Interaction) -> None:
        try:
            try:
                score = float(self.score.value.replace(",", ".").strip())
            except ValueError:
                raise UserFacingError(
                    f"'{self.score.value[:10]}' is not a score: type one like 4 or 4.5."
                ) from None
            drama, rating = await actions_of(interaction).rate(
                member_of(interaction), self.drama_id, score, self.note.value
            )
            await interaction.response.send_message(rated_reply(drama, rating), ephemeral=True)
        except Exception as error:
            await reply_to_error(interaction, error)


def member_buttons(drama_id: int) -> list[discord.ui.Item[discord.ui.View]]:
    """Seen, Want and Rate for a drama, on a row of their own."""
    items: list[discord.ui.Item[discord.ui.View]] = [
        MarkButton("seen", drama_id),
        MarkButton("want", drama_id),
        RateButton(drama_id),
    ]
    for item in items:
        item.row = 1
    return items


class ForgetView(discord.ui.View):
    """`/me forget`'s confirmation: one button, for the member who asked, for two minutes."""

    def __init__(self, owner_id: int) -> None:
        super().__init__(timeout=FORGET_SECONDS)
        self.owner_id = owner_id

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return interaction.user.id == self.owner_id

    @discord.ui.button(label="Delete everything of mine", style=discord.ButtonStyle.danger)
    async def confirm(
        self, interaction: discord.Interaction, button: discord.ui.Button[ForgetView]
    ) -> None:
        try:
            removed = await actions_of(interaction).forget(member_of(interaction))
            self.stop()
            await interaction.response.edit_message(
                content=f"Done: {removed} records deleted. The bot keeps nothing of yours now.",
                view=None,
            )
        except Exception as error:
            await reply_to_error(interaction, error)
