"""Import many files: catalogue files one transaction each, posts in batches of transactions.

A file that cannot be read or parsed is reported with its name and reason and stores nothing;
the others still import. Re-importing the same content reports "unchanged" and writes nothing.
Files on disk are read one at a time, when their turn comes, so a batch never holds them all.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from dramabot.domain.catalogue import DramaEntry
from dramabot.domain.errors import UserFacingError
from dramabot.domain.feeds import FeedEntry
from dramabot.domain.numbers import plural
from dramabot.domain.posts import DEFAULT_REVIEWERS
from dramabot.domain.reports import FileOutcome, ImportReport, Status
from dramabot.importers.catalogue_files import (
    FORMAT_ORDER,
    CatalogueFormat,
    CatalogueFormatError,
    detect_format,
    load_json,
    read_catalogue,
    require_format,
)
from dramabot.importers.post_reading import WORKERS, PostJob, PostReader, unexpected
from dramabot.importers.review_facts import is_review_facts, read_review_facts
from dramabot.importers.sources import SourceFile, decode
from dramabot.storage import PostToSave, Store

if TYPE_CHECKING:
    from dramabot.importers.feed_documents import FeedDocument

log = logging.getLogger(__name__)

#: Posts stored per transaction: fewer round trips to SQLite, and a crash loses at most one batch.
POSTS_PER_TRANSACTION = 200

#: Batches read ahead of the one being stored: no worker is idle, and an import holds no more
#: than a few batches of posts in memory.
_BATCHES_AHEAD = WORKERS + 1

#: Called after each file: (files done, files in all, the file's outcome).
Progress = Callable[[int, int, FileOutcome], None]


async def import_sources(
    store: Store,
    sources: list[SourceFile],
    is_known_title: Callable[[str], bool],
    progress: Progress | None = None,
    reviewers: tuple[str, ...] = DEFAULT_REVIEWERS,
) -> ImportReport:
    """Import catalogue files first (in `FORMAT_ORDER`), one transaction each; then posts (text
    files, saved pages, and the live posts of feed and backup files), up to
    `POSTS_PER_TRANSACTION` per transaction, each wholly stored or not at all."""
    report = ImportReport()
    ordered = sorted(sources, key=lambda s: (not s.is_catalogue, _format_rank(s)))
    jobs = _Jobs(report, progress)
    catalogues, unread = [], []
    for source in ordered:  # every job first, so that progress counts against the whole
        if source.is_catalogue:
            catalogues.append((jobs.add(source), source))
        elif source.is_feed_file:
            try:
                document = await asyncio.to_thread(_read_feed_file, source)
            except UserFacingError as error:
                unread.append((jobs.add(source), FileOutcome(source.name, "failed", error.message)))
                continue
            report.not_posts.update(document.skipped)
            for entry in document.entries:
                jobs.add(entry)
        else:
            jobs.add(source)
    for index, outcome in unread:
        jobs.finish(index, outcome)
    for index, source in catalogues:
        try:
            jobs.finish(index, await _import_catalogue(store, source, report))
        except UserFacingError as error:
            jobs.finish(index, FileOutcome(source.name, "failed", error.message))
        except Exception as error:  # one surprise fails one file, never the import
            jobs.finish(index, unexpected(source.name, error))
    await _import_posts(store, jobs, is_known_title, reviewers)
    return jobs.report()


async def import_entries(
    store: Store,
    entries: Sequence[FeedEntry],
    is_known_title: Callable[[str], bool],
    reviewers: tuple[str, ...] = DEFAULT_REVIEWERS,
) -> ImportReport:
    """Import a feed's live posts; the report's outcomes are in the entries' order."""
    jobs = _Jobs(ImportReport(), None)
    for entry in entries:
        jobs.add(entry)
    await _import_posts(store, jobs, is_known_title, reviewers)
    return jobs.report()


class _Jobs:
    """What an import has to do, in order, and each job's outcome once known."""

    def __init__(self, report: ImportReport, progress: Progress | None) -> None:
        self.report_so_far = report
        self.progress = progress
        self.jobs: list[PostJob] = []
        self.outcomes: list[FileOutcome | None] = []
        self.done = 0

    def add(self, job: PostJob) -> int:
        self.jobs.append(job)
        self.outcomes.append(None)
        return len(self.jobs) - 1

    def finish(self, index: int, outcome: FileOutcome) -> None:
        self.done += self.outcomes[index] is None  # counted, not recounted: 10k posts, 10k lines
        self.outcomes[index] = outcome
        if self.progress:
            self.progress(self.done, len(self.outcomes), outcome)

    def posts(self) -> list[tuple[int, PostJob]]:
        """The jobs still to do: posts (catalogue files are done first, on their own)."""
        return [(i, job) for i, job in enumerate(self.jobs) if self.outcomes[i] is None]

    def report(self) -> ImportReport:
        self.report_so_far.outcomes = [o for o in self.outcomes if o is not None]
        return self.report_so_far


