"""`dramabot copy SRC DST`: every row of one store into another, empty one, on either backend
(SQLite into PostgreSQL when a bot outgrows one machine, and back), in one write transaction:
the copy is whole or nothing.

The per-server counts (`guild_seen`, `guild_ratings`) are not copied: the destination's triggers
rebuild them from the marks, ratings and memberships as those arrive.
"""

from __future__ import annotations

from dramabot.storage.connection import Connection
from dramabot.storage.database import Database
from dramabot.storage.faults import DatabaseFault

#: Every table that holds facts, parents before children, with its columns. `rowid` keeps the
#: order aliases were added in (implicit on SQLite, a column on PostgreSQL).
TABLES: dict[str, str] = {
    "dramas": "id, title, year, kind, country, episodes, episode_minutes, genres, network, "
    "synopsis",
    "drama_titles": "rowid, drama_id, title, key",
    "people": "id, name",
    "person_names": "rowid, person_id, name, key",
    "reviews": "id, drama_id, posted_on, headline, body, source_name, content_hash, episodes, "
    "episode_minutes, imported_at, url, entry_id, published_at, updated_at",
    "scores": "review_id, position, reviewer, score",
    "credits": "id, person_id, drama_id, role, billing, review_id, position",
    "source_ids": "entity, source, source_id, entity_id",
    "guild_settings": "guild_id, announce_channel_id",
    "feeds": "url, interval_minutes, etag, last_modified, primed, last_poll_at, last_ok_at, "
    "last_error, failures, added_at",
    "feed_entries": "feed_url, entry_id, updated_at, drama_id, gone",
    "announcement_queue": "seq, drama_id, edits_only",
    "announcements": "drama_id, channel_id, message_id, content_hash",
    "guild_members": "guild_id, user_id",
    "favourites": "user_id, person_id, added_at",
    "marks": "user_id, drama_id, mark, added_at",
    "ratings": "guild_id, user_id, drama_id, score, note, rated_at",
    "follows": "user_id, entity, entity_id",
    "member_settings": "user_id, pings, share_taste",
}
#: Columns the database numbers itself: moved on past the copied values afterwards.
NUMBERED = (
    ("drama_titles", "rowid"),
    ("person_names", "rowid"),
    ("credits", "id"),
    ("announcement_queue", "seq"),
)
#: Tables the triggers fill, and the leases of a running process: never copied.
DERIVED = ("guild_seen", "guild_ratings", "leases", "meta")
_BATCH = 5_000


async def copy_store(source: Database, target: Database) -> dict[str, int]:
    """Copy every row of `source` into `target`, which must hold nothing yet; rows per table.
    `DatabaseFault` (and nothing copied) when `target` is not empty."""
    copied: dict[str, int] = {}
    async with target._transaction() as into:
        for table in TABLES:
            if await into.fetch_one(f"SELECT 1 FROM {table} LIMIT 1"):
                raise DatabaseFault(
                    f"{target.shown} is not empty ({table} has rows); copy into a new database, "
                    "nothing was copied"
                )
        async with source._read():
            for table, columns in TABLES.items():
                copied[table] = await _copy_table(source._reader, into, table, columns)
        for table, column in NUMBERED:
            await into.continue_numbering(table, column)
    return copied


async def _copy_table(source: Connection, into: Connection, table: str, columns: str) -> int:
    marks = ", ".join("?" * len(columns.split(",")))
    insert = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
    count = 0
    async for rows in source.stream(f"SELECT {columns} FROM {table} ORDER BY 1", _BATCH):
        await into.execute_many(insert, [tuple(row) for row in rows])
        count += len(rows)
    return count
