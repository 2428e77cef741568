"""The review store: one SQLite file (WAL, foreign keys on) behind small typed async methods.

Writes go through one connection, one transaction per unit of work, serialised by a lock; reads use
a second, read-only connection, so a lookup never waits for an import and never sees half of one.
"""

from __future__ import annotations

import asyncio
import functools
import json
import os
import sqlite3
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from datetime import date
from pathlib import Path
from typing import Concatenate, Literal, ParamSpec, TypeVar

import aiosqlite

from dramabot.domain.catalogue import CastEntry, DramaEntry, MergeReport
from dramabot.domain.identity import (
    DramaCandidate,
    main_title,
    pick_drama,
    pick_person,
    same_work_by_main_title,
)
from dramabot.domain.models import Credit, Drama, Person, Review, Score
from dramabot.domain.names import clean, entity_key, person_form
from dramabot.domain.posts import ParsedPost
from dramabot.storage.migrate import migrate
from dramabot.storage.review_batch import PostToSave, ReviewBatch, SaveResult

DB_ENV = "DRAMABOT_DB"
DEFAULT_DB_NAME = "dramabot.sqlite3"
_BUSY_TIMEOUT_MS = 30_000
P = ParamSpec("P")
T = TypeVar("T")


def default_db_path() -> Path:
    """`$DRAMABOT_DB`, else `dramabot.sqlite3` in the working directory."""
    return Path(os.environ.get(DB_ENV) or DEFAULT_DB_NAME)


_DRAMA_COLUMNS = (
    "d.id, d.title, d.year, d.kind, d.country, d.episodes, d.episode_minutes, d.genres, "
    "d.network, d.synopsis"
)
_FACTS = ("year", "kind", "country", "episodes", "episode_minutes", "genres", "network", "synopsis")


def _snapshot(
    read: Callable[Concatenate[Store, P], Awaitable[T]],
) -> Callable[Concatenate[Store, P], Awaitable[T]]:
    """A store read that runs in one read transaction (see `Store._read`)."""

    @functools.wraps(read)
    async def in_snapshot(self: Store, *args: P.args, **kwargs: P.kwargs) -> T:
        async with self._read():
            return await read(self, *args, **kwargs)

    return in_snapshot


