"""Shared fixtures: the read-only `../shared` folder (skipped when absent) and seeded services."""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import discord
import pytest
import yarl
from discord.gateway import DiscordWebSocket

from dramabot.config import bundled_data_dir
from dramabot.service import DramaService
from tests.support import postgres

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEED_POST = SHARED / "reviews" / "soundtrack-1-2022.txt"
DATASETS = SHARED / "datasets"
#: Posts written here in the blog's shape (invented scores, for tests only; never bundled).
FIXTURE_POSTS = REPO / "tests" / "fixtures" / "posts"
#: A closed local port: a test that forgets to use the Discord double fails fast, offline.
NOWHERE = "127.0.0.1:9"
#: Tests under these paths run on both backends: SQLite, and PostgreSQL when one can be started.
BOTH_BACKENDS = ("storage", "importers", "reliability", "feeds", "test_members.py")
BACKENDS = ("sqlite", "postgresql")
#: A target for a new database: a SQLite file's path, or a PostgreSQL URL.
NewDatabase = Callable[[str], Awaitable[Path | str]]
_database_numbers = itertools.count()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run the storage, importer, reliability, feed and members tests on both backends."""
    if "backend" not in metafunc.fixturenames:
        return
    parts = Path(metafunc.definition.path).relative_to(REPO / "tests").parts
    if parts[0] in BOTH_BACKENDS:
        metafunc.parametrize("backend", BACKENDS, indirect=True)


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


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The superuser URL of a PostgreSQL server on 127.0.0.1: `$DRAMABOT_TEST_POSTGRES` (what
    `.ci/run` starts), else a throwaway cluster of this test session's own. Its folder is not
    under pytest's temporary folder, which each new pytest run makes private to its owner (the
    server runs as `postgres` when the tests run as root)."""
    if url := os.environ.get(postgres.URL_ENV):
        yield url
        return
    if reason := postgres.missing_reason():
        pytest.skip(reason)
    folder = Path(tempfile.mkdtemp(prefix="dramabot-test-postgres-"))
    try:
        yield postgres.start(folder)
    finally:
        postgres.stop(folder)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """The store's backend: "sqlite", except where `BOTH_BACKENDS` runs a test on each."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
async def new_database(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> AsyncIterator[NewDatabase]:
    """Makes new, empty databases of the test's backend, named for what they hold; the
    PostgreSQL ones are dropped after the test."""
    import asyncpg

    created: list[str] = []
    admin_url = request.getfixturevalue("postgres_server") if backend == "postgresql" else ""

    async def make(name: str) -> Path | str:
        if backend == "sqlite":
            return tmp_path / f"{name}.sqlite3"
        database = f"dramabot_{name}_{os.getpid()}_{next(_database_numbers)}"
        admin = await asyncpg.connect(admin_url)
        try:
            await admin.execute(
                f"CREATE DATABASE \"{database}\" TEMPLATE template0 ENCODING 'UTF8' "
                "LC_COLLATE 'C' LC_CTYPE 'C'"
            )
        finally:
            await admin.close()
        created.append(database)
        return admin_url.rsplit("/", 1)[0] + f"/{database}"

    yield make
    if created:
        admin = await asyncpg.connect(admin_url)
        try:
            for database in created:
                await admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        finally:
            await admin.close()


@pytest.fixture
async def empty_service(new_database: NewDatabase) -> AsyncIterator[DramaService]:
    """A service over a brand-new database, without the bundled data."""
    service = await DramaService.open(await new_database("empty"), seed=False)
    yield service
    await service.close()


@pytest.fixture
async def service(new_database: NewDatabase) -> AsyncIterator[DramaService]:
    """A service over a new database seeded with the bundled data, plus the fixture posts (full
    texts the bundled facts do not have)."""
    service = await DramaService.open(await new_database("bundled"))
    report = await service.import_paths([FIXTURE_POSTS])
    assert report.failed == 0, report.summary()
    yield service
    await service.close()


@pytest.fixture
def bundled_dir() -> Path:
    return bundled_data_dir()
