"""Storage: the store on SQLite (aiosqlite) or PostgreSQL (asyncpg). All SQL of the project
lives in this package."""

from dramabot.storage.copy import copy_store
from dramabot.storage.database import default_db_path, is_url
from dramabot.storage.feeds import Announcement, PollRecord, SeenEntry
from dramabot.storage.review_batch import PostToSave, SaveResult
from dramabot.storage.store import Store

__all__ = [
    "Announcement",
    "PollRecord",
    "SeenEntry",
    "PostToSave",
    "SaveResult",
    "Store",
    "copy_store",
    "default_db_path",
    "is_url",
]
