"""Prefix entries: every alias from its first word on, from each later word on, and a person's
spelling as typed, so the shortest aliases starting with what was typed are found at once.

Each entry is a text and the length its alias is ranked by; the shortest come first, ties by
slot (the order the ranking breaks ties in). A build's entries are frozen in marisa tries
(`FrozenPrefixes`); entries added since are in sorted lists (`AddedPrefixes`); `Prefixes`
answers from both.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Callable, Iterable, Sequence
from itertools import compress, islice
from os.path import commonprefix
from typing import TypeVar

import marisa_trie
from sortedcontainers import SortedList

from dramabot.domain.matching.packed import Postings, grouped, numbered

#: Separates an added entry's text from its fixed-width tail (length and slot): it is in no
#: name.
SEPARATOR = "\x00"
#: Marks the entry of an alias from its first word, so prefixes are searched apart.
HEAD = "\x01"
#: Marks the entry of a person's name as spelled (its `entity_key`, not folded).
TYPED = "\x02"
#: A prefix of a build with more entries than this has its shortest `KEPT_SHORTEST` found
#: once, at the build (`FrozenPrefixes._crowded`); a query reads a prefix's every entry only
#: if it has fewer (or if many of those kept were removed since: twice what a query asks for
#: are kept, so that is rare).
PREFIX_WINDOW = 128
KEPT_SHORTEST = 64
#: Lengths are capped here (no name is as long).
_LONGEST = 999
#: Sorts after every text that starts with a prefix it follows.
_AFTER = "\U0010ffff"
#: A hit's (length, slot) as one int (its rank): the length above these bits.
_SLOT_BITS = 32
_SLOT_MASK = (1 << _SLOT_BITS) - 1

Alive = Callable[[int], bool]
T = TypeVar("T")


def rank(length: T, slot: T) -> T:
    """A hit as one int, in the order of the shortest first, ties by slot (or numpy arrays of
    them)."""
    return length << _SLOT_BITS | slot


class FrozenPrefixes:
    """A build's entries: the texts in a marisa trie, each text's hits (ranks) in arrays laid out
    in the texts' sorted order (the hits of the texts starting with a prefix are one slice),
    and for the prefixes of the build with many entries, their shortest, found once."""

    def __init__(
        self, texts: Sequence[str] = (), lengths: Sequence[int] = (), slots: Sequence[int] = ()
    ) -> None:
        """The entries `texts[i]` of alias `slots[i]`, ranked by `lengths[i]`."""
        self._texts = marisa_trie.Trie(set(texts), order=marisa_trie.LABEL_ORDER)
        self._place, self._starts, self._ranks = array("I"), array("I", [0]), array("Q")
        self._kept = Postings()
        if texts:  # (see `packed.grouped`)
            self._lay_out(texts, lengths, slots)

    def _lay_out(self, texts: Sequence[str], lengths: Sequence[int], slots: Sequence[int]) -> None:
        """Each text's place in sorted order, the hits in that order, and the kept shortest."""
        import numpy as np  # (see `packed.grouped`)

        numbers = dict(self._texts.iteritems())  # in label order: sorted
        ordered = list(numbers)
        place = np.empty(len(numbers), np.uint32)
        place[np.fromiter(numbers.values(), np.int64, len(numbers))] = np.arange(len(numbers))
        self._place = array("I", place.tobytes())
        ranks = rank(np.asarray(lengths, np.uint64), np.asarray(slots, np.uint64))
        of_texts = place[numbered(numbers, texts)]
        self._starts, self._ranks = grouped(of_texts, len(numbers), ranks, "Q", ascending=True)
        crowded = self._crowded(ordered)
        self._kept = Postings(
            [prefix for prefix, hits in crowded for _ in hits],
            [hit for _, hits in crowded for hit in hits],
            typecode="Q",
        )

    def _under(self, first: int, end: int) -> Sequence[int]:
        """The ranks of the texts from sorted place `first` up to `end`, each text's shortest
        first."""
        return self._ranks[self._starts[first] : self._starts[end]]

    def _crowded(self, ordered: list[str]) -> list[tuple[str, list[int]]]:
        """The prefixes with more entries than `PREFIX_WINDOW` (every one with a quarter more:
        texts `PREFIX_WINDOW` apart in sorted order share it, and every quarter of that is
        looked at), and the prefixes of a text with that many hits, each with its
        `KEPT_SHORTEST` shortest hits (the slice of its texts, partly sorted in numpy)."""
        import numpy as np  # (see `packed.grouped`)

        step = PREFIX_WINDOW // 4
        shared = {
            commonprefix([ordered[at], ordered[at + PREFIX_WINDOW]])
            for at in range(0, len(ordered) - PREFIX_WINDOW, step)
        }
        counts = np.diff(np.frombuffer(self._starts, np.uint32))
        shared.update(ordered[place] for place in np.flatnonzero(counts > PREFIX_WINDOW))
        ranks = np.frombuffer(self._ranks, np.uint64)
        kept = []
        for prefix in sorted({text[:end] for text in shared for end in range(1, len(text) + 1)}):
            first = bisect.bisect_left(ordered, prefix)
            end = bisect.bisect_left(ordered, prefix + _AFTER, first)
            hits = ranks[self._starts[first] : self._starts[end]]
            if len(hits) > KEPT_SHORTEST:
                hits = np.partition(hits, KEPT_SHORTEST - 1)[:KEPT_SHORTEST]
            kept.append((prefix, np.sort(hits).tolist()))
        return kept

    def begins(self, prefix: str) -> bool:
        return next(self._texts.iterkeys(prefix), None) is not None

    def shortest(self, prefix: str, count: int, alive: Alive) -> list[int]:
        """The ranks of the `count` first live hits of the entries starting with `prefix`."""
        if not self.begins(prefix):  # most of a typo's variants begin nothing
            return []
        kept = self._kept.get(prefix)
        if kept is not None and count <= KEPT_SHORTEST:
            live = _first_live(kept, count, alive)
            if len(live) >= count or len(kept) < KEPT_SHORTEST:  # else some were removed
                return live
        # Few entries, or a crowded prefix with many of its shortest removed: every hit.
        places = [self._place[number] for _, number in self._texts.iteritems(prefix)]
        return _first_live(sorted(self._under(min(places), max(places) + 1)), count, alive)

    def __getstate__(self) -> dict[str, object]:
        state = dict(vars(self))
        state["_texts"] = self._texts.tobytes()
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        vars(self).update(state)
        self._texts = marisa_trie.Trie().frombytes(state["_texts"])  # type: ignore[arg-type]


