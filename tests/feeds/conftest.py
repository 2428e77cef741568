"""Fixtures for the feed tests: the blog on 127.0.0.1, and a recording announcer standing in for
Discord (the only part that is not real)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest

from dramabot.domain.answers import ReviewAnswer
from tests.support.blogger import Blog


@pytest.fixture
async def blog() -> AsyncIterator[Blog]:
    blog = await Blog().start()
    yield blog
    await blog.close()


@dataclass
class Message:
    channel_id: int
    title: str
    text: str
    edits: int = 0


@dataclass
class RecordingAnnouncer:
    """Discord's side of announcing: messages by id, as posted and edited."""

    messages: dict[int, Message] = field(default_factory=dict)
    unreachable: set[int] = field(default_factory=set)

    async def post_announcement(
        self, channel_id: int, answer: ReviewAnswer, followers: list[int]
    ) -> int | None:
        if channel_id in self.unreachable:
            return None
        assert answer.review is not None
        message_id = 9000 + len(self.messages)
        self.messages[message_id] = Message(channel_id, answer.drama.title, answer.review.text)
        return message_id

    async def edit_announcement(
        self, channel_id: int, message_id: int, answer: ReviewAnswer
    ) -> bool:
        message = self.messages.get(message_id)
        if message is None:
            return False
        assert answer.review is not None and message.channel_id == channel_id
        message.text, message.edits = answer.review.text, message.edits + 1
        return True

    def titles(self) -> list[str]:
        return [message.title for message in self.messages.values()]


@pytest.fixture
def announcer() -> RecordingAnnouncer:
    return RecordingAnnouncer()
