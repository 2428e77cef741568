"""The word index: every word of every alias with the aliases it is in, every pair of a name's
first words, and each word's one-typo neighbours (SymSpell deletions; for short words, whose
typos would flood the candidates, deletions and wildcards kept apart)."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from itertools import combinations

from rapidfuzz import fuzz, process

from dramabot.domain.matching.packed import Postings

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


class WordIndex:
    """Words and word pairs to alias slots, and the words within one typo of each other (by
    number in `_words`), all in `Postings`."""

    def __init__(self, typo_length: int) -> None:
        self.typo_length = typo_length
        self.slots = Postings()
        self.pairs = Postings()
        self._words: list[str] = []  # every known word, by number
        self._deletes = Postings()  # a long word and its deletions -> the word
        self._short_deletes = Postings()  # a short word's deletions -> the word
        self._short_substitutes = Postings()  # a short word with a wildcard -> the word
        self._known_sorted: list[str] = []

    def build(self, slot_words: list[list[str]], slots: list[int]) -> None:
        """Index many aliases' words at once (each `slot_words[i]` of alias `slots[i]`) into
        this empty index: the words' and pairs' postings, and every word's typo keys."""
        distinct = [set(words) for words in slot_words]
        pairs = [pairs_of(words) for words in slot_words]
        every_word = [word for words in distinct for word in words]
        self.slots = Postings(
            every_word, [slot for slot, words in zip(slots, distinct, strict=True) for _ in words]
        )
        self.pairs = Postings(
            [key for keys in pairs for key in keys],
            [slot for slot, keys in zip(slots, pairs, strict=True) for _ in keys],
        )
        self._words = list(dict.fromkeys(every_word))
        self._known_sorted = sorted(self._words)
        variants: tuple[tuple[list[str], list[int]], ...] = (([], []), ([], []), ([], []))
        for number, word in enumerate(self._words):
            for (keys, numbers), found in zip(variants, self._variants(word), strict=True):
                keys.extend(found)
                numbers.extend([number] * len(found))
        self._deletes, self._short_deletes, self._short_substitutes = (
            Postings(keys, numbers) for keys, numbers in variants
        )

    def add(self, words: list[str], slot: int) -> None:
        """Index an alias's words and the pairs of its first `PAIR_WORDS` words."""
        for word in set(words):
            if word not in self.slots:
                self._add_word(word)
            self.slots.add(word, slot)
        for key in pairs_of(words):
            self.pairs.add(key, slot)

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
            pairs = {pair(words[first], b) for b in near[second]}
            pairs.update(pair(a, words[second]) for a in near[first])
            groups.append([posting for pair in pairs if (posting := self.pairs.get(pair))])
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


def pairs_of(words: list[str]) -> list[str]:
    """The pairs of a name's first `PAIR_WORDS` words (each a `pair`, made inline: a build
    makes millions)."""
    return [f"{a} {b}" if a <= b else f"{b} {a}" for a, b in combinations(words[:PAIR_WORDS], 2)]


def pair(first: str, second: str) -> str:
    """The key of two words of one name, in either order: `Hyung Sik Park` has the pairs of
    `Park Hyung Sik`, so a name typed in the other order needs no search of its own."""
    return f"{first} {second}" if first <= second else f"{second} {first}"


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
