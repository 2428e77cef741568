"""The word index: every word of every alias with the aliases it is in, every pair of a name's
first words, and each word's one-typo neighbours (SymSpell deletions; for short words, whose
typos would flood the candidates, deletions and wildcards kept apart)."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Sequence
from itertools import combinations

import marisa_trie
from rapidfuzz import fuzz, process

from dramabot.domain.matching.packed import Postings, SortedInts, numbered

#: A letter made a wildcard (`substitutions`): in no name, nor a NUL (tries end keys there).
WILDCARD = "\x03"
#: Pairs are made of a name's first few words.
PAIR_WORDS = 5
#: Words and pairs in more aliases than this are too common to look at, if rarer ones exist.
COMMON_POSTING = 1_500
#: Words shorter than this must be typed right to be looked up alone: one typo in `su` or `jin`
#: makes another common syllable, and would flood the candidates. Their typos are looked up
#: only beside the query's other words (near-equals, typo pairs).
TYPO_LENGTH = {"title": 4, "person": 6}
#: A word of this many letters that matches no known word within one typo is compared with
#: every known word (rapidfuzz, in C); the best three scoring at least this become its words.
_FUZZY_WORD_LENGTH = 5
_FUZZY_WORD_SCORE = 75.0
_FUZZY_WORDS = 3
#: A query's last word, still being typed, stands for at most this many known words.
_WORD_PREFIXES = 24
#: A word's number, and a slot, within a pair key or a (word, slot) int: the lower bits.
_NUMBER_BITS = 32
_NUMBER_MASK = (1 << _NUMBER_BITS) - 1


class WordIndex:
    """Words and word pairs to alias slots, and the words within one typo of each other, all in
    `Postings`. Words are numbered (a build's by the trie of `slots`, later ones after them, in
    `_words`); a pair's key is made of its words' numbers (`pair_key`)."""

    def __init__(self, typo_length: int) -> None:
        self.typo_length = typo_length
        self.slots: Postings[str] = Postings()
        self.pairs: Postings[int] = Postings.of_numbers(SortedInts(), [], [])
        self._words: list[str] = []  # every known word, by number
        self._added_numbers: dict[str, int] = {}  # the numbers of words added since the build
        self._deletes = Postings()  # a long word and its deletions -> the word
        self._short_deletes = Postings()  # a short word's deletions -> the word
        self._short_substitutes = Postings()  # a short word with a wildcard -> the word
        self._known_sorted: list[str] = []

    def build(self, slot_words: list[list[str]], slots: list[int]) -> None:
        """Index many aliases' words at once (each `slot_words[i]` of alias `slots[i]`) into
        this empty index: the words' and pairs' postings (grouped in numpy, by the words'
        numbers), and every word's typo keys."""
        if not slot_words:  # (see `packed.grouped`)
            return
        import numpy as np

        every_word = [word for words in slot_words for word in words]
        trie = marisa_trie.Trie(set(every_word))
        numbers = dict(trie.iteritems())
        counts = np.fromiter(map(len, slot_words), np.int64, len(slot_words))
        of_words = numbered(numbers, every_word)
        owners = np.asarray(slots, np.int64)
        # Each (word, slot) once, by word then slot (sorted: `np.unique` hashes, ten times slower).
        every = np.sort(of_words << _NUMBER_BITS | np.repeat(owners, counts))
        distinct = every[np.concatenate(([True], every[1:] != every[:-1]))]
        self.slots = Postings.of_numbers(trie, distinct >> _NUMBER_BITS, distinct & _NUMBER_MASK)
        # The pairs of each alias's first words: position `first` with each later `second`.
        starts = np.cumsum(counts) - counts
        keys, pair_slots = [], []
        for first, second in combinations(range(PAIR_WORDS), 2):
            long_enough = counts > second
            at = starts[long_enough]
            words_of = of_words[at + first], of_words[at + second]
            low, high = np.minimum(*words_of), np.maximum(*words_of)
            keys.append(low << _NUMBER_BITS | high)  # (`pair_key`, for arrays)
            pair_slots.append(owners[long_enough])
        numbering, of_pairs = SortedInts.numbering(np.concatenate(keys))
        self.pairs = Postings.of_numbers(
            numbering, of_pairs, np.concatenate(pair_slots), ascending=True
        )
        self._words = sorted(numbers, key=numbers.__getitem__)
        self._known_sorted = sorted(self._words)
        variants: tuple[tuple[list[str], list[int]], ...] = (([], []), ([], []), ([], []))
        for number, word in enumerate(self._words):
            for (keys_of, numbers_of), found in zip(variants, self._variants(word), strict=True):
                keys_of.extend(found)
                numbers_of.extend([number] * len(found))
        self._deletes, self._short_deletes, self._short_substitutes = (
            Postings(keys_of, numbers_of) for keys_of, numbers_of in variants
        )

    def add(self, words: list[str], slot: int) -> None:
        """Index an alias's words and the pairs of its first `PAIR_WORDS` words."""
        for word in set(words):
            if word not in self.slots:
                self._add_word(word)
            self.slots.add(word, slot)
        numbers = [self.number(word) for word in words[:PAIR_WORDS]]
        for first, second in combinations(numbers, 2):
            self.pairs.add(pair_key(first, second), slot)  # type: ignore[arg-type]

    def number(self, word: str) -> int | None:
        """A known word's number."""
        number = self.slots.number(word)
        return self._added_numbers.get(word) if number is None else number

    def pair_postings(self, pairs: Iterable[tuple[str, str]]) -> list[Sequence[int]]:
        """The postings of these pairs of words (each pair once, either order) that have any."""
        numbers: dict[str, int | None] = {}
        keys = set()
        for first, second in pairs:
            for word in (first, second):
                if word not in numbers:
                    numbers[word] = self.number(word)
            if (a := numbers[first]) is not None and (b := numbers[second]) is not None:
                keys.add(pair_key(a, b))
        return [posting for key in keys if (posting := self.pairs.get(key))]

    def _variants(self, word: str) -> tuple[list[str], list[str], list[str]]:
        """The keys a word is found by: itself and, if long, its one-letter deletions; if short,
        its deletions and its letters each made a wildcard, kept apart."""
        long = len(word) >= self.typo_length
        shorter = list(deletions(word)) if len(word) >= 2 else []
        wildcards = substitutions(word) if 2 <= len(word) and not long else []
        return ([word, *shorter], [], wildcards) if long else ([word], shorter, wildcards)

    def _add_word(self, word: str) -> None:
        """A new word after the build: reachable from its variants (`_variants`)."""
        number = len(self._words)
        self._words.append(word)
        self._added_numbers[word] = number
        for postings, keys in zip(
            (self._deletes, self._short_deletes, self._short_substitutes),
            self._variants(word),
            strict=True,
        ):
            for key in keys:
                postings.add(key, number)
        bisect.insort(self._known_sorted, word)

    def _found(self, postings: Postings, key: str) -> list[str]:
        """The words a typo key leads to."""
        return [self._words[number] for number in postings.get(key, ())]

    def similar_words(self, word: str, fuzzy: bool = False) -> set[str]:
        """Known words within one typo of `word` (itself included, if known); for a longer word
        with none, and if `fuzzy`, the known words most like it (`sountrak` -> `soundtrack`,
        two typos): a last resort, as it compares with every known word."""
        found: set[str] = set(self._found(self._deletes, word))
        typo = self.typo_length
        if len(word) >= typo - 1:  # a typo'd word may have lost a letter
            for variant in deletions(word):
                found.update(w for w in self._found(self._deletes, variant) if len(w) >= typo)
        if fuzzy and not found and len(word) >= _FUZZY_WORD_LENGTH:
            found = {
                known
                for known, _, _ in process.extract(
                    word,
                    self._known_sorted,
                    scorer=fuzz.ratio,
                    score_cutoff=_FUZZY_WORD_SCORE,
                    limit=_FUZZY_WORDS,
                )
            }
        return found

    def near_short(self, word: str) -> set[str]:
        """Known words one typo from a word too short for the typo index (a letter added,
        missing or wrong: `o` -> `go`), found through the one-letter deletions of short words."""
        if not 1 <= len(word) < self.typo_length:
            return set()
        shorter = deletions(word)
        found = {variant for variant in shorter if variant in self.slots}  # one too many
        missing = self._found(self._deletes, word)
        found.update(w for w in missing if len(w) > len(word))  # one missing
        found.update(self._found(self._short_deletes, word))
        for variant in substitutions(word):  # one wrong
            found.update(self._found(self._short_substitutes, variant))
        found.discard(word)
        return found

    def completions(self, word: str) -> set[str]:
        """Known words that start with `word`, a word still being typed (a few, shortest)."""
        if len(word) < 2:
            return set()
        start = bisect.bisect_left(self._known_sorted, word)
        found = set()
        for known in self._known_sorted[start : start + _WORD_PREFIXES]:
            if not known.startswith(word):
                break
            found.add(known)
        return found

    def similar(
        self, words: list[str], known: dict[str, set[str]], fuzzy: bool = False
    ) -> list[set[str]]:
        """Each of the query's first words' known words within one typo (`_similar_words`),
        remembered in `known` for the query's other readings."""
        for word in words[:PAIR_WORDS]:
            if word not in known:
                known[word] = self.similar_words(word, fuzzy)
        return [known[word] for word in words[:PAIR_WORDS]]

    def typo_pairs(self, words: list[str]) -> list[list[list[int]]]:
        """The postings of each pair of the words with one of them one typo away. A short
        word's typos are not indexed (they would flood the words); beside an exact word they
        are selective enough: `han so heee` -> the pair `so hee`."""
        near = [self.near_short(word) for word in words]
        groups = []
        for first, second in combinations(range(len(words)), 2):
            pairs = [(words[first], other) for other in near[second]]
            pairs += [(other, words[second]) for other in near[first]]
            groups.append(self.pair_postings(pairs))
        return groups


