"""The feed follower's tables: followed feeds and the entries they showed, the announcement
queue and the messages announcing each review, and the leases of jobs that run once."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from dramabot.domain.feeds import FollowedFeed
from dramabot.storage.connection import Connection
from dramabot.storage.database import Database, snapshot

_FEED_COLUMNS = (
    "url, interval_minutes, etag, last_modified, primed, last_poll_at, last_ok_at, last_error, "
    "failures"
)


@dataclass(frozen=True, slots=True)
class SeenEntry:
    """An entry a poll found: its id, its date in the feed, and the drama its review is about."""

    entry_id: str
    updated_at: str | None
    drama_id: int | None


@dataclass(frozen=True, slots=True)
class PollRecord:
    """What one poll of a feed leaves in the store, written in one transaction."""

    url: str
    error: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    #: None when the feed was not read (a 304, an error): entries and gone ones are kept.
    seen: Sequence[SeenEntry] | None = None
    #: Reviews of new posts to announce, and of edited posts whose announcements to edit.
    announce: Sequence[int] = ()
    edited: Sequence[int] = ()


@dataclass(frozen=True, slots=True)
class Announcement:
    """A review's announcement in one channel: the message (None while it is being sent) and
    the hash of the review text it shows."""

    drama_id: int
    channel_id: int
    message_id: int | None
    content_hash: str


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class FeedTables(Database):
    """Queries of the feed follower; `Store` has them all."""

    # ---- followed feeds ------------------------------------------------------------------

    async def follow_feed(self, url: str, interval_minutes: int) -> bool:
        """Follow a feed (or change its interval); True when it was not followed before."""
        async with self._transaction(names=False) as db:
            rows = await db.fetch_all("SELECT 1 FROM feeds WHERE url = ?", (url,))
            await db.execute(
                "INSERT INTO feeds (url, interval_minutes) VALUES (?, ?) ON CONFLICT (url) "
                "DO UPDATE SET interval_minutes = excluded.interval_minutes",
                (url, interval_minutes),
            )
            return not rows

    async def unfollow_feed(self, url: str) -> bool:
        """Stop following a feed; False when it was not followed. Its reviews stay."""
        async with self._transaction(names=False) as db:
            return await db.execute("DELETE FROM feeds WHERE url = ?", (url,)) > 0

    @snapshot
    async def feeds(self) -> list[FollowedFeed]:
        """Every followed feed, in the order they were added."""
        rows = await self._reader.fetch_all(
            f"SELECT {_FEED_COLUMNS} FROM feeds ORDER BY added_at, url"
        )
        return [
            FollowedFeed(
                url=row[0],
                interval_minutes=row[1],
                etag=row[2],
                last_modified=row[3],
                primed=bool(row[4]),
                last_poll_at=row[5],
                last_ok_at=row[6],
                last_error=row[7],
                failures=row[8],
            )
            for row in rows
        ]

    @snapshot
    async def feed_entries(self, url: str) -> dict[str, str | None]:
        """The entries a feed has shown and not lost: {entry id: its date in the feed}."""
        rows = await self._reader.fetch_all(
            "SELECT entry_id, updated_at FROM feed_entries WHERE feed_url = ? AND gone = 0", (url,)
        )
        return {entry_id: updated for entry_id, updated in rows}

    async def record_poll(self, poll: PollRecord) -> list[str]:
        """Store a poll's outcome, the entries it saw and the reviews to announce, in one
        transaction; returns the ids of entries that left the feed since the last poll."""
        at = now()
        async with self._transaction(names=False) as db:
            if poll.error is not None:
                await db.execute(
                    "UPDATE feeds SET last_poll_at = ?, last_error = ?, failures = failures + 1 "
                    "WHERE url = ?",
                    (at, poll.error, poll.url),
                )
                return []
            await db.execute(
                "UPDATE feeds SET last_poll_at = ?, last_ok_at = ?, last_error = NULL, "
                "failures = 0, primed = 1, etag = coalesce(?, etag), "
                "last_modified = coalesce(?, last_modified) WHERE url = ?",
                (at, at, poll.etag, poll.last_modified, poll.url),
            )
            if poll.seen is None:
                return []
            gone = await self._mark_gone(db, poll.url, {e.entry_id for e in poll.seen})
            await db.execute_many(
                "INSERT INTO feed_entries (feed_url, entry_id, updated_at, drama_id) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (feed_url, entry_id) DO UPDATE SET "
                "updated_at = excluded.updated_at, gone = 0, "
                "drama_id = coalesce(excluded.drama_id, feed_entries.drama_id)",
                [(poll.url, e.entry_id, e.updated_at, e.drama_id) for e in poll.seen],
            )
            await self._enqueue(db, poll.announce, edits_only=False)
            await self._enqueue(db, poll.edited, edits_only=True)
            return gone

    @staticmethod
    async def _mark_gone(db: Connection, url: str, seen: set[str]) -> list[str]:
        rows = await db.fetch_all(
            "SELECT entry_id FROM feed_entries WHERE feed_url = ? AND gone = 0", (url,)
        )
        gone = sorted(entry_id for (entry_id,) in rows if entry_id not in seen)
        await db.execute_many(
            "UPDATE feed_entries SET gone = 1 WHERE feed_url = ? AND entry_id = ?",
            [(url, entry_id) for entry_id in gone],
        )
        return gone

    # ---- announcements -------------------------------------------------------------------

    async def queue_announcements(self, drama_ids: Iterable[int]) -> None:
        """Queue new reviews to announce, in order."""
        async with self._transaction(names=False) as db:
            await self._enqueue(db, list(drama_ids), edits_only=False)

    @staticmethod
    async def _enqueue(db: Connection, drama_ids: Sequence[int], *, edits_only: bool) -> None:
        await db.execute_many(
            "INSERT INTO announcement_queue (drama_id, edits_only) VALUES (?, ?) "
            "ON CONFLICT (drama_id) DO UPDATE "
            "SET edits_only = announcement_queue.edits_only * excluded.edits_only",
            [(drama_id, edits_only) for drama_id in drama_ids],
        )

    @snapshot
    async def announcement_queue(self) -> list[tuple[int, bool]]:
        """(drama id, edits only) of the reviews waiting, in the order they were queued."""
        rows = await self._reader.fetch_all(
            "SELECT drama_id, edits_only FROM announcement_queue ORDER BY seq"
        )
        return [(drama_id, bool(edits_only)) for drama_id, edits_only in rows]

    @snapshot
    async def announcements_of(self, drama_id: int) -> dict[int, Announcement]:
        """A review's announcements so far, by channel id."""
        rows = await self._reader.fetch_all(
            "SELECT channel_id, message_id, content_hash FROM announcements WHERE drama_id = ?",
            (drama_id,),
        )
        return {row[0]: Announcement(drama_id, row[0], row[1], row[2]) for row in rows}

    async def record_announcement(self, announcement: Announcement) -> None:
        """Record a review's announcement in a channel (first with no message id: a claim)."""
        async with self._transaction(names=False) as db:
            await db.execute(
                "INSERT INTO announcements (drama_id, channel_id, message_id, content_hash) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (drama_id, channel_id) DO UPDATE SET "
                "message_id = coalesce(excluded.message_id, announcements.message_id), "
                "content_hash = excluded.content_hash",
                (
                    announcement.drama_id,
                    announcement.channel_id,
                    announcement.message_id,
                    announcement.content_hash,
                ),
            )

    async def forget_announcement(self, drama_id: int, channel_id: int) -> None:
        """Drop an announcement whose message is gone (deleted in Discord)."""
        async with self._transaction(names=False) as db:
            await db.execute(
                "DELETE FROM announcements WHERE drama_id = ? AND channel_id = ?",
                (drama_id, channel_id),
            )

    async def dequeue_announcement(self, drama_id: int) -> None:
        async with self._transaction(names=False) as db:
            await db.execute("DELETE FROM announcement_queue WHERE drama_id = ?", (drama_id,))

    # ---- leases --------------------------------------------------------------------------

    async def take_lease(self, name: str, holder: str, seconds: float) -> bool:
        """Hold the lease on a job for `seconds` (renewing it when already held); False while
        another holder's lease has not expired. On PostgreSQL the lease is an advisory lock,
        held by the session and so freed the moment its process dies."""
        held = await self._backend.take_lease(name, holder, seconds)
        if held is not None:
            return held
        moment = time.time()
        async with self._transaction(names=False) as db:
            await db.execute(
                "INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, "
                "expires_at = excluded.expires_at "
                "WHERE leases.holder = excluded.holder OR leases.expires_at < ?",
                (name, holder, moment + seconds, moment),
            )
            rows = await db.fetch_all("SELECT holder FROM leases WHERE name = ?", (name,))
            return next(iter(rows))[0] == holder

    async def release_lease(self, name: str, holder: str) -> None:
        """Give a lease up (a clean stop), so another process need not wait for it to expire."""
        await self._backend.release_lease(name)
        async with self._transaction(names=False) as db:
            await db.execute("DELETE FROM leases WHERE name = ? AND holder = ?", (name, holder))
