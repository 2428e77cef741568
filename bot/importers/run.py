"""Import many files: catalogue files one transaction each, posts in batches of transactions.

A file that cannot be read or parsed is reported with its name and reason and stores nothing;
the others still import. Re-importing the same content reports "unchanged" and writes nothing.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from bot.domain.errors import UserFacingError
from bot.domain.posts import parse_post
from bot.importers.catalogue_files import FORMAT_ORDER, detect_format, read_catalogue
from bot.storage import PostToSave, Store

Status = Literal["added", "updated", "unchanged", "failed"]

POST_SUFFIXES = (".txt", ".md")
CATALOGUE_SUFFIXES = (".json", ".csv")
#: Documentation files a folder may hold beside its posts; a folder walk passes them over.
NOT_POSTS = ("readme", "sources", "format", "license", "changelog", "contributing")
MAX_POST_BYTES = 1 << 20
MAX_CATALOGUE_BYTES = 64 << 20
#: Posts stored per transaction: fewer round trips to SQLite, and a crash loses at most one batch.
POSTS_PER_TRANSACTION = 200

#: Called after each file: (files done, files in all, the file's outcome).
Progress = Callable[[int, int, "FileOutcome"], None]


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file to import: its display name and its bytes (or why they could not be had)."""

    name: str
    data: bytes | None
    error: str | None = None

    @property
    def is_catalogue(self) -> bool:
        return self.name.lower().endswith(CATALOGUE_SUFFIXES)


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """What importing one file did, in words fit for a user."""

    name: str
    status: Status
    detail: str
    warnings: tuple[str, ...] = ()
    review_drama_id: int | None = None


@dataclass(slots=True)
class ImportReport:
    """Every file's outcome, the totals, and the ids whose names changed."""

    outcomes: list[FileOutcome] = field(default_factory=list)
    touched_dramas: set[int] = field(default_factory=set)
    touched_people: set[int] = field(default_factory=set)

    def count(self, status: Status) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def failed(self) -> int:
        return self.count("failed")

    @property
    def new_reviews(self) -> list[int]:
        """Drama ids whose review was added or replaced by this import."""
        return [
            o.review_drama_id
            for o in self.outcomes
            if o.review_drama_id is not None and o.status in ("added", "updated")
        ]

    def summary(self) -> str:
        return (
            f"{self.count('added')} added, {self.count('updated')} updated, "
            f"{self.count('unchanged')} unchanged, {self.failed} failed"
        )


def collect_files(paths: Iterable[str | Path]) -> list[SourceFile]:
    """Read post and catalogue files from paths; folders are searched recursively."""
    found: list[SourceFile] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in POST_SUFFIXES + CATALOGUE_SUFFIXES
                and not p.name.startswith(".")
                and p.stem.lower() not in NOT_POSTS
            )
            found.extend(_read(p) for p in files)
        elif path.is_file():
            found.append(_read(path))
        else:
            found.append(SourceFile(str(path), None, "no such file or folder"))
    return found


def _read(path: Path) -> SourceFile:
    limit = MAX_CATALOGUE_BYTES if path.suffix.lower() in CATALOGUE_SUFFIXES else MAX_POST_BYTES
    try:
        size = path.stat().st_size
        if size > limit:
            return SourceFile(str(path), None, _too_large(size, limit))
        return SourceFile(str(path), path.read_bytes())
    except OSError as error:
        return SourceFile(str(path), None, f"cannot read the file: {error.strerror}")


def _too_large(size: int, limit: int) -> str:
    return f"the file is too large ({size / 1e6:.1f} MB; the limit is {limit / 1e6:.0f} MB)"


async def import_sources(
    store: Store,
    sources: list[SourceFile],
    is_known_title: Callable[[str], bool],
    progress: Progress | None = None,
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
            text = _text_of(source)
            if source.is_catalogue:
                finish(index, await _import_catalogue(store, source.name, text, report))
            else:
                batch.append((index, source.name, _parse(source.name, text, is_known_title)))
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
    if not source.is_catalogue or source.data is None:
        return 0
    fmt = detect_format(source.name, source.data[:4096].decode("utf-8", "replace"))
    return FORMAT_ORDER.index(fmt) if fmt else 0


def _text_of(source: SourceFile) -> str:
    if source.data is None:
        raise UserFacingError(source.error or "the file could not be read")
    limit = MAX_CATALOGUE_BYTES if source.is_catalogue else MAX_POST_BYTES
    if len(source.data) > limit:
        raise UserFacingError(_too_large(len(source.data), limit))
    return _decode(source.data)


async def _import_catalogue(
    store: Store, name: str, text: str, report: ImportReport
) -> FileOutcome:
    fmt = detect_format(name, text)
    if fmt is None:
        raise UserFacingError(
            "not a catalogue file this importer knows (dramabot JSON, MyDramaList "
            "korean_drama.csv / wiki_actors.csv, or TMDB kdramas.csv)"
        )
    entries = read_catalogue(fmt, text)
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
    return FileOutcome(name, status, detail)


def _parse(name: str, text: str, is_known_title: Callable[[str], bool]) -> PostToSave:
    post = parse_post(text, is_known_title)
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
    if b"\x00" in data[:8192]:
        raise UserFacingError("the file is binary, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise UserFacingError(f"not UTF-8 text (invalid byte on line {line})") from None
