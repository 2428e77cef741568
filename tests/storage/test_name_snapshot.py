"""The name index snapshot beside the database: reused only while it matches the store."""

from __future__ import annotations

from pathlib import Path

from bot.service import DramaService
from bot.storage.name_snapshot import snapshot_path

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
    assert second.match_titles("hometown chachacha", 1)[0].name == "Hometown Cha-Cha-Cha"
    post = tmp_path / "post.txt"
    post.write_text(POST, encoding="utf-8")
    await second.import_paths([post])
    assert second.match_titles("snapshot test show", 1)[0].name == "Snapshot Test Show"
    await second.close()

    third = await DramaService.open(db)  # the import moved the names generation: rebuilt
    assert third.names_source == "store"
    assert third.match_titles("snapshot test show", 1)[0].name == "Snapshot Test Show"
    await third.close()


async def test_a_damaged_snapshot_is_only_a_slower_start(tmp_path: Path) -> None:
    db = tmp_path / "snap.sqlite3"
    await (await DramaService.open(db)).close()
    snapshot_path(db).write_bytes(b"not a snapshot")
    service = await DramaService.open(db)
    assert service.names_source == "store"
    assert service.match_people("park bo gum", 1)[0].name == "Park Bo Gum"
    await service.close()
