"""The aliases of one kind of entity by slot number, and the lookups built on them: what the
index's stages read (`index`), kept in a few flat objects (`packed`).

An entity's aliases have consecutive slots (a run). Removing an entity marks its slots removed
(entity -1): they are skipped wherever they are still listed, and compacted away by a rebuild.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterable, Iterator

from dramabot.domain.matching.packed import PackedStrings, Postings, pack_list, unpack_list
from dramabot.domain.matching.prefixes import Prefixes, entries_of, start_entries
from dramabot.domain.matching.readings import NameKind, searched_words
from dramabot.domain.matching.words import TYPO_LENGTH, WordIndex
from dramabot.domain.names import many_words
from dramabot.domain.names import words as words_of_name


class Aliases:
    """Every alias by slot: its entity, search form, spelling and strict key; the exact keys,
    the sorted words (near-equals), the words and pairs (`WordIndex`) and the prefix entries
    (`Prefixes`) that find slots."""

    def __init__(self, kind: NameKind) -> None:
        self.kind = kind
        self.entity = array("q")  # -1 once removed
        self._forms: list[str] | None = []  # read by the hundreds per query: plain strings
        self._packed_forms = ""  # a snapshot's forms, until first read (`forms`)
        self._form_count = 0
        self.names = PackedStrings()
        self.keys = PackedStrings()
        self.by_key = Postings()
        self.by_words = Postings()
        self.words = WordIndex(TYPO_LENGTH[kind])
        self.prefixes = Prefixes()
        self.run_starts = array("I")  # each slot's first slot of its entity
        self.canonical_lengths = array("H")  # each slot's canonical name's length, for ranking
        self._frozen_ids, self._frozen_starts = array("q"), array("I")
        self._added_starts: dict[int, int] = {}
        self._canonical_apart: dict[int, str] = {}  # run start -> a canonical with no words
        self.entities = 0
        self.removed = 0

    def __len__(self) -> int:
        return len(self.entity)

    @property
    def forms(self) -> list[str]:
        """Each slot's search form. From a snapshot they are split out of one string when first
        read: a start whose first query is found by its exact name or a prefix never reads
        them (about a third of the titles' load)."""
        if self._forms is None:
            self._forms = unpack_list(self._packed_forms, self._form_count)
            self._packed_forms = ""
        return self._forms

    # ---- reading -----------------------------------------------------------------------------

    def alive(self, slot: int) -> bool:
        return self.entity[slot] >= 0

    def run(self, slot: int) -> range:
        """The slots of the entity of this slot (its aliases)."""
        starts = self.run_starts
        start = end = starts[slot]
        while end < len(starts) and starts[end] == start:
            end += 1
        return range(start, end)

    def runs(self, starts: Iterable[int]) -> list[int]:
        """The slots of the runs starting at these slots."""
        run_starts, last = self.run_starts, len(self.run_starts)
        slots = []
        for start in starts:
            end = start + 1
            while end < last and run_starts[end] == start:
                end += 1
            slots.extend(range(start, end))
        return slots

    def canonical(self, slot: int) -> str:
        start = self.run_starts[slot]
        return self._canonical_apart.get(start) or self.names[start]

    def canonicals_and_aliases(self, slots: list[int]) -> list[tuple[str, str]]:
        """The canonical name of each slot's entity and the slot's alias (most often the
        same)."""
        starts, apart = self.run_starts, self._canonical_apart
        return [
            (alias, alias)
            if starts[slot] == slot and slot not in apart
            else (self.canonical(slot), alias)
            for slot, alias in zip(slots, self.names.gather(slots), strict=True)
        ]

    def exact(self, key: str) -> list[int]:
        """The live slots whose strict key is `key`."""
        return [slot for slot in self.by_key.get(key, ()) if self.entity[slot] >= 0]

    def start_of(self, entity_id: int) -> int | None:
        """The first slot of a live entity."""
        start = self._added_starts.get(entity_id)
        if start is None:
            at = bisect.bisect_left(self._frozen_ids, entity_id)
            if at == len(self._frozen_ids) or self._frozen_ids[at] != entity_id:
                return None
            start = self._frozen_starts[at]
        return start if self.entity[start] == entity_id else None

    def added(self) -> int:
        """How many slots were added since the last build."""
        return len(self._added_starts)

    # ---- writing -----------------------------------------------------------------------------

    def build(self, entities: Iterable[tuple[int, str, Iterable[str]]]) -> None:
        """Index many entities (id, canonical name, aliases) at once into this empty index; an
        id listed twice counts where it is listed last. Each step runs over every alias in one
        pass, mostly in C, rather than alias by alias (`insert`)."""
        rows = list(entities)
        last = {row[0]: at for at, row in enumerate(rows)}
        rows = [row for at, row in enumerate(rows) if last[row[0]] == at]
        listed = [list(dict.fromkeys([canonical, *aliases])) for _, canonical, aliases in rows]
        spelled = iter(many_words([name for names in listed for name in names]))
        runs: dict[int, int] = {}
        keys: list[str] = []
        distinct: list[int] = []  # the slots whose form is new to their entity
        slot_words: list[list[str]] = []
        for (entity_id, canonical, _), names in zip(rows, listed, strict=True):
            start = len(self.entity)
            for slot, words, key, new in self._append_run(entity_id, canonical, names, spelled):
                keys.append(key)
                if new:
                    distinct.append(slot)
                    slot_words.append(words)
            if len(self.entity) > start:
                runs[entity_id] = start
        self.names.freeze()
        self.keys.freeze()
        self.by_key = Postings(keys, range(len(keys)))
        self.by_words = Postings([" ".join(sorted(words)) for words in slot_words], distinct)
        self.words.build(slot_words, distinct)
        forms = self.forms
        self.prefixes = Prefixes(
            *entries_of(self.kind == "person", [forms[slot] for slot in distinct], keys, distinct)
        )
        ordered = sorted(runs.items())
        self._frozen_ids = array("q", (entity_id for entity_id, _ in ordered))
        self._frozen_starts = array("I", (start for _, start in ordered))
        self.entities = len(runs)

    def insert(self, entity_id: int, canonical: str, aliases: Iterable[str]) -> None:
        """Add an entity's aliases (the canonical name first) as a run of new slots."""
        start, person = len(self.entity), self.kind == "person"
        names = list(dict.fromkeys([canonical, *aliases]))
        spelled = map(words_of_name, names)
        for slot, words, key, new in self._append_run(entity_id, canonical, names, spelled):
            self.by_key.add(key, slot)
            if new:
                self.words.add(words, slot)
                self.by_words.add(" ".join(sorted(words)), slot)
                self.prefixes.add(slot, start_entries(person, self.forms[slot], key))
        if len(self.entity) > start:
            self._added_starts[entity_id] = start
            self.entities += 1

    def _append_run(
        self, entity_id: int, canonical: str, names: list[str], spelled: Iterator[list[str]]
    ) -> Iterator[tuple[int, list[str], str, bool]]:
        """Append an entity's names (with their `names.words`, read from `spelled`) as a run
        of new slots, skipping those with no words; yield each slot with its searched words,
        its key and whether its form is new to the entity (else it is found through the
        first)."""
        start, seen = len(self.entity), set()
        for name in names:
            spelling = next(spelled)
            if not (words := searched_words(spelling, self.kind)):
                continue
            slot, form, key = len(self.entity), " ".join(words), "".join(spelling)  # entity_key
            if slot == start and name != canonical:
                self._canonical_apart[start] = canonical
            self.entity.append(entity_id)
            self.run_starts.append(start)
            self.canonical_lengths.append(min(len(canonical), 0xFFFF))
            self.names.append(name)
            self.keys.append(key)
            self.forms.append(form)
            yield slot, words, key, form not in seen
            seen.add(form)

    def remove(self, entity_id: int) -> None:
        """Mark an entity's slots removed, and forget those added since the build."""
        start = self.start_of(entity_id)
        if start is None:
            return
        for slot in self.run(start):
            key = self.keys[slot]
            self.by_key.discard(key, slot)
            self.prefixes.discard(slot, start_entries(self.kind == "person", self.forms[slot], key))
            self.entity[slot] = -1
            self.removed += 1
        self._added_starts.pop(entity_id, None)
        self.entities -= 1

    def live_entities(self) -> list[tuple[int, str, list[str]]]:
        """(id, canonical, aliases) of every live entity, for a rebuild."""
        found = []
        for start in sorted({self.run_starts[s] for s in range(len(self)) if self.alive(s)}):
            names = [self.names[slot] for slot in self.run(start)]
            found.append((self.entity[start], self.canonical(start), names))
        return found

    def __getstate__(self) -> dict[str, object]:
        state = dict(vars(self))
        if self._forms is not None:
            state["_packed_forms"], state["_form_count"] = pack_list(self._forms), len(self._forms)
        state["_forms"] = None
        return state
