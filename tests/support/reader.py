"""Reading a store's tables from plain (not async) test code, on either backend: sqlite3 on a
file (read-only), or asyncpg on a private event loop for a PostgreSQL URL."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import asyncpg


class StoreReader:
    """One connection to a store, for queries from test code that watches another process."""

    def __init__(self, target: Path | str) -> None:
        self.target = target
        self.is_sqlite = isinstance(target, Path)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._connection: Any = None

    def rows(self, sql: str) -> list[tuple[Any, ...]] | None:
        """A query's rows; None while the database does not exist or is not migrated yet."""
        if self.is_sqlite:
            assert isinstance(self.target, Path)
            try:
                reader = sqlite3.connect(f"{self.target.as_uri()}?mode=ro", uri=True, timeout=1)
            except sqlite3.Error:
                return None
            try:
                return reader.execute(sql).fetchall()
            except sqlite3.Error:
                return None
            finally:
                reader.close()
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
            self._connection = self._loop.run_until_complete(asyncpg.connect(str(self.target)))
        try:
            found = self._loop.run_until_complete(self._connection.fetch(sql))
        except asyncpg.UndefinedTableError:
            return None
        return [tuple(row) for row in found]

    def close(self) -> None:
        if self._loop is not None:
            self._loop.run_until_complete(self._connection.close())
            self._loop.close()
            self._loop = None
