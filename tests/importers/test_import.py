"""Importing posts and catalogue files through the service, as `dramabot import` does."""

from __future__ import annotations

import asyncio
import errno
import json
import os
import threading
import tracemalloc
from pathlib import Path

import pytest

import dramabot.importers.pipeline
from dramabot.importers import SourceFile
from dramabot.importers.catalogue_files import CatalogueFormatError, require_format
from dramabot.importers.sources import MAX_POST_BYTES
from dramabot.service import DramaService
from tests.conftest import SEED_POST

GOOD_POST = """2 June 2021

K Drama Review: Little Test Show (2021) 4.0 || 4.5

Kim Go Eun as Ji Eun Tak

It only had 6 episodes of 30 minutes each.

Oppa says...4.0.
Noona says...4.5.
"""


async def test_datasets_import_as_one_catalogue(
    empty_service: DramaService, datasets: Path
) -> None:
    service = empty_service
    files = [datasets / "korean_drama.csv", datasets / "wiki_actors.csv", datasets / "kdramas.csv"]
    report = await service.import_paths(files)
    assert report.failed == 0 and len(report.outcomes) == 3
    counts = await service.store.counts()
    assert 3000 < counts["dramas"] < 3600  # 1,752 + 2,224 rows, the ones in both merged
    soundtrack = await service.review("Soundtrack 1")
    assert soundtrack.drama.title == "Soundtrack #1" and soundtrack.drama.year == 2022
    assert "사운드트랙 #1" in soundtrack.drama.aliases
    assert ("Park Hyung Sik", "Han Sun Woo") in [(c.person.name, c.role) for c in soundtrack.cast]
    # Park Hyung-sik (TMDB) and Park Hyung Sik (MyDramaList) are one person with one credit here.
    park = await service.find_person("Park Hyung-sik")
    assert park.name == "Park Hyung Sik"
    assert [c.person.id for c in soundtrack.cast].count(park.id) == 1
    # Untidy whitespace in the files is cleaned.
    assert [m.name for m in await service.match_people("Yoo Joon Sang", 1)] == ["Yoo Joon Sang"]
    again = await service.import_paths(files)
    assert [o.status for o in again.outcomes] == ["unchanged"] * 3
    assert await service.store.counts() == counts


async def test_seed_post_over_the_datasets(empty_service: DramaService, datasets: Path) -> None:
    if not SEED_POST.is_file():
        return
    await empty_service.import_paths([datasets / "korean_drama.csv", datasets / "wiki_actors.csv"])
    report = await empty_service.import_paths([SEED_POST])
    assert [o.status for o in report.outcomes] == ["added"]
    answer = await empty_service.review("soundtrack #1")
    assert answer.review is not None
    # The post's own figures win for the review; the catalogue keeps its own 44 minutes.
    assert (answer.review.episodes, answer.review.episode_minutes) == (4, 50)
    assert answer.drama.episode_minutes == 44
    # The post's "Kim Joo Hun" is MyDramaList's "Kim Joo Heon" in this drama.
    kim = await empty_service.actor("Kim Joo Hun")
    assert kim.person.name == "Kim Joo Heon"


async def test_reimport_is_idempotent_and_an_edit_replaces(
    empty_service: DramaService, tmp_path: Path
) -> None:
    path = tmp_path / "little.txt"
    path.write_text(GOOD_POST, encoding="utf-8")
    first = await empty_service.import_paths([path])
    second = await empty_service.import_paths([path])
    assert [o.status for o in first.outcomes + second.outcomes] == ["added", "unchanged"]
    path.write_text(GOOD_POST.replace("4.5", "4.8"), encoding="utf-8")
    third = await empty_service.import_paths([path])
    assert third.outcomes[0].status == "updated"
    answer = await empty_service.review("little test show")
    assert answer.review is not None and [s.score for s in answer.review.scores] == [4.0, 4.8]
    assert (await empty_service.store.counts())["reviews"] == 1


