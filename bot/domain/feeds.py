"""What dramabot knows of a followed feed, and how long it waits between polls. Pure Python."""

from __future__ import annotations

from dataclasses import dataclass
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
