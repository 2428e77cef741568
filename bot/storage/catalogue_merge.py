"""The in-memory side of `Store.merge_catalogue`: catalogue entries resolved against what the
store holds, by the rules of `dramabot.domain.identity`, then written in bulk."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Literal

from dramabot.domain.catalogue import CastEntry, DramaEntry, MergeReport
from dramabot.domain.identity import (
    DramaCandidate,
    main_title,
    pick_drama,
    pick_person,
    same_work_by_main_title,
)
from dramabot.domain.names import clean, entity_key, person_form
from dramabot.storage.connection import Connection
from dramabot.storage.tables import (
    DRAMA_COLUMNS,
    FACTS,
    genres_json,
    insert_credits,
    insert_dramas,
    insert_people,
    insert_person_names,
    insert_titles,
)


class CatalogueMerge:
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
    async def load(cls, db: Connection, authoritative: bool) -> CatalogueMerge:
        merge = cls(authoritative)
        for row in await db.fetch_all(f"SELECT {DRAMA_COLUMNS} FROM dramas d"):
            merge.facts[row[0]] = dict(zip(FACTS, row[2:], strict=True))
            merge.next_drama = max(merge.next_drama, row[0] + 1)
        for drama_id, title, key in await db.fetch_all(
            "SELECT drama_id, title, key FROM drama_titles"
        ):
            merge._index_title(drama_id, title, key)
        for person_id, key in await db.fetch_all(
            "SELECT person_id, key FROM person_names ORDER BY rowid"
        ):
            merge.people[key].append(person_id)
            merge.person_keys.add((person_id, key))
            merge.next_person = max(merge.next_person, person_id + 1)
        for person_id, name in await db.fetch_all("SELECT id, name FROM people"):
            merge.person_name[person_id] = name
            merge.next_person = max(merge.next_person, person_id + 1)
        for entity, source, source_id, entity_id in await db.fetch_all(
            "SELECT entity, source, source_id, entity_id FROM source_ids"
        ):
            merge.by_source[(entity, source, source_id)] = entity_id
            merge.source_ids[(entity, entity_id)][source] = source_id
        for person_id, drama_id, role, billing, position, review_id in await db.fetch_all(
            "SELECT c.person_id, c.drama_id, c.role, c.billing, c.position, c.review_id "
            "FROM credits c"
        ):
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
            "genres": genres_json(entry.genres) if entry.genres else None,
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

    async def write(self, db: Connection) -> None:
        """Store everything the merge resolved (the caller holds the transaction)."""
        await insert_dramas(
            db, [(i, t, *(f[n] for n in FACTS)) for i, (t, f) in self.new_dramas.items()]
        )
        await db.execute_many(
            "UPDATE dramas SET year = ?, kind = ?, country = ?, episodes = ?, episode_minutes = ?, "
            "genres = ?, network = ?, synopsis = ? WHERE id = ?",
            [(*(self.facts[i][n] for n in FACTS), i) for i in self.changed_dramas],
        )
        await insert_titles(db, self.new_titles)
        await insert_people(db, self.new_people)
        await insert_person_names(db, self.new_person_names)
        await insert_credits(
            db,
            [
                (p, d, role, billing, None, at)
                for (p, d), (role, billing, at) in self.new_credits.items()
            ],
        )
        await db.execute_many(
            "UPDATE credits SET role = ?, billing = ?, position = ? "
            "WHERE person_id = ? AND drama_id = ? AND review_id IS NULL",
            [(*self.credits[k], *k) for k in self.changed_credits],
        )
        await db.execute_many(
            "INSERT INTO source_ids (entity, source, source_id, entity_id) VALUES (?, ?, ?, ?)",
            self.new_source_ids,
        )


def _blank_to_none(value: str | None) -> str | None:
    value = clean(value) if value else None
    return value or None