async def test_bad_files_are_reported_and_store_nothing(
    empty_service: DramaService, tmp_path: Path
) -> None:
    (tmp_path / "no-headline.txt").write_text("1 May 2020\n\nJust words.\n", encoding="utf-8")
    (tmp_path / "bad-score.txt").write_text(GOOD_POST.replace("4.0 ||", "9.0 ||"), encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes(GOOD_POST.replace("Kim", "K\xe9m").encode("latin-1"))
    (tmp_path / "binary.md").write_bytes(b"\x89PNG\x00\x00binary")
    (tmp_path / "huge.txt").write_bytes(b"a" * (MAX_POST_BYTES + 1))
    (tmp_path / "broken.json").write_text('{"dramas": [{"title": "X", "year": 2020}, {"year": 1}]}')
    (tmp_path / "good.txt").write_text(GOOD_POST, encoding="utf-8")
    report = await empty_service.import_paths([tmp_path, tmp_path / "missing.txt"])
    reasons = {Path(o.name).name: o.detail for o in report.outcomes if o.status == "failed"}
    assert reasons.keys() == {
        "no-headline.txt", "bad-score.txt", "latin1.txt", "binary.md", "huge.txt", "broken.json",
        "missing.txt",
    }  # fmt: skip
    assert "no headline" in reasons["no-headline.txt"]
    assert "score 9 is outside 0 to 5 (line 3)" in reasons["bad-score.txt"]
    assert "not UTF-8" in reasons["latin1.txt"] and "line 5" in reasons["latin1.txt"]
    assert "binary" in reasons["binary.md"]
    assert "too large" in reasons["huge.txt"]
    assert "drama 2" in reasons["broken.json"] and "title" in reasons["broken.json"]
    assert "no such file" in reasons["missing.txt"]
    counts = await empty_service.store.counts()
    assert counts["reviews"] == 1  # only good.txt
    assert [t for _, t, _ in await empty_service.store.title_names()] == ["Little Test Show"]


async def test_attachments_import_like_files(empty_service: DramaService) -> None:
    lead = {"name": "Kim Go Eun", "role": "Ji Eun Tak", "billing": "lead"}
    drama = {"title": "Little Test Show", "year": 2021, "episodes": 6, "cast": [lead]}
    catalogue = {"dramas": [drama]}
    report = await empty_service.import_sources(
        [
            SourceFile("post.txt", GOOD_POST.encode()),
            SourceFile("mine.json", json.dumps(catalogue).encode()),
        ]
    )
    assert [o.status for o in report.outcomes] == ["added", "added"]  # catalogue goes first
    assert report.new_reviews and len(empty_service.titles) == 1


async def test_a_path_too_long_to_open_is_reported_and_the_rest_import(
    empty_service: DramaService, tmp_path: Path
) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD_POST, encoding="utf-8")
    too_long = tmp_path / ("x" * 300)
    report = await empty_service.import_paths([too_long, good])
    assert [(o.name, o.status) for o in report.outcomes] == [
        (str(too_long), "failed"),
        (str(good), "added"),
    ]
    assert report.outcomes[0].detail == f"cannot open it: {os.strerror(errno.ENAMETOOLONG)}"


async def test_an_unreadable_folder_is_reported_not_passed_over(
    empty_service: DramaService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "posts" / "locked"
    locked.mkdir(parents=True)
    (locked / "hidden.txt").write_text(GOOD_POST, encoding="utf-8")
    (tmp_path / "posts" / "good.txt").write_text(GOOD_POST, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str] = ".") -> object:  # root ignores chmod 000
        if Path(path) == locked:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    report = await empty_service.import_paths([tmp_path / "posts"])
    outcomes = {o.name: (o.status, o.detail) for o in report.outcomes}
    assert outcomes[str(locked)] == (
        "failed",
        f"cannot read the folder: {os.strerror(errno.EACCES)}",
    )
    assert outcomes[str(tmp_path / "posts" / "good.txt")][0] == "added"


