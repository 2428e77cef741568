"""The Discord side of the `dramabot` command: the token, the bot's start, the command sync.
The launcher creates the service and hands it to the bot, as RoboDanny's does."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import Any

import aiohttp
import discord
from dotenv import load_dotenv

from dramabot.client import DramaBot, ShardedDramaBot
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


def shards_text(shard_ids: list[int]) -> str:
    """`0-1`, `0,2`: shard ids as `--shards` takes them."""
    if len(shard_ids) > 1 and shard_ids == list(range(shard_ids[0], shard_ids[-1] + 1)):
        return f"{shard_ids[0]}-{shard_ids[-1]}"
    return ",".join(map(str, shard_ids))


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


async def run_bot(
    service: DramaService, shard_ids: list[int] | None = None, shard_count: int | None = None
) -> int:
    """Connect and serve until stopped; one line when connected, one line if it cannot. With
    `shard_ids`, this process serves those of the bot's `shard_count` gateway shards."""
    token = discord_token()
    await service.names.freeze_when_loaded()  # no full collection walks the name indexes again
    for logger in ("discord", "dramabot.feeds"):  # the CLI's one handler prints them
        logging.getLogger(logger).setLevel(logging.INFO)  # (each feed poll is one line)
    bot = (
        ShardedDramaBot(service, shard_ids=shard_ids, shard_count=shard_count)
        if shard_ids is not None
        else DramaBot(service)
    )
    async with bot:

        async def say_ready() -> None:
            commands = len(bot.tree.get_commands())
            shards = f" (shards {shards_text(shard_ids)} of {shard_count})" if shard_ids else ""
            print(
                f"ready: logged in as {bot.user} in {len(bot.guilds)} servers{shards}, "
                f"{commands} commands",
                flush=True,
            )

        bot.add_listener(say_ready, "on_ready")
        try:
            await bot.start(token)
        except discord.LoginFailure:
            raise UserFacingError(f"Discord rejected the token in {TOKEN_ENV}.") from None
        except (aiohttp.ClientConnectionError, OSError) as error:
            raise _unreachable(error) from None
    return 0


async def sync(service: DramaService, guild_id: int | None) -> int:
    """Register the slash commands, globally or with one server."""
    token = discord_token()
    async with DramaBot(service, follow_feeds=False) as bot:
        try:
            await bot.login(token)  # runs setup_hook: the cogs are loaded
            guild = discord.Object(id=guild_id) if guild_id else None
            if guild is not None:
                bot.tree.copy_global_to(guild=guild)
            synced = await bot.tree.sync(guild=guild)
        except discord.LoginFailure:
            raise UserFacingError(f"Discord rejected the token in {TOKEN_ENV}.") from None
        except discord.Forbidden:
            raise UserFacingError(
                f"Discord refused: the bot is not in server {guild_id}, or was invited without "
                "the applications.commands scope"
            ) from None
        except (aiohttp.ClientConnectionError, OSError) as error:
            raise _unreachable(error) from None
    where = f"server {guild_id}" if guild else "every server (global; allow up to an hour)"
    print(f"synced {len(synced)} commands to {where}")
    return 0


def _unreachable(error: BaseException) -> UserFacingError:
    reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return UserFacingError(f"cannot reach Discord ({reason}); check the network")
