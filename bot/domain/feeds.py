"""A feed's entries and what dramabot knows of a followed feed: how long it waits between
polls. Pure Python."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

#: Minutes between polls unless the feed says otherwise (`dramabot follow --every`).
DEFAULT_INTERVAL_MINUTES = 15


@dataclass(frozen=True, slots=True)
class FollowedFeed:
    """A feed the bot polls, with what its last poll left behind."""

    url: str
    interval_minutes: int = DEFAULT_INTERVAL_MINUTES
    etag: str | None = None
    last_modified: str | None = None
    #: The first poll (everything imported, nothing announced) is done.
    primed: bool = False
    last_poll_at: str | None = None
    last_ok_at: str | None = None
    last_error: str | None = None
    #: Polls that failed in a row since the last good one.
    failures: int = 0

    INTERVALS: ClassVar[tuple[int, int]] = (1, 24 * 60)
    #: The longest wait after errors, however many there were.
    MAX_BACKOFF_MINUTES: ClassVar[int] = 6 * 60

    @property
    def wait_seconds(self) -> float:
        """Seconds until the next poll: the interval, doubled after each failure in a row (up
        to `MAX_BACKOFF_MINUTES`, or the interval itself when that is longer)."""
        minutes = self.interval_minutes * 2 ** min(self.failures, 16)
        return 60.0 * min(minutes, max(self.MAX_BACKOFF_MINUTES, self.interval_minutes))


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One live post: its lasting id, address, dates, title and HTML body (or summary)."""

    entry_id: str
    title: str
    url: str | None
    published: datetime | None
    updated: datetime | None
    html: str
    summary_only: bool = False
    #: The post's text read from its page, for a feed that gives summaries only.
    page_text: str | None = None
    #: Why the post's page could not be read.
    page_error: str | None = None

    @property
    def name(self) -> str:
        """How reports name the entry: its address, else its title."""
        return self.url or self.title or self.entry_id
