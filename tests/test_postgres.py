"""PostgreSQL as the store: the URL in `--db` and `$DRAMABOT_DB`, its migrations, and the one
line a wrong URL, a refused connection or a wrong password gives (never the password)."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
from pathlib import Path

import asyncpg
import pytest

from dramabot.cli import main
from dramabot.domain.members import Member
from dramabot.service import DramaService
from dramabot.storage.copy import DERIVED, TABLES
from dramabot.storage.database import Database
from dramabot.storage.migrate import migrations
from dramabot.ui import embeds
from dramabot.ui.text import embed_to_text
from tests.conftest import FIXTURE_POSTS, NewDatabase
from tests.support.postgres import PASSWORD_ROLE


@pytest.fixture
def backend() -> str:
    """Every database of this module's tests is a PostgreSQL one."""
    return "postgresql"


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_both_dialects_have_the_same_migrations() -> None:
    assert [v for v, _ in migrations("sqlite")] == [v for v, _ in migrations("postgresql")]


async def test_the_cli_runs_on_a_url_and_seeds_an_empty_database(
    new_database: NewDatabase, capsys: pytest.CaptureFixture[str]
) -> None:
    url = str(await new_database("cli"))
    code = await asyncio.to_thread(main, ["--db", url, "review", "reply 1988"])
    out, err = capsys.readouterr()
    assert code == 0 and "Reply 1988" in out and "Oppa" in out, err
    service = await DramaService.open(url)
    try:
        counts = await service.store.counts()
        assert counts["reviews"] > 0 and counts["dramas"] > 100
    finally:
        await service.close()


