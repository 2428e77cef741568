"""The two name indexes (titles and people) over the store, kept current: loaded from the
snapshot beside the database or built from the store, updated after each import, and reloaded
when another process (`dramabot import`, a second bot) changed names."""

from __future__ import annotations

import asyncio
import gc
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import TypeVar

from dramabot.domain.errors import NotFoundError
from dramabot.domain.matching import SUGGESTION_CUTOFF, NameIndex, best_match
from dramabot.domain.models import Drama, Person
from dramabot.domain.names import clean
from dramabot.storage import Store, name_snapshot

E = TypeVar("E", Drama, Person)
_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
#: Index updates after an import are applied this many entities at a time (~0.08 ms each: a
#: batch holds the event loop about 2 ms).
_REFRESH_BATCH = 25
#: How often autocomplete checks whether another process changed names (one small query);
#: a command checks every time.
_NAMES_CHECK_SECONDS = 1.0


class NameIndexes:
    """The title and person indexes of one store. The people's index, from a snapshot, is read
    when first needed (`people_index`): a command about a drama does not wait for it."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.titles = NameIndex("title")
        self._people: NameIndex | None = NameIndex("person")
        self._people_section: name_snapshot.PeopleSection | None = None
        #: Where the indexes came from last: "empty", "snapshot" or "store".
        self.source = "empty"
        self._lock = asyncio.Lock()  # one reload or refresh of the indexes at a time
        self._reloading: asyncio.Task[None] | None = None
        self._next_check = 0.0
        self._freeze = False

    async def freeze_when_loaded(self) -> None:
        """For a long-running process (the bot): now and after each reload, load both indexes
        whole, collect once and move everything loaded out of the garbage collector's reach
        (`gc.freeze`), so that no later full collection walks the indexes' millions of objects
        (a pause of 0.1 to 2 s)."""
        self._freeze = True
        await self.people_index()
        _freeze_heap()

    async def people_index(self) -> NameIndex:
        """The people's index: read from the snapshot now if it was not yet, or built from the
        store if the snapshot was replaced or damaged since the titles were read."""
        if self._people is None:
            async with self._lock:
                await self._load_people()
        assert self._people is not None
        return self._people

    async def _load_people(self) -> None:
        """(The lock held.)"""
        if self._people is not None:
            return
        section, self._people_section = self._people_section, None
        loaded = await asyncio.to_thread(section.load) if section is not None else None
        if loaded is None:
            loaded = await asyncio.to_thread(
                NameIndex.build, "person", await self.store.person_names()
            )
        self._people = loaded

    async def close(self) -> None:
        """Stop a reload still running."""
        if self._reloading is not None:
            self._reloading.cancel()
            await asyncio.gather(self._reloading, return_exceptions=True)

    async def reload(self) -> None:
        """Load both name indexes: from the snapshot beside the database when it matches the
        store, else built from the store in a worker thread (and the snapshot saved for the
        next start)."""
        async with self._lock:
            generation = await self.store.names_generation()
            path = self.store.snapshot_path
            snapshot = await asyncio.to_thread(name_snapshot.load, path, generation)
            if snapshot is not None:
                self.source = "snapshot"
                self.titles, self._people_section = snapshot
                self._people = None
                if self._freeze:
                    await self._load_people()
            else:
                title_rows = await self.store.title_names()
                person_rows = await self.store.person_names()
                built = await asyncio.to_thread(_build_indexes, title_rows, person_rows)
                self.source = "store"
                if not self.store.read_only:
                    await asyncio.to_thread(name_snapshot.save, path, generation, *built)
                self.titles, self._people = built
                self._people_section = None
            self.store.mark_names_seen(generation)
            if self._freeze:
                _freeze_heap()

    async def follow_other_writers(self, wait: bool = False) -> bool:
        """Reload the name indexes when another process (`dramabot import`, a second bot)
        changed titles or names. Checked at most every few seconds (autocomplete, on every
        keystroke), unless `wait`: then now, and the reload is awaited. Returns whether the
        indexes were out of date."""
        now = time.monotonic()
        if not wait and now < self._next_check:
            return False
        self._next_check = now + _NAMES_CHECK_SECONDS
        if not await self.store.names_changed_elsewhere():
            return False
        if self._reloading is None or self._reloading.done():
            self._reloading = asyncio.create_task(self.reload())
        if wait:
            await asyncio.shield(self._reloading)
        return True

    async def resolve(self, query: str, noun: str) -> list[int]:
        """The ids of the entities a query means (several only on an exact tie) in the index
        for `noun`, or a kind `NotFoundError` with suggestions. The indexes are brought up to
        date first if another process changed names (one small query: a command is answered
        from what is stored now)."""
        await self.follow_other_writers(wait=True)
        index = self.titles if noun == "drama" else await self.people_index()
        return _resolve(index, query, noun)

    async def refresh(self, drama_ids: set[int], person_ids: set[int]) -> None:
        """Update both indexes for the entities an import touched, a batch at a time, giving the
        event loop a turn between batches (a big catalogue import must not stall the bot).
        An entity the store no longer has leaves the index."""
        async with self._lock:
            await _refresh_index(
                self.titles, sorted(drama_ids), self.store.dramas, lambda d: (d.title, d.aliases)
            )
            if person_ids:
                await self._load_people()
                assert self._people is not None
                await _refresh_index(
                    self._people,
                    sorted(person_ids),
                    self.store.people,
                    lambda p: (p.name, p.aliases),
                )


async def _refresh_index(
    index: NameIndex,
    ids: list[int],
    fetch: Callable[[list[int]], Awaitable[Mapping[int, E]]],
    names: Callable[[E], tuple[str, tuple[str, ...]]],
) -> None:
    for start in range(0, len(ids), _REFRESH_BATCH):
        wanted = ids[start : start + _REFRESH_BATCH]
        found = await fetch(wanted)
        for entity_id in wanted:
            if (entity := found.get(entity_id)) is not None:
                index.add(entity_id, *names(entity))
            else:
                index.remove(entity_id)
        await asyncio.sleep(0)


def _freeze_heap() -> None:
    """Unfreeze (the indexes replaced may hold cycles), collect, freeze what is left."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _build_indexes(
    title_rows: list[tuple[int, str, list[str]]], person_rows: list[tuple[int, str, list[str]]]
) -> tuple[NameIndex, NameIndex]:
    return NameIndex.build("title", title_rows), NameIndex.build("person", person_rows)


def _resolve(index: NameIndex, query: str, noun: str) -> list[int]:
    shown = " ".join(clean(query).split())[:80]
    if not shown:
        raise NotFoundError(f"Please type {'an' if noun[0] in 'aeiou' else 'a'} {noun} name.")
    if exact := index.exactly_named(query):  # the answer, with no ranking needed
        return exact
    matches = index.search(query, limit=5)
    answer = best_match(matches)
    if answer is not None:
        return [m.entity_id for m in matches if m.score == answer.score]
    suggestions = tuple(m.name for m in matches if m.score >= SUGGESTION_CUTOFF)[:3]
    hint = f"; did you mean {_or_list(suggestions)}?" if suggestions else "."
    if noun == "actor" and _HANGUL.search(shown):  # most catalogues romanize names only
        hint += " Names in Hangul match where the catalogue has them; try the romanized name."
    raise NotFoundError(f"No {noun} matches '{shown}'{hint}", suggestions)


def _or_list(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
