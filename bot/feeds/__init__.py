"""The feed follower: polling followed feeds under a lease, and announcing new reviews once
(editing the announcement when the post is edited). No Discord objects: the bot hands in an
`Announcer` that posts and edits messages."""

from dramabot.feeds.announcements import Announcer, Delivered, deliver_announcements
from dramabot.feeds.follower import FeedFollower, PollOutcome

__all__ = [
    "Announcer",
    "Delivered",
    "FeedFollower",
    "PollOutcome",
    "deliver_announcements",
]