class Store:
    """The review store. Create with `await Store.open(path)`; close with `await store.close()`."""

    def __init__(self, path: Path, writer: aiosqlite.Connection, reader: aiosqlite.Connection):
        self.path = path
        self._writer = writer
        self._reader = reader
        self._write_lock = asyncio.Lock()
        self._read_lock = asyncio.Lock()
        self._reading: ContextVar[bool] = ContextVar(f"reading-{id(self)}", default=False)
        #: The names generation as this process last saw it: after its own writes, or when its
        #: name indexes were loaded; None before either. See `names_changed_elsewhere`.
        self._names_seen: int | None = None
        self._changed_elsewhere = False

    @classmethod
    async def open(cls, path: str | os.PathLike[str]) -> Store:
        """Open (creating and migrating if needed) the database file at `path`."""
        path = Path(path)
        writer = await _connect(path)
        try:
            await _use_wal(writer)
            await writer.execute("PRAGMA synchronous = NORMAL")
            await migrate(writer)
            reader = await _connect(path)
            await reader.execute("PRAGMA query_only = ON")
        except BaseException:
            await writer.close()
            raise
        return cls(path, writer, reader)

    async def close(self) -> None:
        """Close both connections; the store cannot be used afterwards."""
        await self._reader.close()
        await self._writer.close()

    async def __aenter__(self) -> Store:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """One write transaction: committed whole, or rolled back whole on any error."""
        async with self._write_lock:
            await self._writer.execute("BEGIN IMMEDIATE")
            try:
                before = await self._generation(self._writer)
                if self._names_seen is not None and before != self._names_seen:
                    self._changed_elsewhere = True
                yield self._writer
                self._names_seen = await self._generation(self._writer)
            except BaseException:
                await self._writer.rollback()
                raise
            await self._writer.commit()

    def mark_names_seen(self, generation: int) -> None:
        """Record that the caller's name indexes reflect the store at `generation`."""
        self._names_seen = generation
        self._changed_elsewhere = False

    async def names_changed_elsewhere(self) -> bool:
        """Whether another process (another bot, `dramabot import`) changed titles or names
        since `mark_names_seen`: the name indexes then need a reload."""
        if self._names_seen is None:
            return False
        return self._changed_elsewhere or await self.names_generation() != self._names_seen

    @staticmethod
    async def _generation(db: aiosqlite.Connection) -> int:
        rows = await db.execute_fetchall("SELECT value FROM meta WHERE key = 'names_generation'")
        return int(next(iter(rows))[0])

    @asynccontextmanager
    async def _read(self) -> AsyncIterator[None]:
        """One read transaction: every statement inside sees the same committed state, the
        latest when it began (a review is never read half replaced). Reads nest freely."""
        if self._reading.get():
            yield
            return
        async with self._read_lock:
            token = self._reading.set(True)
            try:
                await self._reader.execute("BEGIN")
                try:
                    yield
                finally:
                    await self._reader.execute("COMMIT")
            finally:
                self._reading.reset(token)

    # ---- reads ---------------------------------------------------------------------------

    @_snapshot
    async def is_empty(self) -> bool:
        """True when the store holds no drama at all (a brand-new database)."""
        async with self._reader.execute("SELECT EXISTS (SELECT 1 FROM dramas)") as cursor:
            row = await cursor.fetchone()
        return not (row and row[0])

    @_snapshot
    async def names_generation(self) -> int:
        """A counter that moves whenever any title or name is added, removed or renamed."""
        return await self._generation(self._reader)

    @_snapshot
    async def counts(self) -> dict[str, int]:
        """How many dramas, people, credits and reviews the store holds."""
        counts = {}
        for table in ("dramas", "people", "credits", "reviews"):
            async with self._reader.execute(f"SELECT count(*) FROM {table}") as cursor:
                row = await cursor.fetchone()
            counts[table] = row[0] if row else 0
        return counts

    @_snapshot
    async def drama(self, drama_id: int) -> Drama | None:
        """One drama with its aliases, or None."""
        dramas = await self.dramas([drama_id])
        return dramas.get(drama_id)

    @_snapshot
    async def dramas(self, drama_ids: Iterable[int]) -> dict[int, Drama]:
        """Dramas by id, with their aliases; unknown ids are left out."""
        ids = list(dict.fromkeys(drama_ids))
        if not ids:
            return {}
        aliases: dict[int, list[str]] = defaultdict(list)
        rows: list[aiosqlite.Row] = []
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            async with self._reader.execute(
                f"SELECT {_DRAMA_COLUMNS} FROM dramas d WHERE d.id IN ({marks})", chunk
            ) as cursor:
                rows.extend(await cursor.fetchall())
            async with self._reader.execute(
                f"SELECT drama_id, title FROM drama_titles WHERE drama_id IN ({marks}) "
                "ORDER BY rowid",
                chunk,
            ) as cursor:
                for drama_id, title in await cursor.fetchall():
                    aliases[drama_id].append(title)
        return {row[0]: _drama(row, aliases[row[0]]) for row in rows}

    @_snapshot
    async def person(self, person_id: int) -> Person | None:
        """One person with the other spellings of their name, or None."""
        return (await self.people([person_id])).get(person_id)

    @_snapshot
    async def people(self, person_ids: Iterable[int]) -> dict[int, Person]:
        """People by id, with the other spellings of their names; unknown ids are left out."""
        ids = list(dict.fromkeys(person_ids))
        names: dict[int, list[str]] = defaultdict(list)
        canonical: dict[int, str] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for person_id, name in await self._reader.execute_fetchall(
                f"SELECT id, name FROM people WHERE id IN ({marks})", chunk
            ):
                canonical[person_id] = name
            for person_id, name in await self._reader.execute_fetchall(
                f"SELECT person_id, name FROM person_names WHERE person_id IN ({marks}) "
                "ORDER BY rowid",
                chunk,
            ):
                names[person_id].append(name)
        return {
            person_id: Person(person_id, name, tuple(n for n in names[person_id] if n != name))
            for person_id, name in canonical.items()
        }

    @_snapshot
    async def review_of(self, drama_id: int) -> Review | None:
        """The stored review of a drama, with its scores and the cast the post names."""
        reviews = await self.reviews_of([drama_id])
        return reviews.get(drama_id)

    @_snapshot
    async def reviews_of(self, drama_ids: Iterable[int] | None = None) -> dict[int, Review]:
        """Reviews by drama id: of the given dramas, or every review when `drama_ids` is None."""
        query = (
            "SELECT id, drama_id, posted_on, headline, body, source_name, content_hash, episodes, "
            "episode_minutes, url FROM reviews"
        )
        rows: list[aiosqlite.Row] = []
        if drama_ids is None:
            async with self._reader.execute(query) as cursor:
                rows.extend(await cursor.fetchall())
        else:
            for chunk in _chunks(list(dict.fromkeys(drama_ids))):
                marks = ",".join("?" * len(chunk))
                async with self._reader.execute(f"{query} WHERE drama_id IN ({marks})", chunk) as c:
                    rows.extend(await c.fetchall())
        if not rows:
            return {}
        review_ids = [row[0] for row in rows]
        scores = await self._scores(review_ids)
        dramas = await self.dramas(row[1] for row in rows)
        casts = await self._credits(
            "c.review_id IN ({}) AND c.billing != 'mention'", review_ids, order="c.position"
        )
        cast_by_review: dict[int, list[Credit]] = defaultdict(list)
        for review_id, credit in casts:
            cast_by_review[review_id].append(credit)
        return {
            row[1]: Review(
                id=row[0],
                drama=dramas[row[1]],
                posted_on=date.fromisoformat(row[2]) if row[2] else None,
                headline=row[3],
                text=row[4],
                source_name=row[5],
                content_hash=row[6],
                scores=tuple(scores.get(row[0], ())),
                episodes=row[7],
                episode_minutes=row[8],
                cast=tuple(cast_by_review[row[0]]),
                url=row[9],
            )
            for row in rows
        }

    @_snapshot
    async def reviewed_drama_ids(self, limit: int) -> list[int]:
        """Ids of reviewed dramas, the most recently posted first."""
        async with self._reader.execute(
            "SELECT drama_id FROM reviews ORDER BY posted_on DESC, id DESC LIMIT ?", (limit,)
        ) as cursor:
            return [row[0] for row in await cursor.fetchall()]

    @_snapshot
    async def cast_of(self, drama_id: int) -> list[Credit]:
        """The catalogue's cast of a drama: leads first, then supporting cast."""
        credits = await self._credits(
            "c.drama_id IN ({}) AND c.review_id IS NULL", [drama_id], order="c.position, c.id"
        )
        return [credit for _, credit in credits]

    @_snapshot
    async def credits_of(self, person_id: int) -> list[Credit]:
        """Every credit of a person, from the catalogue and from reviews, newest drama first."""
        credits = await self._credits(
            "c.person_id IN ({})", [person_id], order="d.year DESC, d.title"
        )
        return [credit for _, credit in credits]

    @_snapshot
    async def dramas_by_length(
        self, max_episodes: int | None, max_minutes_total: int | None, limit: int
    ) -> list[int]:
        """Ids of dramas (not films) within the length limits, the reviewed ones first."""
        conditions = ["d.kind = 'drama'", "d.episodes IS NOT NULL"]
        params: list[int] = []
        if max_episodes is not None:
            conditions.append("d.episodes <= ?")
            params.append(max_episodes)
        if max_minutes_total is not None:
            conditions.append(
                "d.episode_minutes IS NOT NULL AND d.episodes * d.episode_minutes <= ?"
            )
            params.append(max_minutes_total)
        query = (
            "SELECT d.id FROM dramas d LEFT JOIN reviews r ON r.drama_id = d.id "
            f"WHERE {' AND '.join(conditions)} ORDER BY r.id IS NULL, d.year DESC LIMIT ?"
        )
        async with self._reader.execute(query, (*params, limit)) as cursor:
            return [row[0] for row in await cursor.fetchall()]

    @_snapshot
    async def cast_overlap(self, drama_id: int) -> dict[int, list[str]]:
        """Other dramas that share cast with a drama: {drama id: names of the shared people}."""
        async with self._reader.execute(
            "SELECT DISTINCT other.drama_id, p.name FROM credits mine "
            "JOIN credits other ON other.person_id = mine.person_id "
            "AND other.drama_id != mine.drama_id JOIN people p ON p.id = mine.person_id "
            "WHERE mine.drama_id = ? ORDER BY mine.billing, p.name",
            (drama_id,),
        ) as cursor:
            shared: dict[int, list[str]] = defaultdict(list)
            for other_id, name in await cursor.fetchall():
                shared[other_id].append(name)
        return dict(shared)

    @_snapshot
    async def dramas_sharing_genres(self, drama_id: int, limit: int) -> list[int]:
        """Ids of dramas sharing genres with a drama, most shared genres (then reviewed) first."""
        async with self._reader.execute(
            "SELECT d.id FROM dramas mine, json_each(mine.genres) mg "
            "JOIN dramas d ON d.id != mine.id AND d.kind = 'drama' "
            "JOIN json_each(d.genres) dg ON dg.value = mg.value "
            "LEFT JOIN reviews r ON r.drama_id = d.id "
            "WHERE mine.id = ? GROUP BY d.id ORDER BY count(*) DESC, r.id IS NULL, d.year DESC "
            "LIMIT ?",
            (drama_id, limit),
        ) as cursor:
            return [row[0] for row in await cursor.fetchall()]

    @_snapshot
    async def title_names(self) -> list[tuple[int, str, list[str]]]:
        """(drama id, title, aliases) of every drama, for the name index."""
        return await self._names(
            "SELECT id, title FROM dramas", "SELECT drama_id, title FROM drama_titles"
        )

    @_snapshot
    async def person_names(self) -> list[tuple[int, str, list[str]]]:
        """(person id, name, other spellings) of every person, for the name index."""
        return await self._names(
            "SELECT id, name FROM people", "SELECT person_id, name FROM person_names"
        )

    async def _names(self, entities: str, aliases: str) -> list[tuple[int, str, list[str]]]:
        async with self._reader.execute(entities) as cursor:
            canonical = {row[0]: row[1] for row in await cursor.fetchall()}
        others: dict[int, list[str]] = defaultdict(list)
        async with self._reader.execute(aliases) as cursor:
            for entity_id, name in await cursor.fetchall():
                if name != canonical.get(entity_id):
                    others[entity_id].append(name)
        return [(i, name, others[i]) for i, name in canonical.items()]

    async def _scores(self, review_ids: list[int]) -> dict[int, list[Score]]:
        scores: dict[int, list[Score]] = defaultdict(list)
        for chunk in _chunks(review_ids):
            marks = ",".join("?" * len(chunk))
            async with self._reader.execute(
                f"SELECT review_id, reviewer, score FROM scores WHERE review_id IN ({marks}) "
                "ORDER BY review_id, position",
                chunk,
            ) as cursor:
                for review_id, reviewer, score in await cursor.fetchall():
                    scores[review_id].append(Score(reviewer or None, score))
        return scores

    async def _credits(
        self, where: str, ids: list[int], order: str
    ) -> list[tuple[int | None, Credit]]:
        """Credits matching `where` (with `{}` for the id placeholders), with their review id."""
        found: list[tuple[int | None, Credit]] = []
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            async with self._reader.execute(
                f"SELECT c.review_id, c.role, c.billing, p.id, p.name, {_DRAMA_COLUMNS} "
                "FROM credits c JOIN people p ON p.id = c.person_id "
                f"JOIN dramas d ON d.id = c.drama_id WHERE {where.format(marks)} ORDER BY {order}",
                chunk,
            ) as cursor:
                for row in await cursor.fetchall():
                    drama = _drama(row[5:], ())
                    person = Person(row[3], row[4])
                    found.append(
                        (row[0], Credit(person, drama, row[1], row[2], row[0] is not None))
                    )
        return found

    @_snapshot
    async def announce_channels(self) -> dict[int, int]:
        """Every server's announcement channel: {guild id: channel id}."""
        async with self._reader.execute(
            "SELECT guild_id, announce_channel_id FROM guild_settings "
            "WHERE announce_channel_id IS NOT NULL"
        ) as cursor:
            return {row[0]: row[1] for row in await cursor.fetchall()}

    # ---- writes --------------------------------------------------------------------------

    async def set_announce_channel(self, guild_id: int, channel_id: int | None) -> None:
        """Set (or with None, clear) the channel where a server hears of new reviews."""
        async with self._transaction() as db:
            await db.execute(
                "INSERT INTO guild_settings (guild_id, announce_channel_id) VALUES (?, ?) "
                "ON CONFLICT (guild_id) DO UPDATE "
                "SET announce_channel_id = excluded.announce_channel_id",
                (guild_id, channel_id),
            )

    async def save_review(
        self, post: ParsedPost, source_name: str, content_hash: str
    ) -> SaveResult:
        """Store one parsed post in one transaction (see `save_reviews`)."""
        return (await self.save_reviews([PostToSave(post, source_name, content_hash)]))[0]

    async def save_reviews(self, items: Sequence[PostToSave]) -> list[SaveResult]:
        """Store parsed posts in one transaction, in order; the same content again changes
        nothing.

        A review belongs to the drama its headline names (created if the catalogue lacks it); a
        post about a drama that already has a review replaces that review.
        """
        async with self._transaction() as db:
            batch = await ReviewBatch.load(db, [item.post for item in items])
            results = [batch.save(item) for item in items]
            await batch.write(db)
            return results

    async def merge_catalogue(
        self, entries: Sequence[DramaEntry], authoritative: bool = False
    ) -> MergeReport:
        """Merge catalogue entries in one transaction: one entity per drama and per person.

        A drama is the same when one of its titles has the same `entity_key` and the years agree
        (within a year, or one is unknown); a person is the same when their name has the same key,
        or when the same drama already credits someone whose romanization folds to the same form.
        Facts the store lacks are filled in; an `authoritative` source (our own catalogue) also
        corrects the facts and roles already there.
        """
        async with self._transaction() as db:
            merger = await _CatalogueMerge.load(db, authoritative)
            report = merger.merge(entries)
            await merger.write(db)
            return report


