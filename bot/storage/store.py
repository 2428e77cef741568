"""The review store's typed queries: small async methods over the tables, one read snapshot or
one write transaction each (see `database`). All SQL of the project lives in this package.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from dramabot.domain.catalogue import DramaEntry, MergeReport
from dramabot.domain.models import Credit, Drama, Person, Review, Score
from dramabot.storage.catalogue_merge import CatalogueMerge
from dramabot.storage.connection import Row
from dramabot.storage.database import one_statement, snapshot
from dramabot.storage.members import MemberTables
from dramabot.storage.review_batch import PostToSave, ReviewBatch, SaveResult
from dramabot.storage.tables import (
    DRAMA_COLUMNS,
    DRAMAS_WITH_TITLES,
    by_first_column,
    drama_from_row,
    dramas_from_rows,
)


class Store(MemberTables):
    """The review store. Create with `await Store.open(path)`; close with `await store.close()`."""

    # ---- reads ---------------------------------------------------------------------------

    @one_statement
    async def is_empty(self) -> bool:
        """True when the store holds no drama at all (a brand-new database)."""
        row = await self._reader.fetch_one("SELECT EXISTS (SELECT 1 FROM dramas)")
        return not (row and row[0])

    @snapshot
    async def counts(self) -> dict[str, int]:
        """How many dramas, people, credits and reviews the store holds."""
        counts = {}
        for table in ("dramas", "people", "credits", "reviews"):
            row = await self._reader.fetch_one(f"SELECT count(*) FROM {table}")
            counts[table] = row[0] if row else 0
        return counts

    @one_statement
    async def drama(self, drama_id: int) -> Drama | None:
        """One drama with its aliases, or None."""
        dramas = await self.dramas([drama_id])
        return dramas.get(drama_id)

    @one_statement
    async def dramas(self, drama_ids: Iterable[int]) -> dict[int, Drama]:
        """Dramas by id (in id order), with their aliases; unknown ids are left out."""
        ids = list(dict.fromkeys(drama_ids))
        if not ids:
            return {}
        among, wanted = self._reader.any_of(ids)
        rows = await self._reader.fetch_all(
            f"{DRAMAS_WITH_TITLES.format('dramas d')} WHERE d.id {among} ORDER BY d.id, t.rowid",
            (wanted,),
        )
        return dramas_from_rows(rows)

    @one_statement
    async def person(self, person_id: int) -> Person | None:
        """One person with the other spellings of their name, or None."""
        return (await self.people([person_id])).get(person_id)

    @one_statement
    async def people(self, person_ids: Iterable[int]) -> dict[int, Person]:
        """People by id (in id order), with the other spellings of their names; unknown ids are
        left out."""
        among, wanted = self._reader.any_of(dict.fromkeys(person_ids))
        rows = await self._reader.fetch_all(
            "SELECT p.id, p.name, n.name FROM people p "
            f"LEFT JOIN person_names n ON n.person_id = p.id WHERE p.id {among} "
            "ORDER BY p.id, n.rowid",
            (wanted,),
        )
        return {
            person_id: Person(
                person_id, found[0][1], tuple(r[2] for r in found if r[2] not in (None, r[1]))
            )
            for person_id, found in by_first_column(rows).items()
        }

    @snapshot
    async def review_of(self, drama_id: int) -> Review | None:
        """The stored review of a drama, with its scores and the cast the post names."""
        reviews = await self.reviews_of([drama_id])
        return reviews.get(drama_id)

    @snapshot
    async def reviews_of(self, drama_ids: Iterable[int] | None = None) -> dict[int, Review]:
        """Reviews by drama id, with their scores and the cast each post names: of the given
        dramas, or every review when `drama_ids` is None."""
        rows = await self._review_rows(drama_ids)
        if not rows:
            return {}
        casts = await self._credits(
            "c.review_id {} AND c.billing != 'mention'", [row[0] for row in rows], "c.position"
        )
        return await self._reviews(rows, casts, {})

    @one_statement
    async def listed_reviews(self, dramas: Mapping[int, Drama]) -> dict[int, Review]:
        """The reviews of dramas the caller has read, with their scores but not their casts
        (lists show none), by drama id: one statement, whole on its own."""
        return await self._reviews(await self._review_rows(dramas), [], dramas)

    @snapshot
    async def card_of(self, drama: Drama) -> tuple[Review | None, list[Credit]]:
        """A drama's review and its catalogue cast (as `review_of` and `cast_of` give them), in
        two queries: the review with its scores, and every credit of the drama."""
        rows = await self._review_rows([drama.id])
        credits = await self._credits(
            "c.drama_id {} AND (c.review_id IS NULL OR c.billing != 'mention')",
            [drama.id],
            "c.position, c.id",
        )
        named = [(review_id, credit) for review_id, credit in credits if review_id is not None]
        reviews = await self._reviews(rows, named, {drama.id: drama})
        cast = [credit for review_id, credit in credits if review_id is None]
        return reviews.get(drama.id), cast

    async def _review_rows(self, drama_ids: Iterable[int] | None) -> list[Row]:
        """Review rows with their scores: one row per score (one for a review without)."""
        query = (
            "SELECT r.id, r.drama_id, r.posted_on, r.headline, r.body, r.source_name, "
            "r.content_hash, r.episodes, r.episode_minutes, r.url, s.reviewer, s.score "
            "FROM reviews r LEFT JOIN scores s ON s.review_id = r.id"
        )
        order = "ORDER BY r.id, s.position"
        if drama_ids is None:
            return await self._reader.fetch_all(f"{query} {order}")
        among, wanted = self._reader.any_of(dict.fromkeys(drama_ids))
        return await self._reader.fetch_all(f"{query} WHERE r.drama_id {among} {order}", (wanted,))

    async def _reviews(
        self,
        rows: list[Row],
        casts: list[tuple[int | None, Credit]],
        known: Mapping[int, Drama],
    ) -> dict[int, Review]:
        """Reviews of the rows, with their scores, their casts and their dramas."""
        if not rows:
            return {}
        dramas = {**known, **await self.dramas(row[1] for row in rows if row[1] not in known)}
        cast_by_review: dict[int | None, list[Credit]] = defaultdict(list)
        for review_id, credit in casts:
            cast_by_review[review_id].append(credit)
        reviews = {}
        for review_id, found in by_first_column(rows).items():
            row = found[0]
            reviews[row[1]] = Review(
                id=review_id,
                drama=dramas[row[1]],
                posted_on=date.fromisoformat(row[2]) if row[2] else None,
                headline=row[3],
                text=row[4],
                source_name=row[5],
                content_hash=row[6],
                scores=tuple(Score(r[10] or None, r[11]) for r in found if r[11] is not None),
                episodes=row[7],
                episode_minutes=row[8],
                cast=tuple(cast_by_review[review_id]),
                url=row[9],
            )
        return reviews

    @one_statement
    async def reviewed_drama_ids(self, limit: int) -> list[int]:
        """Ids of reviewed dramas, the most recently posted first."""
        return [
            row[0]
            for row in await self._reader.fetch_all(
                "SELECT drama_id FROM reviews ORDER BY posted_on DESC, id DESC LIMIT ?", (limit,)
            )
        ]

    @one_statement
    async def reviewed_among(self, drama_ids: Iterable[int]) -> set[int]:
        """The ids among `drama_ids` of dramas that have a review."""
        among, wanted = self._reader.any_of(dict.fromkeys(drama_ids))
        rows = await self._reader.fetch_all(
            f"SELECT drama_id FROM reviews WHERE drama_id {among}", (wanted,)
        )
        return {drama_id for (drama_id,) in rows}

    @one_statement
    async def cast_of(self, drama_id: int) -> list[Credit]:
        """The catalogue's cast of a drama: leads first, then supporting cast."""
        credits = await self._credits(
            "c.drama_id {} AND c.review_id IS NULL", [drama_id], order="c.position, c.id"
        )
        return [credit for _, credit in credits]

    @one_statement
    async def credits_of(self, person_id: int) -> list[Credit]:
        """Every credit of a person, from the catalogue and from reviews, newest drama first."""
        return (await self.credits_of_each([person_id]))[person_id]

    @one_statement
    async def credits_of_each(self, person_ids: Sequence[int]) -> dict[int, list[Credit]]:
        """Every credit of each person, as `credits_of` gives them, in one statement."""
        found: dict[int, list[Credit]] = {person_id: [] for person_id in person_ids}
        for _, credit in await self._credits(
            "c.person_id {}", list(found), order="d.year DESC, d.title"
        ):
            found[credit.person.id].append(credit)
        return found

    @one_statement
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
        return [row[0] for row in await self._reader.fetch_all(query, (*params, limit))]

    @one_statement
    async def cast_overlap(self, drama_id: int) -> dict[int, list[str]]:
        """Other dramas that share cast with a drama: {drama id: names of the shared people}."""
        shared: dict[int, list[str]] = defaultdict(list)
        for other_id, name in await self._reader.fetch_all(
            "SELECT other.drama_id, p.name FROM credits mine "
            "JOIN credits other ON other.person_id = mine.person_id "
            "AND other.drama_id != mine.drama_id JOIN people p ON p.id = mine.person_id "
            "WHERE mine.drama_id = ? GROUP BY other.drama_id, p.name "
            "ORDER BY min(mine.billing), p.name",
            (drama_id,),
        ):
            shared[other_id].append(name)
        return dict(shared)

    @one_statement
    async def dramas_sharing_genres(self, drama_id: int, limit: int) -> list[int]:
        """Ids of dramas sharing genres with a drama, most shared genres (then reviewed) first."""
        return [
            row[0]
            for row in await self._reader.fetch_all(
                "SELECT d.id FROM dramas mine "
                f"JOIN {self._reader.json_items('mine.genres', 'mg')} ON true "
                "JOIN dramas d ON d.id != mine.id AND d.kind = 'drama' "
                f"JOIN {self._reader.json_items('d.genres', 'dg')} ON dg.value = mg.value "
                "LEFT JOIN reviews r ON r.drama_id = d.id "
                "WHERE mine.id = ? GROUP BY d.id, r.id "
                "ORDER BY count(*) DESC, r.id IS NULL, d.year DESC LIMIT ?",
                (drama_id, limit),
            )
        ]

    @snapshot
    async def title_names(self) -> list[tuple[int, str, list[str]]]:
        """(drama id, title, aliases) of every drama, for the name index."""
        return await self._names(
            "SELECT id, title FROM dramas", "SELECT drama_id, title FROM drama_titles"
        )

    @snapshot
    async def person_names(self) -> list[tuple[int, str, list[str]]]:
        """(person id, name, other spellings) of every person, for the name index."""
        return await self._names(
            "SELECT id, name FROM people", "SELECT person_id, name FROM person_names"
        )

    async def _names(self, entities: str, aliases: str) -> list[tuple[int, str, list[str]]]:
        canonical = {row[0]: row[1] for row in await self._reader.fetch_all(entities)}
        others: dict[int, list[str]] = defaultdict(list)
        for entity_id, name in await self._reader.fetch_all(aliases):
            if name != canonical.get(entity_id):
                others[entity_id].append(name)
        return [(i, name, others[i]) for i, name in canonical.items()]

    async def _credits(
        self, where: str, ids: list[int], order: str
    ) -> list[tuple[int | None, Credit]]:
        """Credits matching `where` (with `{}` where the ids' test goes), with their review id."""
        found: list[tuple[int | None, Credit]] = []
        among, wanted = self._reader.any_of(ids)
        for row in await self._reader.fetch_all(
            f"SELECT c.review_id, c.role, c.billing, p.id, p.name, {DRAMA_COLUMNS} "
            "FROM credits c JOIN people p ON p.id = c.person_id "
            f"JOIN dramas d ON d.id = c.drama_id WHERE {where.format(among)} ORDER BY {order}",
            (wanted,),
        ):
            drama = drama_from_row(row[5:], ())
            person = Person(row[3], row[4])
            found.append((row[0], Credit(person, drama, row[1], row[2], row[0] is not None)))
        return found

    @one_statement
    async def announce_channels(self) -> dict[int, int]:
        """Every server's announcement channel: {guild id: channel id}."""
        return {
            row[0]: row[1]
            for row in await self._reader.fetch_all(
                "SELECT guild_id, announce_channel_id FROM guild_settings "
                "WHERE announce_channel_id IS NOT NULL"
            )
        }

    # ---- writes --------------------------------------------------------------------------

    async def set_announce_channel(self, guild_id: int, channel_id: int | None) -> None:
        """Set (or with None, clear) the channel where a server hears of new reviews."""
        async with self._transaction(names=False) as db:
            await db.execute(
                "INSERT INTO guild_settings (guild_id, announce_channel_id) VALUES (?, ?) "
                "ON CONFLICT (guild_id) DO UPDATE "
                "SET announce_channel_id = excluded.announce_channel_id",
                (guild_id, channel_id),
            )

    async def save_reviews(self, items: Sequence[PostToSave]) -> list[SaveResult]:
        """Store parsed posts in one transaction, in order; the same content again changes
        nothing.

        A review belongs to the drama its headline names (created if the catalogue lacks it); a
        post about a drama that already has a review replaces that review.
        """
        async with self._transaction() as db:
            batch = await ReviewBatch.load(db, items)
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
            merger = await CatalogueMerge.load(db, authoritative)
            report = merger.merge(entries)
            await merger.write(db)
            return report
