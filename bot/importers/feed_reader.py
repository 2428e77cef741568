"""A whole feed read over HTTP: its first page (conditionally), then every `rel="next"` page,
whatever their size, then the pages of posts a summaries-only feed leaves out."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import aiohttp

from dramabot.domain.errors import UserFacingError
from dramabot.importers.feed_documents import FeedEntry, read_feed_document
from dramabot.importers.fetch import fetch
from dramabot.importers.html_text import post_body_text
from dramabot.importers.sources import MB

#: A blog of 100,000 posts at 100 a page; beyond it a `next` chain is taken for a loop.
MAX_PAGES = 1000
#: The most a post's own page may weigh (a feed that gives summaries only).
MAX_POST_PAGE_BYTES = 8 * MB
#: Post pages fetched at once.
PAGE_FETCHES = 4


@dataclass(slots=True)
class FeedRead:
    """A feed as read now: its live posts (newest page first, each entry once), what it
    skipped, its validators for the next conditional GET; `not_modified` after a 304."""

    entries: list[FeedEntry] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None
    pages: int = 0


async def read_feed(
    session: aiohttp.ClientSession,
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
) -> FeedRead:
    """Every page of a feed, or `UserFacingError` (`FetchError`, `FeedFormatError`) naming the
    first page that failed. Pages are parsed in a worker thread."""
    first = await fetch(session, url, etag=etag, last_modified=last_modified)
    if first.not_modified:
        return FeedRead(not_modified=True, etag=etag, last_modified=last_modified)
    read = FeedRead(etag=first.etag, last_modified=first.last_modified)
    visited = {url, first.url}
    page = first
    ids: set[str] = set()
    while True:
        document = await asyncio.to_thread(read_feed_document, page.body, page.url)
        read.pages += 1
        read.skipped.update(document.skipped)
        for entry in document.entries:  # a post published during the walk shifts the pages
            if entry.entry_id not in ids:
                ids.add(entry.entry_id)
                read.entries.append(entry)
        following = document.next_url
        if following is None or following in visited or read.pages >= MAX_PAGES:
            return read
        visited.add(following)
        page = await fetch(session, following)


async def fill_summaries(
    session: aiohttp.ClientSession, entries: Sequence[FeedEntry]
) -> list[FeedEntry]:
    """The entries, those with a summary only given their post's text from its page (or the
    reason it could not be had, which fails that entry alone)."""
    gate = asyncio.Semaphore(PAGE_FETCHES)

    async def filled(entry: FeedEntry) -> FeedEntry:
        if not entry.summary_only:
            return entry
        if not entry.url:
            return replace(entry, page_error="the feed gives a summary only, and no link")
        async with gate:
            try:
                page = await fetch(session, entry.url, limit=MAX_POST_PAGE_BYTES)
                text = await asyncio.to_thread(_page_text, page.body)
            except UserFacingError as error:
                return replace(entry, page_error=f"the post's page: {error.message}")
        return replace(entry, page_text=text)

    return list(await asyncio.gather(*(filled(entry) for entry in entries)))


def _page_text(body: bytes) -> str:
    """A post page's text; a page in another encoding loses only the characters it mangles."""
    return post_body_text(body.decode("utf-8", "replace"))
