"""Where dramabot keeps a user's files: the database (one for every folder, in the user's data
folder) and the console's history (in the user's state folder), both by `platformdirs`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from dramabot.storage.database import (
    APP_NAME,
    DB_ENV,
    DEFAULT_DB_NAME,
    default_db_path,
    is_url,
    redacted,
)
from dramabot.storage.database import home_db_path as home_db_path

HISTORY_NAME = "console-history"


@dataclass(frozen=True, slots=True)
class DatabaseChoice:
    """The database a command opens, whether it was there before, and a note for the user (an
    old database in the working folder is used, and how to move it)."""

    #: A SQLite file, or a PostgreSQL server's URL.
    path: Path | str
    existed: bool
    note: str | None = None

    def opened_line(self) -> str:
        """`database: /home/u/.local/share/dramabot/dramabot.sqlite3 (created now)`."""
        if isinstance(self.path, str):
            return f"database: {redacted(self.path)}"
        return f"database: {self.path}{'' if self.existed else ' (created now)'}"


def database_option(value: str) -> Path | str:
    """`--db`: a PostgreSQL URL as given, else a file's path."""
    return value if is_url(value) else Path(value)


def choose_database(option: Path | str | None) -> DatabaseChoice:
    """`--db` if given, else `default_db_path()`; the data folder is created when the database
    is to live there."""
    path = option if option is not None else default_db_path()
    if isinstance(path, str):
        return DatabaseChoice(path, existed=True)
    note = None
    if option is None and not os.environ.get(DB_ENV):
        home = home_db_path()
        if path == home:
            home.parent.mkdir(parents=True, exist_ok=True)
        else:  # an older version's database in the working folder
            note = (
                f"using ./{DEFAULT_DB_NAME} from this folder (older versions kept one per "
                f'folder); to use it from every folder: mv {DEFAULT_DB_NAME} "{home}"'
                if not home.exists()
                else f"using ./{DEFAULT_DB_NAME} from this folder, not {home}; move or "
                "remove it to use that one"
            )
    return DatabaseChoice(path, path.exists(), note)


def history_path() -> Path:
    """The console's line history, kept between sessions (its folder is created)."""
    import platformdirs

    folder = platformdirs.user_state_path(APP_NAME, appauthor=False)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / HISTORY_NAME
