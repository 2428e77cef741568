"""Prefix entries: every alias from its first word on, from each later word on, and a person's
spelling as typed, so the shortest aliases starting with what was typed are found at once.

Each entry is a text and the length its alias is ranked by; the shortest come first, ties by
text, then slot. A build's entries are frozen in marisa tries (`FrozenPrefixes`); entries added
since are in sorted lists (`AddedPrefixes`); `Prefixes` answers from both.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Callable, Iterable, Sequence
from itertools import islice

import marisa_trie
from sortedcontainers import SortedList

from dramabot.domain.matching.packed import grouped

#: Separates an added entry's text from its fixed-width tail (length and slot): it is in no
#: name.
SEPARATOR = "\x00"
#: Marks the entry of an alias from its first word, so prefixes are searched apart.
HEAD = "\x01"
#: Marks the entry of a person's name as spelled (its `entity_key`, not folded).
TYPED = "\x02"
#: A prefix with at most this many entries has them all read and sorted by length; one with
#: more is looked up alias length by alias length, shortest first.
PREFIX_WINDOW = 128
#: Lengths are capped here (no name is as long).
_LONGEST = 999
#: A length as the first character of a key of the length-first trie.
_LENGTH_BASE = 0x20
#: A hit's length and slot packed in one int while building: the length above these bits.
_SLOT_BITS = 32
_SLOT_MASK = (1 << _SLOT_BITS) - 1

#: (alias length, entry text, slot): the order of the shortest first.
Hit = tuple[int, str, int]
Alive = Callable[[int], bool]


class FrozenPrefixes:
    """A build's entries: the texts in a marisa trie (in label order, so a prefix's texts come
    sorted), each text's (length, slot) pairs in arrays, shortest first; and the same texts
    behind their lengths in a second trie, for a prefix with thousands of entries, whose
    shortest are found length by length."""

    def __init__(
        self, texts: Sequence[str] = (), lengths: Sequence[int] = (), slots: Sequence[int] = ()
    ) -> None:
        """The entries `texts[i]` of alias `slots[i]`, ranked by `lengths[i]`."""
        self._texts = marisa_trie.Trie(set(texts), order=marisa_trie.LABEL_ORDER)
        # Each text's hits shortest first: (length, slot) as one int, sorted in C.
        ranks = [length << _SLOT_BITS | slot for length, slot in zip(lengths, slots, strict=True)]
        self._starts, packed = grouped(self._texts, texts, ranks, "Q", ascending=True)
        self._lengths = array("H", (rank >> _SLOT_BITS for rank in packed))
        self._slots = array("I", (rank & _SLOT_MASK for rank in packed))
        by_length = {
            chr(_LENGTH_BASE + length) + text for text, length in zip(texts, lengths, strict=True)
        }
        self._by_length = marisa_trie.Trie(by_length, order=marisa_trie.LABEL_ORDER)
        self._all_lengths = sorted(set(self._lengths))

    def shortest(self, prefix: str, count: int, alive: Alive) -> list[Hit]:
        """The `count` first live hits of the entries starting with `prefix`."""
        texts = list(islice(self._texts.iteritems(prefix), PREFIX_WINDOW + 1))
        if len(texts) <= PREFIX_WINDOW:
            found = [hit for text, _ in texts for hit in self._hits(text)]
            if len(found) <= PREFIX_WINDOW * 4:
                found.sort()
                return [hit for hit in found if alive(hit[2])][:count]
        found = []
        start = bisect.bisect_left(self._all_lengths, len(prefix) - 1)
        for length in self._all_lengths[start:]:
            for key in self._by_length.iterkeys(chr(_LENGTH_BASE + length) + prefix):
                text = key[1:]
                found += [hit for hit in self._hits(text, length) if alive(hit[2])]
                if len(found) >= count:
                    return found[:count]
        return found

    def _hits(self, text: str, length: int | None = None) -> list[Hit]:
        """A text's hits, or only those of one length."""
        number = self._texts[text]
        at, end = self._starts[number], self._starts[number + 1]
        if length is not None:
            at = bisect.bisect_left(self._lengths, length, at, end)
            end = bisect.bisect_right(self._lengths, length, at, end)
        return [(self._lengths[i], text, self._slots[i]) for i in range(at, end)]

    def __getstate__(self) -> dict[str, object]:
        state = dict(vars(self))
        state["_texts"] = self._texts.tobytes()
        state["_by_length"] = self._by_length.tobytes()
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        vars(self).update(state)
        self._texts = marisa_trie.Trie().frombytes(state["_texts"])  # type: ignore[arg-type]
        self._by_length = marisa_trie.Trie().frombytes(state["_by_length"])  # type: ignore[arg-type]


