"""Following the blog's feed, served by a real HTTP server on 127.0.0.1: the first poll imports
every page and announces nothing; later posts are announced once, oldest first; an edit edits
the announcement; restarts and a second process change none of that."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from dramabot.feeds import FeedFollower
from dramabot.service import DramaService
from tests.feeds.conftest import RecordingAnnouncer
from tests.support.blogger import Blog, new_post

CHANNEL = 4242
HOUR = timedelta(hours=1)


def follower_for(service: DramaService, announcer: RecordingAnnouncer | None) -> FeedFollower:
    async def deliver() -> None:
        assert announcer is not None
        await service.deliver_announcements(announcer)

    return service.feed_follower(deliver if announcer is not None else None)


@pytest.fixture
async def following(service: DramaService, blog: Blog) -> DramaService:
    """The bundled service following the blog, with one server's announce channel set."""
    assert await service.follow_feed(blog.feed_url) is True
    await service.set_announce_channel(1, CHANNEL)
    return service


async def test_the_first_poll_imports_every_page_and_announces_nothing(
    following: DramaService, blog: Blog, announcer: RecordingAnnouncer
) -> None:
    [outcome] = await follower_for(following, announcer).poll_due()
    assert "3 pages, 3 posts" in outcome.line and "first poll: nothing announced" in outcome.line
    feed_pages = [r for r in blog.requests if r.startswith("/feeds/")]
    assert feed_pages[-2:] == [
        "/feeds/posts/default?start-index=2&max-results=1",
        "/feeds/posts/default?start-index=3&max-results=1",
    ]
    answer = await following.review("lanterns over jeju")
    assert answer.review is not None
    assert answer.review.url == f"{blog.base}/2023/05/lanterns-over-jeju-2023.html"
    assert [s.score for s in answer.review.scores] == [4.5, 4.2]
    assert "<" not in answer.review.text and "tracker" not in answer.review.text
    assert announcer.messages == {}
    [feed] = await following.feeds()
    assert feed.primed and feed.last_error is None and feed.last_poll_at


async def test_later_posts_are_announced_once_oldest_first(
    following: DramaService, blog: Blog, announcer: RecordingAnnouncer
) -> None:
    follower = follower_for(following, announcer)
    await follower.poll_due()
    later = new_post(days_after=40)
    earlier = replace(
        blog.posts[0],
        post_id="1005",
        title="K Drama Review: The Day Baker (2024) 4.0 || 4.4",
        published=later.published - timedelta(days=3),
        updated=later.published - timedelta(days=3),
        slug="the-day-baker-2024",
    )
    blog.posts += [later, earlier]  # the later one first: the order is the blog's, by date
    [outcome] = await follower.poll_due(force=True)
    assert "2 to announce" in outcome.line
    assert announcer.titles() == ["The Day Baker", "Winter Radio"]
    await follower.poll_due(force=True)  # the feed has not changed: a 304
    assert blog.conditional_hits == 1
    assert announcer.titles() == ["The Day Baker", "Winter Radio"]
    assert all(message.channel_id == CHANNEL for message in announcer.messages.values())


async def test_an_edited_post_edits_its_announcement_and_replaces_its_review(
    following: DramaService, blog: Blog, announcer: RecordingAnnouncer
) -> None:
    follower = follower_for(following, announcer)
    await follower.poll_due()
    post = new_post()
    blog.posts.append(post)
    await follower.poll_due(force=True)
    [(message_id, message)] = announcer.messages.items()
    edited = post.edited("even the rude ones", "even the very rude ones", post.updated + HOUR)
    blog.replace_post(edited)
    [outcome] = await follower.poll_due(force=True)
    assert "0 to announce, 1 to edit" in outcome.line
    assert list(announcer.messages) == [message_id] and message.edits == 1
    assert "even the very rude ones" in message.text
    review = (await following.review("winter radio")).review
    assert review is not None and "even the very rude ones" in review.text


