"""Announcing new reviews in every server's announcement channel, each once, and editing the
message when its post is edited. The queue and the messages are in the store, so a restart
neither repeats nor loses an announcement."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from dramabot.domain.answers import ReviewAnswer
from dramabot.storage import Announcement, Store

log = logging.getLogger(__name__)


class Announcer(Protocol):
    """Where announcements go (the bot): post a review's card, or edit the message that did."""

    async def post_announcement(
        self, channel_id: int, answer: ReviewAnswer, followers: list[int]
    ) -> int | None:
        """Post the card, mentioning the followers (at most `MAX_MENTIONS`; more get a thread
        to join instead); the message id, or None when the channel cannot be posted in."""
        ...

    async def edit_announcement(
        self, channel_id: int, message_id: int, answer: ReviewAnswer
    ) -> bool:
        """Show the review anew in a posted message; False when that message is gone."""
        ...


@dataclass(frozen=True, slots=True)
class Delivered:
    posted: int = 0
    edited: int = 0


async def deliver_announcements(
    store: Store,
    review_of: Callable[[int], Awaitable[ReviewAnswer | None]],
    announcer: Announcer,
) -> Delivered:
    """Work through the queue, oldest first: post each new review where it is not yet posted,
    edit the messages of edited ones. A message is claimed in the store before it is sent."""
    posted = edited = 0
    for drama_id, edits_only in await store.announcement_queue():
        answer = await review_of(drama_id)
        if answer is not None and answer.review is not None:
            shown = answer.review.content_hash
            done = await store.announcements_of(drama_id)
            people = {c.person.id for c in (*answer.review.cast, *answer.cast)}
            for guild_id, channel_id in (await store.announce_channels()).items():
                known = done.get(channel_id)
                if known is None and not edits_only:
                    claim = Announcement(drama_id, channel_id, None, shown)
                    await store.record_announcement(claim)
                    followers = await store.followers_of(guild_id, drama_id, people)
                    message_id = await announcer.post_announcement(channel_id, answer, followers)
                    if message_id is not None:
                        await store.record_announcement(
                            Announcement(drama_id, channel_id, message_id, shown)
                        )
                        posted += 1
                elif known is not None and known.content_hash != shown and known.message_id:
                    if await announcer.edit_announcement(channel_id, known.message_id, answer):
                        await store.record_announcement(
                            Announcement(drama_id, channel_id, known.message_id, shown)
                        )
                        edited += 1
                    else:
                        await store.forget_announcement(drama_id, channel_id)
        await store.dequeue_announcement(drama_id)
    if posted or edited:
        log.info("announcements: %d posted, %d edited", posted, edited)
    return Delivered(posted, edited)
