"""The Discord side of the `dramabot` command: the token, the bot's start, the command sync.
The launcher creates the service and hands it to the bot, as RoboDanny's does."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import discord
from dotenv import load_dotenv

from dramabot.client import DramaBot
from dramabot.domain.errors import UserFacingError
from dramabot.service import DramaService

TOKEN_ENV = "DISCORD_TOKEN"


async def command_payload() -> list[dict[str, Any]]:
    """Exactly what `sync` sends: every application command as Discord's API takes it."""
    with tempfile.TemporaryDirectory() as folder:
        service = await DramaService.open(Path(folder) / "commands.sqlite3", seed=False)
        try:
            bot = DramaBot(service)
            await bot.load_cogs()
            return [command.to_dict(bot.tree) for command in bot.tree.get_commands()]
        finally:
            await service.close()


def discord_token() -> str:
    """The bot token from `DISCORD_TOKEN` (a `.env` file in the working directory counts)."""
    load_dotenv(Path.cwd() / ".env")
    token = os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        raise UserFacingError(
            f"Set {TOKEN_ENV} (or put {TOKEN_ENV}=... in a .env file) to connect to Discord. "
            "Without a token, use the console: dramabot"
        )
    return token


async def run_bot(service: DramaService) -> int:
    token = discord_token()
    discord.utils.setup_logging()
    async with DramaBot(service) as bot:
        try:
            await bot.start(token)
        except discord.LoginFailure:
            raise UserFacingError(f"Discord rejected the token in {TOKEN_ENV}.") from None
    return 0


async def sync(service: DramaService, guild_id: int | None) -> int:
    token = discord_token()
    async with DramaBot(service) as bot:
        try:
            await bot.login(token)  # runs setup_hook: the cogs are loaded
        except discord.LoginFailure:
            raise UserFacingError(f"Discord rejected the token in {TOKEN_ENV}.") from None
        guild = discord.Object(id=guild_id) if guild_id else None
        if guild is not None:
            bot.tree.copy_global_to(guild=guild)
        synced = await bot.tree.sync(guild=guild)
    where = f"server {guild_id}" if guild else "every server (global; allow up to an hour)"
    print(f"synced {len(synced)} commands to {where}")
    return 0
