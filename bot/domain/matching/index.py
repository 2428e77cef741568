"""The name index: every alias of one kind of entity, found in stages (see the package's
docstring) and scored by `scoring`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain, combinations, pairwise

from dramabot.domain.matching.aliases import Aliases
from dramabot.domain.matching.packed import collection_paused
from dramabot.domain.matching.prefixes import HEAD, TYPED
from dramabot.domain.matching.ranking import Ranking
from dramabot.domain.matching.readings import (
    MAX_QUERY,
    SPLIT_PENALTY,
    NameKind,
    Reading,
    distinct_words,
    readings,
)
from dramabot.domain.matching.reference import exhaustive
from dramabot.domain.matching.scoring import gather, kth_score, most_alike, scores
from dramabot.domain.matching.verdict import SUGGESTION_CUTOFF
from dramabot.domain.matching.words import (
    LETTERS,
    PAIR_WORDS,
    deletions,
    edit_prefixes,
    fill,
    one_edit_variants,
)
from dramabot.domain.models import Match
from dramabot.domain.names import entity_key

#: How many candidates are scored at most: prefix hits per prefix; near-equals and word hits
#: per quick ratio (as typed and order aside).
_PREFIX_CANDIDATES = 32
_WORD_CANDIDATES = 24
#: A one-word query's tails of at least this length are tried as prefixes, a few hits each.
_TAIL_LENGTH = 4
_TAIL_CANDIDATES = 8
#: A query typed with a typo near its end is looked up by its first letters, down to this
#: share of them and at most this many fewer.
_SHORTENED = 0.5
_SHORTENED_BY = 12
#: The candidates from words stop growing at about `_POOL_BUDGET` (each read costs: a random
#: access into hundreds of thousands of names misses the CPU caches).
_POOL_BUDGET = 800
#: When a near-certain result was found, the names sharing words only fill the suggestions:
#: a smaller pool and fewer of them do.
_FILL_BUDGET = 400
_FILL_CANDIDATES = 16
#: ... and with this many names found besides, they are not looked for.
_ENOUGH_WITH_SURE = 10
#: Below this many candidates from the words as typed, their one-typo neighbours are added.
_FEW_CANDIDATES = 96
#: `_edit_prefix_batches`: candidates per start, per batch scored, and in all.
_EDIT_PREFIX_CANDIDATES, _EDIT_PREFIX_BATCH, _EDIT_PREFIX_MOST = 4, 48, 480
#: Removed slots, or slots added since the build, past this many (and a quarter of the index)
#: make the index rebuild itself.
_REBUILD_AFTER = 1000


class NameIndex:
    """An in-memory index of every name of one kind of entity (titles or people).

    Aliases live in `Aliases`, by slot number; a removed entity's slots are marked and
    skipped, and compacted away (with what was added since the build) by a rebuild once they
    are a quarter of the index.
    """

    def __init__(self, kind: NameKind) -> None:
        self.kind = kind
        self._aliases = Aliases(kind)
        self._vocabulary = self._aliases.words

    def __len__(self) -> int:
        return self._aliases.entities

    def __getstate__(self) -> dict[str, object]:
        """What a snapshot saves (see `storage.name_snapshot`): the whole index."""
        return {"kind": self.kind, "aliases": self._aliases}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.kind = state["kind"]  # type: ignore[assignment]
        self._aliases = state["aliases"]  # type: ignore[assignment]
        self._vocabulary = self._aliases.words

    @classmethod
    def build(cls, kind: NameKind, entities: Iterable[tuple[int, str, Iterable[str]]]) -> NameIndex:
        """An index of many entities at once: (id, canonical name, aliases) each."""
        index = cls(kind)
        with collection_paused():
            index._aliases.build(entities)
        return index

    def add(self, entity_id: int, canonical: str, aliases: Iterable[str] = ()) -> None:
        """Index an entity under its canonical name and aliases, replacing what it had."""
        self.remove(entity_id)
        self._aliases.insert(entity_id, canonical, aliases)
        if self._aliases.added() > max(_REBUILD_AFTER, len(self._aliases) // 4):
            self._compact()

    def remove(self, entity_id: int) -> None:
        """Forget an entity and all its aliases."""
        self._aliases.remove(entity_id)
        removed = self._aliases.removed
        if removed > _REBUILD_AFTER and removed > len(self._aliases) // 4:
            self._compact()

    def knows(self, name: str) -> bool:
        """Whether a name is exactly (by `entity_key`) some entity's name or alias."""
        return bool(self._aliases.exact(entity_key(name)))

    def exactly_named(self, query: str) -> list[int]:
        """The entities with a name or alias exactly the query (by `entity_key`), in the order
        `search` ranks them: the answer whenever there is one, as nothing scores higher."""
        aliases = self._aliases
        slots = sorted(self.exact(query), key=lambda slot: (aliases.canonical_lengths[slot], slot))
        return list(dict.fromkeys(aliases.entity[slot] for slot in slots))

    def search(self, query: str, limit: int = 5) -> list[Match]:
        """The best `limit` entities for a query, best first, each with its best-scoring alias;
        none scoring below `SUGGESTION_CUTOFF`. Candidates are found and scored in stages, the
        cheapest first, until the ranking cannot change (see the module's docstring)."""
        readings = self.readings(query)
        if not readings:
            return []
        ranking = Ranking(query, readings, limit)
        typed = entity_key(query[:MAX_QUERY])
        exact = set(self._aliases.exact(typed))
        prefixed = set(exact)
        for words, _ in readings:
            prefixed.update(self._prefix_slots("".join(words), " ".join(words)))
        if self.kind == "person":
            prefixed.update(self._starting(TYPED + typed))
        self._score(ranking, prefixed, exact)
        if ranking.settled():  # the prefix hits are the answer: no fuzzy hit can beat them
            return self._top(ranking.best, limit)
        # Near-equals next: with the prefix hits, they are every result an exhaustive scan
        # rates `TRUSTED_SCORE` or more.
        known: dict[str, set[str]] = {}
        word_sets = [
            (words, self._vocabulary.similar(words, known)) for words in distinct_words(readings)
        ]
        near: set[int] = set()
        for words, similar in word_sets:
            near.update(self._near_candidates(words, similar, exclude=prefixed))
        for variant in deletions(typed):  # one letter too many: `songgangho`, Song Gan Go
            near.update(self._aliases.exact(variant))
        self._score(ranking, near)
        # Then names sharing words: the best answer when nothing near-certain was found, else
        # only the rest of the suggestions, for which a few do, if there are few.
        sure = ranking.sure()
        if ranking.settled() or (sure and len(ranking.best) >= _ENOUGH_WITH_SURE):
            return self._top(ranking.best, limit)
        budget, room = (
            (_FILL_BUDGET, _FILL_CANDIDATES) if sure else (_POOL_BUDGET, _WORD_CANDIDATES)
        )
        self._score(
            ranking, self._sharing_words(ranking, word_sets, known, prefixed | near, budget, room)
        )
        if not ranking.best:  # still nothing: a typo in a name being typed (`ghst hea`)
            for batch in self._edit_prefix_batches(ranking.query, readings):
                self._score(ranking, batch)
                if ranking.best:
                    break
        return self._top(ranking.best, limit)

    def _sharing_words(
        self,
        ranking: Ranking,
        word_sets: list[tuple[list[str], list[set[str]]]],
        known: dict[str, set[str]],
        found: set[int],
        budget: int,
        room: int,
    ) -> set[int]:
        """The last stage's candidates: names sharing words with the query, found from one
        reading (`_shared_word_candidates`), or, when nothing at all was found, from its first
        letters or its words' fuzzy neighbours."""
        shared: set[int] = set()
        for words, _ in word_sets:
            if len(words) == 1:  # maybe several words typed as one: `itaewonclass`
                shared.update(self._tail_slots(words[0]))
        # As typed, or split when fewer than two words as typed are known (`parkhyungsik`;
        # the pairs of known words are what is selective).
        words, similar = word_sets[0]
        split = [words for words, penalty in ranking.readings if penalty == SPLIT_PENALTY]
        if split and sum(map(bool, similar)) < 2:
            words, similar = split[0], self._vocabulary.similar(split[0], known)
        shared.update(self._shared_word_candidates(words, similar, found, budget, room))
        if not found and not shared:  # a typo near the end of words typed together: `parkhyungsk`
            compacts = ["".join(words) for words, _ in ranking.readings]
            shared.update(self._shortened_slots(ranking.query, compacts))
        if not found and not shared:  # nothing within one typo: compare with every known word
            for words, _ in word_sets:
                similar = self._vocabulary.similar(words, {}, fuzzy=True)
                shared.update(self._near_candidates(words, similar, exclude=set()))
                shared.update(
                    self._shared_word_candidates(words, similar, set(), _POOL_BUDGET, room)
                )
        return shared

    def _score(self, ranking: Ranking, slots: Iterable[int], exact: set[int] | None = None) -> None:
        """Score the entities of these slots the ranking has not scored yet (all their
        aliases), exactly if they may be among its `limit` best."""
        aliases = self._aliases
        entity, starts, scored = aliases.entity, aliases.run_starts, ranking.scored
        runs = {starts[slot] for slot in slots if entity[slot] >= 0}
        runs = {start for start in runs if entity[start] not in scored}
        scored.update(entity[start] for start in runs)
        slots = aliases.runs(runs)
        hits = self._scored(ranking.query, ranking.readings, slots, exact, ranking.floor())
        ranking.merge(hits)

    def search_exhaustive(self, query: str, limit: int = 5) -> list[Match]:
        """The same ranking as `search`, scoring every alias: the reference for the index."""
        return exhaustive(self, query, limit)

    # ---- forms and scores --------------------------------------------------------------------

    def readings(self, query: str) -> list[Reading]:
        """The ways the query is read (see `readings.readings`)."""
        return readings(query, self.kind, self._vocabulary.slots)

    def exact(self, query: str) -> set[int]:
        """The slots whose strict key is the query's."""
        return set(self._aliases.exact(entity_key(query[:MAX_QUERY])))

    def slot_count(self) -> int:
        return len(self._aliases)

    def slots_of(self, entity_ids: Iterable[int]) -> list[int]:
        """The alias slots of these entities (none for an unknown or removed one)."""
        starts = (self._aliases.start_of(entity_id) for entity_id in dict.fromkeys(entity_ids))
        return self._aliases.runs(start for start in starts if start is not None)

    def _scored(
        self,
        query: str,
        readings: list[tuple[list[str], float]],
        slots: Iterable[int],
        exact: set[int] | None = None,
        floor: float = SUGGESTION_CUTOFF,
    ) -> dict[int, tuple[float, int]]:
        """Each entity among the slots (the `exact` hits at 100) with its best score and
        alias slot, if that scores at least `SUGGESTION_CUTOFF`. Scores below `floor` (at
        least that) may come out lower than they are: such names are out of the ranking."""
        entity = self._aliases.entity
        exact = exact or set()
        live = [s for s in dict.fromkeys(slots) if entity[s] >= 0 and s not in exact]
        best = {entity[slot]: (100.0, slot) for slot in exact if entity[slot] >= 0}
        if not live:
            return best
        candidates = gather(self._aliases.forms, live)
        spaced = self.kind == "title"  # substrings of names run across syllables: not for people
        best_of: list[float] = []
        for words, penalty in readings:
            values = scores(" ".join(words), candidates, True, spaced, floor + penalty)
            if penalty:
                values = [value - penalty for value in values]
            best_of = list(map(max, best_of, values)) if best_of else values
        if self.kind == "person":  # the spelling as typed, before folding, counts too
            typed = entity_key(query[:MAX_QUERY])
            keys = self._aliases.keys.gather(live)
            best_of = list(map(max, best_of, scores(typed, keys, spaced=False, floor=floor)))
        for slot, score in zip(live, best_of, strict=True):
            if score >= SUGGESTION_CUTOFF:
                known = best.get(entity_id := entity[slot])
                if known is None or score > known[0]:
                    best[entity_id] = (score, slot)
        return best

    def _top(self, best: dict[int, tuple[float, int]], limit: int) -> list[Match]:
        """The `limit` best entities as matches: by score, then the shorter name."""
        aliases = self._aliases
        if (floor := kth_score(best, limit)) is not None:  # the few that can make it
            best = {entity_id: hit for entity_id, hit in best.items() if hit[0] >= floor}
        lengths = aliases.canonical_lengths
        ranked = sorted(
            (-score, lengths[slot], slot, entity_id) for entity_id, (score, slot) in best.items()
        )[:limit]
        names = aliases.canonicals_and_aliases([slot for _, _, slot, _ in ranked])
        return [
            Match(entity_id, canonical, -negative, alias)
            for (negative, _, _, entity_id), (canonical, alias) in zip(ranked, names, strict=True)
        ]

    def _compact(self) -> None:
        """Rebuild without the slots of removed entities, everything frozen."""
        self.__setstate__(NameIndex.build(self.kind, self._aliases.live_entities()).__getstate__())

    # ---- candidates --------------------------------------------------------------------------

    def _prefix_slots(
        self, compact: str, spaced: str | None = None, count: int = _PREFIX_CANDIDATES
    ) -> list[int]:
        """Aliases that start with the query (spaces ignored; a person's with the query's
        spaces, if `spaced`), then aliases with a later word that does: a prefix outranks a word
        start. The `count` shortest of each."""
        found = self._starting(
            HEAD + (spaced if spaced and self.kind == "person" else compact), count
        )
        if len(found) < count:
            found += self._starting(compact, count)[: count - len(found)]
        return found

    def _starting(self, prefix: str, count: int = _PREFIX_CANDIDATES) -> list[int]:
        """The `count` shortest aliases with an entry beginning with `prefix`."""
        return self._aliases.prefixes.shortest(prefix, count, self._aliases.alive)

    def _shortened_slots(self, query: str, compacts: list[str]) -> list[int]:
        """Aliases starting with the query less its last few letters (at least `_SHORTENED` of
        it): a name typed without spaces, with a typo near its end."""
        starts = [(compact, "") for compact in compacts]
        if self.kind == "person":
            starts.append((entity_key(query[:MAX_QUERY]), TYPED))
        found: list[int] = []
        for start, marker in starts:
            shortest = max(2, round(len(start) * _SHORTENED), len(start) - _SHORTENED_BY)
            for end in range(len(start) - 1, shortest - 1, -1):
                if (
                    hits := self._starting(marker + start[:end])
                    if marker
                    else self._prefix_slots(start[:end])
                ):
                    found += hits
                    break
        return found

    def _edit_prefix_batches(self, query: str, readings: list[Reading]) -> Iterator[list[int]]:
        """Aliases starting with the query one edit away (`ghsthea` -> Ghost Heart), a batch at
        a time, likeliest edits first (the caller stops at the first batch that finds a name);
        for a person first by the spelling as typed (`cohi s` -> Choi Se Su: folding would
        hide the swap)."""
        starts = edit_prefixes([words for words, _ in readings])
        if self.kind == "person":
            typed = entity_key(query[:MAX_QUERY])
            typed_starts = (TYPED + variant for variant in one_edit_variants(typed, LETTERS))
            starts = chain(typed_starts, starts)
        begins = self._aliases.prefixes.begins_test()
        few = _EDIT_PREFIX_CANDIDATES
        batch: list[int] = []
        scored = 0
        for start in starts:
            if start[:1] == TYPED:
                hits = self._starting(start, few) if begins(start) else []
            elif begins(start) or begins(HEAD + start):  # most variants begin nothing
                hits = self._prefix_slots(start, count=few)
            else:
                continue
            batch += hits
            if len(batch) >= _EDIT_PREFIX_BATCH:
                yield batch
                scored += len(batch)
                batch = []
                if scored >= _EDIT_PREFIX_MOST:
                    return
        if batch:
            yield batch

    def _tail_slots(self, word: str) -> list[int]:
        """Aliases with a word starting as a long one-word query ends (`hansohee`: Ahn So Hee)."""
        found: list[int] = []
        for start in range(1, len(word) - _TAIL_LENGTH + 1):
            found.extend(self._prefix_slots(word[start:])[:_TAIL_CANDIDATES])
        return found

    def _near_candidates(
        self, words: list[str], similar: list[set[str]], exclude: set[int]
    ) -> list[int]:
        """The near-equals (`_near_equals`) not in `exclude`, the ones most like the query."""
        near = self._near_equals(words[:PAIR_WORDS], similar) - exclude
        return self._most_alike(near, words, _WORD_CANDIDATES)

    def _shared_word_candidates(
        self,
        words: list[str],
        similar: list[set[str]],
        exclude: set[int],
        budget: int,
        room: int,
    ) -> list[int]:
        """Aliases sharing words or word pairs with the query (each word allowing one typo), at
        most `room` of the ones most like the query; `exclude` (slots found already) are left
        out.

        Pairs of words (`kim soo`, `soo hyun`, `kim hyun`) are what makes this selective: among
        300,000 Korean names every syllable is common, but two of them together are rare. A
        word or pair in more than `_COMMON_POSTING` aliases is not looked at while rarer ones
        are: it would add thousands of candidates and tell little. The candidates stop growing
        at about `budget`.
        """
        vocabulary = self._vocabulary
        # The last word may be unfinished: its completions count as words, not in pairs (the
        # prefix search has the names that go on from there).
        typing = (
            similar[-1] | self._vocabulary.completions(words[-1])
            if len(words) <= PAIR_WORDS
            else set()
        )
        groups: list[list[list[int]]] = [
            [vocabulary.slots[w] for w in near] for near in [*similar[:-1], typing or similar[-1]]
        ]
        for first, second in combinations(range(len(similar)), 2):
            pairs = ((a, b) for a in similar[first] for b in similar[second])
            groups.append(vocabulary.pair_postings(pairs))
        # One word typed as two (`play list`): the two together count as a word of their own.
        for first, second in pairwise(words[:PAIR_WORDS]):
            if posting := vocabulary.slots.get(first + second):
                groups.append([posting])
        pool: set[int] = set()
        fill(pool, groups, budget)
        if len(pool) < _FEW_CANDIDATES:
            fill(pool, vocabulary.typo_pairs(words[:PAIR_WORDS]), budget)
        pool.difference_update(exclude)
        return self._most_alike(pool, words, room)

    def _near_equals(self, words: list[str], similar: list[set[str]]) -> set[int]:
        """Aliases with the query's words in any order, or with one of them one typo away
        (`son ye jin` -> Son Jin Ye, Song Ye Jin): the names that score near the top, each found
        by its sorted words, however common they are."""
        by_words = self._aliases.by_words
        found = set(by_words.get(" ".join(sorted(words)), ()))
        for index, word in enumerate(words):
            others = words[:index] + words[index + 1 :]
            for other in (similar[index] | self._vocabulary.near_short(word)) - {word}:
                found.update(by_words.get(" ".join(sorted([*others, other])), ()))
        return found

    def _most_alike(self, pool: set[int], words: list[str], room: int) -> list[int]:
        return most_alike(pool, words, room, self._aliases.forms)
