"""A real DramaBot with every cog loaded over a seeded store; no login, no network."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from dramabot.client import DramaBot
from dramabot.service import DramaService
from tests.support.doubles import FakeInteraction


@pytest.fixture
async def bot(service: DramaService) -> AsyncIterator[DramaBot]:
    bot = DramaBot(service)
    loaded = await bot.load_cogs()
    assert len(loaded) >= 5
    bot.add_dynamic_items(*_dynamic_items())
    yield bot
    await bot.close()


def _dynamic_items() -> tuple[type, ...]:
    from dramabot.ui.views import PageButton, PickDrama

    return (PageButton, PickDrama)


@pytest.fixture
def interaction(bot: DramaBot) -> FakeInteraction:
    return FakeInteraction(bot)