def _first_live(hits: Iterable[int], count: int, alive: Alive) -> list[int]:
    """The first `count` hits whose slot is alive (the rest are not looked at)."""
    return list(islice((hit for hit in hits if alive(hit & _SLOT_MASK)), count))


class AddedPrefixes:
    """Entries added after a build (`text`, separator, length, slot), in one `SortedList`
    (an addition moves a short sublist, not the whole index) and by their first two letters and
    length, so the shortest of a common prefix's many entries are found length by length."""

    _LENGTH_DIGITS, _SLOT_DIGITS = 3, 8
    _TAIL = _LENGTH_DIGITS + _SLOT_DIGITS

    def __init__(self) -> None:
        self._entries: SortedList = SortedList()
        self._by_length: dict[str, dict[int, list[str]]] = {}

    @classmethod
    def _entry(cls, text: str, length: int, slot: int) -> str:
        """An entry as one string: its text, then its length and slot, fixed width."""
        return f"{text}{SEPARATOR}{length:0{cls._LENGTH_DIGITS}d}{slot:0{cls._SLOT_DIGITS}d}"

    @classmethod
    def _rank(cls, entry: str) -> int:
        tail = entry[-cls._TAIL :]
        return rank(int(tail[: cls._LENGTH_DIGITS]), int(tail[cls._LENGTH_DIGITS :]))

    def __bool__(self) -> bool:
        return bool(self._entries)

    def add(self, text: str, length: int, slot: int) -> None:
        entry = self._entry(text, length, slot)
        self._entries.add(entry)
        lists = self._by_length.setdefault(text[:2], {})
        bisect.insort(lists.setdefault(length, []), entry)

    def discard(self, text: str, length: int, slot: int) -> None:
        entry = self._entry(text, length, slot)
        self._entries.discard(entry)
        entries = self._by_length.get(text[:2], {}).get(length, [])
        at = bisect.bisect_left(entries, entry)
        if at < len(entries) and entries[at] == entry:
            del entries[at]

    def begins(self, prefix: str) -> bool:
        at = self._entries.bisect_left(prefix)
        return at < len(self._entries) and self._entries[at].startswith(prefix)

    def shortest(self, prefix: str, count: int) -> list[int]:
        """The ranks of the `count` first hits of the entries starting with `prefix`."""
        after = prefix + _AFTER
        hits = self._entries.irange(prefix, after, inclusive=(True, False))
        found = list(islice(hits, PREFIX_WINDOW + 1))
        if len(found) > PREFIX_WINDOW and len(prefix) >= 2:
            found = []
            lists = self._by_length.get(prefix[:2], {})
            for length in sorted(lists):
                entries = lists[length]
                start = bisect.bisect_left(entries, prefix)
                found += entries[start : bisect.bisect_left(entries, after, start)]
                if len(found) >= count:
                    break
        return sorted(map(self._rank, found))[:count]


