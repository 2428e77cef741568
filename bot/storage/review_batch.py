"""The in-memory side of `Store.save_reviews`: many posts resolved against the store in one go.

Saving posts one statement at a time costs a dozen round trips to SQLite's thread per post. A
batch instead reads, in a few queries, everything its posts can refer to (the dramas their titles
name, the reviews those dramas have, their catalogue casts, the people their names name), resolves
each post in order exactly as if the ones before it were already stored, and writes the result
with `executemany`. The caller runs it inside one transaction: a batch is stored whole or not at
all, and every post in it is either wholly present or absent.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from dramabot.domain.identity import DramaCandidate, pick_drama
from dramabot.domain.names import clean, entity_key, person_form
from dramabot.domain.posts import ParsedPost
from dramabot.storage.connection import Connection
from dramabot.storage.tables import (
    insert_credits,
    insert_dramas,
    insert_people,
    insert_person_names,
    insert_titles,
)

SaveStatus = Literal["added", "updated", "unchanged"]


@dataclass(frozen=True, slots=True)
class PostToSave:
    """A parsed post, the file it came from, the hash of its text and the post's address; from
    a feed or backup also its entry id and the blog's published and updated times."""

    post: ParsedPost
    source_name: str
    content_hash: str
    url: str | None = None
    entry_id: str | None = None
    published_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class SaveResult:
    """What storing one post did."""

    status: SaveStatus
    review_id: int
    drama_id: int
    touched_dramas: frozenset[int] = frozenset()
    touched_people: frozenset[int] = frozenset()


@dataclass(slots=True)
class _PendingReview:
    """A review row this batch will insert, with its scores and credits."""

    row: tuple[object, ...]
    scores: list[tuple[int, int, str, float]]
    credits: list[tuple[int, int, str | None, str, int, int]] = field(default_factory=list)


