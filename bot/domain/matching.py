"""Find the drama or person a fan means from what they typed. Pure Python over rapidfuzz.

Every alias of an entity is indexed in a search form (`names.title_form` or, for people, the
romanization-folded `names.person_words`); results are entities, never two aliases of one.
A query is read as typed, with words typed without their spaces split into known words
(`hyekyo` -> `hye kyo`), and for a person also in Western order. It is scored (with rapidfuzz)
only against a few candidates, found cheaply:

- exact: the strict `entity_key` of every alias, in a dict (also with one letter less);
- prefix: every alias from each of its words on, without spaces (`stronggirlbongsoon`,
  `girlbongsoon`, `bongsoon`, `soon`), and a person's spelling as typed,
  in sorted lists searched by bisection, the shortest aliases first (`_PrefixLists`): a name is
  found from any word while it is being typed;
- near-equals: the aliases with the query's words in any order, or one word one typo away,
  by their sorted words in a dict (`son ye jin` -> Son Jin Ye, Song Ye Jin);
- words: the aliases sharing the query's rarer words and word pairs (each word allowing one
  typo: SymSpell deletions), the few most like the query by a quick ratio in C.

They are scored in that order, and the search stops early when the names found so far cannot
be beaten: `limit` prefix hits outrank every fuzzy one, and once a near-certain result is found
the names sharing words only fill the remaining suggestions. Exact and prefix hits rank above
fuzzy ones, and below `MATCH_CUTOFF` the answer is "no match" with the nearest names as
suggestions. `search_exhaustive` ranks every alias the same way: it is
the reference the index is measured against (`agrees`).
"""

from __future__ import annotations

import bisect
import heapq
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations, compress, count, islice, pairwise, repeat
from operator import contains, itemgetter
from typing import Literal, TypeVar

from rapidfuzz import fuzz, process
from sortedcontainers import SortedList

from dramabot.domain import names
from dramabot.domain.models import Match
from dramabot.domain.names import (
    entity_key,
    fold_syllables,
    person_words,
    reversed_order,
    title_form,
)

#: A top hit scoring at least this is the answer; below it the answer is "no match" plus
#: suggestions, unless the hit is a clear winner (see `best_match`).
MATCH_CUTOFF = 72.0
#: A hit scoring below `MATCH_CUTOFF` but at least this is still the answer when it leads the
#: runner-up by `CLEAR_LEAD` (`hyungsik` -> Park Hyung Sik, nobody else close).
CLEAR_WINNER_CUTOFF = 58.0
CLEAR_LEAD = 8.0
#: Results scoring at least this are near-certain: they share most of their words or letters
#: with the query. The index must find exactly the ones an exhaustive scan finds (the benchmark
#: and tests check it); below it lie names that share a word or a syllable at most.
TRUSTED_SCORE = 78.0
#: Suggestions ("did you mean", autocomplete) must score at least this.
SUGGESTION_CUTOFF = 45.0
#: Characters of a query that are matched; the rest is ignored (no title is this long).
MAX_QUERY = 200
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
#: Words and pairs in more aliases than this are too common to look at, if rarer ones exist;
#: the candidates from words stop growing at about `_POOL_BUDGET` (each read costs: a random
#: access into hundreds of thousands of names misses the CPU caches).
_COMMON_POSTING = 1_500
_POOL_BUDGET = 800
#: When a near-certain result was found, the names sharing words only fill the suggestions:
#: a smaller pool and fewer of them do.
_FILL_BUDGET = 400
_FILL_CANDIDATES = 16
#: ... and with this many names found besides, they are not looked for.
_ENOUGH_WITH_SURE = 10
#: Below this many candidates from the words as typed, their one-typo neighbours are added.
_FEW_CANDIDATES = 96
#: Pairs are made of a name's first few words.
_PAIR_WORDS = 5
#: Words shorter than this must be typed right to be looked up alone: one typo in `su` or `jin`
#: makes another common syllable, and would flood the candidates. Their typos are looked up
#: only beside the query's other words (near-equals, typo pairs).
_TYPO_LENGTH = {"title": 4, "person": 6}
#: A word of this many letters that matches no known word within one typo is compared with
#: every known word (rapidfuzz, in C); the best three scoring at least this become its words.
_FUZZY_WORD_LENGTH = 5
_FUZZY_WORD_SCORE = 75.0
#: A query's last word, still being typed, stands for at most this many known words.
_WORD_PREFIXES = 24
#: A prefix with at most this many entries has them all read and sorted by length; one with
#: more is looked up alias length by alias length, shortest first.
_PREFIX_WINDOW = 128
#: A word typed without its spaces is split when it is this long (and no known word); a known
#: word is at most `_LONGEST_WORD` letters as far as splitting is concerned.
_SPLIT_LENGTH = (4, 40)
_LONGEST_WORD = 16
#: A reading with the query's words split scores a little less than the words as typed.
_SPLIT_PENALTY = 1.0
#: A name typed in the other order scores a little less than one typed in the usual order.
_REVERSED_PENALTY = 5.0
_SEPARATOR = "\x00"
#: Marks the entry of an alias from its first word, so prefixes are searched apart.
_HEAD = "\x01"
#: Marks the entry of a person's name as spelled (its `entity_key`, not folded).
_TYPED = "\x02"
#: A fuzzy score counts this much: at most `_FUZZY_CEILING`, below every exact, prefix and
#: word-start hit.
_FUZZY_SHARE = 0.85
_FUZZY_CEILING = 100.0 * _FUZZY_SHARE
#: Scores this close are taken as possibly equal (floating-point rounding).
_TIE = 1e-6
#: The weight of a word-subset match when the name is the subset: below `MATCH_CUTOFF`, so it
#: is the answer only as a clear winner.
_SHORTER_NAME_WEIGHT = 0.8

