"""Numbered `.sql` migrations applied in order, tracked by `PRAGMA user_version`."""

from __future__ import annotations

import re
from importlib import resources

import aiosqlite

_MIGRATION = re.compile(r"^(\d{4})_[\w-]+\.sql$")


def migrations() -> list[tuple[int, str]]:
    """Every bundled migration as (version, SQL), oldest first."""
    folder = resources.files("bot.storage") / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _MIGRATION.match(entry.name)
        if match:
            found.append((int(match[1]), entry.read_text(encoding="utf-8")))
    return sorted(found)


def latest_version() -> int:
    """The schema version a fully migrated database has."""
    return max(version for version, _ in migrations())


async def migrate(db: aiosqlite.Connection) -> int:
    """Apply every migration newer than the database, each in its own transaction."""
    async with db.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    current = row[0] if row else 0
    if current > latest_version():
        raise RuntimeError(
            f"the database is at schema version {current}, newer than this dramabot "
            f"({latest_version()}); upgrade dramabot"
        )
    for version, sql in migrations():
        if version <= current:
            continue
        try:
            await db.executescript(
                f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {version};\nCOMMIT;"
            )
        except Exception:
            if db.in_transaction:
                await db.rollback()
            raise
        current = version
    return current
