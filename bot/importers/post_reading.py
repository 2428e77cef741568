"""Reading and parsing posts for an import: each to a post to save or the reason it failed.

An import of several batches parses the next batches in worker processes while the batch
before them is stored (parsing is pure Python; in a thread of the same process it would take
turns with the storing's Python under one lock and gain nothing). A worker cannot ask the
name index whether a title is known, so it parses as if none were and lists what the parser
asked about; a post for which the index knows one of those titles, and one that met an error
nobody foresaw, is parsed again here. Parsing is a pure function of the text and those answers:
every post comes out exactly as a parse here would make it.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from types import TracebackType

from dramabot.domain.errors import PostFormatError, UserFacingError
from dramabot.domain.feeds import FeedEntry
from dramabot.domain.posts import ParsedPost, parse_post
from dramabot.domain.reports import FileOutcome, Status
from dramabot.importers.html_text import html_to_text, page_post_text
from dramabot.importers.sources import SourceFile, decode
from dramabot.storage import PostToSave

log = logging.getLogger(__name__)

#: Worker processes parsing: with the storing, they keep two cores busy.
WORKERS = 2
#: A post to import: a text file or saved page, or a feed's entry.
PostJob = SourceFile | FeedEntry
#: A batch of posts, each with its place in the import.
Chunk = list[tuple[int, PostJob]]
Read = list[tuple[int, PostToSave | FileOutcome]]
#: What a worker makes of a post: the result (None: parse it again at home) and the titles the
#: parser asked about.
_Elsewhere = list[tuple[int, PostToSave | FileOutcome | None, tuple[str, ...]]]


def read_posts(
    chunk: Chunk, is_known_title: Callable[[str], bool], reviewers: tuple[str, ...]
) -> Read:
    """Read and parse posts, each to a post to save or the reason it failed."""
    read: Read = []
    for index, job in chunk:
        try:
            read.append((index, _read_post(job, is_known_title, reviewers)))
        except Exception as error:  # one surprise fails one file, never the import
            read.append((index, unexpected(job.name, error)))
    return read


def unexpected(name: str, error: Exception) -> FileOutcome:
    """A file that failed for a reason nobody foresaw: an error id to quote, details logged."""
    error_id = uuid.uuid4().hex[:8]
    log.error("error %s while importing %s", error_id, name, exc_info=error)
    return FileOutcome(name, "failed", f"unexpected error {error_id}; the details are in the log")


class PostReader:
    """Reads an import's batches of posts: the first in a worker thread, and with `elsewhere`
    the others in `WORKERS` worker processes, started here and gone on leaving the `async
    with`."""

    def __init__(
        self, is_known_title: Callable[[str], bool], reviewers: tuple[str, ...], elsewhere: bool
    ) -> None:
        self.is_known_title = is_known_title
        self.reviewers = reviewers
        self._pool: ProcessPoolExecutor | None = None
        self._started = 0
        self._failed = False
        if elsewhere:
            self._pool = ProcessPoolExecutor(
                max_workers=WORKERS,
                mp_context=multiprocessing.get_context("spawn"),  # no fork of a threaded process
                initializer=_watch_parent,
            )

    async def __aenter__(self) -> PostReader:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._pool is None:
            return
        if kind is None:  # waited for off the loop: what comes next does not share the CPU
            await asyncio.to_thread(self._pool.shutdown, wait=True, cancel_futures=True)
        else:
            self._pool.shutdown(wait=False, cancel_futures=True)

    def start(self, chunk: Chunk) -> asyncio.Task[Read]:
        """Begin reading a batch; the task's result is `read_posts`'s, in the batch's order."""
        first, self._started = self._started == 0, self._started + 1
        if self._pool is None or self._failed or first:  # the first while the workers start
            return asyncio.create_task(asyncio.to_thread(self._at_home, chunk))
        return asyncio.create_task(self._elsewhere(self._pool, chunk))

    def _at_home(self, chunk: Chunk) -> Read:
        return read_posts(chunk, self.is_known_title, self.reviewers)

    async def _elsewhere(self, pool: ProcessPoolExecutor, chunk: Chunk) -> Read:
        try:
            found = await asyncio.wrap_future(pool.submit(_read_unaided, chunk, self.reviewers))
        except Exception as error:  # a worker that died or a job it cannot take: read here
            if not self._failed:
                log.warning("posts are parsed here: the worker process failed (%r)", error)
                self._failed = True
            return await asyncio.to_thread(self._at_home, chunk)
        jobs = dict(chunk)
        again = [
            (index, jobs[index])
            for index, item, asked in found
            if item is None or any(self.is_known_title(title) for title in asked)
        ]
        redone = dict(await asyncio.to_thread(self._at_home, again)) if again else {}
        return [
            (index, redone[index] if item is None or index in redone else item)
            for index, item, _ in found
        ]