async def test_an_edit_that_renames_the_drama_moves_the_review(
    following: DramaService, blog: Blog, announcer: RecordingAnnouncer
) -> None:
    """One post is one review: a headline corrected after posting does not leave the old
    title reviewed too."""
    post = new_post()
    blog.posts.append(replace(post, title="K Drama Review: Wintr Radio (2024) 4.7 || 4.9"))
    follower = follower_for(following, announcer)
    await follower.poll_due()
    assert (await following.review("wintr radio")).review is not None
    blog.replace_post(replace(post, updated=post.updated + HOUR))
    await follower.poll_due(force=True)
    assert (await following.review("winter radio")).drama.title == "Winter Radio"
    reviewed = [o.drama.title for o in await following.title_options("", 50) if o.review]
    assert "Winter Radio" in reviewed and "Wintr Radio" not in reviewed


async def test_announcements_are_neither_lost_nor_repeated_across_a_restart(
    service: DramaService, blog: Blog, tmp_path: Path
) -> None:
    db = service.store.location
    await service.follow_feed(blog.feed_url)
    await service.set_announce_channel(1, CHANNEL)
    first = service.feed_follower()  # a bot that stops before it could announce
    await first.poll_due()
    blog.posts.append(new_post())
    await first.poll_due(force=True)
    await first.stop()
    await service.close()
    announcer = RecordingAnnouncer()
    for _ in range(2):  # two restarts: the queued announcement goes out once
        restarted = await DramaService.open(db)
        follower = follower_for(restarted, announcer)
        await follower.poll_due(force=True)
        await follower.stop()
        await restarted.close()
    assert announcer.titles() == ["Winter Radio"]


async def test_only_one_process_polls_a_database(
    service: DramaService, blog: Blog, announcer: RecordingAnnouncer
) -> None:
    await service.follow_feed(blog.feed_url)
    other = await DramaService.open(service.store.location)  # a second bot on the same database
    try:
        mine, theirs = follower_for(service, announcer), follower_for(other, announcer)
        assert len(await mine.poll_due(force=True)) == 1
        assert await theirs.poll_due(force=True) == []
        await mine.stop()  # a clean stop hands the lease over at once
        assert len(await theirs.poll_due(force=True)) == 1
        await theirs.stop()
    finally:
        await other.close()


async def test_a_post_that_leaves_the_feed_is_logged_and_kept(
    following: DramaService,
    blog: Blog,
    announcer: RecordingAnnouncer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    follower = follower_for(following, announcer)
    await follower.poll_due()
    gone = blog.posts.pop(0)
    with caplog.at_level(logging.INFO, logger="dramabot.feeds"):
        [outcome] = await follower.poll_due(force=True)
    assert "1 gone" in outcome.line
    assert any(
        gone.entry_id in r.getMessage() and "no longer" in r.getMessage() for r in caplog.records
    )
    assert any("feed http://127.0.0.1" in r.getMessage() for r in caplog.records)  # one line
    assert (await following.review("the night baker")).review is not None


async def test_a_feed_of_summaries_has_each_post_read_from_its_page(
    following: DramaService, blog: Blog, announcer: RecordingAnnouncer
) -> None:
    blog.summaries_only = True
    await follower_for(following, announcer).poll_due()
    review = (await following.review("the night baker")).review
    assert review is not None and "Park Tae Gyu" in review.text
    assert "Popular Posts" not in review.text and "Post a Comment" not in review.text
    assert "/2023/05/the-night-baker-2021.html" in blog.requests


async def test_a_post_that_is_not_a_review_is_passed_over(
    following: DramaService, blog: Blog, announcer: RecordingAnnouncer
) -> None:
    [outcome] = await follower_for(following, announcer).poll_due()
    assert "2 added" in outcome.line and "1 post not a review" in outcome.line
    titles = [o.drama.title for o in await following.title_options("our favourite openings")]
    assert "Our favourite openings" not in titles