async def test_a_folder_of_large_catalogues_is_read_one_file_at_a_time(
    empty_service: DramaService, tmp_path: Path
) -> None:
    """Ten 6 MB catalogues were all read into memory before the first was imported."""
    size = 6 << 20
    for number in range(10):
        drama = {"title": f"Padded Show {number}", "year": 2020}
        text = json.dumps({"dramas": [drama]})
        (tmp_path / f"padded-{number}.json").write_text(text + " " * (size - len(text)))
    tracemalloc.start()
    try:
        report = await empty_service.import_paths([tmp_path])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [o.status for o in report.outcomes] == ["added"] * 10
    assert peak < 4 * size  # one file's bytes and text at a time, not all ten files


async def test_the_bot_answers_while_a_catalogue_is_read(
    empty_service: DramaService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading a catalogue (seconds for 50 MB) must leave the event loop free: here the reading
    waits for a coroutine on the loop, which could never run if reading held the loop."""
    answered = threading.Event()
    answered_while_reading: list[bool] = []
    real_read = dramabot.importers.pipeline.read_catalogue

    def slow_read(fmt: str, text: str) -> object:
        answered_while_reading.append(answered.wait(timeout=5))
        return real_read(fmt, text)  # type: ignore[arg-type]

    async def answer() -> None:
        answered.set()

    monkeypatch.setattr(dramabot.importers.pipeline, "read_catalogue", slow_read)
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps({"dramas": [{"title": "Read Show", "year": 2020}]}))
    other_command = asyncio.get_running_loop().create_task(answer())
    report = await empty_service.import_paths([path])
    await other_command
    assert [o.status for o in report.outcomes] == ["added"]
    assert answered_while_reading == [True]


def test_a_csv_header_is_shown_cut_short_and_the_missing_columns_named() -> None:
    header = ",".join(["y" * 500, *(f"c{n}" for n in range(20)), "drama_name", "title"])
    with pytest.raises(CatalogueFormatError) as refused:
        require_format("kdramas.csv", header + "\n")
    message = refused.value.message
    assert message.startswith(f"line 1: columns '{'y' * 39}…', 'c0', ")
    assert "and 15 more are not those of a catalogue this importer knows" in message
    assert message.endswith(
        "a TMDB kdramas.csv also needs tmdb_id, original_title, first_air_date, episodes, "
        "average_runtime"
    )


async def test_no_entity_holds_two_records_of_one_source(
    empty_service: DramaService, datasets: Path
) -> None:
    files = [datasets / "korean_drama.csv", datasets / "wiki_actors.csv", datasets / "kdramas.csv"]
    assert (await empty_service.import_paths(files)).failed == 0
    read = empty_service.store._reader.fetch_all
    shared = await read(
        "SELECT entity, source, entity_id, count(*) FROM source_ids "
        "GROUP BY entity, source, entity_id HAVING count(*) > 1"
    )
    [(mdl_dramas,)] = await read(
        "SELECT count(*) FROM source_ids WHERE entity = 'drama' AND source = 'mdl'"
    )
    [(homonyms,)] = await read(
        "SELECT count(DISTINCT p.id) FROM people p JOIN source_ids s "
        "ON s.entity = 'person' AND s.entity_id = p.id WHERE p.name = 'Yoon Ji Hye'"
    )
    parts = [
        tuple(row)
        for row in await read(
            "SELECT title FROM dramas WHERE title LIKE 'Duty After School: Part _' ORDER BY title"
        )
    ]
    assert shared == []
    assert mdl_dramas == 1752  # every MyDramaList row is a drama of its own
    assert homonyms == 2  # two actors of that name on MyDramaList: two people
    assert parts == [("Duty After School: Part 1",), ("Duty After School: Part 2",)]