class _CatalogueMerge:
    """The in-memory side of `Store.merge_catalogue`: resolve everything, then write in bulk."""

    def __init__(self, authoritative: bool) -> None:
        self.authoritative = authoritative
        self.facts: dict[int, dict[str, object]] = {}
        self.titles: dict[str, list[int]] = defaultdict(list)
        self.main_titles: dict[str, list[tuple[int, str]]] = defaultdict(list)
        #: (entity, source, id) -> entity id, and each entity's ids by source.
        self.by_source: dict[tuple[str, str, str], int] = {}
        self.source_ids: dict[tuple[str, int], dict[str, str]] = defaultdict(dict)
        self.new_source_ids: list[tuple[str, str, str, int]] = []
        self.title_keys: set[tuple[int, str]] = set()
        self.people: dict[str, list[int]] = defaultdict(list)
        self.person_keys: set[tuple[int, str]] = set()
        self.person_forms: dict[int, dict[str, int]] = defaultdict(dict)
        self.person_name: dict[int, str] = {}
        self.credits: dict[tuple[int, int], tuple[str | None, str, int]] = {}
        self.new_dramas: dict[int, tuple[str, dict[str, object]]] = {}
        self.changed_dramas: set[int] = set()
        self.new_titles: list[tuple[int, str, str]] = []
        self.new_people: list[tuple[int, str]] = []
        self.new_person_names: list[tuple[int, str, str]] = []
        self.new_credits: dict[tuple[int, int], tuple[str | None, str, int]] = {}
        self.changed_credits: set[tuple[int, int]] = set()
        self.next_drama = 1
        self.next_person = 1

    @classmethod
    async def load(cls, db: aiosqlite.Connection, authoritative: bool) -> _CatalogueMerge:
        merge = cls(authoritative)
        async with db.execute(f"SELECT {_DRAMA_COLUMNS} FROM dramas d") as cursor:
            for row in await cursor.fetchall():
                merge.facts[row[0]] = dict(zip(_FACTS, row[2:], strict=True))
                merge.next_drama = max(merge.next_drama, row[0] + 1)
        async with db.execute("SELECT drama_id, title, key FROM drama_titles") as cursor:
            for drama_id, title, key in await cursor.fetchall():
                merge._index_title(drama_id, title, key)
        async with db.execute("SELECT person_id, key FROM person_names ORDER BY rowid") as cursor:
            for person_id, key in await cursor.fetchall():
                merge.people[key].append(person_id)
                merge.person_keys.add((person_id, key))
                merge.next_person = max(merge.next_person, person_id + 1)
        async with db.execute("SELECT id, name FROM people") as cursor:
            for person_id, name in await cursor.fetchall():
                merge.person_name[person_id] = name
                merge.next_person = max(merge.next_person, person_id + 1)
        async with db.execute(
            "SELECT entity, source, source_id, entity_id FROM source_ids"
        ) as cursor:
            for entity, source, source_id, entity_id in await cursor.fetchall():
                merge.by_source[(entity, source, source_id)] = entity_id
                merge.source_ids[(entity, entity_id)][source] = source_id
        async with db.execute(
            "SELECT c.person_id, c.drama_id, c.role, c.billing, c.position, c.review_id "
            "FROM credits c"
        ) as cursor:
            for person_id, drama_id, role, billing, position, review_id in await cursor.fetchall():
                merge.person_forms[drama_id][person_form(merge.person_name[person_id])] = person_id
                if review_id is None:
                    merge.credits[(person_id, drama_id)] = (role, billing, position)
        return merge

    def merge(self, entries: Sequence[DramaEntry]) -> MergeReport:
        added = updated = unchanged = credits_added = 0
        people_before = len(self.new_people)
        for entry in entries:
            title = clean(entry.title)
            if not title:
                continue
            drama_id = self._find_drama(entry)
            is_new = drama_id is None
            if drama_id is None:
                drama_id = self._add_drama(title, entry)
                changed = True
            else:
                changed = self._update_drama(drama_id, entry)
            self._add_source_ids("drama", drama_id, entry.source_ids)
            for alias in (title, *entry.aliases):
                changed |= self._add_title(drama_id, alias)
            for position, cast in enumerate(entry.cast):
                person_id = self._find_person(drama_id, cast)
                if person_id is None:
                    continue
                result = self._add_credit(person_id, drama_id, cast.role, cast.billing, position)
                credits_added += result == "added"
                changed |= result != "unchanged"
            added += is_new
            updated += changed and not is_new
            unchanged += not changed
        return MergeReport(
            added=added,
            updated=updated,
            unchanged=unchanged,
            people_added=len(self.new_people) - people_before,
            credits_added=credits_added,
            touched_dramas=frozenset(i for i, _, _ in self.new_titles),
            touched_people=frozenset(i for i, _, _ in self.new_person_names),
        )

    def _index_title(self, drama_id: int, title: str, key: str) -> None:
        self.titles[key].append(drama_id)
        self.title_keys.add((drama_id, key))
        self.main_titles[entity_key(main_title(title))].append((drama_id, title))

    def _find_drama(self, entry: DramaEntry) -> int | None:
        """The drama an entry is, by the rules of `bot.domain.identity`; None for a new one."""
        ids = dict(entry.source_ids)
        for source, source_id in ids.items():
            if (known := self.by_source.get(("drama", source, source_id))) is not None:
                return known
        # The entry's own title first: a shared alias must not pull one drama into another.
        for title in (entry.title, *entry.aliases):
            named = self._candidates(self.titles.get(entity_key(title), []))
            found = pick_drama(named, entry.year, entry.kind, ids)
            if found is not None:
                return found
        if entry.year is None or self.authoritative:
            return None
        # `Hwarang` and `Hwarang: The Poet Warrior Youth` of the same year are one drama in two
        # sources; our own catalogue names its entries exactly (`Alchemy of Souls` and `Alchemy
        # of Souls: Light and Shadow` are two), and parts or seasons are never merged.
        same_work = [
            drama_id
            for title in (entry.title, *entry.aliases)
            for drama_id, known in self.main_titles.get(entity_key(main_title(title)), ())
            if self.facts[drama_id]["year"] == entry.year and same_work_by_main_title(known, title)
        ]
        return pick_drama(self._candidates(same_work), entry.year, entry.kind, ids)

    def _candidates(self, drama_ids: Iterable[int]) -> list[DramaCandidate]:
        return [
            DramaCandidate(
                drama_id,
                self.facts[drama_id]["year"],  # type: ignore[arg-type]
                str(self.facts[drama_id]["kind"]),
                self.source_ids.get(("drama", drama_id), {}),
            )
            for drama_id in dict.fromkeys(drama_ids)
        ]

    def _add_source_ids(self, entity: str, entity_id: int, ids: Iterable[tuple[str, str]]) -> None:
        known = self.source_ids[(entity, entity_id)]
        for source, source_id in ids:
            if source in known or (entity, source, source_id) in self.by_source:
                continue
            known[source] = source_id
            self.by_source[(entity, source, source_id)] = entity_id
            self.new_source_ids.append((entity, source, source_id, entity_id))

    def _entry_facts(self, entry: DramaEntry) -> dict[str, object]:
        return {
            "year": entry.year,
            "kind": entry.kind,
            "country": _blank_to_none(entry.country),
            "episodes": entry.episodes if entry.episodes and entry.episodes > 0 else None,
            "episode_minutes": entry.episode_minutes
            if entry.episode_minutes and entry.episode_minutes > 0
            else None,
            "genres": json.dumps(list(entry.genres)) if entry.genres else None,
            "network": _blank_to_none(entry.network),
            "synopsis": _blank_to_none(entry.synopsis),
        }

    def _add_drama(self, title: str, entry: DramaEntry) -> int:
        drama_id = self.next_drama
        self.next_drama += 1
        facts = self._entry_facts(entry)
        facts["genres"] = facts["genres"] or "[]"
        self.facts[drama_id] = facts
        self.new_dramas[drama_id] = (title, facts)
        return drama_id

    def _update_drama(self, drama_id: int, entry: DramaEntry) -> bool:
        facts = self.facts[drama_id]
        changed = False
        for name, value in self._entry_facts(entry).items():
            if value is None or facts[name] == value:
                continue
            missing = facts[name] is None or facts[name] == "[]"
            if name == "kind" and not self.authoritative:
                continue
            if missing or self.authoritative:
                facts[name] = value
                changed = True
        if changed and drama_id not in self.new_dramas:
            self.changed_dramas.add(drama_id)
        return changed

    def _add_title(self, drama_id: int, title: str) -> bool:
        title = clean(title)
        key = entity_key(title)
        if not key or (drama_id, key) in self.title_keys:
            return False
        self._index_title(drama_id, title, key)
        self.new_titles.append((drama_id, title, key))
        return True

    def _find_person(self, drama_id: int, cast: CastEntry) -> int | None:
        """The person a credit names (see `bot.domain.identity`), created when new."""
        name = clean(cast.name)
        if not entity_key(name):
            return None
        spellings = [name, *(clean(a) for a in cast.aliases)]
        ids = dict(cast.source_ids)
        person_id = next(
            (
                known
                for source, source_id in ids.items()
                if (known := self.by_source.get(("person", source, source_id))) is not None
            ),
            None,
        )
        in_drama = self.person_forms[drama_id].get(person_form(name))
        if person_id is None and in_drama is not None:
            person_id = pick_person([(in_drama, self._person_ids(in_drama))], ids)
        if person_id is None:
            named = dict.fromkeys(p for s in spellings for p in self.people.get(entity_key(s), ()))
            person_id = pick_person([(p, self._person_ids(p)) for p in named], ids)
        if person_id is None:
            person_id = self.next_person
            self.next_person += 1
            self.person_name[person_id] = name
            self.new_people.append((person_id, name))
        for spelling in spellings:
            key = entity_key(spelling)
            if key and (person_id, key) not in self.person_keys:
                self.person_keys.add((person_id, key))
                self.people[key].append(person_id)
                self.new_person_names.append((person_id, spelling, key))
        self.person_forms[drama_id][person_form(name)] = person_id
        self._add_source_ids("person", person_id, cast.source_ids)
        return person_id

    def _person_ids(self, person_id: int) -> dict[str, str]:
        return self.source_ids.get(("person", person_id), {})

    def _add_credit(
        self, person_id: int, drama_id: int, role: str | None, billing: str, position: int
    ) -> Literal["added", "updated", "unchanged"]:
        role = clean(role) if role else None
        key = (person_id, drama_id)
        known = self.credits.get(key)
        if known is None:
            self.credits[key] = self.new_credits[key] = (role, billing, position)
            return "added"
        if self.authoritative and (role, billing, position) != known:
            updated = (role or known[0], billing, position)
        elif known[0] is None and role:
            updated = (role, known[1], known[2])
        else:
            return "unchanged"
        if updated == known:
            return "unchanged"
        self.credits[key] = updated
        if key in self.new_credits:
            self.new_credits[key] = updated
        else:
            self.changed_credits.add(key)
        return "updated"

    async def write(self, db: aiosqlite.Connection) -> None:
        await db.executemany(
            "INSERT INTO dramas (id, title, year, kind, country, episodes, episode_minutes, "
            "genres, network, synopsis) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(i, t, *(f[n] for n in _FACTS)) for i, (t, f) in self.new_dramas.items()],
        )
        await db.executemany(
            "UPDATE dramas SET year = ?, kind = ?, country = ?, episodes = ?, episode_minutes = ?, "
            "genres = ?, network = ?, synopsis = ? WHERE id = ?",
            [(*(self.facts[i][n] for n in _FACTS), i) for i in self.changed_dramas],
        )
        await db.executemany(
            "INSERT INTO drama_titles (drama_id, title, key) VALUES (?, ?, ?)", self.new_titles
        )
        await db.executemany("INSERT INTO people (id, name) VALUES (?, ?)", self.new_people)
        await db.executemany(
            "INSERT INTO person_names (person_id, name, key) VALUES (?, ?, ?)",
            self.new_person_names,
        )
        await db.executemany(
            "INSERT INTO credits (person_id, drama_id, role, billing, position) "
            "VALUES (?, ?, ?, ?, ?)",
            [(p, d, *v) for (p, d), v in self.new_credits.items()],
        )
        await db.executemany(
            "UPDATE credits SET role = ?, billing = ?, position = ? "
            "WHERE person_id = ? AND drama_id = ? AND review_id IS NULL",
            [(*self.credits[k], *k) for k in self.changed_credits],
        )
        await db.executemany(
            "INSERT INTO source_ids (entity, source, source_id, entity_id) VALUES (?, ?, ?, ?)",
            self.new_source_ids,
        )