class AddedPrefixes:
    """Entries added after a build (`text`, separator, length, slot), in one `SortedList`
    (an addition moves a short sublist, not the whole index) and by their first two letters and
    length, so the shortest of a common prefix's many entries are found length by length."""

    _AFTER = "\U0010ffff"  # sorts after every entry that starts with a prefix it follows
    _LENGTH_DIGITS, _SLOT_DIGITS = 3, 8
    _TAIL = _LENGTH_DIGITS + _SLOT_DIGITS

    def __init__(self) -> None:
        self._entries: SortedList = SortedList()
        self._by_length: dict[str, dict[int, list[str]]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    @classmethod
    def _entry(cls, text: str, length: int, slot: int) -> str:
        """An entry as one string: its text, then its length and slot, fixed width."""
        return f"{text}{SEPARATOR}{length:0{cls._LENGTH_DIGITS}d}{slot:0{cls._SLOT_DIGITS}d}"

    @classmethod
    def _hit(cls, entry: str) -> Hit:
        tail = entry[-cls._TAIL :]
        text = entry[: -cls._TAIL - 1]
        return int(tail[: cls._LENGTH_DIGITS]), text, int(tail[cls._LENGTH_DIGITS :])

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

    def shortest(self, prefix: str, count: int) -> list[Hit]:
        """The `count` first hits of the entries starting with `prefix`."""
        after = prefix + self._AFTER
        hits = self._entries.irange(prefix, after, inclusive=(True, False))
        found = list(islice(hits, PREFIX_WINDOW + 1))
        if len(found) > PREFIX_WINDOW and len(prefix) >= 2:
            found = []
            lists = self._by_length.get(prefix[:2], {})
            for length in sorted(lists):
                entries = lists[length]
                start = bisect.bisect_left(entries, prefix)
                end = min(len(entries), start + count - len(found))
                found += entries[start : bisect.bisect_left(entries, after, start, end)]
                if len(found) == count:
                    break
        return sorted(map(self._hit, found))[:count]


class Prefixes:
    """Every alias's prefix entries: frozen at a build, added one alias at a time after."""

    def __init__(
        self, texts: Sequence[str] = (), lengths: Sequence[int] = (), slots: Sequence[int] = ()
    ) -> None:
        self._frozen = FrozenPrefixes(texts, lengths, slots)
        self._added = AddedPrefixes()

    def added(self) -> int:
        """How many entries were added since the build."""
        return len(self._added)

    def add(self, slot: int, entries: Iterable[tuple[str, int]]) -> None:
        for text, length in entries:
            self._added.add(text, length, slot)

    def discard(self, slot: int, entries: Iterable[tuple[str, int]]) -> None:
        """Forget an added alias's entries (a frozen one's are skipped as removed)."""
        for text, length in entries:
            self._added.discard(text, length, slot)

    def shortest(self, prefix: str, count: int, alive: Alive) -> list[int]:
        """The slots of the `count` shortest live aliases with an entry starting with
        `prefix`."""
        found = self._frozen.shortest(prefix, count, alive)
        if self._added:
            found = sorted(found + self._added.shortest(prefix, count))[:count]
        return [slot for _, _, slot in found]


def start_entries(person: bool, form: str, key: str) -> list[tuple[str, int]]:
    """An alias's entries (text, length): from its first word on (marked), from each later word
    on (without spaces), and for a person the spelling as typed (marked): `jeonyeo`. Each has
    the length its hits are ranked by (`scoring.scores`: a shorter name that starts with the
    query scores higher): a title's letters, a person's form, a spelling's key."""
    words = form.split()
    # A person's start keeps its spaces: syllables run together across a name's words would
    # start other names (`gongyu` starts Kwon Gyeong Ho folded; the scorer agrees it does not).
    start = form if person else "".join(words)
    entries = [(HEAD + start, min(len(start), _LONGEST))]
    if person:
        entries.append((TYPED + key, min(len(key), _LONGEST)))
    later = min(len(form), _LONGEST)
    entries.extend(("".join(words[i:]), later) for i in range(1, len(words)))
    return entries