class _Unaided:
    """`is_known_title` for a process without the name index: no title is known; every title
    asked about is kept."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def __call__(self, title: str) -> bool:
        self.asked.append(title)
        return False


def _read_unaided(chunk: Chunk, reviewers: tuple[str, ...]) -> _Elsewhere:
    """In the worker: each post parsed with no title known, with the titles asked about."""
    found: _Elsewhere = []
    for index, job in chunk:
        unaided = _Unaided()
        try:
            item: PostToSave | FileOutcome | None = _read_post(job, unaided, reviewers)
        except Exception:  # met again, and logged, at home
            item = None
        found.append((index, item, tuple(unaided.asked)))
    return found


def _watch_parent() -> None:
    """Set up a worker: Ctrl-C is the importing process's to handle, and the worker ends when
    that process does (killed, it cannot say so)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None:

        def watch() -> None:
            multiprocessing.connection.wait([parent.sentinel])
            os._exit(0)

        threading.Thread(target=watch, daemon=True).start()


def _read_post(
    job: PostJob, is_known_title: Callable[[str], bool], reviewers: tuple[str, ...]
) -> PostToSave | FileOutcome:
    """One post read and parsed, or why it cannot be imported (an error nobody foresaw is
    raised)."""
    name = job.name
    try:
        if isinstance(job, FeedEntry):
            return _parse_entry(job, is_known_title, reviewers)
        text = decode(job.read())
        if job.is_page:
            text = page_post_text(text)
        return _parse(name, text, is_known_title, reviewers)
    except PostFormatError as error:
        status: Status = "skipped" if isinstance(job, FeedEntry) else "failed"
        detail = f"not a review: {error.message}" if status == "skipped" else error.message
        return FileOutcome(name, status, detail)
    except UserFacingError as error:
        return FileOutcome(name, "failed", error.message)


def _parse(
    name: str, text: str, is_known_title: Callable[[str], bool], reviewers: tuple[str, ...]
) -> PostToSave:
    post = parse_post(text, is_known_title, reviewers)
    return PostToSave(post, Path(name).name, _digest(post))


def _parse_entry(
    entry: FeedEntry, is_known_title: Callable[[str], bool], reviewers: tuple[str, ...]
) -> PostToSave:
    """A feed entry as a post: its title is the headline, its body the text, its published
    day the posting date."""
    if entry.page_error is not None:
        raise UserFacingError(entry.page_error)
    body = entry.page_text if entry.page_text is not None else html_to_text(entry.html)
    published = entry.published.date() if entry.published else None
    post = parse_post(f"{entry.title}\n\n{body}", is_known_title, reviewers, published)
    return PostToSave(
        post,
        entry.url or entry.entry_id,
        _digest(post),
        url=entry.url,
        entry_id=entry.entry_id,
        published_at=entry.published,
        updated_at=entry.updated,
    )


def _digest(post: ParsedPost) -> str:
    return hashlib.sha256(post.text.encode("utf-8")).hexdigest()