async def _import_posts(
    store: Store,
    jobs: _Jobs,
    is_known_title: Callable[[str], bool],
    reviewers: tuple[str, ...],
) -> None:
    """Store the posts a batch at a time, while the next batches are read and parsed (off the
    event loop: a 1 MB post must not hold the bot)."""
    posts = jobs.posts()
    chunks = [
        posts[start : start + POSTS_PER_TRANSACTION]
        for start in range(0, len(posts), POSTS_PER_TRANSACTION)
    ]
    async with PostReader(is_known_title, reviewers, elsewhere=len(chunks) > 1) as reader:
        reading = [reader.start(chunk) for chunk in chunks[:_BATCHES_AHEAD]]
        try:
            for number in range(len(chunks)):
                read = await reading.pop(0)
                if number + _BATCHES_AHEAD < len(chunks):
                    reading.append(reader.start(chunks[number + _BATCHES_AHEAD]))
                batch = []
                for index, item in read:
                    if isinstance(item, FileOutcome):
                        jobs.finish(index, item)
                    else:
                        batch.append((index, jobs.jobs[index].name, item))
                for index, outcome in await _save_posts(store, batch, jobs.report_so_far):
                    jobs.finish(index, outcome)
        finally:
            for task in reading:  # an import stopped part-way: nothing more to read
                task.cancel()


def _read_feed_file(source: SourceFile) -> FeedDocument:
    """A feed or backup file's entries (CPU work for a worker thread)."""
    # Imported here: feedparser takes 80 ms to import, which only feed imports should pay.
    from dramabot.importers.feed_documents import read_feed_document

    return read_feed_document(source.read())


def _format_rank(source: SourceFile) -> int:
    if not source.is_catalogue:
        return 0
    fmt = detect_format(source.name, source.head().decode("utf-8", "replace"))
    return FORMAT_ORDER.index(fmt) if fmt else 0


def _read_catalogue_file(
    source: SourceFile,
) -> tuple[CatalogueFormat, list[DramaEntry] | list[PostToSave]]:
    """Read, decode and parse a catalogue or review-facts file: CPU and disk work for a worker
    thread (a 50 MB file took seconds, which on the event loop would have held every command)."""
    text = decode(source.read())
    fmt = require_format(source.name, text)
    if fmt == "blog-facts":
        document = load_json(text)
        if not is_review_facts(document):
            raise CatalogueFormatError('expected an object {"reviews": [...]}')
        return fmt, read_review_facts(document, Path(source.name).name)
    return fmt, read_catalogue(fmt, text)


async def _import_catalogue(store: Store, source: SourceFile, report: ImportReport) -> FileOutcome:
    fmt, entries = await asyncio.to_thread(_read_catalogue_file, source)
    if fmt == "blog-facts":
        return await _import_facts(store, source, entries, report)  # type: ignore[arg-type]
    merged = await store.merge_catalogue(entries, authoritative=fmt == "dramabot-json")
    report.touched_dramas |= merged.touched_dramas
    report.touched_people |= merged.touched_people
    changed = merged.added + merged.updated
    status: Status = "unchanged" if not changed else "updated"
    if merged.added and not merged.updated and not merged.unchanged:
        status = "added"
    detail = (
        f"catalogue ({fmt}): {plural(merged.added, 'drama')} added, {merged.updated} updated, "
        f"{merged.unchanged} unchanged; {plural(merged.people_added, 'person', 'people')} added"
    )
    return FileOutcome(source.name, status, detail)


async def _import_facts(
    store: Store, source: SourceFile, items: list[PostToSave], report: ImportReport
) -> FileOutcome:
    """The blog's review facts, in one transaction: every record stored, or none."""
    saved = await store.save_reviews(items)
    counts = {status: sum(r.status == status for r in saved) for status in ("added", "updated")}
    unchanged = len(saved) - counts["added"] - counts["updated"]
    for result in saved:
        report.touched_dramas |= result.touched_dramas
        report.touched_people |= result.touched_people
    status: Status = "unchanged"
    if counts["added"] or counts["updated"]:
        status = "added" if not counts["updated"] and not unchanged else "updated"
    detail = (
        f"review facts: {plural(counts['added'], 'review')} added, {counts['updated']} updated, "
        f"{unchanged} unchanged"
    )
    return FileOutcome(source.name, status, detail)


async def _save_posts(
    store: Store, batch: list[tuple[int, str, PostToSave]], report: ImportReport
) -> list[tuple[int, FileOutcome]]:
    """Store a batch of parsed posts in one transaction; the outcome of each, by index."""
    if not batch:
        return []
    try:
        saved = await store.save_reviews([item for _, _, item in batch])
    except UserFacingError as error:  # a full disk, a read-only file: none of the batch stored
        return [(index, FileOutcome(name, "failed", error.message)) for index, name, _ in batch]
    outcomes = []
    for (index, name, item), result in zip(batch, saved, strict=True):
        report.touched_dramas |= result.touched_dramas
        report.touched_people |= result.touched_people
        post = item.post
        label = f"{post.title} ({post.year})" if post.year else post.title
        scores = ", ".join(f"{s.who} {s.score:g}" for s in post.scores)
        outcome = FileOutcome(
            name,
            result.status,
            f"review of {label}: {scores}",
            post.warnings,
            result.drama_id,
        )
        outcomes.append((index, outcome))
    return outcomes
