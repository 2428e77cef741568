"""The PostgreSQL backend, for several bot processes sharing one database: asyncpg, two
connections a process (writes; reads in `REPEATABLE READ` snapshots), as on SQLite.

Every write transaction first takes one transaction-scoped advisory lock, so the writers of all
processes take turns exactly as SQLite's do, and the read-then-write units of work (an import's
merge, a claimed announcement) stay correct. The feed poller's lease is a session advisory lock,
released by the server the moment its process's connection ends.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
from collections.abc import AsyncIterator, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Self
from urllib.parse import urlsplit

import asyncpg

from dramabot.storage.connection import Params, Row
from dramabot.storage.database import redacted
from dramabot.storage.faults import DatabaseFault
from dramabot.storage.migrate import check_version, migrations

_CONNECT_TIMEOUT = 10.0
#: Prepared statements kept a connection (asyncpg's default is 100): every query the store
#: asks, so that none is prepared again, which would cost a round trip.
_STATEMENTS = 1000
_PLACEHOLDER = re.compile(r"\?")
#: Errors of the server or the network, not of the code: said in one line.
_FAULTS = (
    OSError,
    asyncio.TimeoutError,
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.InsufficientResourcesError,  # disk full, out of memory, too many connections
    asyncpg.OperatorInterventionError,  # the server shutting down or starting
    asyncpg.InsufficientPrivilegeError,
    asyncpg.ReadOnlySQLTransactionError,
    asyncpg.InvalidAuthorizationSpecificationError,
    asyncpg.InvalidCatalogNameError,
)


def lock_key(name: str) -> int:
    """The 64-bit advisory-lock key of one of dramabot's locks."""
    digest = hashlib.sha256(f"dramabot:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


_WRITES = lock_key("writes")
_MIGRATIONS = lock_key("migrations")


@lru_cache(maxsize=1024)
def numbered(sql: str) -> str:
    """A query with `?` placeholders in PostgreSQL's `$1, $2, ...` form."""
    count = 0

    def number(_: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return f"${count}"

    return _PLACEHOLDER.sub(number, sql)


class PostgresConnection:
    """An asyncpg connection as the queries use it."""

    dialect = "postgresql"

    def __init__(self, raw: asyncpg.Connection) -> None:
        self.raw = raw

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        return await self.raw.fetch(numbered(sql), *params)

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        return await self.raw.fetchrow(numbered(sql), *params)

    async def execute(self, sql: str, params: Params = ()) -> int:
        status = await self.raw.execute(numbered(sql), *params)
        count = status.rsplit(" ", 1)[-1]  # "INSERT 0 3", "UPDATE 2", "DELETE 0"
        return int(count) if count.isdigit() else 0

    async def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        batch = list(rows)
        if batch:
            await self.raw.executemany(numbered(sql), batch)

    async def stream(self, sql: str, size: int) -> AsyncIterator[list[Row]]:
        batch: list[Row] = []
        async for record in self.raw.cursor(numbered(sql), prefetch=size):
            batch.append(record)
            if len(batch) == size:
                yield batch
                batch = []
        if batch:
            yield batch

    async def continue_numbering(self, table: str, column: str) -> None:
        await self.raw.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
            f"coalesce(max({column}), 0) + 1, false) FROM {table}"
        )

    def any_of(self, values: Iterable[object]) -> tuple[str, object]:
        return "= ANY(?)", list(values)

    def json_items(self, column: str, alias: str) -> str:
        return f"jsonb_array_elements_text({column}::jsonb) {alias}(value)"


class PostgresBackend:
    """One PostgreSQL database's connections. Open with `await PostgresBackend.open(url)`."""

    def __init__(self, url: str, writer: asyncpg.Connection, reader: asyncpg.Connection) -> None:
        self.url = url
        self.shown = redacted(url)
        self.snapshot_path = _snapshot_path(self.shown)
        self.read_only = False
        self.writer = PostgresConnection(writer)
        self.reader = PostgresConnection(reader)
        self._lease_connection: asyncpg.Connection | None = None
        self._leases: set[str] = set()

    @classmethod
    async def open(cls, url: str) -> Self:
        """Connect and migrate; `DatabaseFault` in one line (never with the password) when the
        server cannot be reached, refuses the login, or holds another application's tables."""
        shown = redacted(url)
        writer = await _connect(url, shown)
        try:
            await _migrate(writer, shown)
            reader = await _connect(url, shown)
        except BaseException as error:
            await writer.close()
            if isinstance(error, _FAULTS):
                raise _explain(error, shown) from None
            raise
        return cls(url, writer, reader)

    async def begin_write(self) -> None:
        # One round trip: the simple protocol takes both statements at once.
        await self.writer.raw.execute(f"BEGIN; SELECT pg_advisory_xact_lock({_WRITES})")

    async def end_write(self, commit: bool) -> None:
        await self.writer.raw.execute("COMMIT" if commit else "ROLLBACK")

    async def begin_read(self) -> None:
        await self.reader.raw.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")

    async def end_read(self) -> None:
        await self.reader.raw.execute("COMMIT")

    def fault(self, error: BaseException) -> DatabaseFault | None:
        return _explain(error, self.shown) if isinstance(error, _FAULTS) else None

    async def take_lease(self, name: str, holder: str, seconds: float) -> bool | None:
        """Hold `name`'s advisory lock on a connection of its own (renewing is checking that
        the connection, and so the lock, is still there)."""
        try:
            if self._lease_connection is None or self._lease_connection.is_closed():
                self._leases.clear()
                self._lease_connection = await _connect(self.url, self.shown)
            if name in self._leases:
                await self._lease_connection.fetchval("SELECT 1")
                return True
            if await self._lease_connection.fetchval(
                "SELECT pg_try_advisory_lock($1)", lock_key(name)
            ):
                self._leases.add(name)
                return True
            return False
        except _FAULTS:
            self._drop_leases()
            return False

    async def release_lease(self, name: str) -> None:
        if name in self._leases and self._lease_connection is not None:
            self._leases.discard(name)
            try:
                await self._lease_connection.fetchval(
                    "SELECT pg_advisory_unlock($1)", lock_key(name)
                )
            except _FAULTS:
                self._drop_leases()

    def _drop_leases(self) -> None:
        self._leases.clear()
        if self._lease_connection is not None:
            self._lease_connection.terminate()
            self._lease_connection = None

    async def close(self) -> None:
        if self._lease_connection is not None:
            await self._lease_connection.close()
        await self.reader.raw.close()
        await self.writer.raw.close()


async def _connect(url: str, shown: str) -> asyncpg.Connection:
    try:
        return await asyncpg.connect(
            url,
            timeout=_CONNECT_TIMEOUT,
            statement_cache_size=_STATEMENTS,
            server_settings={
                "application_name": f"dramabot pid {os.getpid()}",
                # Every query is a few index lookups, for which the generic plan is the custom
                # one: planning each call again costs 0.1-0.3 ms, more than running it.
                "plan_cache_mode": "force_generic_plan",
            },
        )
    except (*_FAULTS, ValueError, asyncpg.ClientConfigurationError) as error:
        fault = _explain(error, shown)
        password = urlsplit(url).password
        if password and password in fault.message:  # a driver's message never shows it
            fault = DatabaseFault(fault.message.replace(password, "***"))
        raise fault from None


async def _migrate(db: asyncpg.Connection, shown: str) -> None:
    """Apply every migration newer than the database, each in its own transaction under the
    migrations lock, so two processes starting on a new database apply each one once."""
    async with db.transaction():
        await db.execute("SELECT pg_advisory_xact_lock($1)", _MIGRATIONS)
        current = await _version(db, shown)
    for version, sql in migrations("postgresql"):
        if version <= current:
            continue
        async with db.transaction():
            await db.execute("SELECT pg_advisory_xact_lock($1)", _MIGRATIONS)
            current = await _version(db, shown)
            if version > current:
                await db.execute(sql)
                await db.execute("INSERT INTO schema_version (version) VALUES ($1)", version)
                current = version


async def _version(db: asyncpg.Connection, shown: str) -> int:
    """The schema version (creating the version table in a new database); `DatabaseFault` for a
    database holding another application's tables."""
    if await db.fetchval("SELECT to_regclass('schema_version') IS NULL"):
        if await db.fetchval(
            "SELECT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = current_schema())"
        ):
            raise DatabaseFault(
                f"{shown} holds another application's tables, not a dramabot database; "
                "choose another database, nothing was changed"
            )
        await db.execute(
            "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, "
            "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
    return check_version(await db.fetchval("SELECT coalesce(max(version), 0) FROM schema_version"))


def _snapshot_path(shown: str) -> Path:
    """The name-index snapshot of a server's database, in this user's cache folder."""
    import platformdirs

    folder = platformdirs.user_cache_path("dramabot", appauthor=False)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"postgresql-{hashlib.sha256(shown.encode()).hexdigest()[:16]}.names"


def _explain(error: BaseException, shown: str) -> DatabaseFault:
    """A connection or server error as one line naming the database (never its password)."""
    if isinstance(error, DatabaseFault):
        return error
    said = str(error).strip() or type(error).__name__
    if isinstance(error, asyncpg.InvalidPasswordError):
        return DatabaseFault(f"{shown} refused the login: wrong user name or password")
    if isinstance(error, asyncpg.InvalidCatalogNameError):
        return DatabaseFault(f"{shown}: {said}; create it first (createdb)")
    if isinstance(error, ConnectionRefusedError | asyncio.TimeoutError):
        what = "refused the connection" if isinstance(error, OSError) else "did not answer"
        return DatabaseFault(f"the PostgreSQL server at {shown} {what}; is it running?")
    if isinstance(error, ValueError | asyncpg.ClientConfigurationError):
        return DatabaseFault(f"{shown} is not a usable PostgreSQL URL ({said})")
    if isinstance(error, OSError | asyncpg.PostgresConnectionError | asyncpg.InterfaceError):
        return DatabaseFault(f"the connection to {shown} failed ({said}); try again")
    return DatabaseFault(f"the database {shown} failed: {said}")