async def test_dramabot_db_may_be_a_url(
    new_database: NewDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = str(await new_database("env"))
    monkeypatch.setenv("DRAMABOT_DB", url)
    done = subprocess.run(
        [sys.executable, "-m", "dramabot", "actor", "Park Hyung Sik"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0 and "Park Hyung Sik" in done.stdout, done.stderr
    async with await Database.open(url) as db:
        assert db.dialect == "postgresql"
        assert await db._reader.fetch_all("SELECT 1 FROM reviews LIMIT 1")


async def test_two_processes_on_a_new_database_migrate_it_once(new_database: NewDatabase) -> None:
    url = str(await new_database("race"))
    stores = await asyncio.gather(*(Database.open(url) for _ in range(4)))
    try:
        rows = await stores[0]._reader.fetch_all("SELECT version FROM schema_version")
        assert sorted(row[0] for row in rows) == [v for v, _ in migrations("postgresql")]
    finally:
        for store in stores:
            await store.close()


async def test_a_database_of_another_application_is_refused_and_left_alone(
    new_database: NewDatabase, capsys: pytest.CaptureFixture[str]
) -> None:
    url = str(await new_database("foreign"))
    other = await asyncpg.connect(url)
    await other.execute("CREATE TABLE notes (id INT PRIMARY KEY, body TEXT)")
    code = await asyncio.to_thread(main, ["--db", url, "review", "reply 1988"])
    _, err = capsys.readouterr()
    tables = await other.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    await other.close()
    assert code == 1 and "another application's tables" in err
    assert [t["tablename"] for t in tables] == ["notes"]


def bad_url_cases(server: str) -> dict[str, tuple[str, str]]:
    host = server.split("@", 1)[1].rsplit("/", 1)[0]
    return {
        "not a url": ("postgresql://user@host:notaport/db", "not a usable PostgreSQL URL"),
        "refused": (f"postgresql://postgres@127.0.0.1:{closed_port()}/x", "refused the connection"),
        "no such database": (f"postgresql://postgres@{host}/no_such_db", "does not exist"),
        "wrong password": (
            f"postgresql://{PASSWORD_ROLE}:wrong-secret-42@{host}/postgres",
            "wrong user name or password",
        ),
    }


@pytest.mark.parametrize("case", ["not a url", "refused", "no such database", "wrong password"])
async def test_a_bad_url_gives_one_line_without_the_password(
    case: str, postgres_server: str
) -> None:
    admin = await asyncpg.connect(postgres_server)
    try:
        await admin.execute(f"DROP ROLE IF EXISTS {PASSWORD_ROLE}")
        await admin.execute(f"CREATE ROLE {PASSWORD_ROLE} LOGIN PASSWORD 'right-secret-42'")
    finally:
        await admin.close()
    url, words = bad_url_cases(postgres_server)[case]
    for command in (["review", "reply 1988"], ["import", "nothing.txt"], []):
        done = subprocess.run(
            [sys.executable, "-m", "dramabot", "--db", url, *command],
            capture_output=True, text=True, timeout=60, input="",
        )  # fmt: skip
        lines = done.stderr.strip().splitlines()
        assert done.returncode == 1 and done.stdout == "", (case, command, done)
        assert len(lines) == 1 and words in lines[0], (case, command, done.stderr)
        assert "secret" not in done.stderr and "Traceback" not in done.stderr


async def fingerprint(target: str) -> dict[str, object]:
    """What a user sees of a database: counts, a card, an actor, a member's lists and the
    per-server counts the triggers keep."""
    service = await DramaService.open(target, seed=False)
    try:
        yuna = Member(7, guild_id=70)
        answer = await service.review("reply 1988", yuna)
        watchlist = await service.members.watchlist(yuna)
        seen = await service.store._reader.fetch_all(
            "SELECT guild_id, drama_id, members FROM guild_seen WHERE members > 0 ORDER BY 1, 2"
        )
        return {
            "counts": await service.store.counts(),
            "card": embed_to_text(embeds.review_pages(answer)[0]),
            "community": answer.community,
            "actor": [c.drama.title for c in (await service.actor("Park Hyung Sik")).credits],
            "favourites": [p.name for p in await service.members.favourites(yuna)],
            "watchlist": [item.drama.title for item in watchlist.items],
            "seen here": [tuple(row) for row in seen],
        }
    finally:
        await service.close()


async def test_copy_moves_everything_from_sqlite_to_postgresql_and_back(
    new_database: NewDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = tmp_path / "original.sqlite3"
    service = await DramaService.open(original)
    try:
        yuna, minho = Member(7, guild_id=70), Member(8, guild_id=70)
        await service.members.favourite(yuna, "Park Hyung Sik")
        await service.members.mark(yuna, "move to heaven", "want")
        for member, score in ((yuna, 4.5), (minho, 3.0)):
            await service.members.rate_title(member, "reply 1988", score, "a note")
    finally:
        await service.close()
    url = str(await new_database("copy"))
    back = tmp_path / "back.sqlite3"
    for source, target in ((str(original), url), (url, str(back))):
        code = await asyncio.to_thread(main, ["copy", source, target])
        out, err = capsys.readouterr()
        assert code == 0 and "230 dramas" in out and "2 ratings" in out, err
    before = await fingerprint(str(original))
    assert before["community"] is not None and before["favourites"] == ["Park Hyung Sik"]
    assert await fingerprint(url) == before
    assert await fingerprint(str(back)) == before
    # New rows after a copy are numbered after the copied ones (no clash on PostgreSQL).
    copied = await DramaService.open(url)
    try:
        await copied.import_paths([FIXTURE_POSTS])
        assert (await copied.store.counts())["reviews"] > before["counts"]["reviews"]  # type: ignore[index]
    finally:
        await copied.close()


async def test_copy_refuses_a_target_that_holds_data_and_changes_nothing(
    new_database: NewDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = str(await new_database("full"))
    await (await DramaService.open(url)).close()  # seeded with the bundled data
    source = tmp_path / "source.sqlite3"
    await (await DramaService.open(source)).close()
    before = await fingerprint(url)
    code = await asyncio.to_thread(main, ["copy", str(source), url])
    _, err = capsys.readouterr()
    assert code == 1 and "is not empty" in err and len(err.strip().splitlines()) == 1
    assert await fingerprint(url) == before


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
async def test_copy_knows_every_table_of_both_schemas(
    kind: str, tmp_path: Path, new_database: NewDatabase
) -> None:
    """A table added by a migration must be copied, or named as filled by the triggers."""
    if kind == "sqlite":
        target: Path | str = tmp_path / "schema.sqlite3"
        query = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    else:
        target = await new_database("schema")
        query = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
    async with await Database.open(target) as db:
        tables = {row[0] for row in await db._reader.fetch_all(query)} - {"schema_version"}
    assert tables == set(TABLES) | set(DERIVED)
