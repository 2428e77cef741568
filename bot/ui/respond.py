"""Answering an interaction: one reply, no mentions, paging buttons when there are pages."""

from __future__ import annotations

from typing import Any

import discord

from bot.ui.pages import PageRef
from bot.ui.views import pager


async def send(
    interaction: discord.Interaction,
    *,
    content: str | None = None,
    embed: discord.Embed | None = None,
    view: discord.ui.View | None = None,
    ephemeral: bool = False,
) -> None:
    """Reply once: the first response, or a followup when the interaction was deferred."""
    kwargs: dict[str, Any] = {
        "content": content,
        "ephemeral": ephemeral,
        "allowed_mentions": discord.AllowedMentions.none(),
    }
    if embed is not None:
        kwargs["embed"] = embed
    if view is not None:
        kwargs["view"] = view
    if interaction.response.is_done():
        await interaction.followup.send(**kwargs)
    else:
        await interaction.response.send_message(**kwargs)


async def send_pages(
    interaction: discord.Interaction,
    pages: list[discord.Embed],
    ref: PageRef,
    ephemeral: bool = False,
) -> None:
    """Send the first page with paging buttons when there is more than one."""
    view = pager(ref, 0, len(pages), interaction.user.id)
    await send(interaction, embed=pages[0], view=view, ephemeral=ephemeral)
