"""Find the drama or person a fan means from what they typed. Pure Python over rapidfuzz.

Every alias of an entity is indexed in a search form (`names.title_form`/`names.person_form`);
results are entities, never two aliases of one. Candidates come from three cheap sources, then
only those few are scored:

- exact: the strict `entity_key` of every alias, in a dict;
- prefix: every word-start suffix of every form (`strong girl bong soon`, `girl bong soon`,
  `bong soon`, `soon`) in a sorted list, searched by bisection, so autocomplete finds a title
  from any word as it is typed;
- fuzzy: a trigram inverted index; the query's rarest trigrams vote for candidates, so a typo
  costs a few votes, not the match.

Exact and prefix hits rank above fuzzy ones, and below `MATCH_CUTOFF` the answer is "no match"
with the nearest names as suggestions. `search_exhaustive` scores every alias the same way; it is
the reference the index is measured against.
"""

from __future__ import annotations

import bisect
import heapq
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Literal

from rapidfuzz import fuzz

from bot.domain.models import Match
from bot.domain.names import entity_key, person_form, reversed_order, title_form

#: A top hit scoring below this is not trusted: the answer is "no match" plus suggestions.
MATCH_CUTOFF = 72.0
#: Suggestions ("did you mean") must score at least this.
SUGGESTION_CUTOFF = 45.0
#: At most this many prefix hits are scored (a one-letter prefix matches thousands).
_PREFIX_CANDIDATES = 48
#: At most this many trigram candidates are scored, the ones with most shared trigrams.
_GRAM_CANDIDATES = 64
#: Trigram postings read per query, rarest first; bounds the work for very common trigrams.
_GRAM_BUDGET = 6_000
#: Unsorted prefix additions kept aside before they are merged into the sorted list.
_PENDING_PREFIXES = 2_000

NameKind = Literal["title", "person"]