async def _use_wal(db: aiosqlite.Connection) -> None:
    """Switch a database to WAL (it stays so). The switch needs the file to itself and SQLite's
    busy handler does not wait for that: another process creating the same new database at this
    moment makes it retry, for up to the busy timeout."""
    deadline = time.monotonic() + _BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            rows = await db.execute_fetchall("PRAGMA journal_mode = WAL")
            if next(iter(rows))[0] == "wal":
                return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
        if time.monotonic() > deadline:
            raise sqlite3.OperationalError("could not switch the database to WAL")
        await asyncio.sleep(0.05)


async def _connect(path: Path) -> aiosqlite.Connection:
    db = await aiosqlite.connect(path, isolation_level=None, timeout=_BUSY_TIMEOUT_MS / 1000)
    await db.execute("PRAGMA foreign_keys = ON")
    await db.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
    return db


def _drama(row: Sequence[object], aliases: Iterable[str]) -> Drama:
    title = str(row[1])
    return Drama(
        id=int(row[0]),  # type: ignore[call-overload]
        title=title,
        year=row[2],  # type: ignore[arg-type]
        kind=row[3],  # type: ignore[arg-type]
        country=row[4],  # type: ignore[arg-type]
        episodes=row[5],  # type: ignore[arg-type]
        episode_minutes=row[6],  # type: ignore[arg-type]
        genres=tuple(json.loads(str(row[7]))),
        network=row[8],  # type: ignore[arg-type]
        synopsis=row[9],  # type: ignore[arg-type]
        aliases=tuple(a for a in aliases if a != title),
    )


def _blank_to_none(value: str | None) -> str | None:
    value = clean(value) if value else None
    return value or None


def _chunks(ids: list[int], size: int = 500) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]
