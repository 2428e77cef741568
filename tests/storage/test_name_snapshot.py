"""The name index snapshot beside the database: reused only while it matches the store."""

from __future__ import annotations

import errno
import pickle
from pathlib import Path
from typing import Any

import pytest

from dramabot.domain.matching import NameIndex
from dramabot.service import DramaService
from dramabot.storage import name_snapshot
from dramabot.storage.name_snapshot import load, save, snapshot_path

POST = """2 June 2021

K Drama Review: Snapshot Test Show (2021) 4.0 || 4.5

Kim Go Eun as Ji Eun Tak

Oppa says...4.0.
Noona says...4.5.
"""


async def test_a_second_start_reuses_the_snapshot_until_names_change(tmp_path: Path) -> None:
    db = tmp_path / "snap.sqlite3"
    first = await DramaService.open(db)
    assert snapshot_path(db).is_file()
    await first.close()

    second = await DramaService.open(db)
    assert second.names_source == "snapshot"
    assert (await second.match_titles("hometown chachacha", 1))[0].name == "Hometown Cha-Cha-Cha"
    post = tmp_path / "post.txt"
    post.write_text(POST, encoding="utf-8")
    await second.import_paths([post])
    assert (await second.match_titles("snapshot test show", 1))[0].name == "Snapshot Test Show"
    await second.close()

    third = await DramaService.open(db)  # the import moved the names generation: rebuilt
    assert third.names_source == "store"
    assert (await third.match_titles("snapshot test show", 1))[0].name == "Snapshot Test Show"
    await third.close()


@pytest.mark.parametrize(
    ("saved", "warned"),
    [
        (b"not a snapshot", True),
        # an upgrade leaves a snapshot of classes that are gone: rebuilt without a warning
        (b"cdramabot.domain.matching.prefixes\nPrefixLists\n.", False),
    ],
    ids=["damaged", "older-version"],
)
async def test_an_unusable_snapshot_is_only_a_slower_start(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, saved: bytes, warned: bool
) -> None:
    db = tmp_path / "snap.sqlite3"
    await (await DramaService.open(db)).close()
    snapshot_path(db).write_bytes(saved)
    service = await DramaService.open(db)
    assert service.names_source == "store"
    assert (await service.match_people("park bo gum", 1))[0].name == "Park Bo Gum"
    await service.close()
    assert any(r.levelname == "WARNING" for r in caplog.records) == warned


def replace_with_other_people(path: Path) -> None:
    """Another process saves the same titles, byte for byte, with other people."""
    with path.open("rb") as handle:
        header = pickle.load(handle)
        start = handle.tell()
        pickle.load(handle)
        titles = path.read_bytes()[start : handle.tell()]
    header["save"] = "f" * len(header["save"])
    others = NameIndex.build("person", [(1, "Other Writer Person", ())])
    path.write_bytes(pickle.dumps(header) + titles + pickle.dumps(others))


@pytest.mark.parametrize(
    "change",
    [
        lambda path: path.write_bytes(b"not a snapshot"),
        lambda path: path.unlink(),
        replace_with_other_people,
    ],
    ids=["damaged", "deleted", "replaced"],
)
async def test_people_are_found_when_the_snapshot_changed_after_the_start(
    tmp_path: Path, change: Any
) -> None:
    """A start reads the titles from the snapshot and the people only when first asked for;
    if the file was damaged, deleted or saved again by another process by then, the people
    come from the store, never from another save."""
    db = tmp_path / "snap.sqlite3"
    await (await DramaService.open(db)).close()
    service = await DramaService.open(db)
    assert service.names_source == "snapshot"
    change(snapshot_path(db))
    assert [m.name for m in await service.match_people("park bo gum", 1)] == ["Park Bo Gum"]
    await service.close()


def indexes(title: str) -> tuple[NameIndex, NameIndex]:
    """A titles index holding one drama, and an empty people index."""
    return NameIndex.build("title", [(1, title, ())]), NameIndex("person")


def test_two_writers_saving_at_once_leave_a_whole_snapshot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CLI saves while the bot is halfway through writing its own snapshot: the last one
    renamed into place must load whole (a shared `.names.tmp` was truncated under the bot)."""
    path = tmp_path / "db.sqlite3.names"
    real_dump = pickle.dump
    saving_inside: list[int] = []

    def dump_interrupted(saved: Any, handle: Any, protocol: int) -> None:
        data = pickle.dumps(saved, protocol)
        handle.write(data[: len(data) // 2])
        handle.flush()  # on disk, as a real multi-megabyte snapshot is while being written
        if not saving_inside:  # the other process saves in the middle of this write
            saving_inside.append(1)
            save(path, 7, *indexes("Other Writer Show"))
        handle.write(data[len(data) // 2 :])

    monkeypatch.setattr(name_snapshot.pickle, "dump", dump_interrupted)
    save(path, 8, *indexes("Last Writer Show"))
    monkeypatch.setattr(name_snapshot.pickle, "dump", real_dump)

    loaded = load(path, 8)
    assert loaded is not None
    assert [m.name for m in loaded[0].search("last writer show", 1)] == ["Last Writer Show"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no temporary files


def test_a_failed_save_keeps_the_old_snapshot_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "db.sqlite3.names"
    save(path, 1, *indexes("Saved Show"))

    def disk_full(saved: Any, handle: Any, protocol: int) -> None:
        handle.write(b"half a snapshot")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(name_snapshot.pickle, "dump", disk_full)
    save(path, 2, *indexes("Unsaved Show"))
    assert load(path, 2) is None
    loaded = load(path, 1)
    assert loaded is not None and loaded[0].knows("Saved Show")
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]
