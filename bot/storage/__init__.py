"""Storage: the SQLite store behind aiosqlite. All SQL of the project lives in this package."""

from bot.storage.store import SaveResult, Store, default_db_path

__all__ = ["SaveResult", "Store", "default_db_path"]
