"""What the typed queries need of a database, the same for SQLite and PostgreSQL.

Queries are written once, with `?` placeholders; each backend's `Connection` runs them in its
dialect (PostgreSQL's are numbered `$1, $2, ...`). The few constructs the dialects spell
differently (a list of values as one parameter, a JSON list's items) come from the connection.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

from dramabot.storage.faults import DatabaseFault

#: A row as both drivers return it: indexable and unpackable.
Row = Sequence[Any]
Params = Sequence[object]


class Connection(Protocol):
    """One connection of a backend; queries use `?` placeholders."""

    dialect: str

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        """Every row a query returns."""
        ...

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        """The first row a query returns, or None."""
        ...

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run a statement; how many rows it inserted, updated or deleted."""
        ...

    async def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        """Run a statement once per row of parameters."""
        ...

    def stream(self, sql: str, size: int) -> AsyncIterator[list[Row]]:
        """A query's rows, `size` at a time (inside a read snapshot)."""
        ...

    async def continue_numbering(self, table: str, column: str) -> None:
        """After rows were written with their own numbers: new rows are numbered after them."""
        ...

    def any_of(self, values: Iterable[object]) -> tuple[str, object]:
        """`column {fragment}` tests membership in `values`, passed as one parameter whatever
        their number: (fragment, parameter)."""
        ...

    def json_items(self, column: str, alias: str) -> str:
        """A FROM item with the items of a JSON list column as `alias.value`."""
        ...


class Backend(Protocol):
    """A database's two connections (writes, and reads in snapshots) and its transactions."""

    #: How the database is shown to users: a file's path, or a URL without its password.
    shown: str
    #: Where the name-index snapshot of this database is kept.
    snapshot_path: Path
    read_only: bool
    writer: Connection
    reader: Connection

    async def begin_write(self) -> None:
        """Start the writer's transaction; writers of every process take turns."""
        ...

    async def end_write(self, commit: bool) -> None: ...

    async def begin_read(self) -> None:
        """Start a read-only snapshot on the reader."""
        ...

    async def end_read(self) -> None: ...

    def fault(self, error: BaseException) -> DatabaseFault | None:
        """A driver error that is the database's or the disk's fault, as one line for a user;
        None for anything else (the code's own mistakes stay what they are)."""
        ...

    async def take_lease(self, name: str, holder: str, seconds: float) -> bool | None:
        """Hold a job's lease by the backend's own means; None where the lease table does."""
        ...

    async def release_lease(self, name: str) -> None: ...

    async def close(self) -> None: ...
