"""Answering an interaction: one reply that can ping nobody, and any failure as a short
private message (the views add the buttons)."""

from __future__ import annotations

import logging
import uuid
from typing import Any

import discord
from discord import app_commands

from dramabot.domain.errors import UserFacingError

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
