"""Import many files: catalogue files one transaction each, posts in batches of transactions.

A file that cannot be read or parsed is reported with its name and reason and stores nothing;
the others still import. Re-importing the same content reports "unchanged" and writes nothing.
Files on disk are read one at a time, when their turn comes, so a batch never holds them all.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath

from dramabot.domain.catalogue import DramaEntry
from dramabot.domain.errors import UserFacingError
from dramabot.domain.names import clean
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
from dramabot.storage import PostToSave, Store

POST_SUFFIXES = (".txt", ".md")
CATALOGUE_SUFFIXES = (".json", ".csv")
#: Documentation files a folder may hold beside its posts; a folder walk passes them over.
NOT_POSTS = ("readme", "sources", "format", "license", "changelog", "contributing")
MB = 1 << 20  # limits are powers of two, so sizes are shown in MiB, written "MB" as README does
MAX_POST_BYTES = 1 * MB
MAX_CATALOGUE_BYTES = 64 * MB
#: Longer uploaded file names are shortened in reports, keeping their extension.
UPLOAD_NAME_LENGTH = 100
#: Enough of a catalogue's start to tell its format by the header line.
_HEAD_BYTES = 4096
#: Posts stored per transaction: fewer round trips to SQLite, and a crash loses at most one batch.
POSTS_PER_TRANSACTION = 200

#: Called after each file: (files done, files in all, the file's outcome).
Progress = Callable[[int, int, FileOutcome], None]


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file to import: its display name and its bytes (an attachment), or the `path` to read
    them from when the file's turn comes, or why they could not be had."""

    name: str
    data: bytes | None
    error: str | None = None
    path: Path | None = None

    @classmethod
    def on_disk(cls, path: Path) -> SourceFile:
        """A file read only when it is imported (see `read`)."""
        return cls(str(path), None, path=path)

    @property
    def is_catalogue(self) -> bool:
        return self.name.lower().endswith(CATALOGUE_SUFFIXES)

    @property
    def limit(self) -> int:
        """The most bytes this kind of file may have."""
        return MAX_CATALOGUE_BYTES if self.is_catalogue else MAX_POST_BYTES

    def read(self) -> bytes:
        """The file's bytes, from disk now for a file on disk; `UserFacingError` says why not."""
        if self.data is not None:
            if len(self.data) > self.limit:
                raise UserFacingError(_too_large(len(self.data), self.limit))
            return self.data
        if self.path is None:
            raise UserFacingError(self.error or "the file could not be read")
        try:
            size = self.path.stat().st_size
            if size > self.limit:  # refused by its size, never read
                raise UserFacingError(_too_large(size, self.limit))
            with self.path.open("rb") as file:
                # The size it has: a read of `limit` bytes would reserve all 64 MB up front.
                data = file.read(size + 1)
                if len(data) > size:  # it grew since: read on, up to the limit
                    data += file.read(self.limit + 1 - len(data))
        except OSError as error:
            raise UserFacingError(f"cannot read the file: {_reason(error)}") from None
        if len(data) > self.limit:
            raise UserFacingError(_too_large(len(data), self.limit))
        return data

    def head(self) -> bytes:
        """The file's first bytes (none when it cannot be read: `read` will say why)."""
        if self.data is not None:
            return self.data[:_HEAD_BYTES]
        if self.path is None:
            return b""
        try:
            with self.path.open("rb") as file:
                return file.read(_HEAD_BYTES)
        except OSError:
            return b""


def collect_files(paths: Iterable[str | Path]) -> list[SourceFile]:
    """Post and catalogue files at paths, folders searched recursively, none read yet. A path
    or folder that cannot be looked into (a name too long, no permission) is reported failed."""
    found: list[SourceFile] = []
    for raw in paths:
        path = Path(raw)
        try:
            if path.is_dir():
                found.extend(_files_in(path))
            elif path.is_file():
                found.append(SourceFile.on_disk(path))
            else:
                found.append(SourceFile(str(path), None, "no such file or folder"))
        except OSError as error:
            found.append(SourceFile(str(path), None, f"cannot open it: {_reason(error)}"))
    return found