NameKind = Literal["title", "person"]
T = TypeVar("T")


def best_match(matches: list[Match]) -> Match | None:
    """The answer among ranked matches: the first if it scores `MATCH_CUTOFF`, or if it is a
    clear winner; else None ("no match", the matches are suggestions)."""
    if not matches:
        return None
    first = matches[0]
    if first.score >= MATCH_CUTOFF:
        return first
    runner_up = matches[1].score if len(matches) > 1 else 0.0
    if first.score >= CLEAR_WINNER_CUTOFF and first.score - runner_up >= CLEAR_LEAD:
        return first
    return None


def agrees(ours: list[Match], reference: list[Match], trusted_only: bool = True) -> bool:
    """Whether a ranking agrees with the exhaustive one (`NameIndex.search_exhaustive`), ties
    aside: rank by rank the same scores, and the same entities above the lowest of them.

    Compared are the answer (the first) and every result scoring `TRUSTED_SCORE` or more, or,
    unless `trusted_only`, the whole ranking. Below `TRUSTED_SCORE` a name shares a word or a
    syllable with the query at most, and among 300,000 names many share as much.
    """

    def compared(matches: list[Match]) -> list[Match]:
        if not trusted_only:
            return matches
        return [m for rank, m in enumerate(matches) if rank == 0 or m.score >= TRUSTED_SCORE]

    mine, theirs = compared(ours), compared(reference)
    if [round(m.score, 3) for m in mine] != [round(m.score, 3) for m in theirs]:
        return False
    lowest = round(theirs[-1].score, 3) if theirs else 0.0
    above = {m.entity_id for m in theirs if round(m.score, 3) > lowest}
    return above <= {m.entity_id for m in mine}


