"""Prefix lists: every alias's entries (from its first word on, from each later word on, a
person's spelling as typed), sorted, so the shortest aliases starting with what was typed are
found by bisection."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from itertools import islice

from sortedcontainers import SortedList

#: Separates an entry's text from its fixed-width tail (length and slot); also the wildcard of
#: a word's substitutions (`words.substitutions`): it is in no name.
SEPARATOR = "\x00"
#: Marks the entry of an alias from its first word, so prefixes are searched apart.
HEAD = "\x01"
#: Marks the entry of a person's name as spelled (its `entity_key`, not folded).
TYPED = "\x02"
#: A prefix with at most this many entries has them all read and sorted by length; one with
#: more is looked up alias length by alias length, shortest first.
PREFIX_WINDOW = 128


class PrefixLists:
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
            f"{SEPARATOR}{min(length, longest):0{cls._LENGTH_DIGITS}d}{slot:0{cls._SLOT_DIGITS}d}"
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
        end = min(len(built), start + PREFIX_WINDOW)
        found = built[start : bisect.bisect_left(built, after, start, end)]
        complete = end == len(built) or not built[end].startswith(prefix)
        if self._added:
            hits = self._added.irange(prefix, after, inclusive=(True, False))
            added = list(islice(hits, PREFIX_WINDOW + 1))
            complete = complete and len(added) <= PREFIX_WINDOW
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


def start_entries(person: bool, form: str, key: str, slot: int) -> list[str]:
    """An alias's entries in the prefix lists: from its first word on (marked), from each later
    word on (without spaces), and for a person the spelling as typed (marked): `jeonyeo`. Each
    is marked with the length its hits are scored by (`scoring.scores`: a shorter name that
    starts with the query scores higher): a title's letters, a person's form, a spelling's key.
    """
    words = form.split()
    # A person's start keeps its spaces: syllables run together across a name's words would
    # start other names (`gongyu` starts Kwon Gyeong Ho folded; the scorer agrees it does not).
    start = form if person else "".join(words)
    entries = [HEAD + start + PrefixLists.marker(len(start), slot)]
    if person:
        entries.append(TYPED + key + PrefixLists.marker(len(key), slot))
    later = PrefixLists.marker(len(form), slot)
    entries.extend("".join(words[i:]) + later for i in range(1, len(words)))
    return entries
