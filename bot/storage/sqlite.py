"""The SQLite backend (the default): one file in WAL mode, foreign keys on, behind aiosqlite.

Writes go through one connection, one `BEGIN IMMEDIATE` transaction per unit of work, so the
writers of every process take turns; reads use a second, read-only connection.
"""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import time
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Self

import aiosqlite

from dramabot.storage.connection import Params, Row
from dramabot.storage.faults import (
    DatabaseFault,
    can_write,
    explain,
    is_fault,
    refuse_foreign,
)
from dramabot.storage.migrate import current_version, latest_version, migrate
from dramabot.storage.name_snapshot import snapshot_path

_BUSY_TIMEOUT_MS = 30_000
#: Pages are read through a memory map of the file (writes still go through the WAL): a third
#: less CPU for the scattered index reads of an import's batch and of an answer.
_MMAP_BYTES = 256 << 20


class SqliteConnection:
    """An aiosqlite connection as the queries use it."""

    dialect = "sqlite"

    def __init__(self, raw: aiosqlite.Connection) -> None:
        self.raw = raw

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        return list(await self.raw.execute_fetchall(sql, params))

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        """For queries of one row: one round trip to the connection's thread, not three (run,
        fetch, close), since every lookup asks for the names generation first."""
        rows = await self.raw.execute_fetchall(sql, params)
        return next(iter(rows), None)

    async def execute(self, sql: str, params: Params = ()) -> int:
        async with self.raw.execute(sql, params) as cursor:
            return max(cursor.rowcount, 0)

    async def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        batch = list(rows)
        if batch:  # no round trip to the connection's thread for nothing
            await self.raw.executemany(sql, batch)

    async def stream(self, sql: str, size: int) -> AsyncIterator[list[Row]]:
        async with self.raw.execute(sql) as cursor:
            while rows := await cursor.fetchmany(size):
                yield list(rows)

    async def continue_numbering(self, table: str, column: str) -> None:
        return None  # SQLite numbers new rows after the largest anyway

    def any_of(self, values: Iterable[object]) -> tuple[str, object]:
        return "IN (SELECT value FROM json_each(?))", json.dumps(list(values))

    def json_items(self, column: str, alias: str) -> str:
        return f"json_each({column}) {alias}"


class SqliteBackend:
    """One SQLite file's connections. Open with `await SqliteBackend.open(path)`."""

    def __init__(self, path: Path, writer: aiosqlite.Connection, reader: aiosqlite.Connection):
        self.path = path
        self.shown = str(path)
        self.snapshot_path = snapshot_path(path)
        #: A file dramabot may not write (or in a folder it may not write): lookups only.
        self.read_only = False
        self.writer = SqliteConnection(writer)
        self.reader = SqliteConnection(reader)

    @classmethod
    async def open(cls, path: Path) -> Self:
        """Open (creating and migrating if needed) the file at `path`; a read-only one for
        lookups only. `DatabaseFault` says, in one line, why a file cannot be used; such a
        file is left exactly as it was."""
        writable = can_write(path)
        try:
            writer = await _connect(path, read_only=not writable)
        except sqlite3.Error as error:
            raise explain(error, path) from None
        try:
            await refuse_foreign(writer, path)  # before anything changes the file
            if writable:
                await _use_wal(writer)
                await writer.execute("PRAGMA synchronous = NORMAL")
                await migrate(writer)
            elif await current_version(writer) < latest_version():
                raise DatabaseFault(f"{path} is read-only and needs an upgrade; make it writable")
            reader = await _connect(path, read_only=not writable)
            await reader.execute("PRAGMA query_only = ON")
        except BaseException as error:
            await writer.close()
            if isinstance(error, sqlite3.Error):
                raise explain(error, path) from None
            raise
        backend = cls(path, writer, reader)
        backend.read_only = not writable
        return backend

    async def begin_write(self) -> None:
        await self.writer.raw.execute("BEGIN IMMEDIATE")

    async def end_write(self, commit: bool) -> None:
        if commit:
            await self.writer.raw.commit()
        else:
            await self.writer.raw.rollback()

    async def begin_read(self) -> None:
        await self.reader.raw.execute("BEGIN")

    async def end_read(self) -> None:
        await self.reader.raw.execute("COMMIT")

    def fault(self, error: BaseException) -> DatabaseFault | None:
        if isinstance(error, sqlite3.Error) and is_fault(error):
            return explain(error, self.path)
        return None

    async def take_lease(self, name: str, holder: str, seconds: float) -> bool | None:
        return None  # the lease table does it

    async def release_lease(self, name: str) -> None:
        return None

    async def close(self) -> None:
        await self.reader.raw.close()
        await self.writer.raw.close()


async def _use_wal(db: aiosqlite.Connection) -> None:
    """Switch a database to WAL (it stays so). The switch needs the file to itself and SQLite's
    busy handler does not wait for that: another process creating the same new database at this
    moment makes it retry, for up to the busy timeout."""
    deadline = time.monotonic() + _BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            rows = await db.execute_fetchall("PRAGMA journal_mode = WAL")
            if next(iter(rows))[0] == "wal":
                return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
        if time.monotonic() > deadline:
            raise sqlite3.OperationalError("could not switch the database to WAL")
        await asyncio.sleep(0.05)


async def _connect(path: Path, read_only: bool = False) -> aiosqlite.Connection:
    target: str | Path = path
    if read_only:  # in a folder it may not write either, not even SQLite's shared-memory file
        immutable = "&immutable=1" if not os.access(path.parent, os.W_OK) else ""
        target = f"{path.resolve().as_uri()}?mode=ro{immutable}"
    db = await aiosqlite.connect(
        target, isolation_level=None, timeout=_BUSY_TIMEOUT_MS / 1000, uri=read_only
    )
    await db.execute("PRAGMA foreign_keys = ON")
    await db.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
    await db.execute(f"PRAGMA mmap_size = {_MMAP_BYTES}")
    return db