def _files_in(folder: Path) -> list[SourceFile]:
    """The importable files under `folder`, in path order; each subfolder that cannot be read
    is one failed entry (a plain `rglob` passed over it in silence)."""
    found: list[tuple[Path, SourceFile]] = []

    def unreadable(error: OSError) -> None:
        where = Path(error.filename) if error.filename else folder
        reason = f"cannot read the folder: {_reason(error)}"
        found.append((where, SourceFile(str(where), None, reason)))

    for top, _, names in os.walk(folder, onerror=unreadable):  # symlinked folders: not entered
        for name in names:
            path = Path(top, name)
            if (
                path.suffix.lower() not in POST_SUFFIXES + CATALOGUE_SUFFIXES
                or name.startswith(".")
                or path.stem.lower() in NOT_POSTS
            ):
                continue
            try:
                if path.is_file():
                    found.append((path, SourceFile.on_disk(path)))
            except OSError as error:
                reason = f"cannot open it: {_reason(error)}"
                found.append((path, SourceFile(str(path), None, reason)))
    return [source for _, source in sorted(found, key=lambda item: item[0])]


def _reason(error: OSError) -> str:
    """What the system said, without the path (the report names the file already)."""
    return error.strerror or type(error).__name__


async def read_upload(filename: str, size: int, read: Callable[[], Awaitable[bytes]]) -> SourceFile:
    """An uploaded file (a Discord attachment) to import: its name made safe to show, and its
    bytes, unless it is too large for any import (then it is not downloaded at all)."""
    name = upload_name(filename)
    if size > MAX_CATALOGUE_BYTES:
        return SourceFile(name, None, _too_large(size, MAX_CATALOGUE_BYTES))
    return SourceFile(name, await read())


def upload_name(filename: str) -> str:
    """An uploaded file's name as reports show it: no invisible characters (a crafted name must
    not reverse or hide the report's text), at most `UPLOAD_NAME_LENGTH` characters with the
    extension kept, since the importer reads the file's kind from it."""
    name = clean(filename) or "unnamed file"
    if len(name) <= UPLOAD_NAME_LENGTH:
        return name
    suffix = PurePath(name).suffix[:10]
    return name[: UPLOAD_NAME_LENGTH - len(suffix) - 1] + "…" + suffix


def _too_large(size: int, limit: int) -> str:
    return f"the file is too large ({size / MB:.1f} MB; the limit is {limit / MB:.0f} MB)"


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
    batch: list[tuple[int, str, PostToSave]] = []

    def finish(index: int, outcome: FileOutcome) -> None:
        outcomes[index] = outcome
        if progress:
            progress(sum(o is not None for o in outcomes), len(ordered), outcome)

    for index, source in enumerate(ordered):
        try:
            if source.is_catalogue:
                finish(index, await _import_catalogue(store, source, report))
            else:
                text = _decode(source.read())
                post = _parse(source.name, text, is_known_title, reviewers)
                batch.append((index, source.name, post))
        except UserFacingError as error:
            finish(index, FileOutcome(source.name, "failed", error.message))
        if len(batch) == POSTS_PER_TRANSACTION or index == len(ordered) - 1:
            for batch_index, outcome in await _save_posts(store, batch, report):
                finish(batch_index, outcome)
            batch = []
        await asyncio.sleep(0)  # parsing is CPU work: let the bot answer in between
    report.outcomes = [outcome for outcome in outcomes if outcome is not None]
    return report


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
    text = _decode(source.read())
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
    saved = await store.save_reviews([item for _, _, item in batch])
    outcomes = []
    for (index, name, item), result in zip(batch, saved, strict=True):
        report.touched_dramas |= result.touched_dramas
        report.touched_people |= result.touched_people
        post = item.post
        label = f"{post.title} ({post.year})" if post.year else post.title
        scores = ", ".join(f"{s.reviewer} {s.score:g}" for s in post.scores)
        outcome = FileOutcome(
            name,
            result.status,
            f"review of {label}: {scores}",
            post.warnings,
            result.drama_id,
        )
        outcomes.append((index, outcome))
    return outcomes


def _decode(data: bytes) -> str:
    if (nul := data.find(b"\x00")) >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise UserFacingError(f"the file is binary, not text (a NUL byte on line {line})")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise UserFacingError(f"not UTF-8 text (invalid byte on line {line})") from None
