"""What can be wrong with a database file, said in one line that names the file and what to do.

Every check runs before anything is written: a file that is not a dramabot database is never
migrated, switched to WAL or otherwise changed.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import aiosqlite

from dramabot.domain.errors import UserFacingError

_SQLITE_HEADER = b"SQLite format 3\x00"


class DatabaseFault(UserFacingError):
    """A database file that cannot be used as it is; the message says why and what to do."""


def can_write(path: Path) -> bool:
    """Check the file's place before it is opened: whether dramabot may write there.

    Raises `DatabaseFault` for a folder, a missing folder, or a file that is not SQLite.
    """
    shown = str(path)
    if path.is_dir():
        raise DatabaseFault(f"{shown} is a folder, not a database file; give a file's path")
    if not path.parent.is_dir():
        raise DatabaseFault(
            f"the folder of {shown} does not exist; create it or choose another database path"
        )
    if path.exists():
        try:
            with path.open("rb") as handle:
                head = handle.read(len(_SQLITE_HEADER))
        except OSError as error:
            raise DatabaseFault(f"{shown} cannot be read: {error.strerror}") from None
        if head and head != _SQLITE_HEADER[: len(head)]:
            raise DatabaseFault(
                f"{shown} is not a dramabot database (not SQLite at all); "
                "choose another file, nothing was changed"
            )
        return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    if not os.access(path.parent, os.W_OK):
        raise DatabaseFault(f"{shown} cannot be created: its folder is read-only")
    return True


async def refuse_foreign(db: aiosqlite.Connection, path: Path) -> None:
    """Refuse a SQLite file that holds another application's tables and no dramabot schema."""
    # One statement, one snapshot: another process may commit its first migration in between.
    rows = await db.execute_fetchall(
        "SELECT (SELECT user_version FROM pragma_user_version), EXISTS (SELECT 1 FROM "
        "sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%')"
    )
    version, has_tables = next(iter(rows))
    if version == 0 and has_tables:
        raise DatabaseFault(
            f"{path} holds another application's tables, not a dramabot database; "
            "choose another file, nothing was changed"
        )


#: SQLite errors that are the code's own mistakes, not the file's or the disk's: kept as they are.
_BUGS = (
    sqlite3.IntegrityError,
    sqlite3.ProgrammingError,
    sqlite3.InterfaceError,
    sqlite3.DataError,
    sqlite3.NotSupportedError,
)


def is_fault(error: sqlite3.Error) -> bool:
    """Whether an SQLite error comes from the file or the disk (full, read-only, damaged)."""
    return not isinstance(error, _BUGS)


def explain(error: sqlite3.Error, path: Path) -> DatabaseFault:
    """SQLite's error as one line for a user, naming the file."""
    said = str(error)
    lowered = said.lower()
    if "full" in lowered:
        return DatabaseFault(f"the disk holding {path} is full; nothing of this was stored")
    if "readonly" in lowered or "read-only" in lowered:
        return DatabaseFault(f"{path} is read-only; nothing was changed")
    if "malformed" in lowered or "not a database" in lowered or "encrypted" in lowered:
        return DatabaseFault(
            f"{path} is damaged ({said}); restore it from a backup, or move it away to start afresh"
        )
    if "unable to open" in lowered:
        return DatabaseFault(f"{path} cannot be opened ({said})")
    if "locked" in lowered or "busy" in lowered:
        return DatabaseFault(f"{path} is busy in another program; try again in a moment")
    return DatabaseFault(f"the database {path} failed: {said}")
