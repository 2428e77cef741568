"""A store's database and its transactions, on either backend: a SQLite file (the default) or a
PostgreSQL server (a `postgresql://` URL).

Writes go through one connection, one transaction per unit of work, serialised by a lock here
and by the backend across processes; reads use a second connection, so a lookup never waits for
an import and never sees half of one. The names generation (a counter moved by triggers) tells
a process whether another one changed titles or names.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Concatenate, ParamSpec, Self, TypeVar
from urllib.parse import urlsplit, urlunsplit

from dramabot.storage.connection import Backend, Connection
from dramabot.storage.faults import DatabaseFault

DB_ENV = "DRAMABOT_DB"
DEFAULT_DB_NAME = "dramabot.sqlite3"
#: The application's name for the user's data and state folders.
APP_NAME = "dramabot"
#: How a database given as a URL (not a file) starts.
URL_SCHEMES = ("postgresql://", "postgres://")
P = ParamSpec("P")
T = TypeVar("T")
D = TypeVar("D", bound="Database")


def is_url(target: str | os.PathLike[str]) -> bool:
    """Whether a `--db` or `$DRAMABOT_DB` value names a PostgreSQL server rather than a file."""
    return isinstance(target, str) and target.startswith(URL_SCHEMES)


def redacted(url: str) -> str:
    """A URL as it may be shown: without its password."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username}@{parts.hostname or ''}" if parts.username else parts.hostname
    if parts.port:
        netloc = f"{netloc}:{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc or ""))


def default_db_path() -> Path | str:
    """Where the database is when `--db` does not say: `$DRAMABOT_DB` (a file or a URL); else a
    `dramabot.sqlite3` left in the working folder by older versions (still used, so that
    nothing imported there is lost); else `dramabot.sqlite3` in the user's data folder
    (`platformdirs`: `~/.local/share/dramabot` on Linux), one database for every folder."""
    if configured := os.environ.get(DB_ENV):
        return configured if is_url(configured) else Path(configured)
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
    return _reading(read, transaction=True)


def one_statement(
    read: Callable[Concatenate[D, P], Awaitable[T]],
) -> Callable[Concatenate[D, P], Awaitable[T]]:
    """A store read of a single statement, which sees one state anyway: no read transaction of
    its own (two round trips fewer), inside the caller's snapshot when there is one."""
    return _reading(read, transaction=False)


def _reading(
    read: Callable[Concatenate[D, P], Awaitable[T]], transaction: bool
) -> Callable[Concatenate[D, P], Awaitable[T]]:
    @functools.wraps(read)
    async def reading(self: D, *args: P.args, **kwargs: P.kwargs) -> T:
        async with self._read(transaction):
            return await read(self, *args, **kwargs)

    return reading


class Database:
    """One database's connections; `Store` adds the typed queries. Create with
    `await Store.open(path_or_url)`; close with `await store.close()`."""

    def __init__(self, target: str, backend: Backend) -> None:
        #: What opens this database again: the file's path or the server's URL.
        self.location = target
        #: How users see it: the path, or the URL without its password.
        self.shown = backend.shown
        #: The SQLite file; None on a server.
        self.path: Path | None = getattr(backend, "path", None)
        self.snapshot_path = backend.snapshot_path
        #: A database dramabot may not write: lookups only.
        self.read_only = backend.read_only
        self.dialect = backend.writer.dialect
        self._backend = backend
        self._writer: Connection = backend.writer
        self._reader: Connection = backend.reader
        self._write_lock = asyncio.Lock()
        self._read_lock = asyncio.Lock()
        self._reading: ContextVar[bool] = ContextVar(f"reading-{id(self)}", default=False)
        #: The names generation as this process last saw it: after its own writes, or when its
        #: name indexes were loaded; None before either. See `names_changed_elsewhere`.
        self._names_seen: int | None = None
        self._changed_elsewhere = False

    @classmethod
    async def open(cls, target: str | os.PathLike[str]) -> Self:
        """Open (creating and migrating if needed) the database: a SQLite file's path, or a
        `postgresql://` URL. `DatabaseFault` says, in one line, why it cannot be used; such a
        database is left exactly as it was."""
        backend: Backend
        if is_url(target):
            from dramabot.storage.postgres import PostgresBackend  # asyncpg only when asked

            backend = await PostgresBackend.open(str(target))
        else:
            from dramabot.storage.sqlite import SqliteBackend

            backend = await SqliteBackend.open(Path(target))
        return cls(str(target), backend)

    async def close(self) -> None:
        """Close both connections; the store cannot be used afterwards."""
        await self._backend.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()

    @asynccontextmanager
    async def _transaction(self, names: bool = True) -> AsyncIterator[Connection]:
        """One write transaction: committed whole, or rolled back whole on any error (the
        database's own, such as a full disk, as a `DatabaseFault`). A transaction that may
        change titles or names (`names`) notes the names generation before and after it; one
        that cannot (members' rows, feeds, settings) skips those two reads."""
        if self.read_only:
            raise DatabaseFault(f"{self.shown} is read-only; nothing was changed")
        async with self._write_lock:
            try:
                await self._backend.begin_write()
                try:
                    if names:
                        before = await self._generation(self._writer)
                        if self._names_seen is not None and before != self._names_seen:
                            self._changed_elsewhere = True
                    yield self._writer
                    if names:
                        self._names_seen = await self._generation(self._writer)
                except BaseException:
                    with contextlib.suppress(Exception):
                        await self._backend.end_write(commit=False)
                    raise
                await self._backend.end_write(commit=True)
            except Exception as error:
                if (fault := self._backend.fault(error)) is None:
                    raise
                raise fault from None

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
    async def _generation(db: Connection) -> int:
        row = await db.fetch_one("SELECT value FROM meta WHERE key = 'names_generation'")
        return int(row[0]) if row else 0

    def reading(self) -> AbstractAsyncContextManager[None]:
        """One read snapshot around several reads that must agree (a card: its review, its
        cast, its members' line): they see one state of the store, and on a server they cost
        one transaction, not one each. Lists need none: each of their statements is whole on
        its own (a review with its scores), and a count a moment newer is harmless."""
        return self._read()

    @asynccontextmanager
    async def _read(self, transaction: bool = True) -> AsyncIterator[None]:
        """One read transaction: every statement inside sees the same committed state, the
        latest when it began (a review is never read half replaced). Reads nest freely. Without
        `transaction`, the reader only (for one statement, which sees one state anyway)."""
        if self._reading.get():
            yield
            return
        async with self._read_lock:
            token = self._reading.set(True)
            try:
                if not transaction:
                    yield
                    return
                await self._backend.begin_read()
                try:
                    yield
                finally:
                    await self._backend.end_read()
            except Exception as error:
                if (fault := self._backend.fault(error)) is None:
                    raise
                raise fault from None
            finally:
                self._reading.reset(token)

    @one_statement
    async def names_generation(self) -> int:
        """A counter that moves whenever any title or name is added, removed or renamed."""
        return await self._generation(self._reader)
