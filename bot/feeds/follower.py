"""The feed poller: while it holds the database's lease, it polls each followed feed when due,
imports what is new or edited, and queues the announcements.

The first poll of a feed imports everything and announces nothing. Later polls announce each
new post once, oldest first, and edit the announcement of an edited one. A post that leaves the
feed is logged, not deleted. Errors back off exponentially (`FollowedFeed.wait_seconds`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from dramabot.domain.errors import UserFacingError
from dramabot.domain.feeds import FeedEntry, FollowedFeed
from dramabot.domain.reports import ImportReport
from dramabot.storage import PollRecord, SeenEntry, Store

#: Imports a feed's entries, the name indexes following (`DramaService.import_entries`).
ImportEntries = Callable[[Sequence[FeedEntry]], Awaitable[ImportReport]]

log = logging.getLogger(__name__)

LEASE = "feed-poller"
#: Seconds between the poller's looks at the clock (it renews its lease each time).
TICK_SECONDS = 30.0


@dataclass(frozen=True, slots=True)
class PollOutcome:
    """What one poll of a feed did: its one log line, and the reviews queued to announce."""

    url: str
    line: str
    announced: tuple[int, ...] = ()
    error: str | None = None


class FeedFollower:
    """Polls the followed feeds of one database (`DramaService.feed_follower` makes one).
    `time_scale` shrinks every wait (tests)."""

    def __init__(
        self,
        store: Store,
        import_entries: ImportEntries,
        after_poll: Callable[[], Awaitable[object]] | None = None,
        *,
        time_scale: float = 1.0,
    ) -> None:
        self.store = store
        self.import_entries = import_entries
        self.after_poll = after_poll
        self.time_scale = time_scale
        self.holder = f"{uuid.uuid4().hex[:12]}"
        self._lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None

    @property
    def lease_seconds(self) -> float:
        return 3 * TICK_SECONDS * self.time_scale

    def start(self) -> None:
        """Poll in the background until `stop`."""
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="dramabot feed follower")

    async def stop(self) -> None:
        """Stop polling and give the lease up, so another process can take over at once."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        with contextlib.suppress(UserFacingError):
            await self.store.release_lease(LEASE, self.holder)

    async def _run(self) -> None:
        while True:
            try:
                await self.poll_due()
            except Exception:  # the poller must outlive any one bad poll
                log.exception("the feed poller failed; it tries again")
            await asyncio.sleep(TICK_SECONDS * self.time_scale)

    async def poll_due(self, force: bool = False) -> list[PollOutcome]:
        """Poll every feed whose time has come (every feed, when `force`), if this process
        holds the lease; then deliver what was queued."""
        async with self._lock:
            store = self.store
            if store.read_only or not await store.take_lease(
                LEASE, self.holder, self.lease_seconds
            ):
                return []
            outcomes = [
                await self.poll(feed) for feed in await store.feeds() if force or self._due(feed)
            ]
            if self.after_poll is not None and await store.announcement_queue():
                await self.after_poll()
            return outcomes

    def _due(self, feed: FollowedFeed) -> bool:
        if feed.last_poll_at is None:
            return True
        elapsed = (datetime.now(UTC) - datetime.fromisoformat(feed.last_poll_at)).total_seconds()
        return elapsed >= feed.wait_seconds * self.time_scale

    async def poll(self, feed: FollowedFeed) -> PollOutcome:
        """Poll one feed; its outcome is logged as one line whatever happened."""
        from dramabot.importers.feed_reader import fill_summaries, read_feed
        from dramabot.importers.fetch import new_session

        started = time.monotonic()
        store = self.store
        try:
            known = await store.feed_entries(feed.url)
            async with new_session() as session:
                read = await read_feed(
                    session, feed.url, etag=feed.etag, last_modified=feed.last_modified
                )
                changed = [e for e in read.entries if _changed(e, known)]
                changed = await fill_summaries(session, changed)
        except UserFacingError as error:
            return await self._failed(feed, error.message)
        if read.not_modified:
            await store.record_poll(PollRecord(feed.url))
            return self._logged(PollOutcome(feed.url, f"feed {feed.url}: not modified"))
        report = await self.import_entries(changed)
        new, edited = _to_announce(changed, report, known) if feed.primed else ([], [])
        seen = {e.entry_id: SeenEntry(e.entry_id, _iso(e), None) for e in read.entries}
        for entry, outcome in zip(changed, report.outcomes, strict=True):
            seen[entry.entry_id] = SeenEntry(entry.entry_id, _iso(entry), outcome.review_drama_id)
        record = PollRecord(
            feed.url, None, read.etag, read.last_modified, list(seen.values()), new, edited
        )
        gone = await store.record_poll(record)
        for entry_id in gone:
            log.warning(
                "feed %s: %s is no longer in the feed; its review stays", feed.url, entry_id
            )
        line = (
            f"feed {feed.url}: {read.pages} pages, {len(read.entries)} posts, "
            f"{len(changed)} new or changed ({report.summary()}); "
            f"{len(new)} to announce, {len(edited)} to edit, {len(gone)} gone"
            f"{'' if feed.primed else ' (first poll: nothing announced)'}"
            f" in {time.monotonic() - started:.1f} s"
        )
        return self._logged(PollOutcome(feed.url, line, tuple(new)))

    async def _failed(self, feed: FollowedFeed, reason: str) -> PollOutcome:
        await self.store.record_poll(PollRecord(feed.url, reason))
        failing = FollowedFeed(feed.url, feed.interval_minutes, failures=feed.failures + 1)
        wait = failing.wait_seconds / 60
        line = f"feed {feed.url}: error: {reason}; next try in {wait:g} min"
        return self._logged(PollOutcome(feed.url, line, error=reason))

    @staticmethod
    def _logged(outcome: PollOutcome) -> PollOutcome:
        (log.warning if outcome.error else log.info)("%s", outcome.line)
        return outcome


def _changed(entry: FeedEntry, known: dict[str, str | None]) -> bool:
    """New to the feed, or dated anew; an undated entry (RSS) is read again each time, and
    its text's hash tells whether it changed."""
    return entry.updated is None or known.get(entry.entry_id, "") != _iso(entry)


def _iso(entry: FeedEntry) -> str | None:
    return entry.updated.isoformat() if entry.updated else None


def _to_announce(
    changed: list[FeedEntry], report: ImportReport, known: dict[str, str | None]
) -> tuple[list[int], list[int]]:
    """Drama ids of new posts to announce and of edited ones, oldest first by publication."""
    pairs = sorted(
        zip(changed, report.outcomes, strict=True),
        key=lambda pair: pair[0].published or datetime.min.replace(tzinfo=UTC),
    )
    new, edited = [], []
    for entry, outcome in pairs:
        if outcome.review_drama_id is None or outcome.status not in ("added", "updated"):
            continue
        (edited if entry.entry_id in known else new).append(outcome.review_drama_id)
    return new, edited
