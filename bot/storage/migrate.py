"""Numbered `.sql` migrations, one folder per dialect (`migrations/sqlite`, `migrations/postgresql`)
with the same numbers in both, applied in order, each in its own transaction. SQLite keeps the
version in `PRAGMA user_version` (in the file's header, written in the same transaction);
PostgreSQL in the `schema_version` table."""

from __future__ import annotations

import re
import sqlite3
from functools import cache
from importlib import resources

import aiosqlite

from dramabot.storage.faults import DatabaseFault

_MIGRATION = re.compile(r"^(\d{4})_[\w-]+\.sql$")
DIALECTS = ("sqlite", "postgresql")


@cache
def migrations(dialect: str = "sqlite") -> tuple[tuple[int, str], ...]:
    """Every bundled migration of a dialect as (version, SQL), oldest first."""
    folder = resources.files("dramabot.storage") / "migrations" / dialect
    found = []
    for entry in folder.iterdir():
        match = _MIGRATION.match(entry.name)
        if match:
            found.append((int(match[1]), entry.read_text(encoding="utf-8")))
    return tuple(sorted(found))


def latest_version() -> int:
    """The schema version a fully migrated database has (either dialect)."""
    return max(version for version, _ in migrations())


def check_version(current: int) -> int:
    """`current`, or `DatabaseFault` when the database is newer than this code."""
    if current > latest_version():
        raise DatabaseFault(
            f"the database is at schema version {current}, newer than this dramabot "
            f"({latest_version()}); upgrade dramabot"
        )
    return current


async def migrate(db: aiosqlite.Connection) -> int:
    """Apply every migration newer than a SQLite database.

    The version is read inside each write transaction, so two processes opening a new database
    at once apply each migration once: the second finds it done.
    """
    current = await current_version(db)
    for version, sql in migrations("sqlite"):
        if version <= current:
            continue
        await db.execute("BEGIN IMMEDIATE")
        try:
            current = await current_version(db)
            if version > current:
                for statement in _statements(sql):
                    await db.execute(statement)
                await db.execute(f"PRAGMA user_version = {version}")
                current = version
        except BaseException:
            await db.rollback()
            raise
        await db.commit()
    return current


async def current_version(db: aiosqlite.Connection) -> int:
    """The schema version of a SQLite database; `DatabaseFault` when newer than this code."""
    rows = await db.execute_fetchall("PRAGMA user_version")
    return check_version(int(next(iter(rows))[0]))


def _statements(sql: str) -> list[str]:
    """The statements of a script, split where SQLite says one is complete (a trigger's body
    holds semicolons of its own)."""
    statements, pending = [], ""
    for part in sql.split(";"):
        pending += part + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n\t;"):
                statements.append(pending.strip())
            pending = ""
    return statements