class Prefixes:
    """Every alias's prefix entries: frozen at a build, added one alias at a time after."""

    def __init__(
        self, texts: Sequence[str] = (), lengths: Sequence[int] = (), slots: Sequence[int] = ()
    ) -> None:
        self._frozen = FrozenPrefixes(texts, lengths, slots)
        self._added = AddedPrefixes()

    def add(self, slot: int, entries: Iterable[tuple[str, int]]) -> None:
        for text, length in entries:
            self._added.add(text, length, slot)

    def discard(self, slot: int, entries: Iterable[tuple[str, int]]) -> None:
        """Forget an added alias's entries (a frozen one's are skipped as removed)."""
        for text, length in entries:
            self._added.discard(text, length, slot)

    def begins_test(self) -> Callable[[str], bool]:
        """A quick test of whether some entry (live or removed) starts with a prefix."""
        frozen, added = self._frozen.begins, self._added
        if not added:
            return frozen
        return lambda prefix: frozen(prefix) or added.begins(prefix)

    def shortest(self, prefix: str, count: int, alive: Alive) -> list[int]:
        """The slots of the `count` shortest live aliases with an entry starting with
        `prefix`."""
        found = self._frozen.shortest(prefix, count, alive)
        if self._added:
            found = sorted(found + self._added.shortest(prefix, count))[:count]
        return [hit & _SLOT_MASK for hit in found]


def start_entries(person: bool, form: str, key: str) -> list[tuple[str, int]]:
    """An alias's entries (text, length): see `entries_of`."""
    texts, lengths, _ = entries_of(person, [form], [key], [0])
    return list(zip(texts, lengths, strict=True))


def entries_of(
    person: bool, forms: Sequence[str], keys: Sequence[str], slots: Sequence[int]
) -> tuple[list[str], list[int], list[int]]:
    """The entries (texts, lengths, slots) of the aliases of these forms and slots (`keys`
    by slot): each from its first word on (marked), from each later word on (without spaces),
    and for a person the spelling as typed (marked): `jeonyeo`. Each has the length its hits
    are ranked by (`scoring.scores`: a shorter name that starts with the query scores higher):
    a title's letters, a person's form, a spelling's key. Made a word position at a time for
    every alias at once (in C, mostly)."""
    # A person's start keeps its spaces: syllables run together across a name's words would
    # start other names (`gongyu` starts Kwon Gyeong Ho folded; the scorer agrees it does not).
    starts = forms if person else [form.replace(" ", "") for form in forms]
    texts = [HEAD + start for start in starts]
    lengths = _capped(starts)
    owners = list(slots)
    if person:
        spellings = [keys[slot] for slot in slots]
        texts += [TYPED + key for key in spellings]
        lengths += _capped(spellings)
        owners += slots
    # Then from each later word on: the rest of each form after its first space, and again.
    rests, lengths_of, owners_of = list(forms), _capped(forms), list(slots)
    while True:
        rests = [rest.partition(" ")[2] for rest in rests]
        going_on = list(map(bool, rests))
        rests = list(compress(rests, going_on))
        if not rests:
            return texts, lengths, owners
        lengths_of = list(compress(lengths_of, going_on))
        owners_of = list(compress(owners_of, going_on))
        texts += [rest.replace(" ", "") for rest in rests]
        lengths += lengths_of
        owners += owners_of


def _capped(texts: Sequence[str]) -> list[int]:
    """The texts' lengths, at most `_LONGEST`."""
    lengths = list(map(len, texts))
    return lengths if max(lengths, default=0) <= _LONGEST else [min(n, _LONGEST) for n in lengths]
