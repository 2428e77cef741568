"""The `dramabot` commands for a blog's feed: `import URL`, `follow`, `unfollow`, `feeds`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Awaitable, Callable, Sequence

from dramabot.console import print_outcome
from dramabot.domain.feeds import DEFAULT_INTERVAL_MINUTES, FollowedFeed
from dramabot.service import DramaService
from dramabot.ui.settings import feed_line

EXIT_OK, EXIT_USER_ERROR = 0, 1
FIRST_POLL = "the first poll imports every post and announces nothing; later posts are announced"


def is_address(text: str) -> bool:
    """`import` reads an argument with a scheme (`https://…`) as a feed, else as a path."""
    scheme, found, _ = text.partition("://")
    return bool(found) and scheme.isalpha()


def add_feed_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    """`follow`, `unfollow` and `feeds`, taking the `common` options (`--db`) anywhere."""
    follow = commands.add_parser(
        "follow",
        help="follow a blog's feed: the running bot imports and announces new posts",
        parents=[common],
    )
    follow.add_argument("url", help="e.g. https://www.oppanoona.kr/feeds/posts/default")
    low, high = FollowedFeed.INTERVALS
    follow.add_argument(
        "--every",
        type=int,
        default=DEFAULT_INTERVAL_MINUTES,
        metavar="MINUTES",
        help=f"minutes between polls, {low} to {high} (default {DEFAULT_INTERVAL_MINUTES})",
    )
    unfollow = commands.add_parser(
        "unfollow", help="stop following a feed; its reviews stay", parents=[common]
    )
    unfollow.add_argument("url")
    commands.add_parser(
        "feeds", help="the followed feeds, their last poll and last error", parents=[common]
    )


async def import_feeds(service: DramaService, urls: Sequence[str]) -> int:
    """Import every live post of each feed; a line per post on stderr, a summary per feed."""
    status = EXIT_OK
    for url in urls:
        report = await service.import_feed(url)
        for done, outcome in enumerate(report.outcomes, 1):
            print_outcome(done, len(report.outcomes), outcome, sys.stderr)
        print(f"import {url}: {report.summary()}")
        if report.failed:
            status = EXIT_USER_ERROR
    return status


async def _follow(service: DramaService, args: argparse.Namespace) -> int:
    new = await service.follow_feed(args.url, args.every)
    verb = "following" if new else "still following"
    print(f"{verb} {args.url.strip()} every {args.every} min; {FIRST_POLL}. Run `dramabot run`.")
    return EXIT_OK


async def _unfollow(service: DramaService, args: argparse.Namespace) -> int:
    await service.unfollow_feed(args.url)
    print(f"no longer following {args.url.strip()}; its reviews stay")
    return EXIT_OK


async def _list_feeds(service: DramaService, args: argparse.Namespace) -> int:
    feeds = await service.feeds()
    if not feeds:
        print("no feed is followed; add one with `dramabot follow URL`")
    for feed in feeds:
        print(feed_line(feed))
    return EXIT_OK


FEED_HANDLERS: dict[str, Callable[[DramaService, argparse.Namespace], Awaitable[int]]] = {
    "follow": _follow,
    "unfollow": _unfollow,
    "feeds": _list_feeds,
}