class ReviewBatch:
    """Posts resolved in memory against what the store holds; `write` stores them."""

    def __init__(self) -> None:
        self.titles: dict[str, list[tuple[int, int | None, str]]] = defaultdict(list)
        #: drama id -> (review id, content hash, the post's address)
        self.reviews: dict[int, tuple[int, str, str | None]] = {}
        #: feed entry id -> the drama its stored review is about
        self.entries: dict[str, int] = {}
        #: (url, entry id, published, updated, review id) of unchanged reviews that learnt them
        self.identities: list[tuple[str | None, str | None, str | None, str | None, int]] = []
        self.casts: dict[int, list[tuple[int, str]]] = defaultdict(list)
        self.person_keys: dict[str, int] = {}
        self.credited: set[tuple[int, int]] = set()
        self.new_dramas: list[tuple[int, str, int | None, str, int | None, int | None]] = []
        self.new_titles: list[tuple[int, str, str]] = []
        self.new_people: list[tuple[int, str]] = []
        self.new_person_names: list[tuple[int, str, str]] = []
        self.deleted_reviews: list[int] = []
        self.pending: dict[int, _PendingReview] = {}
        self.next_ids = {"dramas": 1, "people": 1, "reviews": 1}
        #: `entity_key` and `person_form`, worked out once per text in a batch: its posts name
        #: the same titles and people again (a post's cast is its drama's catalogue cast).
        self.key: Callable[[str], str] = functools.cache(entity_key)
        self.form: Callable[[str], str] = functools.cache(person_form)

    @classmethod
    async def load(cls, db: Connection, items: Sequence[PostToSave]) -> ReviewBatch:
        """Read what `items` can refer to: a handful of queries, whatever the batch's size."""
        batch = cls()
        posts = [item.post for item in items]
        maxima = ", ".join(f"(SELECT coalesce(max(id), 0) + 1 FROM {t})" for t in batch.next_ids)
        (row,) = await db.fetch_all(f"SELECT {maxima}")  # one round trip for the three
        batch.next_ids = dict(zip(batch.next_ids, row, strict=True))
        title_keys = {batch.key(title) for post in posts for title in _titles(post)}
        title_keys |= {
            batch.key(work) for post in posts for line in post.cast for work in line.works
        }
        among, keys = db.any_of(sorted(title_keys))
        for key, drama_id, year, kind in await db.fetch_all(
            "SELECT t.key, d.id, d.year, d.kind FROM drama_titles t "
            f"JOIN dramas d ON d.id = t.drama_id WHERE t.key {among} ORDER BY d.id",
            (keys,),
        ):
            batch.titles[key].append((drama_id, year, kind))
        if entry_ids := sorted({item.entry_id for item in items if item.entry_id}):
            among, listed = db.any_of(entry_ids)
            by_entry = await db.fetch_all(
                f"SELECT drama_id, entry_id FROM reviews WHERE entry_id {among}", (listed,)
            )
            batch.entries = {entry_id: drama_id for drama_id, entry_id in by_entry}
        known = {d for found in batch.titles.values() for d, _, _ in found} | {
            *batch.entries.values()
        }
        among_dramas, drama_ids = db.any_of(sorted(known))
        for drama_id, review_id, content_hash, url in await db.fetch_all(
            f"SELECT drama_id, id, content_hash, url FROM reviews WHERE drama_id {among_dramas}",
            (drama_ids,),
        ):
            batch.reviews[drama_id] = (review_id, content_hash, url)
        for drama_id, person_id, name in await db.fetch_all(
            "SELECT c.drama_id, p.id, p.name FROM credits c JOIN people p ON p.id = c.person_id "
            f"WHERE c.drama_id {among_dramas} AND c.review_id IS NULL "
            "ORDER BY c.drama_id, c.position",
            (drama_ids,),
        ):
            batch.casts[drama_id].append((person_id, name))
        names = {clean(line.name) for post in posts for line in post.cast}
        known_people = set()
        among, keys = db.any_of(sorted({batch.key(name) for name in names}))
        for key, person_id in await db.fetch_all(
            f"SELECT key, min(person_id) FROM person_names WHERE key {among} GROUP BY key",
            (keys,),
        ):
            batch.person_keys[key] = person_id
            known_people.add(person_id)
        for cast in batch.casts.values():
            known_people.update(person_id for person_id, _ in cast)
        among, people = db.any_of(sorted(known_people))
        batch.credited = {
            (person_id, drama_id)
            for person_id, drama_id in await db.fetch_all(
                f"SELECT person_id, drama_id FROM credits "
                f"WHERE person_id {among} AND drama_id {among_dramas}",
                (people, drama_ids),
            )
        }
        return batch

    def save(self, item: PostToSave) -> SaveResult:
        """Resolve one post as if every post before it in the batch were stored."""
        post = item.post
        named = {
            row: None for title in _titles(post) for row in self.titles.get(self.key(title), [])
        }
        drama_id = _pick_drama([(i, y, k, False) for i, y, k in named], post.year, post.kind)
        created = drama_id is None
        if drama_id is None:
            episodes = 1 if post.kind == "film" else post.episodes
            drama_id = self._add_drama(
                post.title, post.year, post.kind, episodes, post.episode_minutes
            )
        renamed_drama = any([self._add_title(drama_id, alias) for alias in post.aliases])
        existing = self.reviews.get(drama_id)
        moved = self._moved_entry(item, drama_id)
        if existing and existing[1] == item.content_hash and moved is None:
            self._learn_identity(item, existing, drama_id)
            touched = frozenset({drama_id}) if renamed_drama else frozenset()
            return SaveResult("unchanged", existing[0], drama_id, touched)
        if existing:
            self._delete_review(existing[0])
        existing = existing or moved
        review_id = self._next("reviews")
        # An edited copy of a post without its address (a saved file) keeps the one known.
        url = item.url or (existing[2] if existing else None)
        self.reviews[drama_id] = (review_id, item.content_hash, url)
        if item.entry_id:
            self.entries[item.entry_id] = drama_id
        review = self.pending[review_id] = _PendingReview(
            (
                review_id,
                drama_id,
                post.posted_on.isoformat() if post.posted_on else None,
                post.headline,
                post.text,
                item.source_name,
                item.content_hash,
                post.episodes,
                post.episode_minutes,
                url,
                item.entry_id,
                _iso(item.published_at),
                _iso(item.updated_at),
            ),
            # The blog's own score, with no reviewer named, is stored under the empty name.
            [(review_id, n, s.reviewer or "", s.score) for n, s in enumerate(post.scores)],
        )
        names = [clean(line.name) for line in post.cast]
        people, renamed = self._resolve_people(names, drama_id)
        for n, line in enumerate(post.cast):
            self._credit(review, people[names[n]], drama_id, line.role, line.billing, n)
        new_dramas: set[int] = set()
        for n, line in enumerate(post.cast):
            person_id = people[names[n]]
            for work in line.works:
                work_id = self._resolve_work(person_id, work, new_dramas)
                self._credit(review, person_id, work_id, None, "mention", n)
        touched_dramas = {drama_id, *new_dramas} if created or renamed_drama else new_dramas
        return SaveResult(
            "updated" if existing else "added",
            review_id,
            drama_id,
            frozenset(touched_dramas),
            frozenset(renamed),
        )

    async def write(self, db: Connection) -> None:
        """Store everything the batch resolved (the caller holds the transaction)."""
        await db.execute_many(
            "DELETE FROM reviews WHERE id = ?", [(i,) for i in self.deleted_reviews]
        )
        await insert_dramas(
            db,
            [
                (i, title, year, kind, None, episodes, minutes, "[]", None, None)
                for i, title, year, kind, episodes, minutes in self.new_dramas
            ],
        )
        await insert_titles(db, self.new_titles)
        await insert_people(db, self.new_people)
        await insert_person_names(db, self.new_person_names)
        await db.execute_many(
            "UPDATE reviews SET url = coalesce(?, url), entry_id = coalesce(?, entry_id), "
            "published_at = coalesce(?, published_at), updated_at = coalesce(?, updated_at) "
            "WHERE id = ?",
            self.identities,
        )
        await db.execute_many(
            "INSERT INTO reviews (id, drama_id, posted_on, headline, body, source_name, "
            "content_hash, episodes, episode_minutes, url, entry_id, published_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [review.row for review in self.pending.values()],
        )
        await db.execute_many(
            "INSERT INTO scores (review_id, position, reviewer, score) VALUES (?, ?, ?, ?)",
            [score for review in self.pending.values() for score in review.scores],
        )
        await insert_credits(
            db, [credit for review in self.pending.values() for credit in review.credits]
        )

    def _moved_entry(self, item: PostToSave, drama_id: int) -> tuple[int, str, str | None] | None:
        """The review an edited entry had under another drama (its headline's title changed):
        taken away from that drama, since one post is one review. None when it did not move."""
        before = self.entries.get(item.entry_id) if item.entry_id else None
        if before is None or before == drama_id or before not in self.reviews:
            return None
        moved = self.reviews.pop(before)
        self._delete_review(moved[0])
        return moved

    def _learn_identity(
        self, item: PostToSave, existing: tuple[int, str, str | None], drama_id: int
    ) -> None:
        """An unchanged post that now comes with its address or entry (a saved file's post met
        again in the feed) keeps them, so later edits in the feed find it."""
        if item.entry_id is None and (item.url is None or item.url == existing[2]):
            return
        if item.entry_id:
            self.entries[item.entry_id] = drama_id
        self.identities.append(
            (item.url, item.entry_id, _iso(item.published_at), _iso(item.updated_at), existing[0])
        )

    def _next(self, table: str) -> int:
        self.next_ids[table] += 1
        return self.next_ids[table] - 1

    def _add_drama(
        self,
        title: str,
        year: int | None,
        kind: str,
        episodes: int | None,
        episode_minutes: int | None,
    ) -> int:
        title = clean(title)
        drama_id = self._next("dramas")
        self.new_dramas.append((drama_id, title, year, kind, episodes, episode_minutes))
        self.new_titles.append((drama_id, title, self.key(title)))
        self.titles[self.key(title)].append((drama_id, year, kind))
        return drama_id

    def _add_title(self, drama_id: int, title: str) -> bool:
        """Give a drama another title (a headline's `A / B`); False when it has it already."""
        title = clean(title)
        key = self.key(title)
        known = self.titles[key]
        if not key or any(found == drama_id for found, _, _ in known):
            return False
        year, kind = self._year_and_kind(drama_id)
        known.append((drama_id, year, kind))
        self.new_titles.append((drama_id, title, key))
        return True

    def _year_and_kind(self, drama_id: int) -> tuple[int | None, str]:
        for rows in self.titles.values():
            for found, year, kind in rows:
                if found == drama_id:
                    return year, kind
        return None, "drama"

    def _delete_review(self, review_id: int) -> None:
        if self.pending.pop(review_id, None) is None:
            self.deleted_reviews.append(review_id)

    def _credit(
        self,
        review: _PendingReview,
        person_id: int,
        drama_id: int,
        role: str | None,
        billing: str,
        position: int,
    ) -> None:
        review_id = int(review.row[0])  # type: ignore[call-overload]
        review.credits.append((person_id, drama_id, role, billing, review_id, position))
        self.credited.add((person_id, drama_id))

    def _resolve_people(self, names: list[str], drama_id: int) -> tuple[dict[str, int], set[int]]:
        """The person each of a post's cleaned names means: someone the drama's catalogue cast
        credits under a romanization-folded spelling, else the person with exactly this name,
        else a new person. Every spelling is kept as one of the person's names.
        Also returns the people who are new or gained a spelling (the name index must learn
        them)."""
        keys = {name: self.key(name) for name in dict.fromkeys(names)}
        by_form, known_keys = self._cast_forms(drama_id)
        found: dict[str, int] = {}
        renamed: set[int] = set()
        for name, key in keys.items():
            if (person_id := by_form.get(self.form(name))) is not None:
                found[name] = person_id
                if key not in known_keys:
                    renamed.add(person_id)
        for name, key in keys.items():
            if name in found:
                continue
            if key not in self.person_keys:
                person_id = self.person_keys[key] = self._next("people")
                self.new_people.append((person_id, name))
                renamed.add(person_id)
            found[name] = self.person_keys[key]
        for name, key in keys.items():
            self.new_person_names.append((found[name], name, key))
            # As the store answers it: the lowest id of the people known by a spelling.
            self.person_keys[key] = min(self.person_keys.get(key, found[name]), found[name])
        return found, renamed

    def _cast_forms(self, drama_id: int) -> tuple[dict[str, int], set[str]]:
        """A drama's catalogue cast by folded form (the first credited of a form) and the keys
        of its names."""
        cast = self.casts.get(drama_id, [])
        by_form: dict[str, int] = {}
        for person_id, cast_name in cast:
            by_form.setdefault(self.form(cast_name), person_id)
        return by_form, {self.key(cast_name) for _, cast_name in cast}

    def _resolve_work(self, person_id: int, work: str, created: set[int]) -> int:
        """The drama a work title in a person's list means (one they are credited in first);
        an unknown title becomes a new drama, added to `created`."""
        known = self.titles[self.key(work)]
        credited = [(i, y, k, (person_id, i) in self.credited) for i, y, k in known]
        drama_id = _pick_drama(credited, None)
        if drama_id is None:
            drama_id = self._add_drama(work, None, "drama", None, None)
            created.add(drama_id)
        return drama_id


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _titles(post: ParsedPost) -> tuple[str, ...]:
    """Every title a post's headline gives its drama."""
    return (post.title, *post.aliases)


def _pick_drama(
    rows: Iterable[tuple[int, int | None, str, bool]], year: int | None, kind: str = "drama"
) -> int | None:
    """Of the dramas a title may name (id, year, kind, credits the person), the one meant, by
    the rules of `bot.domain.identity`; None for a new drama."""
    candidates = [DramaCandidate(i, y, k, credited=c) for i, y, k, c in rows]
    return pick_drama(candidates, year, kind)
