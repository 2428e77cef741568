"""Answering an interaction: one reply, no mentions, paging buttons when there are pages."""

from __future__ import annotations

import logging
import uuid
from typing import Any

import discord
from discord import app_commands

from bot.domain.errors import UserFacingError
from bot.ui.pages import PageRef

log = logging.getLogger(__name__)


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
    from bot.ui.views import pager  # views answer errors through this module

    view = pager(ref, 0, len(pages), interaction.user.id)
    await send(interaction, embed=pages[0], view=view, ephemeral=ephemeral)


async def reply_to_error(interaction: discord.Interaction, error: Exception) -> None:
    """Any failure becomes a short ephemeral message; unexpected ones get an id in the log."""
    cause = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    if isinstance(cause, UserFacingError):
        message = cause.message
    elif isinstance(cause, app_commands.CommandOnCooldown):
        message = f"Slow down a little: try again in {cause.retry_after:.0f} s."
    elif isinstance(cause, app_commands.MissingPermissions | app_commands.NoPrivateMessage):
        message = "You need the Manage Server permission in a server for that."
    elif isinstance(cause, app_commands.CheckFailure):
        message = "You can't use this command here."
    else:
        error_id = uuid.uuid4().hex[:8]
        command = interaction.command.qualified_name if interaction.command else "?"
        log.error("error %s in /%s", error_id, command, exc_info=cause)
        message = f"Sorry, something went wrong on my side (error {error_id})."
    await send(interaction, content=message, ephemeral=True)
