"""Shared fixtures: the read-only `../shared` folder (skipped when absent) and seeded services."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.service import DramaService, bundled_data_dir

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEED_POST = SHARED / "reviews" / "soundtrack-1-2022.txt"
DATASETS = SHARED / "datasets"


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
    """A service over a new database seeded with the bundled catalogue and posts."""
    service = await DramaService.open(tmp_path / "bundled.sqlite3")
    yield service
    await service.close()


@pytest.fixture
def bundled_dir() -> Path:
    return bundled_data_dir()
