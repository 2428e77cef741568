"""Where imported files come from: paths on disk (folders walked), Discord attachments, and
their bytes read as text, within each kind's size limit, one file at a time."""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath

from dramabot.domain.errors import UserFacingError
from dramabot.domain.names import clean

POST_SUFFIXES = (".txt", ".md")
#: A post saved from the blog as a web page.
PAGE_SUFFIXES = (".html", ".htm")
#: Feeds and blog backups: Blogger's Takeout `.atom`, its older `.xml`, WordPress's WXR `.xml`.
FEED_SUFFIXES = (".xml", ".atom", ".rss")
CATALOGUE_SUFFIXES = (".json", ".csv")
IMPORTABLE_SUFFIXES = POST_SUFFIXES + PAGE_SUFFIXES + FEED_SUFFIXES + CATALOGUE_SUFFIXES
#: Documentation files a folder may hold beside its posts; a folder walk passes them over.
NOT_POSTS = ("readme", "sources", "format", "license", "changelog", "contributing")
MB = 1 << 20  # limits are powers of two, so sizes are shown in MiB, written "MB" as README does
MAX_POST_BYTES = 1 * MB
MAX_CATALOGUE_BYTES = 64 * MB
#: Longer uploaded file names are shortened in reports, keeping their extension.
UPLOAD_NAME_LENGTH = 100
#: Enough of a catalogue's start to tell its format by the header line.
_HEAD_BYTES = 4096


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
    def is_feed_file(self) -> bool:
        return self.name.lower().endswith(FEED_SUFFIXES)

    @property
    def is_page(self) -> bool:
        return self.name.lower().endswith(PAGE_SUFFIXES)

    @property
    def limit(self) -> int:
        """The most bytes this kind of file may have: a blog's backup is a large file."""
        return MAX_CATALOGUE_BYTES if self.is_catalogue or self.is_feed_file else MAX_POST_BYTES

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
                path.suffix.lower() not in IMPORTABLE_SUFFIXES
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


def decode(data: bytes) -> str:
    """A file's bytes as text; `UserFacingError` when it is binary or not UTF-8."""
    if (nul := data.find(b"\x00")) >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise UserFacingError(f"the file is binary, not text (a NUL byte on line {line})")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise UserFacingError(f"not UTF-8 text (invalid byte on line {line})") from None
