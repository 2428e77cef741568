"""Import many files: catalogue files one transaction each, posts in batches of transactions.

A file that cannot be read or parsed is reported with its name and reason and stores nothing;
the others still import. Re-importing the same content reports "unchanged" and writes nothing.
Files on disk are read one at a time, when their turn comes, so a batch never holds them all.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import uuid
from collections.abc import Callable
from pathlib import Path

from dramabot.domain.catalogue import DramaEntry
from dramabot.domain.errors import UserFacingError
from dramabot.domain.posts import DEFAULT_REVIEWERS, parse_post
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
from dramabot.importers.review_facts import is_review_facts, read_review_facts
from dramabot.importers.sources import SourceFile, decode
from dramabot.storage import PostToSave, Store

log = logging.getLogger(__name__)

#: Posts stored per transaction: fewer round trips to SQLite, and a crash loses at most one batch.
POSTS_PER_TRANSACTION = 200

#: Called after each file: (files done, files in all, the file's outcome).
Progress = Callable[[int, int, FileOutcome], None]


async def import_sources(
    store: Store,
    sources: list[SourceFile],
    is_known_title: Callable[[str], bool],
    progress: Progress | None = None,
    reviewers: tuple[str, ...] = DEFAULT_REVIEWERS,
) -> ImportReport:
    """Import catalogue files first (in `FORMAT_ORDER`), one transaction each; then posts, up to
    `POSTS_PER_TRANSACTION` per transaction, each wholly stored or not at all."""
    report = ImportReport()
    ordered = sorted(sources, key=lambda s: (not s.is_catalogue, _format_rank(s)))
    outcomes: list[FileOutcome | None] = [None] * len(ordered)

    def finish(index: int, outcome: FileOutcome) -> None:
        outcomes[index] = outcome
        if progress:
            progress(sum(o is not None for o in outcomes), len(ordered), outcome)

    posts = [(index, source) for index, source in enumerate(ordered) if not source.is_catalogue]
    for index, source in enumerate(ordered):
        if source.is_catalogue:
            try:
                finish(index, await _import_catalogue(store, source, report))
            except UserFacingError as error:
                finish(index, FileOutcome(source.name, "failed", error.message))
            except Exception as error:  # one surprise fails one file, never the import
                finish(index, _unexpected(source.name, error))
    for start in range(0, len(posts), POSTS_PER_TRANSACTION):
        # Read and parsed in a worker thread: a 1 MB post must not hold the bot's event loop.
        chunk = posts[start : start + POSTS_PER_TRANSACTION]
        read = await asyncio.to_thread(_read_posts, chunk, is_known_title, reviewers)
        batch = []
        for index, item in read:
            if isinstance(item, FileOutcome):
                finish(index, item)
            else:
                batch.append((index, ordered[index].name, item))
        for index, outcome in await _save_posts(store, batch, report):
            finish(index, outcome)
    report.outcomes = [outcome for outcome in outcomes if outcome is not None]
    return report


def _read_posts(
    chunk: list[tuple[int, SourceFile]],
    is_known_title: Callable[[str], bool],
    reviewers: tuple[str, ...],
) -> list[tuple[int, PostToSave | FileOutcome]]:
    """Read and parse posts, each to a post to save or the reason it failed."""
    read: list[tuple[int, PostToSave | FileOutcome]] = []
    for index, source in chunk:
        try:
            text = decode(source.read())
            read.append((index, _parse(source.name, text, is_known_title, reviewers)))
        except UserFacingError as error:
            read.append((index, FileOutcome(source.name, "failed", error.message)))
        except Exception as error:  # one surprise fails one file, never the import
            read.append((index, _unexpected(source.name, error)))
    return read


def _unexpected(name: str, error: Exception) -> FileOutcome:
    """A file that failed for a reason nobody foresaw: an error id to quote, details logged."""
    error_id = uuid.uuid4().hex[:8]
    log.error("error %s while importing %s", error_id, name, exc_info=error)
    return FileOutcome(name, "failed", f"unexpected error {error_id}; the details are in the log")


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
        f"catalogue ({fmt}): {merged.added} dramas added, {merged.updated} updated, "
        f"{merged.unchanged} unchanged; {merged.people_added} people added"
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
        f"review facts: {_reviews(counts['added'])} added, {counts['updated']} updated, "
        f"{unchanged} unchanged"
    )
    return FileOutcome(source.name, status, detail)


def _reviews(count: int) -> str:
    return f"{count} review" if count == 1 else f"{count} reviews"


def _parse(
    name: str, text: str, is_known_title: Callable[[str], bool], reviewers: tuple[str, ...]
) -> PostToSave:
    post = parse_post(text, is_known_title, reviewers)
    digest = hashlib.sha256(post.text.encode("utf-8")).hexdigest()
    return PostToSave(post, Path(name).name, digest)


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