class NameIndex:
    """An in-memory index of every name of one kind of entity (titles or people).

    Aliases live in parallel lists indexed by a slot number; a removed entity's slots are
    emptied and skipped, and compacted away once they are a quarter of the index.
    """

    def __init__(self, kind: NameKind) -> None:
        self.kind = kind
        self._form: Callable[[str], str] = title_form if kind == "title" else person_form
        self._entity: list[int] = []
        self._canonical: list[str] = []
        self._alias: list[str] = []
        self._forms: list[str] = []
        self._by_entity: dict[int, list[int]] = {}
        self._by_key: dict[str, list[int]] = {}
        self._grams: dict[str, list[int]] = {}
        self._prefixes: list[tuple[str, int]] = []
        self._pending: list[tuple[str, int]] = []
        self._dead = 0

    def __len__(self) -> int:
        return len(self._by_entity)

    @classmethod
    def build(cls, kind: NameKind, entities: Iterable[tuple[int, str, Iterable[str]]]) -> NameIndex:
        """An index of many entities at once: (id, canonical name, aliases) each."""
        index = cls(kind)
        for entity_id, canonical, aliases in entities:
            index._insert(entity_id, canonical, aliases)
        index._merge_pending()
        return index

    def add(self, entity_id: int, canonical: str, aliases: Iterable[str] = ()) -> None:
        """Index an entity under its canonical name and aliases, replacing what it had."""
        self.remove(entity_id)
        self._insert(entity_id, canonical, aliases)
        if len(self._pending) > _PENDING_PREFIXES:
            self._merge_pending()

    def remove(self, entity_id: int) -> None:
        """Forget an entity and all its aliases."""
        for slot in self._by_entity.pop(entity_id, []):
            slots = self._by_key.get(entity_key(self._alias[slot]), [])
            if slot in slots:
                slots.remove(slot)
            self._entity[slot] = -1
            self._dead += 1
        if self._dead > 1000 and self._dead > len(self._entity) // 4:
            self._compact()

    def knows(self, name: str) -> bool:
        """Whether a name is exactly (by `entity_key`) some entity's name or alias."""
        return bool(self._by_key.get(entity_key(name)))

    def search(self, query: str, limit: int = 5) -> list[Match]:
        """The best `limit` entities for a query, best first, each with its best-scoring alias."""
        forms = self._query_forms(query)
        if not forms:
            return []
        exact = set(self._by_key.get(entity_key(query), ()))
        slots = set(exact)
        for form in forms:
            slots.update(self._prefix_slots(form))
        if len({self._entity[s] for s in slots}) < limit or not self._all_prefix_hits(
            forms[0], slots
        ):
            for form in forms:
                slots.update(self._gram_slots(form))
        return self._rank(forms, slots, limit, exact)

    def search_exhaustive(self, query: str, limit: int = 5) -> list[Match]:
        """The same ranking as `search`, scoring every alias: the reference for the index."""
        forms = self._query_forms(query)
        if not forms:
            return []
        exact = set(self._by_key.get(entity_key(query), ()))
        return self._rank(forms, range(len(self._entity)), limit, exact)

    def _query_forms(self, query: str) -> list[str]:
        """The query's search form; for a person also in the other name order."""
        form = self._form(query)
        if not form:
            return []
        if self.kind == "person" and (swapped := reversed_order(query)):
            return [form, self._form(swapped)]
        return [form]

    def _rank(
        self, forms: list[str], slots: Iterable[int], limit: int, exact: set[int]
    ) -> list[Match]:
        best: dict[int, tuple[float, int]] = {}
        for slot in slots:
            entity_id = self._entity[slot]
            if entity_id < 0:
                continue
            candidate = self._forms[slot]
            score = 100.0 if slot in exact else max(_score(form, candidate) for form in forms)
            known = best.get(entity_id)
            if known is None or score > known[0]:
                best[entity_id] = (score, slot)
        ranked = heapq.nsmallest(
            limit,
            best.items(),
            key=lambda item: (-item[1][0], len(self._canonical[item[1][1]]), item[1][1]),
        )
        return [
            Match(entity_id, self._canonical[slot], score, self._alias[slot])
            for entity_id, (score, slot) in ranked
        ]

    # ---- building ----------------------------------------------------------------------------

    def _insert(self, entity_id: int, canonical: str, aliases: Iterable[str]) -> None:
        slots = []
        seen_forms: set[str] = set()
        for name in dict.fromkeys([canonical, *aliases]):
            form = self._form(name)
            if not form:
                continue
            slot = len(self._entity)
            self._entity.append(entity_id)
            self._canonical.append(canonical)
            self._alias.append(name)
            self._forms.append(form)
            self._by_key.setdefault(entity_key(name), []).append(slot)
            slots.append(slot)
            if form in seen_forms:
                continue  # the same form under another spelling: exact lookups only
            seen_forms.add(form)
            grams = self._grams
            for gram in _trigrams(form):
                posting = grams.get(gram)
                if posting is None:
                    grams[gram] = [slot]
                else:
                    posting.append(slot)
            self._pending.extend((suffix, slot) for suffix in self._word_starts(name, form))
        self._by_entity[entity_id] = slots

    def _word_starts(self, name: str, form: str) -> list[str]:
        """The form from each word on: a title (or a name) is found from any of its words."""
        if self.kind == "title":
            starts = [form]
            at = form.find(" ")
            while at >= 0:
                starts.append(form[at + 1 :])
                at = form.find(" ", at + 1)
            return starts
        parts = name.split()
        return [form] + [f for i in range(1, len(parts)) if (f := self._form(" ".join(parts[i:])))]

    def _merge_pending(self) -> None:
        if self._pending:
            self._prefixes.extend(self._pending)
            self._prefixes.sort()
            self._pending = []

    def _compact(self) -> None:
        """Rebuild without the slots of removed entities."""
        entities = []
        for entity_id, slots in self._by_entity.items():
            if slots:
                first = slots[0]
                aliases = [self._alias[s] for s in slots]
                entities.append((entity_id, self._canonical[first], aliases))
        self.__dict__.update(NameIndex.build(self.kind, entities).__dict__)

    # ---- candidates --------------------------------------------------------------------------

    def _prefix_slots(self, form: str) -> list[int]:
        start = bisect.bisect_left(self._prefixes, (form,))
        found = []
        for suffix, slot in self._prefixes[start : start + _PREFIX_CANDIDATES * 4]:
            if not suffix.startswith(form):
                break
            found.append(slot)
        if len(found) > _PREFIX_CANDIDATES:
            found = heapq.nsmallest(_PREFIX_CANDIDATES, found, key=lambda s: len(self._forms[s]))
        found += [slot for suffix, slot in self._pending if suffix.startswith(form)]
        return found

    def _all_prefix_hits(self, form: str, slots: set[int]) -> bool:
        """Whether every candidate so far starts with the query at a word: then no fuzzy hit
        could outrank them, and the trigram search is skipped."""
        return all(f" {self._forms[s]}".find(f" {form}") >= 0 for s in slots)

    def _gram_slots(self, form: str) -> list[int]:
        postings = sorted(
            (posting for g in _trigrams(form) if (posting := self._grams.get(g))), key=len
        )
        votes: Counter[int] = Counter()
        budget = _GRAM_BUDGET
        for posting in postings:
            if len(posting) > budget:
                break
            votes.update(posting)
            budget -= len(posting)
        return heapq.nlargest(_GRAM_CANDIDATES, votes, key=votes.__getitem__)


def _trigrams(form: str) -> set[str]:
    padded = f"  {form} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _score(query: str, candidate: str) -> float:
    """Exact > prefix > word prefix > fuzzy; every score in 0..100.

    The fuzzy part takes the best of a whole-string ratio (typos), a word-order-blind ratio
    (swapped names), a word-subset ratio (a partial title) and, for a query shorter than the
    name, a best-substring ratio (a title still being typed). WRatio alone is too lenient here:
    it rates `strong woman do bong soon` closer to `make a woman cry` than to
    `strong girl bong soon`.
    """
    if query == candidate:
        return 99.0
    if candidate.startswith(query):
        return 90.0 + 8.0 * len(query) / len(candidate)
    if f" {query}" in f" {candidate}":
        return 84.0 + 6.0 * len(query) / len(candidate)
    score = max(
        fuzz.ratio(query, candidate),
        fuzz.token_sort_ratio(query, candidate),
        fuzz.token_set_ratio(query, candidate) * 0.95,
    )
    if 4 <= len(query) < len(candidate):
        score = max(score, fuzz.partial_ratio(query, candidate) * 0.9)
    return score * 0.92