class NameIndex:
    """An in-memory index of every name of one kind of entity (titles or people).

    Aliases live in parallel lists indexed by a slot number; a removed entity's slots are
    emptied and skipped, and compacted away once they are a quarter of the index.
    """

    def __init__(self, kind: NameKind) -> None:
        self.kind = kind
        self._typo_length = _TYPO_LENGTH[kind]
        self._entity: list[int] = []
        self._canonical: list[str] = []
        self._alias: list[str] = []
        self._forms: list[str] = []
        self._sorted_forms: list[str] = []
        self._lengths: list[int] = []
        self._keys: list[str] = []
        self._by_entity: dict[int, list[int]] = {}
        self._by_key: dict[str, list[int]] = {}
        self._word_slots: dict[str, list[int]] = {}
        self._pair_slots: dict[str, list[int]] = {}
        self._by_words: dict[str, list[int]] = {}
        self._deletes: dict[str, list[str]] = {}
        self._short_deletes: dict[str, list[str]] = {}
        self._short_substitutes: dict[str, list[str]] = {}
        self._words_sorted: list[str] = []
        self._starts = _PrefixLists()
        self._sorted = True
        self._dead = 0

    def __len__(self) -> int:
        return len(self._by_entity)

    @classmethod
    def build(cls, kind: NameKind, entities: Iterable[tuple[int, str, Iterable[str]]]) -> NameIndex:
        """An index of many entities at once: (id, canonical name, aliases) each."""
        index = cls(kind)
        index._sorted = False  # appended as they come, sorted once at the end
        for entity_id, canonical, aliases in entities:
            index._insert(entity_id, canonical, aliases)
        index._starts.sort()
        index._words_sorted.sort()
        index._sorted = True
        return index

    def add(self, entity_id: int, canonical: str, aliases: Iterable[str] = ()) -> None:
        """Index an entity under its canonical name and aliases, replacing what it had."""
        self.remove(entity_id)
        self._insert(entity_id, canonical, aliases)

    def remove(self, entity_id: int) -> None:
        """Forget an entity and all its aliases."""
        for slot in self._by_entity.pop(entity_id, []):
            slots = self._by_key.get(self._keys[slot], [])
            if slot in slots:
                slots.remove(slot)
            for entry in self._start_entries(slot):
                self._starts.discard(entry)
            self._entity[slot] = -1
            self._dead += 1
        if self._dead > 1000 and self._dead > len(self._entity) // 4:
            self._compact()

    def knows(self, name: str) -> bool:
        """Whether a name is exactly (by `entity_key`) some entity's name or alias."""
        return bool(self._by_key.get(entity_key(name)))

    def search(self, query: str, limit: int = 5) -> list[Match]:
        """The best `limit` entities for a query, best first, each with its best-scoring alias;
        none scoring below `SUGGESTION_CUTOFF`. Candidates are found and scored in stages, the
        cheapest first, until the ranking cannot change (see the module's docstring)."""
        readings = self._readings(query)
        if not readings:
            return []
        ranking = _Ranking(query, readings, limit)
        typed = entity_key(query[:MAX_QUERY])
        exact = set(self._by_key.get(typed, ()))
        prefixed = set(exact)
        for words, _ in readings:
            prefixed.update(self._prefix_slots("".join(words), " ".join(words)))
        if self.kind == "person":
            prefixed.update(self._starting(_TYPED + typed))
        self._score(ranking, prefixed, exact)
        if ranking.settled():  # the prefix hits are the answer: no fuzzy hit can beat them
            return self._top(ranking.best, limit)
        # Near-equals next: with the prefix hits, they are every result an exhaustive scan
        # rates `TRUSTED_SCORE` or more.
        known: dict[str, set[str]] = {}
        word_sets = [(words, self._similar(words, known)) for words in _distinct_words(readings)]
        near: set[int] = set()
        for words, similar in word_sets:
            near.update(self._near_candidates(words, similar, exclude=prefixed))
        for variant in _deletions(typed):  # one letter too many: `songgangho`, Song Gan Go
            near.update(self._by_key.get(variant, ()))
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
        return self._top(ranking.best, limit)

    def _sharing_words(
        self,
        ranking: _Ranking,
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
        split = [words for words, penalty in ranking.readings if penalty == _SPLIT_PENALTY]
        if split and sum(map(bool, similar)) < 2:
            words, similar = split[0], self._similar(split[0], known)
        shared.update(self._shared_word_candidates(words, similar, found, budget, room))
        if not found and not shared:  # a typo near the end of words typed together: `parkhyungsk`
            compacts = ["".join(words) for words, _ in ranking.readings]
            shared.update(self._shortened_slots(ranking.query, compacts))
        if not found and not shared:  # nothing within one typo: compare with every known word
            for words, _ in word_sets:
                similar = self._similar(words, {}, fuzzy=True)
                shared.update(self._near_candidates(words, similar, exclude=set()))
                shared.update(
                    self._shared_word_candidates(words, similar, set(), _POOL_BUDGET, room)
                )
        return shared

    def _score(
        self, ranking: _Ranking, slots: Iterable[int], exact: set[int] | None = None
    ) -> None:
        """Score the entities of these slots the ranking has not scored yet (all their
        aliases), exactly if they may be among its `limit` best."""
        entities = {self._entity[slot] for slot in slots} - ranking.scored
        ranking.scored.update(entities)
        aliases = self._aliases_of(entities)
        hits = self._scored(ranking.query, ranking.readings, aliases, exact, ranking.floor())
        ranking.merge(hits)

    def search_exhaustive(self, query: str, limit: int = 5) -> list[Match]:
        """The same ranking as `search`, scoring every alias: the reference for the index."""
        readings = self._readings(query)
        if not readings:
            return []
        exact = set(self._by_key.get(entity_key(query[:MAX_QUERY]), ()))
        return self._top(self._scored(query, readings, range(len(self._entity)), exact), limit)

    # ---- forms and scores --------------------------------------------------------------------

    def _words(self, name: str) -> list[str]:
        return title_form(name).split() if self.kind == "title" else person_words(name)

    def _readings(self, query: str) -> list[tuple[list[str], float]]:
        """The query's words with a score penalty: as typed, with words typed without their
        spaces split (`hyekyo` -> `hye kyo`), and for a person also in the other order.
        Only the first `MAX_QUERY` characters count: no title or name is longer."""
        query = query[:MAX_QUERY]
        words = self._words(query)
        if not words:
            return []
        readings = [(words, 0.0)]
        if spaced := self._spaced(query):
            readings.append((self._words(spaced), _SPLIT_PENALTY))
        if self.kind == "person" and (other := reversed_order(query)):
            readings.append((self._words(other), _REVERSED_PENALTY))
        return readings

    def _spaced(self, query: str) -> str | None:
        """The query with each unknown word split into known ones (`parkhyungsik` ->
        `park hyung sik`), or None if no word splits."""
        typed = names.words(query)
        spaced = [self._split(word) for word in typed]
        return " ".join(spaced) if spaced != typed else None

    def _split(self, word: str) -> str:
        """A word that is not known split into the fewest known words of two letters or more,
        the most common of those splits; the word itself if it is known or does not split."""
        fold = fold_syllables if self.kind == "person" else str
        known = self._word_slots
        if (
            not _SPLIT_LENGTH[0] <= len(word) <= _SPLIT_LENGTH[1]
            or fold(word) in known
            or word in names.SEASON_WORDS  # `Season` before its number: no `sea son`
        ):
            return word
        # cost[end]: (words, -commonness) of the best split of word[:end]; back[end]: where
        # its last word starts
        cost = [(0.0, 0.0)] + [(math.inf, 0.0)] * len(word)
        back = [0] * (len(word) + 1)
        for end in range(2, len(word) + 1):
            for start in range(max(0, end - _LONGEST_WORD), end - 1):
                posting = known.get(fold(word[start:end]))
                if posting is None or cost[start][0] == math.inf:
                    continue
                option = (cost[start][0] + 1, cost[start][1] - math.log(len(posting) + 1))
                if option < cost[end]:
                    cost[end], back[end] = option, start
        if cost[-1][0] == math.inf:
            return word
        pieces, end = [], len(word)
        while end:
            pieces.append(word[back[end] : end])
            end = back[end]
        return " ".join(reversed(pieces))

    def _aliases_of(self, entities: Iterable[int]) -> list[int]:
        """Every alias slot of these entities (removed ones have none)."""
        by_entity = self._by_entity
        return [slot for entity_id in entities for slot in by_entity.get(entity_id, ())]

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
        entity = self._entity
        exact = exact or set()
        live = [s for s in dict.fromkeys(slots) if entity[s] >= 0 and s not in exact]
        best = {entity[slot]: (100.0, slot) for slot in exact if entity[slot] >= 0}
        if not live:
            return best
        candidates = _gather(self._forms, live)
        ordered = _gather(self._sorted_forms, live)
        spaced = self.kind == "title"  # substrings of names run across syllables: not for people
        scores: list[float] = []
        for words, penalty in readings:
            values = _scores(" ".join(words), candidates, ordered, spaced, floor + penalty)
            if penalty:
                values = [value - penalty for value in values]
            scores = list(map(max, scores, values)) if scores else values
        if self.kind == "person":  # the spelling as typed, before folding, counts too
            typed = entity_key(query[:MAX_QUERY])
            keys = _gather(self._keys, live)
            scores = list(map(max, scores, _scores(typed, keys, spaced=False, floor=floor)))
        for slot, score in zip(live, scores, strict=True):
            if score >= SUGGESTION_CUTOFF:
                known = best.get(entity_id := entity[slot])
                if known is None or score > known[0]:
                    best[entity_id] = (score, slot)
        return best

    def _top(self, best: dict[int, tuple[float, int]], limit: int) -> list[Match]:
        """The `limit` best entities as matches: by score, then the shorter name."""
        canonical = self._canonical
        if (floor := _kth_score(best, limit)) is not None:  # the few that can make it
            best = {entity_id: hit for entity_id, hit in best.items() if hit[0] >= floor}
        ranked = heapq.nsmallest(
            limit,
            best.items(),
            key=lambda item: (-item[1][0], len(canonical[item[1][1]]), item[1][1]),
        )
        return [
            Match(entity_id, canonical[slot], score, self._alias[slot])
            for entity_id, (score, slot) in ranked
        ]

    # ---- building ----------------------------------------------------------------------------

    def _insert(self, entity_id: int, canonical: str, aliases: Iterable[str]) -> None:
        slots = []
        seen: set[str] = set()
        for name in dict.fromkeys([canonical, *aliases]):
            words = self._words(name)
            if not words:
                continue
            form = " ".join(words)
            key = entity_key(name)
            slot = len(self._entity)
            self._entity.append(entity_id)
            self._canonical.append(canonical)
            self._alias.append(name)
            self._forms.append(form)
            self._sorted_forms.append(" ".join(sorted(words)))
            self._lengths.append(len(form))
            self._keys.append(key)
            self._by_key.setdefault(key, []).append(slot)
            slots.append(slot)
            if form in seen:
                continue  # the same form under another spelling: found through the first
            seen.add(form)
            self._by_words.setdefault(self._sorted_forms[slot], []).append(slot)
            for word in set(words):
                posting = self._word_slots.get(word)
                if posting is None:
                    self._word_slots[word] = [slot]
                    self._add_word(word)
                else:
                    posting.append(slot)
            pairs = self._pair_slots
            for first, second in combinations(words[:_PAIR_WORDS], 2):
                pair = _pair(first, second)
                posting = pairs.get(pair)
                if posting is None:
                    pairs[pair] = [slot]
                else:
                    posting.append(slot)
            if self._sorted:
                for entry in self._start_entries(slot):
                    self._starts.add(entry)
            else:
                self._starts.extend(self._start_entries(slot))
        self._by_entity[entity_id] = slots

    def _start_entries(self, slot: int) -> list[str]:
        """An alias's entries in the prefix lists: from its first word on (marked), from each
        later word on (without spaces), and for a person the spelling as typed (marked):
        `jeonyeo`. Each is marked with the length its hits are scored by (`_scores`: a shorter
        name that starts with the query scores higher): a title's letters, a person's form, a
        spelling's key."""
        form = self._forms[slot]
        words = form.split()
        # A person's start keeps its spaces: syllables run together across a name's words would
        # start other names (`gongyu` starts Kwon Gyeong Ho folded; the scorer agrees it does not).
        start = "".join(words) if self.kind == "title" else form
        entries = [_HEAD + start + _PrefixLists.marker(len(start), slot)]
        if self.kind == "person":
            key = self._keys[slot]
            entries.append(_TYPED + key + _PrefixLists.marker(len(key), slot))
        later = _PrefixLists.marker(len(form), slot)
        entries.extend("".join(words[i:]) + later for i in range(1, len(words)))
        return entries

    def _add_word(self, word: str) -> None:
        """A new word: reachable from itself and from each of its one-letter deletions."""
        self._deletes.setdefault(word, []).append(word)
        long = len(word) >= self._typo_length
        for variant in _deletions(word) if len(word) >= 2 else ():
            (self._deletes if long else self._short_deletes).setdefault(variant, []).append(word)
        for variant in _substitutions(word) if 2 <= len(word) and not long else ():
            self._short_substitutes.setdefault(variant, []).append(word)
        if self._sorted:
            bisect.insort(self._words_sorted, word)
        else:
            self._words_sorted.append(word)

    def _compact(self) -> None:
        """Rebuild without the slots of removed entities."""
        entities = []
        for entity_id, slots in self._by_entity.items():
            if slots:
                aliases = [self._alias[s] for s in slots]
                entities.append((entity_id, self._canonical[slots[0]], aliases))
        self.__dict__.update(NameIndex.build(self.kind, entities).__dict__)

    # ---- candidates --------------------------------------------------------------------------

    def _prefix_slots(self, compact: str, spaced: str | None = None) -> list[int]:
        """Aliases that start with the query (spaces ignored; a person's with the query's
        spaces, if `spaced`), then aliases with a later word that does: a prefix outranks a word
        start. The shortest of each, a few."""
        found = self._starting(_HEAD + (spaced if spaced and self.kind == "person" else compact))
        if len(found) < _PREFIX_CANDIDATES:
            found += self._starting(compact)[: _PREFIX_CANDIDATES - len(found)]
        return found

    def _starting(self, prefix: str) -> list[int]:
        """The slots of the `_PREFIX_CANDIDATES` shortest aliases with an entry that begins with
        `prefix`."""
        return self._starts.shortest(prefix, _PREFIX_CANDIDATES)

    def _shortened_slots(self, query: str, compacts: list[str]) -> list[int]:
        """Aliases that start with the query less its last few letters, the most that any
        do (at least `_SHORTENED` of it): a name typed without spaces with a typo near its end."""
        starts = [(compact, "") for compact in compacts]
        if self.kind == "person":
            starts.append((entity_key(query[:MAX_QUERY]), _TYPED))
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

    def _tail_slots(self, word: str) -> list[int]:
        """Aliases starting, at one of their words, with the end of a long one-word query: a
        name typed without spaces and with its first letters wrong (`hansohee` for Ahn So Hee)."""
        found: list[int] = []
        for start in range(1, len(word) - _TAIL_LENGTH + 1):
            found.extend(self._prefix_slots(word[start:])[:_TAIL_CANDIDATES])
        return found

    def _similar_words(self, word: str, fuzzy: bool = False) -> set[str]:
        """Known words within one typo of `word` (itself included, if known); for a longer word
        with none, and if `fuzzy`, the known words most like it (`sountrak` -> `soundtrack`,
        two typos): a last resort, as it compares with every known word."""
        found: set[str] = set(self._deletes.get(word, ()))
        typo = self._typo_length
        if len(word) >= typo - 1:  # a typo'd word may have lost a letter
            for variant in _deletions(word):
                found.update(w for w in self._deletes.get(variant, ()) if len(w) >= typo)
        if fuzzy and not found and len(word) >= _FUZZY_WORD_LENGTH:
            found = {
                known
                for known, _, _ in process.extract(
                    word,
                    self._words_sorted,
                    scorer=fuzz.ratio,
                    score_cutoff=_FUZZY_WORD_SCORE,
                    limit=3,
                )
            }
        return found

    def _near_short(self, word: str) -> set[str]:
        """Known words one typo from a word too short for the typo index (a letter added,
        missing or wrong: `o` -> `go`), found through the one-letter deletions of short words."""
        if not 1 <= len(word) < self._typo_length:
            return set()
        deletions = _deletions(word)
        found = {variant for variant in deletions if variant in self._word_slots}  # one too many
        found.update(w for w in self._deletes.get(word, ()) if len(w) > len(word))  # one missing
        found.update(self._short_deletes.get(word, ()))
        for variant in _substitutions(word):  # one wrong
            found.update(self._short_substitutes.get(variant, ()))
        found.discard(word)
        return found

    def _completions(self, word: str) -> set[str]:
        """Known words that start with `word`, a word still being typed (a few, shortest)."""
        if len(word) < 2:
            return set()
        start = bisect.bisect_left(self._words_sorted, word)
        found = set()
        for known in self._words_sorted[start : start + _WORD_PREFIXES]:
            if not known.startswith(word):
                break
            found.add(known)
        return found

    def _similar(
        self, words: list[str], known: dict[str, set[str]], fuzzy: bool = False
    ) -> list[set[str]]:
        """Each of the query's first words' known words within one typo (`_similar_words`),
        remembered in `known` for the query's other readings."""
        for word in words[:_PAIR_WORDS]:
            if word not in known:
                known[word] = self._similar_words(word, fuzzy)
        return [known[word] for word in words[:_PAIR_WORDS]]

    def _near_candidates(
        self, words: list[str], similar: list[set[str]], exclude: set[int]
    ) -> list[int]:
        """The near-equals (`_near_equals`) not in `exclude`, the ones most like the query."""
        near = self._near_equals(words[:_PAIR_WORDS], similar) - exclude
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
        # The last word may be unfinished: its completions count as words, not in pairs (the
        # prefix search has the names that go on from there).
        typing = similar[-1] | self._completions(words[-1]) if len(words) <= _PAIR_WORDS else set()
        groups: list[list[list[int]]] = [
            [self._word_slots[w] for w in near] for near in [*similar[:-1], typing or similar[-1]]
        ]
        for first, second in combinations(range(len(similar)), 2):
            pairs = {_pair(a, b) for a in similar[first] for b in similar[second]}
            groups.append([posting for pair in pairs if (posting := self._pair_slots.get(pair))])
        # One word typed as two (`play list`): the two together count as a word of their own.
        for first, second in pairwise(words[:_PAIR_WORDS]):
            if posting := self._word_slots.get(first + second):
                groups.append([posting])
        pool: set[int] = set()
        _fill(pool, groups, budget)
        if len(pool) < _FEW_CANDIDATES:
            _fill(pool, self._typo_pairs(words[:_PAIR_WORDS]), budget)
        pool.difference_update(exclude)
        return self._most_alike(pool, words, room)

    def _near_equals(self, words: list[str], similar: list[set[str]]) -> set[int]:
        """Aliases with the query's words in any order, or with one of them one typo away
        (`son ye jin` -> Son Jin Ye, Song Ye Jin): the names that score near the top, each found
        by its sorted words, however common they are."""
        by_words = self._by_words
        found = set(by_words.get(" ".join(sorted(words)), ()))
        for index, word in enumerate(words):
            others = words[:index] + words[index + 1 :]
            for other in (similar[index] | self._near_short(word)) - {word}:
                found.update(by_words.get(" ".join(sorted([*others, other])), ()))
        return found

    def _typo_pairs(self, words: list[str]) -> list[list[list[int]]]:
        """The postings of each pair of the words with one of them one typo away. A short
        word's typos are not indexed (they would flood the words); beside an exact word they
        are selective enough: `han so heee` -> the pair `so hee`."""
        near = [self._near_short(word) for word in words]
        groups = []
        for first, second in combinations(range(len(words)), 2):
            pairs = {_pair(words[first], b) for b in near[second]}
            pairs.update(_pair(a, words[second]) for a in near[first])
            groups.append([posting for pair in pairs if (posting := self._pair_slots.get(pair))])
        return groups

    def _most_alike(self, pool: set[int], words: list[str], room: int) -> list[int]:
        """At most `room` of the slots in `pool` by each of two quick ratios (in C): with the
        query's words as typed and sorted (order aside). These likeliest names are scored in
        full afterwards."""
        if len(pool) <= room:
            return list(pool)
        slots = list(pool)
        found: set[int] = set()
        for query, forms in (
            (" ".join(words), self._forms),
            (" ".join(sorted(words)), self._sorted_forms),
        ):
            choices = _gather(forms, slots)
            alike = process.extract(query, choices, scorer=fuzz.ratio, limit=room)
            found.update(slots[index] for _, _, index in alike)
        return list(found)


class _PrefixLists:
    """Prefix entries (`text`, separator, alias length, slot), sorted, to find the shortest
    aliases with an entry that starts with a prefix.

    Entries are kept three ways: all of them as built, in one sorted list (a prefix's entries
    are found by two bisections); those added since, in a `SortedList` (whose additions move a
    short sublist, not the whole index, however many there are); and by their first two letters
    and their alias's length, so the shortest of a common prefix's thousands of entries are
    found length by length.
    """

    _AFTER = "\U0010ffff"  # sorts after every entry that starts with a prefix it follows
    _LENGTH_DIGITS, _SLOT_DIGITS = 3, 8
    _TAIL = _LENGTH_DIGITS + _SLOT_DIGITS

    def __init__(self) -> None:
        self._built: list[str] = []
        self._added: SortedList = SortedList()
        self._by_length: dict[str, dict[int, list[str]]] = {}

    @classmethod
    def marker(cls, length: int, slot: int) -> str:
        """What follows an entry's text: the alias's length and slot, fixed width, so that
        sorting entries by their last characters (`_order`) sorts them by length."""
        longest = 10**cls._LENGTH_DIGITS - 1
        return (
            f"{_SEPARATOR}{min(length, longest):0{cls._LENGTH_DIGITS}d}{slot:0{cls._SLOT_DIGITS}d}"
        )

    @classmethod
    def _length(cls, entry: str) -> int:
        return int(entry[-cls._TAIL : -cls._SLOT_DIGITS])

    @classmethod
    def _slot(cls, entry: str) -> int:
        return int(entry[-cls._SLOT_DIGITS :])

    @classmethod
    def _order(cls, entry: str) -> str:
        """An entry's alias length and slot: the order of the shortest first."""
        return entry[-cls._TAIL :]

    def add(self, entry: str) -> None:
        """Add an entry to a built index."""
        self._added.add(entry)
        lists = self._by_length.setdefault(entry[:2], {})
        bisect.insort(lists.setdefault(self._length(entry), []), entry)

    def extend(self, entries: Iterable[str]) -> None:
        """Add entries while building: they are sorted once, by `sort`, at the end."""
        self._built.extend(entries)

    def sort(self) -> None:
        """Sort what a build added, and list it by first letters and length (in order: each
        list comes out sorted)."""
        self._built.sort()
        by_length = self._by_length
        for entry in self._built:
            lists = by_length.get(group := entry[:2])
            if lists is None:
                lists = by_length[group] = {}
            length = self._length(entry)
            same_length = lists.get(length)
            if same_length is None:
                lists[length] = [entry]
            else:
                same_length.append(entry)

    def discard(self, entry: str) -> None:
        """Forget an entry. (It stays in the built list, where it only counts as a hit: its
        slot is skipped as removed.)"""
        self._added.discard(entry)
        entries = self._by_length.get(entry[:2], {}).get(self._length(entry), [])
        at = bisect.bisect_left(entries, entry)
        if at < len(entries) and entries[at] == entry:
            del entries[at]

    def shortest(self, prefix: str, count: int) -> list[int]:
        """The slots of the `count` shortest aliases with an entry that starts with `prefix`."""
        after = prefix + self._AFTER
        built = self._built
        start = bisect.bisect_left(built, prefix)
        end = min(len(built), start + _PREFIX_WINDOW)
        found = built[start : bisect.bisect_left(built, after, start, end)]
        complete = end == len(built) or not built[end].startswith(prefix)
        if self._added:
            hits = self._added.irange(prefix, after, inclusive=(True, False))
            added = list(islice(hits, _PREFIX_WINDOW + 1))
            complete = complete and len(added) <= _PREFIX_WINDOW
            found += added
        if not complete and len(prefix) >= 2:
            found = []
            lists = self._by_length.get(prefix[:2], {})
            for length in sorted(lists):
                entries = lists[length]
                start = bisect.bisect_left(entries, prefix)
                end = min(len(entries), start + count - len(found))
                found += entries[start : bisect.bisect_left(entries, after, start, end)]
                if len(found) == count:
                    break
        else:
            found.sort(key=self._order)
        return [self._slot(entry) for entry in found[:count]]


def _fill(pool: set[int], groups: list[list[list[int]]], budget: int) -> None:
    """Add to `pool` the slots of `groups` (each a list of postings), the smallest first, while
    each is at most `_COMMON_POSTING` slots and the pool stays within `budget`."""
    for size, index in sorted((sum(map(len, g)), i) for i, g in enumerate(groups) if g):
        if size > _COMMON_POSTING or (pool and len(pool) + size > budget):
            break
        pool.update(*groups[index])


@dataclass
class _Ranking:
    """One search's ranking so far: the entities scored, and each one's best (score, slot)."""

    query: str
    readings: list[tuple[list[str], float]]
    limit: int
    scored: set[int] = field(default_factory=set)
    best: dict[int, tuple[float, int]] = field(default_factory=dict)

    def merge(self, hits: dict[int, tuple[float, int]]) -> None:
        for entity_id, hit in hits.items():
            if entity_id not in self.best or hit[0] > self.best[entity_id][0]:
                self.best[entity_id] = hit

    def settled(self) -> bool:
        """Whether `limit` entities score above every fuzzy score (exact, prefix or word-start
        hits): then no other candidate could enter the ranking."""
        kth = _kth_score(self.best, self.limit)
        return kth is not None and kth >= _FUZZY_CEILING

    def sure(self) -> bool:
        """Whether a near-certain result (`TRUSTED_SCORE`) is found."""
        return any(score >= TRUSTED_SCORE for score, _ in self.best.values())

    def floor(self) -> float:
        """The score a new name must reach to enter the ranking (`SUGGESTION_CUTOFF`, or the
        last of `limit` names ranked)."""
        kth = _kth_score(self.best, self.limit)
        return SUGGESTION_CUTOFF if kth is None else max(SUGGESTION_CUTOFF, kth)


def _kth_score(best: dict[int, tuple[float, int]], limit: int) -> float | None:
    """The `limit`-th best score in `best` (sorted in C), or None if it has fewer."""
    if len(best) < limit:
        return None
    return sorted(map(itemgetter(0), best.values()), reverse=True)[limit - 1]


def _gather(values: list[T], slots: list[int]) -> Sequence[T]:
    """The values at these slots, gathered in C: slots scattered over hundreds of thousands of
    names make a list comprehension twice as slow."""
    if len(slots) < 2:  # itemgetter of one index returns the value, not a tuple
        return [values[slot] for slot in slots]
    return itemgetter(*slots)(values)


def _distinct_words(readings: list[tuple[list[str], float]]) -> list[list[str]]:
    """The readings' words, once per set of words: the word search ignores order (its last word,
    the one being typed, is the query's own)."""
    seen: set[tuple[str, ...]] = set()
    distinct = []
    for words, _ in readings:
        if (key := tuple(sorted(words))) not in seen:
            seen.add(key)
            distinct.append(words)
    return distinct


def _deletions(word: str) -> set[str]:
    """The word with one letter taken out, each way."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _substitutions(word: str) -> list[str]:
    """The word with each letter in turn made a wildcard: words one letter apart share one."""
    return [f"{word[:i]}{_SEPARATOR}{word[i + 1 :]}" for i in range(len(word))]


def _pair(first: str, second: str) -> str:
    """The key of two words of one name, in either order: `Hyung Sik Park` has the pairs of
    `Park Hyung Sik`, so a name typed in the other order needs no search of its own."""
    return f"{first} {second}" if first <= second else f"{second} {first}"


def _scores(
    query: str,
    candidates: Sequence[str],
    ordered: Sequence[str] | None = None,
    spaced: bool = True,
    floor: float = SUGGESTION_CUTOFF,
) -> list[float]:
    """Score a query against candidates: exact > prefix > word prefix > fuzzy, all in 0..100.

    The fuzzy part takes the best of a whole-string ratio (typos) and, given the candidates
    with their words sorted (`ordered`), a word-order-blind ratio (swapped names). For titles
    (`spaced`) also a word-subset ratio (a partial title) and, for a query shorter than the
    title, a best-substring ratio (a title still being typed). WRatio alone is too lenient here:
    it rates `strong woman do bong soon` closer to `make a woman cry` than to
    `strong girl bong soon`. Each scorer runs over the candidates in one rapidfuzz call,
    skipping those a better tier scored and, in C, those that would score below `floor`.
    """
    scores = [0.0] * len(candidates)
    # A title typed without its spaces starts it too. (Not a person's folded name, where
    # syllables run together: `gongyu` would start `Kwon Gyeong Jo`; the spelling as typed is
    # compared without spaces instead.)
    compacts = (
        [c.replace(" ", "") for c in candidates] if spaced and " " not in query else candidates
    )
    word_start = f" {query}"
    tiered = []
    for index in compress(count(), map(contains, compacts, repeat(query))):  # in C
        compact = compacts[index]
        if compact == query:
            scores[index] = 99.0
        elif compact.startswith(query):
            scores[index] = 90.0 + 8.0 * len(query) / len(compact)
        elif word_start in f" {candidates[index]}":  # whole words a little above a word's start
            candidate = candidates[index]
            whole = f" {candidate} ".find(f"{word_start} ") >= 0
            scores[index] = 84.0 + 5.0 * len(query) / len(candidate) + whole
        else:
            continue
        tiered.append(index)
    rest = (
        range(len(candidates)) if not tiered else sorted(set(range(len(candidates))) - set(tiered))
    )
    passes = [(query, candidates, fuzz.ratio, 1.0)]
    if ordered is not None:
        passes.append((" ".join(sorted(query.split())), ordered, fuzz.ratio, 1.0))
    if spaced:
        passes.append((query, candidates, fuzz.token_set_ratio, 0.9))
        if len(query) >= 4:
            # A title still being typed; not for names written without spaces, where a
            # substring runs across syllables (`eungo` inside `jaseungon`).
            passes.append((query, candidates, fuzz.partial_ratio, 0.9))
    query_words = set(query.split())
    for text, choices, scorer, weight in passes:
        cutoff = (floor - _TIE) / _FUZZY_SHARE / weight
        if cutoff > 100.0:
            continue  # out of reach of this scorer
        among: Sequence[int] = rest
        if scorer is fuzz.partial_ratio:  # what was typed inside a longer name only
            among = [index for index in rest if len(candidates[index]) > len(query)]
        if len(among) < len(choices):
            choices = _gather(choices, list(among))
        hits = process.extract(text, choices, scorer=scorer, limit=None, score_cutoff=cutoff)
        for _, value, at in hits:
            index = among[at]
            if scorer is fuzz.token_set_ratio and set(candidates[index].split()) < query_words:
                # A name whose words are all in the query, which says more: a weak answer
                # (`King` to `King in Love`), still one when nothing else comes near.
                value *= _SHORTER_NAME_WEIGHT / weight
            value *= weight * _FUZZY_SHARE
            if value > scores[index]:
                scores[index] = value
    return scores
