"""A feed that misbehaves never breaks the bot: each fault is one clear line, the database is
left as it was, the next poll waits longer, and a feed that recovers is read again."""

from __future__ import annotations

import pytest

from dramabot.domain.errors import UserFacingError
from dramabot.domain.feeds import FollowedFeed
from dramabot.importers import fetch
from dramabot.service import DramaService
from tests.support.blogger import Blog

FAULTS = {
    "500": "answered 500 Internal Server Error",
    "slow": "did not answer within 0.5 s",
    "malformed": "not well-formed XML (line 1",
    "huge": "larger than the 32 MB limit",
    "html": "not an Atom or RSS feed: an HTML page is not a feed",
    "loop": "redirects too many times",
}


@pytest.fixture(autouse=True)
def short_timeout(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """Half a second for the slow answer (the blog takes 2 s); ample time for the rest."""
    slow = getattr(request.node, "callspec", None) and request.node.callspec.params.get("fault")
    monkeypatch.setattr(fetch, "FETCH_TIMEOUT", 0.5 if slow == "slow" else 10.0)


@pytest.mark.parametrize("fault", FAULTS)
async def test_a_failing_poll_says_why_changes_nothing_and_recovers(
    service: DramaService, blog: Blog, fault: str
) -> None:
    await service.follow_feed(blog.feed_url)
    follower = service.feed_follower()
    await follower.poll_due()
    before = await service.store.counts(), await service.store.feed_entries(blog.feed_url)
    blog.posts = blog.posts[:1]  # were the poll to succeed, two posts would be gone
    blog.faults.append(fault)
    [outcome] = await follower.poll_due(force=True)
    assert outcome.error is not None and FAULTS[fault] in outcome.error
    assert "\n" not in outcome.line and "next try in 30 min" in outcome.line
    after = await service.store.counts(), await service.store.feed_entries(blog.feed_url)
    assert after == before
    [feed] = await service.feeds()
    assert feed.failures == 1 and FAULTS[fault] in (feed.last_error or "")
    assert await follower.poll_due() == []  # backing off: not due again yet
    [recovered] = await follower.poll_due(force=True)
    assert recovered.error is None and "2 gone" in recovered.line
    [feed] = await service.feeds()
    assert feed.failures == 0 and feed.last_error is None


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("ftp://www.oppanoona.kr/feeds/posts/default", "only http:// and https:// feeds"),
        ("file:///etc/passwd", "only http:// and https:// feeds"),
        ("https://", "has no host name"),
        ("http://127.0.0.1:9/feeds/posts/default", "cannot connect to 127.0.0.1:9"),
    ],
)
async def test_an_address_that_is_no_feed_is_refused_when_followed(
    service: DramaService, address: str, reason: str
) -> None:
    with pytest.raises(UserFacingError, match=reason):
        await service.follow_feed(address)
    assert await service.feeds() == []


async def test_a_page_that_is_not_a_feed_is_refused_when_followed(
    service: DramaService, blog: Blog
) -> None:
    with pytest.raises(UserFacingError, match="not an Atom or RSS feed"):
        await service.follow_feed(f"{blog.base}/2023/05/the-night-baker-2021.html")
    assert await service.feeds() == []


@pytest.mark.parametrize(
    ("failures", "minutes"), [(0, 15), (1, 30), (2, 60), (4, 240), (5, 360), (40, 360)]
)
def test_errors_in_a_row_double_the_wait_up_to_six_hours(failures: int, minutes: int) -> None:
    assert FollowedFeed("https://blog/feed", 15, failures=failures).wait_seconds == minutes * 60


def test_a_daily_feed_is_never_polled_more_often_after_errors() -> None:
    assert FollowedFeed("https://blog/feed", 24 * 60, failures=3).wait_seconds == 24 * 3600
