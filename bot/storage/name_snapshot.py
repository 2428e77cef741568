"""A snapshot of the name indexes beside the database file, so a large catalogue starts in a
fraction of a second instead of rebuilding its indexes.

The snapshot is used only when it was saved at the database's current names generation (a
counter the schema's triggers move on every title or name change) and by the same matching
code; otherwise the indexes are rebuilt and the snapshot replaced. It is written by dramabot
itself, beside a database it also writes, and holds nothing but the indexes.

It is three pickles: a header, the titles' index, the people's index. A start reads the header
and the titles only; the people's index is read when first needed (`PeopleSection`), so a
command about a drama does not pay for 300,000 names.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from dramabot.domain import matching, names
from dramabot.domain.matching import NameIndex

log = logging.getLogger(__name__)

SUFFIX = ".names"
#: The layout of the file: a snapshot of another layout is rebuilt.
_FORMAT = 2


def snapshot_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + SUFFIX)


def _code_fingerprint() -> str:
    """The matching code's identity: a snapshot from other code may fold names differently."""
    digest = hashlib.sha256()
    sources = sorted(Path(matching.__file__ or "").parent.glob("*.py"))
    for source in [*sources, Path(names.__file__ or "")]:
        digest.update(source.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class PeopleSection:
    """Where a loaded snapshot keeps its people's index: read on first use."""

    path: Path
    save_id: str
    offset: int

    def load(self) -> NameIndex | None:
        """The people's index, or None if the file is no longer the save the titles came from
        (another process replaced it) or cannot be read."""
        try:
            with self.path.open("rb") as handle:
                header = pickle.load(handle)
                if not isinstance(header, dict) or header.get("save") != self.save_id:
                    return None
                handle.seek(self.offset)
                people = _unpickled(handle)
        except FileNotFoundError:
            return None
        except Exception as error:  # a damaged snapshot: the people are built from the store
            log.warning("ignoring the name index snapshot %s (%s)", self.path, _said(error))
            return None
        return people if isinstance(people, NameIndex) else None


def load(path: Path, generation: int) -> tuple[NameIndex, PeopleSection] | None:
    """The titles' index saved at `generation` by this code and where its people's index is, or
    None. The file's first pickle says when and by what code it was saved, so a stale one is
    never unpickled."""
    try:
        with path.open("rb") as handle:
            header = pickle.load(handle)
            if (
                not isinstance(header, dict)
                or header.get("format") != _FORMAT
                or header.get("generation") != generation
                or header.get("code") != _code_fingerprint()
            ):
                return None
            titles = _unpickled(handle)
            people = PeopleSection(path, header["save"], handle.tell())
        if not isinstance(titles, NameIndex):
            return None
        return titles, people
    except FileNotFoundError:
        return None
    except (AttributeError, ImportError):  # saved by an older dramabot, of classes gone since
        return None
    except Exception as error:  # a damaged or foreign snapshot is only a slower start
        log.warning("ignoring the name index snapshot %s (%s); rebuilding it", path, _said(error))
        return None


def _unpickled(handle: BinaryIO) -> object:
    """The next pickle in the file, the collector off (millions of small objects: it would
    triple the load time)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return pickle.load(handle)
    finally:
        if collecting:
            gc.enable()


def save(path: Path, generation: int, titles: NameIndex, people: NameIndex) -> None:
    """Write the snapshot atomically: a temporary file of this writer's own in the same folder,
    renamed over the old one. The bot and the CLI may save at once; a shared temporary name let
    one truncate and rename the file the other was still writing. Failing leaves no file."""
    header = {
        "format": _FORMAT,
        "generation": generation,
        "code": _code_fingerprint(),
        "save": uuid.uuid4().hex,  # which save: a people's section is read from its own file
    }
    try:
        descriptor, name = tempfile.mkstemp(prefix=f"{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        log.warning("could not save the name index snapshot %s (%s)", path, _said(error))
        return
    temporary = Path(name)
    replaced = False
    try:
        with os.fdopen(descriptor, "wb") as handle:
            pickle.dump(header, handle, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(titles, handle, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(people, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        replaced = True
    except Exception as error:  # a full disk, a vanished folder: the next start is slower
        log.warning("could not save the name index snapshot %s (%s)", path, _said(error))
    finally:
        if not replaced:
            temporary.unlink(missing_ok=True)


def _said(error: BaseException) -> str:
    """An error in a few words for a log line (no traceback: nothing is lost)."""
    return getattr(error, "strerror", None) or str(error) or type(error).__name__
