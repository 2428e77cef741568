"""A snapshot of the name indexes beside the database file, so a large catalogue starts in a
fraction of a second instead of rebuilding its indexes.

The snapshot is used only when it was saved at the database's current names generation (a
counter the schema's triggers move on every title or name change) and by the same matching
code; otherwise the indexes are rebuilt and the snapshot replaced. It is written by dramabot
itself, beside a database it also writes, and holds nothing but the indexes.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
import tempfile
from pathlib import Path

from dramabot.domain import matching, names
from dramabot.domain.matching import NameIndex

log = logging.getLogger(__name__)

SUFFIX = ".names"


def snapshot_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + SUFFIX)


def _code_fingerprint() -> str:
    """The matching code's identity: a snapshot from other code may fold names differently."""
    digest = hashlib.sha256()
    sources = sorted(Path(matching.__file__ or "").parent.glob("*.py"))
    for source in [*sources, Path(names.__file__ or "")]:
        digest.update(source.read_bytes())
    return digest.hexdigest()


def load(path: Path, generation: int) -> tuple[NameIndex, NameIndex] | None:
    """The (titles, people) indexes saved at `generation` by this code, or None. The file's
    first pickle says when and by what code it was saved, so a stale one is never unpickled."""
    try:
        with path.open("rb") as handle:
            header = pickle.load(handle)
            if (
                not isinstance(header, dict)
                or header.get("generation") != generation
                or header.get("code") != _code_fingerprint()
            ):
                return None
            collecting = gc.isenabled()
            gc.disable()  # millions of small objects: the collector would triple the load time
            try:
                titles, people = pickle.load(handle)
            finally:
                if collecting:
                    gc.enable()
        if not isinstance(titles, NameIndex) or not isinstance(people, NameIndex):
            return None
        return titles, people
    except FileNotFoundError:
        return None
    except (AttributeError, ImportError):  # saved by an older dramabot, of classes gone since
        return None
    except Exception as error:  # a damaged or foreign snapshot is only a slower start
        log.warning("ignoring the name index snapshot %s (%s); rebuilding it", path, _said(error))
        return None


def save(path: Path, generation: int, titles: NameIndex, people: NameIndex) -> None:
    """Write the snapshot atomically: a temporary file of this writer's own in the same folder,
    renamed over the old one. The bot and the CLI may save at once; a shared temporary name let
    one truncate and rename the file the other was still writing. Failing leaves no file."""
    header = {"generation": generation, "code": _code_fingerprint()}
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
            pickle.dump((titles, people), handle, protocol=pickle.HIGHEST_PROTOCOL)
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
