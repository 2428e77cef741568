"""Members' tables: favourites, seen and want marks, ratings, follows, settings, and the servers
each member used the bot in. Every write is one transaction; `forget` removes a user's rows."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager

from dramabot.domain.members import Community, Mark, Member, Rating
from dramabot.domain.models import Drama
from dramabot.storage.connection import Connection
from dramabot.storage.database import one_statement
from dramabot.storage.feeds import FeedTables
from dramabot.storage.tables import DRAMAS_WITH_TITLES, dramas_from_rows

#: The tables holding a user's rows, all of them (`/me forget` clears each).
USER_TABLES = (
    "favourites",
    "marks",
    "ratings",
    "follows",
    "member_settings",
    "guild_members",
)


class MemberTables(FeedTables):
    """Queries of the members' features; `Store` has them all."""

    # ---- writes --------------------------------------------------------------------------

    @asynccontextmanager
    async def _member_write(self, member: Member) -> AsyncIterator[Connection]:
        """A member's write transaction, which also remembers that they used the bot in the
        server (their marks count there). Members' rows hold no names."""
        async with self._transaction(names=False) as db:
            if member.in_server:
                await db.execute(
                    "INSERT INTO guild_members (guild_id, user_id) VALUES (?, ?) "
                    "ON CONFLICT DO NOTHING",
                    (member.guild_id, member.user_id),
                )
            yield db

    async def set_favourite(self, member: Member, person_id: int, on: bool) -> bool:
        """Add (or remove) a favourite actor; False when nothing changed."""
        async with self._member_write(member) as db:
            if on:
                changed = await db.execute(
                    "INSERT INTO favourites (user_id, person_id) VALUES (?, ?) "
                    "ON CONFLICT DO NOTHING",
                    (member.user_id, person_id),
                )
            else:
                changed = await db.execute(
                    "DELETE FROM favourites WHERE user_id = ? AND person_id = ?",
                    (member.user_id, person_id),
                )
            return changed > 0

    async def set_follow(self, member: Member, entity: str, entity_id: int, on: bool) -> bool:
        """Follow (or stop following) a drama or a person; False when nothing changed."""
        async with self._member_write(member) as db:
            if on:
                changed = await db.execute(
                    "INSERT INTO follows (user_id, entity, entity_id) VALUES (?, ?, ?) "
                    "ON CONFLICT DO NOTHING",
                    (member.user_id, entity, entity_id),
                )
            else:
                changed = await db.execute(
                    "DELETE FROM follows WHERE user_id = ? AND entity = ? AND entity_id = ?",
                    (member.user_id, entity, entity_id),
                )
            return changed > 0

    async def set_mark(self, member: Member, drama_id: int, mark: Mark | None) -> Mark | None:
        """Mark a drama seen or wanted (None clears it); the mark it had before."""
        user_id = member.user_id
        async with self._member_write(member) as db:
            rows = await db.fetch_all(
                "SELECT mark FROM marks WHERE user_id = ? AND drama_id = ?", (user_id, drama_id)
            )
            before: Mark | None = next(iter(rows))[0] if rows else None
            if before != mark:  # changed by delete and insert: the seen counts' triggers
                await db.execute(
                    "DELETE FROM marks WHERE user_id = ? AND drama_id = ?", (user_id, drama_id)
                )
                if mark is not None:
                    await db.execute(
                        "INSERT INTO marks (user_id, drama_id, mark) VALUES (?, ?, ?)",
                        (user_id, drama_id, mark),
                    )
            return before

    async def rate(self, member: Member, rating: Rating) -> None:
        """A member's rating of a drama in a server (replacing theirs); rating marks it seen."""
        async with self._member_write(member) as db:
            await db.execute(
                "INSERT INTO ratings (guild_id, user_id, drama_id, score, note) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id, user_id, drama_id) DO UPDATE "
                "SET score = excluded.score, note = excluded.note, rated_at = excluded.rated_at",
                (member.guild_id, member.user_id, rating.drama_id, rating.score, rating.note),
            )
            await db.execute(
                "DELETE FROM marks WHERE user_id = ? AND drama_id = ? AND mark = 'want'",
                (member.user_id, rating.drama_id),
            )
            await db.execute(
                "INSERT INTO marks (user_id, drama_id, mark) VALUES (?, ?, 'seen') "
                "ON CONFLICT DO NOTHING",
                (member.user_id, rating.drama_id),
            )

    async def set_member_settings(
        self, user_id: int, *, pings: bool | None = None, share_taste: bool | None = None
    ) -> tuple[bool, bool]:
        """Change a member's settings (None keeps one); the settings now."""
        async with self._transaction(names=False) as db:
            await db.execute(
                "INSERT INTO member_settings (user_id) VALUES (?) ON CONFLICT DO NOTHING",
                (user_id,),
            )
            await db.execute(
                "UPDATE member_settings SET pings = coalesce(?, pings), "
                "share_taste = coalesce(?, share_taste) WHERE user_id = ?",
                (pings, share_taste, user_id),
            )
            rows = await db.fetch_all(
                "SELECT pings, share_taste FROM member_settings WHERE user_id = ?", (user_id,)
            )
            pings_on, sharing = next(iter(rows))
            return bool(pings_on), bool(sharing)

    async def forget(self, user_id: int) -> int:
        """Delete every row of a user; how many there were."""
        removed = 0
        async with self._transaction(names=False) as db:
            for table in USER_TABLES:
                removed += await db.execute(f"DELETE FROM {table} WHERE user_id = ?", (user_id,))
        return removed

    # ---- reads ---------------------------------------------------------------------------

    @one_statement
    async def member_settings(self, user_id: int) -> tuple[bool, bool]:
        """(pings on, taste shared) of a member; both off until they say otherwise."""
        rows = await self._reader.fetch_all(
            "SELECT pings, share_taste FROM member_settings WHERE user_id = ?", (user_id,)
        )
        return (bool(rows[0][0]), bool(rows[0][1])) if rows else (False, False)

    @one_statement
    async def favourite_ids(self, user_id: int) -> list[int]:
        """A member's favourite actors, the first added first."""
        rows = await self._reader.fetch_all(
            "SELECT person_id FROM favourites WHERE user_id = ? ORDER BY added_at, person_id",
            (user_id,),
        )
        return [person_id for (person_id,) in rows]

    @one_statement
    async def followed(self, user_id: int) -> list[tuple[str, int]]:
        rows = await self._reader.fetch_all(
            "SELECT entity, entity_id FROM follows WHERE user_id = ? ORDER BY entity, entity_id",
            (user_id,),
        )
        return [(entity, entity_id) for entity, entity_id in rows]

    @one_statement
    async def marks_of(self, user_id: int) -> dict[int, Mark]:
        """A member's marks by drama id, newest first."""
        rows = await self._reader.fetch_all(
            "SELECT drama_id, mark FROM marks WHERE user_id = ? ORDER BY added_at DESC, drama_id",
            (user_id,),
        )
        return {drama_id: found for drama_id, found in rows}

    @one_statement
    async def marked_dramas(self, user_id: int, mark: Mark) -> dict[int, Drama]:
        """The dramas a member marked `mark`, with their aliases, newest mark first."""
        rows = await self._reader.fetch_all(
            DRAMAS_WITH_TITLES.format("marks m JOIN dramas d ON d.id = m.drama_id")
            + " WHERE m.user_id = ? AND m.mark = ? ORDER BY m.added_at DESC, d.id, t.rowid",
            (user_id, mark),
        )
        return dramas_from_rows(rows)

    @one_statement
    async def seen_and_favourites(self, user_id: int) -> tuple[set[int], list[int]]:
        """What picks "for you" start from: the dramas a member saw, and their favourite
        actors (as `favourite_ids` orders them), in one statement."""
        seen: set[int] = set()
        favourites: list[int] = []
        for kind, entity_id, _ in await self._reader.fetch_all(
            "SELECT 'seen', drama_id, '' FROM marks WHERE user_id = ? AND mark = 'seen' "
            "UNION ALL SELECT 'favourite', person_id, added_at FROM favourites WHERE user_id = ? "
            "ORDER BY 1, 3, 2",
            (user_id, user_id),
        ):
            if kind == "seen":
                seen.add(entity_id)
            else:
                favourites.append(entity_id)
        return seen, favourites

    @one_statement
    async def ratings_of(self, member: Member) -> dict[int, Rating]:
        """A member's ratings in a server, by drama id."""
        rows = await self._reader.fetch_all(
            "SELECT drama_id, score, note FROM ratings WHERE guild_id = ? AND user_id = ?",
            (member.guild_id, member.user_id),
        )
        return {row[0]: Rating(row[0], row[1], row[2]) for row in rows}

    @one_statement
    async def all_ratings_of(self, user_id: int) -> list[tuple[int, Rating]]:
        """(guild id, rating) of every rating a user gave, for their export."""
        rows = await self._reader.fetch_all(
            "SELECT guild_id, drama_id, score, note FROM ratings WHERE user_id = ? "
            "ORDER BY guild_id, drama_id",
            (user_id,),
        )
        return [(row[0], Rating(row[1], row[2], row[3])) for row in rows]

    @one_statement
    async def community(self, guild_id: int, drama_ids: Iterable[int]) -> dict[int, Community]:
        """What a server's members make of dramas: how many saw each, their ratings."""
        ids = list(dict.fromkeys(drama_ids))
        if not ids:
            return {}
        among, wanted = self._reader.any_of(ids)
        seen: dict[int, int] = {}
        rated: dict[int, tuple[int, float]] = {}
        for drama_id, members, ratings, total in await self._reader.fetch_all(
            f"SELECT drama_id, members, NULL, NULL FROM guild_seen WHERE guild_id = ? "
            f"AND drama_id {among} UNION ALL "
            "SELECT drama_id, NULL, ratings, total FROM guild_ratings WHERE guild_id = ? "
            f"AND drama_id {among} AND ratings > 0",
            (guild_id, wanted, guild_id, wanted),
        ):
            if members is not None:
                seen[drama_id] = members
            else:
                rated[drama_id] = (ratings, total / ratings)
        return {
            i: Community(seen.get(i, 0), *rated.get(i, (0, None)))
            for i in ids
            if seen.get(i) or i in rated
        }

    @one_statement
    async def shared_ratings(
        self, guild_id: int, user_id: int, other_id: int
    ) -> list[tuple[float, float]]:
        """(mine, theirs) over the dramas two members both rated in a server."""
        rows = await self._reader.fetch_all(
            "SELECT a.score, b.score FROM ratings a JOIN ratings b ON b.guild_id = a.guild_id "
            "AND b.drama_id = a.drama_id AND b.user_id = ? WHERE a.guild_id = ? AND a.user_id = ?",
            (other_id, guild_id, user_id),
        )
        return [(a, b) for a, b in rows]

    @one_statement
    async def reviewer_pairs(self, member: Member, reviewer: str) -> list[tuple[float, float]]:
        """(mine, the reviewer's) over the dramas a member rated (here) that the reviewer scored."""
        rows = await self._reader.fetch_all(
            "SELECT r.score, s.score FROM ratings r JOIN reviews v ON v.drama_id = r.drama_id "
            "JOIN scores s ON s.review_id = v.id AND s.reviewer = ? "
            "WHERE r.guild_id = ? AND r.user_id = ?",
            (reviewer, member.guild_id, member.user_id),
        )
        return [(a, b) for a, b in rows]

    @one_statement
    async def followers_of(
        self, guild_id: int, drama_id: int, person_ids: Iterable[int]
    ) -> list[int]:
        """Members of a server who opted in to pings and follow a drama or one of its people
        (favourite actors count as followed), by user id."""
        among, people = self._reader.any_of(dict.fromkeys(person_ids))
        rows = await self._reader.fetch_all(
            "SELECT DISTINCT m.user_id FROM member_settings m "
            "JOIN guild_members g ON g.user_id = m.user_id AND g.guild_id = ? "
            "WHERE m.pings = 1 AND m.user_id IN ("
            "SELECT user_id FROM follows WHERE entity = 'drama' AND entity_id = ? "
            f"UNION SELECT user_id FROM follows WHERE entity = 'person' AND entity_id {among} "
            f"UNION SELECT user_id FROM favourites WHERE person_id {among}) "
            "ORDER BY m.user_id",
            (guild_id, drama_id, people, people),
        )
        return [user_id for (user_id,) in rows]
