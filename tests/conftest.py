"""Shared fixtures: the read-only `../shared` folder (skipped when absent) and seeded services."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import discord
import pytest
import yarl
from discord.gateway import DiscordWebSocket

from dramabot.config import bundled_data_dir
from dramabot.service import DramaService

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEED_POST = SHARED / "reviews" / "soundtrack-1-2022.txt"
DATASETS = SHARED / "datasets"
#: Posts written here in the blog's shape (invented scores, for tests only; never bundled).
FIXTURE_POSTS = REPO / "tests" / "fixtures" / "posts"
#: A closed local port: a test that forgets to use the Discord double fails fast, offline.
NOWHERE = "127.0.0.1:9"


@pytest.fixture(autouse=True)
def no_real_discord(monkeypatch: pytest.MonkeyPatch) -> None:
    """Point discord.py's REST API and gateway at a closed local port, so that no test can
    ever reach Discord; the end-to-end tests point them at their double instead."""
    monkeypatch.setattr(discord.http.Route, "BASE", f"http://{NOWHERE}/api/v10")
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(f"ws://{NOWHERE}/"))


@pytest.fixture(autouse=True)
def user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's data and state folders (the default database, the console's history) in the
    test's own folder: no test writes to the real ones. Subprocesses inherit them."""
    home = tmp_path / "user-folders"
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.delenv("DRAMABOT_DB", raising=False)
    return home


@pytest.fixture
def seed_post_text() -> str:
    """The real blog post; tests using it skip on a clone without `../shared`."""
    if not SEED_POST.is_file():
        pytest.skip("../shared/reviews is not present")
    return SEED_POST.read_text(encoding="utf-8")


@pytest.fixture
def datasets() -> Path:
    if not (DATASETS / "kdramas.csv").is_file():
        pytest.skip("../shared/datasets is not present")
    return DATASETS


@pytest.fixture
async def empty_service(tmp_path: Path) -> AsyncIterator[DramaService]:
    """A service over a brand-new database, without the bundled data."""
    service = await DramaService.open(tmp_path / "empty.sqlite3", seed=False)
    yield service
    await service.close()


@pytest.fixture
async def service(tmp_path: Path) -> AsyncIterator[DramaService]:
    """A service over a new database seeded with the bundled data, plus the fixture posts (full
    texts the bundled facts do not have)."""
    service = await DramaService.open(tmp_path / "bundled.sqlite3")
    report = await service.import_paths([FIXTURE_POSTS])
    assert report.failed == 0, report.summary()
    yield service
    await service.close()


@pytest.fixture
def bundled_dir() -> Path:
    return bundled_data_dir()