def fill(pool: set[int], groups: list[list[list[int]]], budget: int) -> None:
    """Add to `pool` the slots of `groups` (each a list of postings), the smallest first, while
    each is at most `COMMON_POSTING` slots and the pool stays within `budget`."""
    for size, index in sorted((sum(map(len, g)), i) for i, g in enumerate(groups) if g):
        if size > COMMON_POSTING or (pool and len(pool) + size > budget):
            break
        pool.update(*groups[index])


def deletions(word: str) -> set[str]:
    """The word with one letter taken out, each way."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def substitutions(word: str) -> list[str]:
    """The word with each letter in turn made a wildcard: words one letter apart share one."""
    return [f"{word[:i]}{WILDCARD}{word[i + 1 :]}" for i in range(len(word))]


def pair_key(first: int, second: int) -> int:
    """The key of two words of one name by their numbers, in either order: `Hyung Sik Park` has
    the pairs of `Park Hyung Sik`, so a name typed in the other order needs no search of its
    own."""
    return min(first, second) << _NUMBER_BITS | max(first, second)


#: A query's starts one edit away are tried only from this many letters (shorter ones begin too
#: many names); a dropped or mistyped letter may be any of `LETTERS` or the query's own.
EDIT_PREFIX_LENGTH = 3
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def edit_prefixes(readings: list[list[str]]) -> Iterator[str]:
    """The starts of names a query being typed may mean, one edit away from each reading (its
    words run together), and its words after a leading article (names' starts keep none):
    `te flow` -> `flow`, then `teflow`'s and `flow`'s variants, likeliest edits first."""
    compacts: list[str] = []
    for words in readings:
        compacts.append("".join(words))
        if len(words) > 1 and near_article(words[0]):
            compacts.append("".join(words[1:]))
            yield compacts[-1]
    for compact in compacts:
        if len(compact) >= EDIT_PREFIX_LENGTH:
            yield from one_edit_variants(compact, LETTERS)


def one_edit_variants(text: str, alphabet: str) -> Iterator[str]:
    """`text` one edit away: a letter left out, then one added, two swapped, one replaced
    (letters from `alphabet` and `text`); none shorter than `EDIT_PREFIX_LENGTH`."""
    letters = sorted(set(text) | set(alphabet))
    ends = range(len(text) + 1)
    seen = {text}
    for variant in (
        *(text[:i] + text[i + 1 :] for i in range(len(text))),
        *(text[:i] + c + text[i:] for i in ends for c in letters),
        *(text[: i - 1] + text[i] + text[i - 1] + text[i + 1 :] for i in range(1, len(text))),
        *(text[:i] + c + text[i + 1 :] for i in range(len(text)) for c in letters),
    ):
        if variant not in seen and len(variant) >= EDIT_PREFIX_LENGTH:
            seen.add(variant)
            yield variant


def near_article(word: str) -> bool:
    """`the`, `an`, `a`, or one letter off `the` (`te`, `teh`, `thr`): a leading article that
    the names' starts leave out."""
    if word in ("the", "an", "a"):
        return True
    return len(word) in (2, 3, 4) and (
        word in deletions("the")
        or "the" in deletions(word)
        or (len(word) == 3 and sum(a != b for a, b in zip(word, "the", strict=True)) == 1)
        or (len(word) == 3 and sorted(word) == sorted("the"))
    )
