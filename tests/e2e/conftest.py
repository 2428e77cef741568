"""Fixtures for end-to-end tests: the Discord double, and the real DramaBot connected to it.

discord.py is pointed at the double by configuration only: `Route.BASE` (REST) and
`DiscordWebSocket.DEFAULT_GATEWAY` (the first gateway connection; a non-sharded client does not
ask `GET /gateway/bot`). Resumes go where READY's `resume_gateway_url` says.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import discord
import pytest
import yarl
from discord.gateway import DiscordWebSocket

from dramabot.client import DramaBot
from dramabot.service import DramaService
from tests.conftest import FIXTURE_POSTS
from tests.e2e.double import DiscordDouble

#: The only option the e2e bots add to `DramaBot(service)`: discord.py waits this long after the
#: last GUILD_CREATE before `ready` (2 s by default), which would dominate every test.
FAST_READY: dict[str, Any] = {"guild_ready_timeout": 0.05}
READY_TIMEOUT = 10.0

StartBot = Callable[..., Awaitable[DramaBot]]


@pytest.fixture(scope="session")
def seeded_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database seeded with the bundled data and the fixture posts once per session (~1 s),
    with its name index snapshot; each test gets a copy. Seeded in a thread: no event loop of
    the tests is touched."""
    path = tmp_path_factory.mktemp("e2e-seed") / "bundled.sqlite3"

    async def seed() -> None:
        service = await DramaService.open(path)
        await service.import_paths([FIXTURE_POSTS])
        await service.close()

    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, seed()).result()
    return path


@pytest.fixture
async def service(seeded_database: Path, tmp_path: Path) -> AsyncIterator[DramaService]:
    """Like the shared `service` fixture (a tmp database with the bundled data), ten times
    faster: a copy of the session's seeded database, opened as `dramabot run` opens it."""
    for file in seeded_database.parent.iterdir():
        shutil.copy(file, tmp_path / file.name)
    service = await DramaService.open(tmp_path / seeded_database.name)
    yield service
    await service.close()


@pytest.fixture
async def discord_double(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[DiscordDouble]:
    """A running double, with discord.py's REST base and gateway URL pointed at it."""
    double = await DiscordDouble().start()
    monkeypatch.setattr(discord.http.Route, "BASE", double.api_url)
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(double.gateway_url))
    yield double
    await double.close()


@pytest.fixture
async def start_bot(
    service: DramaService, discord_double: DiscordDouble
) -> AsyncIterator[StartBot]:
    """Start a real DramaBot: log in, connect, wait for ready, sync the global commands.

    Call it inside the test (after setting up logging capture, say); every bot it started is
    closed, and its gateway task awaited, at teardown.
    """
    started: list[tuple[DramaBot, asyncio.Task[None] | None]] = []

    async def start(*, sync: bool = True, **options: Any) -> DramaBot:
        bot = DramaBot(service, **{**FAST_READY, **options})
        started.append((bot, None))
        await bot.login(discord_double.token)
        task = asyncio.create_task(bot.connect(), name="e2e bot.connect")
        started[-1] = (bot, task)
        await asyncio.wait_for(bot.wait_until_ready(), READY_TIMEOUT)
        if sync:
            await bot.tree.sync()
        return bot

    yield start
    for bot, task in started:
        await bot.close()
        if task is not None:
            await asyncio.wait_for(task, READY_TIMEOUT)


@pytest.fixture
async def bot(start_bot: StartBot) -> DramaBot:
    """A DramaBot that is logged in, connected, ready, with its commands synced globally."""
    return await start_bot()
