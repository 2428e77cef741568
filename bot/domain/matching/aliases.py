"""The aliases of one kind of entity by slot number, and the lookups built on them: what the
index's stages read (`index`), kept in a few flat objects (`packed`).

An entity's aliases have consecutive slots (a run). Removing an entity marks its slots removed
(entity -1): they are skipped wherever they are still listed, and compacted away by a rebuild.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterable

from dramabot.domain.matching.packed import (
    PackedStrings,
    Postings,
    deduplicated,
    pack_list,
    unpack_list,
)
from dramabot.domain.matching.prefixes import Prefixes, entries_of, start_entries
from dramabot.domain.matching.readings import NameKind, searched_forms
from dramabot.domain.matching.words import TYPO_LENGTH, WordIndex
from dramabot.domain.names import many_words


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
        self.by_key = Postings(hashed=True)
        self.by_words = Postings(hashed=True)
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
        entity, keys = self.entity, self.keys  # (a key may share its hash with another)
        return [s for s in self.by_key.get(key, ()) if entity[s] >= 0 and keys[s] == key]

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
        id listed twice counts where it is listed last. Each step runs over every alias at
        once, mostly in C (`_append_runs`, `WordIndex.build`, `entries_of`)."""
        rows = list(entities)
        last = {row[0]: at for at, row in enumerate(rows)}
        if len(last) < len(rows):
            rows = [row for at, row in enumerate(rows) if last[row[0]] == at]
        runs, keys, distinct, slot_words = self._append_runs(rows)
        self.names.freeze()
        self.keys.freeze()
        self.by_key = Postings(keys, range(len(keys)), hashed=True)
        sorted_words = [" ".join(sorted(words)) for words in slot_words]
        self.by_words = Postings(sorted_words, distinct, hashed=True)
        self.words.build(slot_words, distinct)
        forms = self.forms
        self.prefixes = Prefixes(
            *entries_of(self.kind == "person", [forms[slot] for slot in distinct], keys, distinct)
        )
        ordered = sorted(runs.items())
        self._frozen_ids = array("q", [entity_id for entity_id, _ in ordered])
        self._frozen_starts = array("I", [start for _, start in ordered])
        self.entities = len(runs)

    def insert(self, entity_id: int, canonical: str, aliases: Iterable[str]) -> None:
        """Add an entity's aliases (the canonical name first) as a run of new slots."""
        first = len(self.entity)
        runs, keys, distinct, slot_words = self._append_runs([(entity_id, canonical, aliases)])
        for slot, key in enumerate(keys, first):
            self.by_key.add(key, slot)
        person = self.kind == "person"
        for slot, words in zip(distinct, slot_words, strict=True):
            self.words.add(words, slot)
            self.by_words.add(" ".join(sorted(words)), slot)
            self.prefixes.add(slot, start_entries(person, self.forms[slot], keys[slot - first]))
        self._added_starts.update(runs)
        self.entities += len(runs)

    def _append_runs(
        self, rows: list[tuple[int, str, Iterable[str]]]
    ) -> tuple[dict[int, int], list[str], list[int], list[list[str]]]:
        """Append entities' names (the canonical first, then the aliases; each once) as runs of
        new slots, leaving out names with no words.
        Return each entity's first slot, the new slots' keys, and the new slots whose form is
        new to their entity (the rest are found through it) with their searched words."""
        listed = [
            list(dict.fromkeys([canonical, *aliases])) if aliases else [canonical]
            for _, canonical, aliases in rows
        ]
        names = [name for of_row in listed for name in of_row]
        owners = [row for row, of_row in enumerate(listed) for _ in of_row]
        spelled = many_words(names)
        words, forms = searched_forms(spelled, self.kind)
        if not all(words):
            kept = [at for at, found in enumerate(words) if found]
            names, owners, spelled, words, forms = (
                [column[at] for at in kept] for column in (names, owners, spelled, words, forms)
            )
        keys = list(map("".join, spelled))  # entity_key
        forms = deduplicated(forms)
        base = len(self.entity)
        slots = range(base, base + len(names))
        # Each entity's first slot, and each form's first slot in its entity.
        firsts = dict(zip(owners[::-1], slots[::-1], strict=True))
        by_form = zip(owners[::-1], forms[::-1], strict=True)
        distinct = sorted(dict(zip(by_form, slots[::-1], strict=True)).values())
        for row, start in firsts.items():
            if names[start - base] != (canonical := rows[row][1]):
                self._canonical_apart[start] = canonical
        lengths = [min(len(canonical), 0xFFFF) for _, canonical, _ in rows]
        self.entity.extend([rows[row][0] for row in owners])
        self.run_starts.extend(map(firsts.__getitem__, owners))
        self.canonical_lengths.extend(map(lengths.__getitem__, owners))
        self.names.extend(names)
        self.keys.extend(keys)
        self.forms.extend(forms)
        runs = {rows[row][0]: start for row, start in firsts.items()}
        return runs, keys, distinct, [words[slot - base] for slot in distinct]

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
