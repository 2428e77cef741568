"""The connections to the store's SQLite file (WAL, foreign keys on) and its transactions.

Writes go through one connection, one transaction per unit of work, serialised by a lock; reads use
a second, read-only connection, so a lookup never waits for an import and never sees half of one.
The names generation (a counter moved by triggers) tells a process whether another one changed
titles or names.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import sqlite3
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Concatenate, ParamSpec, Self, TypeVar

import aiosqlite

from dramabot.storage.faults import (
    DatabaseFault,
    can_write,
    explain,
    is_fault,
    refuse_foreign,
)
from dramabot.storage.migrate import current_version, latest_version, migrate

DB_ENV = "DRAMABOT_DB"
DEFAULT_DB_NAME = "dramabot.sqlite3"
#: The application's name for the user's data and state folders.
APP_NAME = "dramabot"
_BUSY_TIMEOUT_MS = 30_000
P = ParamSpec("P")
T = TypeVar("T")
D = TypeVar("D", bound="Database")


def default_db_path() -> Path:
    """Where the database is when `--db` does not say: `$DRAMABOT_DB`; else a
    `dramabot.sqlite3` left in the working folder by older versions (still used, so that
    nothing imported there is lost); else `dramabot.sqlite3` in the user's data folder
    (`platformdirs`: `~/.local/share/dramabot` on Linux), one database for every folder."""
    if configured := os.environ.get(DB_ENV):
        return Path(configured)
    legacy = Path.cwd() / DEFAULT_DB_NAME
    if legacy.is_file():
        return legacy
    return home_db_path()


def home_db_path() -> Path:
    """`dramabot.sqlite3` in the user's data folder (the folder may not exist yet)."""
    import platformdirs  # only where a default is needed: it costs a few ms at startup

    return platformdirs.user_data_path(APP_NAME, appauthor=False) / DEFAULT_DB_NAME


def snapshot(
    read: Callable[Concatenate[D, P], Awaitable[T]],
) -> Callable[Concatenate[D, P], Awaitable[T]]:
    """A store read that runs in one read transaction (see `Database._read`)."""

    @functools.wraps(read)
    async def in_snapshot(self: D, *args: P.args, **kwargs: P.kwargs) -> T:
        async with self._read():
            return await read(self, *args, **kwargs)

    return in_snapshot


class Database:
    """The connections to one SQLite file; `Store` adds the typed queries. Create with
    `await Store.open(path)`; close with `await store.close()`."""

    def __init__(
        self,
        path: Path,
        writer: aiosqlite.Connection,
        reader: aiosqlite.Connection,
        read_only: bool = False,
    ):
        self.path = path
        #: A file dramabot may not write (or in a folder it may not write): lookups only.
        self.read_only = read_only
        self._writer = writer
        self._reader = reader
        self._write_lock = asyncio.Lock()
        self._read_lock = asyncio.Lock()
        self._reading: ContextVar[bool] = ContextVar(f"reading-{id(self)}", default=False)
        #: The names generation as this process last saw it: after its own writes, or when its
        #: name indexes were loaded; None before either. See `names_changed_elsewhere`.
        self._names_seen: int | None = None
        self._changed_elsewhere = False

    @classmethod
    async def open(cls, path: str | os.PathLike[str]) -> Self:
        """Open (creating and migrating if needed) the database file at `path`; a read-only one
        for lookups only. `DatabaseFault` says, in one line, why a file cannot be used; such a
        file is left exactly as it was."""
        path = Path(path)
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
        return cls(path, writer, reader, read_only=not writable)

    async def close(self) -> None:
        """Close both connections; the store cannot be used afterwards."""
        await self._reader.close()
        await self._writer.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """One write transaction: committed whole, or rolled back whole on any error (SQLite's
        own, such as a full disk, as a `DatabaseFault`)."""
        if self.read_only:
            raise DatabaseFault(f"{self.path} is read-only; nothing was changed")
        async with self._write_lock:
            try:
                await self._writer.execute("BEGIN IMMEDIATE")
                try:
                    before = await self._generation(self._writer)
                    if self._names_seen is not None and before != self._names_seen:
                        self._changed_elsewhere = True
                    yield self._writer
                    self._names_seen = await self._generation(self._writer)
                except BaseException:
                    with contextlib.suppress(sqlite3.Error):
                        await self._writer.rollback()
                    raise
                await self._writer.commit()
            except sqlite3.Error as error:
                if not is_fault(error):
                    raise
                raise explain(error, self.path) from None

    def mark_names_seen(self, generation: int) -> None:
        """Record that the caller's name indexes reflect the store at `generation`."""
        self._names_seen = generation
        self._changed_elsewhere = False

    async def names_changed_elsewhere(self) -> bool:
        """Whether another process (another bot, `dramabot import`) changed titles or names
        since `mark_names_seen`: the name indexes then need a reload."""
        if self._names_seen is None:
            return False
        return self._changed_elsewhere or await self.names_generation() != self._names_seen

    @staticmethod
    async def _generation(db: aiosqlite.Connection) -> int:
        rows = await db.execute_fetchall("SELECT value FROM meta WHERE key = 'names_generation'")
        return int(next(iter(rows))[0])

    @asynccontextmanager
    async def _read(self) -> AsyncIterator[None]:
        """One read transaction: every statement inside sees the same committed state, the
        latest when it began (a review is never read half replaced). Reads nest freely."""
        if self._reading.get():
            yield
            return
        async with self._read_lock:
            token = self._reading.set(True)
            try:
                await self._reader.execute("BEGIN")
                try:
                    yield
                finally:
                    await self._reader.execute("COMMIT")
            except sqlite3.Error as error:
                if not is_fault(error):
                    raise
                raise explain(error, self.path) from None
            finally:
                self._reading.reset(token)

    @snapshot
    async def names_generation(self) -> int:
        """A counter that moves whenever any title or name is added, removed or renamed."""
        return await self._generation(self._reader)


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
    return db
