"""Storage: the SQLite store behind aiosqlite. All SQL of the project lives in this package."""

from dramabot.storage.database import default_db_path
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
    "default_db_path",
]
