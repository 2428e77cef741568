"""The store on a real SQLite file: schema, migrations, transactions, idempotent saves."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import asyncpg
import pytest

from dramabot.domain.catalogue import CastEntry, DramaEntry
from dramabot.domain.posts import ParsedPost, parse_post
from dramabot.storage import PostToSave, SaveResult, Store
from dramabot.storage.faults import DatabaseFault
from dramabot.storage.migrate import latest_version
from tests.conftest import NewDatabase

POST = """1 May 2020

K Drama Review: Test Drama (2020) 4.5 || 4.0

Kim Go Eun as Ji Eun Tak

There's Lee Dong Wook (Goblin) as the grim reaper.

It has 16 episodes of about 60 minutes each.

Oppa says...4.5.

Noona says...4.0.
"""


async def save(store: Store, post: ParsedPost, source_name: str, content_hash: str) -> SaveResult:
    """Store one parsed post in a transaction of its own."""
    return (await store.save_reviews([PostToSave(post, source_name, content_hash)]))[0]


async def test_new_database_is_migrated_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    async with await Store.open(path):
        pass
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == latest_version()
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {
        "dramas",
        "drama_titles",
        "people",
        "person_names",
        "credits",
        "reviews",
        "scores",
    } <= tables
    db.close()


async def test_a_database_from_a_newer_dramabot_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {latest_version() + 1}")
    db.close()
    with pytest.raises(DatabaseFault, match="newer than this dramabot"):
        await Store.open(path)


async def test_saving_a_post_twice_changes_nothing(new_database: NewDatabase) -> None:
    async with await Store.open(await new_database("s")) as store:
        parsed = parse_post(POST)
        first = await save(store, parsed, "test.txt", "hash-1")
        counts = await store.counts()
        again = await save(store, parsed, "test.txt", "hash-1")
        assert (first.status, again.status) == ("added", "unchanged")
        assert await store.counts() == counts
        review = await store.review_of(first.drama_id)
        assert review is not None
        assert [(c.person.name, c.role, c.billing) for c in review.cast] == [
            ("Kim Go Eun", "Ji Eun Tak", "lead"),
            ("Lee Dong Wook", "the grim reaper", "support"),
        ]
        assert (review.episodes, review.episode_minutes) == (16, 60)


async def test_a_card_reads_the_review_and_the_catalogue_cast_at_once(
    new_database: NewDatabase,
) -> None:
    async with await Store.open(await new_database("s")) as store:
        catalogue = DramaEntry(
            "Test Drama", 2020,
            cast=(CastEntry("Kim Go Eun", "Ji Eun Tak", "lead"), CastEntry("Yoo In Na")),
        )  # fmt: skip
        await store.merge_catalogue([catalogue])
        reviewed = await save(store, parse_post(POST), "test.txt", "hash-1")
        other = POST.replace("Test Drama (2020)", "Other Drama (2021)").replace(
            "(Goblin)", "(Test Drama)"
        )  # a review of another drama mentions this one
        await save(store, parse_post(other), "other.txt", "hash-2")
        drama = await store.drama(reviewed.drama_id)
        assert drama is not None
        review, cast = await store.card_of(drama)
        assert review == await store.review_of(drama.id)
        assert review is not None and [c.person.name for c in review.cast] == [
            "Kim Go Eun", "Lee Dong Wook",
        ]  # fmt: skip
        assert cast == await store.cast_of(drama.id)
        assert [c.person.name for c in cast] == ["Kim Go Eun", "Yoo In Na"]


async def test_an_edited_post_replaces_the_old_review(new_database: NewDatabase) -> None:
    async with await Store.open(await new_database("s")) as store:
        await save(store, parse_post(POST), "test.txt", "hash-1")
        edited = POST.replace("4.0", "4.2").replace("the grim reaper", "a grim reaper")
        result = await save(store, parse_post(edited), "test.txt", "hash-2")
        assert result.status == "updated"
        review = await store.review_of(result.drama_id)
        assert review is not None
        assert [s.score for s in review.scores] == [4.5, 4.2]
        assert review.cast[1].role == "a grim reaper"
        assert (await store.counts())["reviews"] == 1


async def test_a_failing_write_leaves_nothing_behind(new_database: NewDatabase) -> None:
    async with await Store.open(await new_database("s")) as store:
        before = await store.counts()
        broken = parse_post(POST)
        object.__setattr__(broken, "scores", (*broken.scores, broken.scores[0]))  # duplicate key
        with pytest.raises((sqlite3.IntegrityError, asyncpg.IntegrityConstraintViolationError)):
            await save(store, broken, "test.txt", "hash-1")
        assert await store.counts() == before


async def test_catalogue_merge_makes_one_entity_per_drama_and_person(
    new_database: NewDatabase,
) -> None:
    async with await Store.open(await new_database("s")) as store:
        mdl = DramaEntry(
            "Soundtrack #1", 2022, episodes=4, episode_minutes=44,
            cast=(CastEntry("Park Hyung Sik", "Han Sun Woo", "lead"),
                  CastEntry("Kim Joo Heon", "Kang Woo Il", "support")),
        )  # fmt: skip
        tmdb = DramaEntry(
            "Soundtrack 1", 2022, aliases=("사운드트랙 #1",), genres=("Romance",),
            cast=(CastEntry("Park Hyung-sik", billing="lead"), CastEntry("Kim Ju-heon")),
        )  # fmt: skip
        first = await store.merge_catalogue([mdl])
        second = await store.merge_catalogue([tmdb])
        assert (first.added, second.added, second.updated) == (1, 0, 1)
        counts = await store.counts()
        assert (counts["dramas"], counts["people"], counts["credits"]) == (1, 2, 2)
        (drama_id, title, aliases), = await store.title_names()  # fmt: skip
        assert title == "Soundtrack #1" and aliases == ["사운드트랙 #1"]  # "Soundtrack 1": same key
        cast = await store.cast_of(drama_id)
        assert [(c.person.name, c.role) for c in cast] == [
            ("Park Hyung Sik", "Han Sun Woo"), ("Kim Joo Heon", "Kang Woo Il"),
        ]  # fmt: skip
        person = await store.person(cast[1].person.id)  # merged by romanization within the drama
        assert person is not None and person.aliases == ("Kim Ju-heon",)
        drama = await store.drama(drama_id)
        assert drama is not None and drama.genres == ("Romance",) and drama.episode_minutes == 44
        again = await store.merge_catalogue([mdl, tmdb])
        assert (again.added, again.updated, again.unchanged) == (0, 0, 2)


async def test_same_title_years_apart_are_two_dramas(new_database: NewDatabase) -> None:
    async with await Store.open(await new_database("s")) as store:
        await store.merge_catalogue(
            [DramaEntry("High Society", 2015), DramaEntry("High Society", 2018, kind="film")]
        )
        assert (await store.counts())["dramas"] == 2
        await store.merge_catalogue(
            [DramaEntry("Hwarang: The Poet Warrior Youth", 2016), DramaEntry("Hwarang", 2016)]
        )
        assert (await store.counts())["dramas"] == 3


def _post(title: str, year: int, scores: tuple[float, float], cast: str) -> str:
    return (
        f"K Drama Review: {title} ({year}) {scores[0]} || {scores[1]}\n\n{cast}\n\n"
        f"Oppa says...{scores[0]}.\n\nNoona says...{scores[1]}.\n"
    )


#: Posts that lean on each other: a second version of one post, a person and a work that are new
#: in one post and named again in the next, a drama a later post reviews after another listed it.
FRIEND = "Kim Go Eun as Ji Eun Tak\n\nThere's Newcomer Han (Unknown Work) as a friend."
CAMEO = "Newcomer Han as the lead\n\nThere's Kim Goeun (Unknown Work and Test Drama) as a cameo."
REAPER = "Kim Go Eun as Ji Eun Tak\n\nThere's Lee Dong Wook (Goblin) as the grim reaper."
LINKED_POSTS = [
    _post("Test Drama", 2020, (4.5, 4.0), FRIEND),
    _post("Second Drama", 2021, (3.0, 3.5), CAMEO),
    _post("Test Drama", 2020, (4.6, 4.1), REAPER),
    _post("Unknown Work", 2019, (2.5, 2.0), "Newcomer Han as himself"),
    _post("Second Drama", 2021, (3.0, 3.5), CAMEO),
]


async def _dump(store: Store) -> dict[str, list[tuple[object, ...]]]:
    tables = {
        "dramas": "SELECT id, title, year, episodes FROM dramas",
        "titles": "SELECT drama_id, key FROM drama_titles",
        "people": "SELECT id, name FROM people",
        "names": "SELECT person_id, key FROM person_names",
        "reviews": "SELECT drama_id, headline, content_hash FROM reviews",
        "scores": "SELECT r.drama_id, s.reviewer, s.score FROM scores s JOIN reviews r "
        "ON r.id = s.review_id",
        "credits": "SELECT c.person_id, c.drama_id, c.role, c.billing, r.drama_id FROM credits c "
        "LEFT JOIN reviews r ON r.id = c.review_id",
    }
    return {
        name: sorted((tuple(row) for row in await store._reader.fetch_all(sql)), key=repr)
        for name, sql in tables.items()
    }


async def test_a_batch_of_posts_stores_what_saving_them_one_by_one_stores(
    new_database: NewDatabase,
) -> None:
    catalogue = [
        DramaEntry("Goblin", 2016, cast=(CastEntry("Lee Dong-wook", "Grim Reaper", "lead"),)),
        DramaEntry("Test Drama", 2020, cast=(CastEntry("Kim Go-eun", "Ji Eun Tak", "lead"),)),
    ]
    items = [
        (parse_post(text), f"post-{n}.txt", f"h{hash(text)}") for n, text in enumerate(LINKED_POSTS)
    ]
    async with await Store.open(await new_database("one")) as one_by_one:
        await one_by_one.merge_catalogue(catalogue)
        singles = [await save(one_by_one, *item) for item in items]
        expected = await _dump(one_by_one)
    async with await Store.open(await new_database("batch")) as batched:
        await batched.merge_catalogue(catalogue)
        together = await batched.save_reviews([PostToSave(*item) for item in items])
        stored = await _dump(batched)
    assert [r.status for r in together] == ["added", "added", "updated", "added", "unchanged"]
    assert [(r.status, r.drama_id) for r in together] == [(r.status, r.drama_id) for r in singles]
    assert stored == expected
    titles = [title for _, title, _, _ in stored["dramas"]]
    assert titles.count("Unknown Work") == 1, "the work listed and later reviewed is one drama"
    assert len(stored["reviews"]) == 3
    assert {name for _, name in stored["people"]} == {"Lee Dong-wook", "Kim Go-eun", "Newcomer Han"}


async def test_a_store_notices_names_changed_by_another_process(
    new_database: NewDatabase,
) -> None:
    path = await new_database("shared")
    async with await Store.open(path) as bot, await Store.open(path) as cli:
        bot.mark_names_seen(await bot.names_generation())
        await bot.merge_catalogue([DramaEntry("Goblin", 2016)])
        assert not await bot.names_changed_elsewhere(), "its own writes are not news"
        await cli.merge_catalogue([DramaEntry("Signal", 2016)])
        await bot.merge_catalogue([DramaEntry("Misaeng", 2014)])
        assert await bot.names_changed_elsewhere(), "Signal came from elsewhere before Misaeng"
        bot.mark_names_seen(await bot.names_generation())
        assert not await bot.names_changed_elsewhere()
