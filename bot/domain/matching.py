"""Find the drama or person a fan means from what they typed. Pure Python over rapidfuzz.

Every alias of an entity is indexed in a search form (`names.title_form`/`names.person_form`);
results are entities, never two aliases of one. Exact and prefix hits rank above fuzzy ones, and
below `MATCH_CUTOFF` the answer is "no match" with the nearest names as suggestions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process

from bot.domain.models import Match
from bot.domain.names import entity_key, person_form, swapped_order, title_form

#: A top hit scoring below this is not trusted: the answer is "no match" plus suggestions.
MATCH_CUTOFF = 72.0
#: Suggestions ("did you mean") must score at least this.
SUGGESTION_CUTOFF = 45.0
#: How many fuzzy candidates are scored before aliases are folded into entities.
_FUZZY_CANDIDATES = 60

NameKind = Literal["title", "person"]


@dataclass(slots=True)
class _Alias:
    entity_id: int
    canonical: str
    alias: str
    form: str


class NameIndex:
    """An in-memory index of every name of one kind of entity (titles or people)."""

    def __init__(self, kind: NameKind) -> None:
        self.kind = kind
        self._form: Callable[[str], str] = title_form if kind == "title" else person_form
        self._aliases: list[_Alias | None] = []
        self._by_entity: dict[int, list[int]] = {}
        self._by_key: dict[str, set[int]] = {}
        self._forms: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self._by_entity)

    def add(self, entity_id: int, canonical: str, aliases: Iterable[str] = ()) -> None:
        """Index an entity under its canonical name and aliases, replacing what it had."""
        self.remove(entity_id)
        names = dict.fromkeys([canonical, *aliases])
        if self.kind == "person":
            names.update(dict.fromkeys(s for n in list(names) if (s := swapped_order(n))))
        slots = []
        for name in names:
            form = self._form(name)
            if not form:
                continue
            slot = len(self._aliases)
            self._aliases.append(_Alias(entity_id, canonical, name, form))
            self._forms[slot] = form
            self._by_key.setdefault(entity_key(name), set()).add(slot)
            slots.append(slot)
        self._by_entity[entity_id] = slots

    def remove(self, entity_id: int) -> None:
        """Forget an entity and all its aliases."""
        for slot in self._by_entity.pop(entity_id, []):
            alias = self._aliases[slot]
            if alias is not None:
                self._by_key.get(entity_key(alias.alias), set()).discard(slot)
            self._aliases[slot] = None
            self._forms.pop(slot, None)

    def knows(self, name: str) -> bool:
        """Whether a name is exactly (by `entity_key`) some entity's name or alias."""
        return bool(self._by_key.get(entity_key(name)))

    def exact(self, name: str) -> list[int]:
        """The ids of entities that have exactly this name (by `entity_key`)."""
        slots = self._by_key.get(entity_key(name), set())
        return sorted({a.entity_id for s in slots if (a := self._aliases[s]) is not None})

    def search(self, query: str, limit: int = 5) -> list[Match]:
        """The best `limit` entities for a query, best first, each with its best-scoring alias."""
        form = self._form(query)
        if not form:
            return []
        best: dict[int, Match] = {}
        for slot, score in self._candidates(query, form):
            alias = self._aliases[slot]
            if alias is None:
                continue
            known = best.get(alias.entity_id)
            if known is None or score > known.score:
                best[alias.entity_id] = Match(alias.entity_id, alias.canonical, score, alias.alias)
        ranked = sorted(best.values(), key=lambda m: (-m.score, len(m.name), m.name))
        return ranked[:limit]

    def _candidates(self, query: str, form: str) -> Iterable[tuple[int, float]]:
        for slot in self._by_key.get(entity_key(query), ()):
            yield slot, 100.0
        for _candidate, score, slot in process.extract(
            form, self._forms, scorer=_score, limit=_FUZZY_CANDIDATES, score_cutoff=30
        ):
            yield slot, score


def _score(query: str, candidate: str, **_: object) -> float:
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
