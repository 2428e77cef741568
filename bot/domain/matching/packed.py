"""Packed stores for the name index: a few large flat objects instead of millions of small ones.

A Python list or dict per key costs 60 to 100 bytes before its first value, and every one of
them is walked by each full garbage collection. Here keys live in a marisa trie (a compact,
static trie in C++; MIT and BSD-2-Clause or LGPL-2.1 licensed) or, when nearly all distinct, as
their hashes in one sorted array (`HashedKeys`); values in `array`s, grouped at a build in numpy
(`grouped`); strings in one `bytes` with offsets. What is added after a build goes to small dicts
and lists beside the frozen part (`freeze` moves it in).
"""

from __future__ import annotations

import bisect
import gc
import threading
from array import array
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import accumulate
from operator import itemgetter
from typing import TYPE_CHECKING, Generic, TypeVar
from zlib import crc32

import marisa_trie

if TYPE_CHECKING:
    import numpy as np

T = TypeVar("T")
K = TypeVar("K", str, int)

#: Separates the strings of a `PackedStrings` (in no name: names are cleaned of control
#: characters).
_SEPARATOR = "\x1f"


class Postings(Generic[K]):
    """Keys (strings, or ints) to lists of ints (alias slots, most often). A build's keys are
    numbered (`Numbering`: a marisa trie, hashes or sorted ints), and key `n`'s ints are
    `values[starts[n]:starts[n + 1]]`; keys added since are in a dict of lists. A key may be
    in both: its ints are the frozen ones, then the added ones."""

    def __init__(
        self,
        keys: Sequence[str] = (),
        values: Sequence[int] = (),
        typecode: str = "I",
        hashed: bool = False,
    ) -> None:
        """Postings of `keys[i]` -> `values[i]` (each key's values in their order here), kept
        in arrays of `typecode`; the keys numbered by a marisa trie, or if `hashed` by their
        hashes (`HashedKeys`)."""
        numbering: Numbering
        if hashed:
            numbering, of_keys = HashedKeys.numbering(keys)
        else:
            numbering = marisa_trie.Trie(set(keys))  # (from distinct keys: a few times faster)
            of_keys = numbered(dict(numbering.iteritems()), keys)
        self._set(numbering, of_keys, values, typecode)

    @classmethod
    def of_numbers(
        cls,
        numbering: Numbering,
        of_keys: np.ndarray | list[int],
        values: Sequence[int] | np.ndarray,
        typecode: str = "I",
        ascending: bool = False,
    ) -> Postings:
        """Postings of keys numbered already: `values[i]` under key number `of_keys[i]` (in
        their order here, or `ascending`)."""
        postings: Postings = cls.__new__(cls)
        postings._set(numbering, of_keys, values, typecode, ascending)
        return postings

    def _set(
        self,
        numbering: Numbering,
        of_keys: np.ndarray | list[int],
        values: Sequence[int] | np.ndarray,
        typecode: str,
        ascending: bool = False,
    ) -> None:
        self._keys = numbering
        self._starts, self._values = grouped(of_keys, len(numbering), values, typecode, ascending)
        self._added: dict[K, list[int]] = {}

    def number(self, key: K) -> int | None:
        """The number of a key of the build (None for one added since, or unknown)."""
        return self._keys.get(key)  # type: ignore[arg-type]

    def __len__(self) -> int:
        return len(self._keys) + sum(key not in self._keys for key in self._added)

    def __contains__(self, key: object) -> bool:
        return key in self._added or key in self._keys

    def __getitem__(self, key: K) -> Sequence[int]:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def get(self, key: K, default: Sequence[int] | None = None) -> Sequence[int] | None:
        """The ints of `key` (frozen, then added), or `default` if it has none."""
        number = self._keys.get(key)  # type: ignore[arg-type]
        added = self._added.get(key) if self._added else None
        if number is None:
            return default if added is None else added
        starts = self._starts
        frozen = self._values[starts[number] : starts[number + 1]]
        return frozen if added is None else [*frozen, *added]

    def add(self, key: K, value: int) -> None:
        self._added.setdefault(key, []).append(value)

    def discard(self, key: K, value: int) -> None:
        """Forget an added value (a frozen one stays: callers skip removed slots)."""
        values = self._added.get(key)
        if values is not None and value in values:
            values.remove(value)
            if not values:
                del self._added[key]

    def __getstate__(self) -> dict[str, object]:
        keys = self._keys
        return {
            "keys": keys.tobytes() if isinstance(keys, marisa_trie.Trie) else keys,
            "starts": self._starts,
            "values": self._values,
            "added": self._added,
        }

    def __setstate__(self, state: dict[str, object]) -> None:
        keys = state["keys"]
        if isinstance(keys, bytes):
            keys = marisa_trie.Trie().frombytes(keys)
        self._keys = keys
        self._starts = state["starts"]  # type: ignore[assignment]
        self._values = state["values"]  # type: ignore[assignment]
        self._added = state["added"]  # type: ignore[assignment]


class SortedInts:
    """Distinct ints numbered by their place in one sorted array, found by bisection."""

    def __init__(self, typecode: str = "Q") -> None:
        self._ints = array(typecode)

    def __len__(self) -> int:
        return len(self._ints)

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int) and self.get(value) is not None

    @classmethod
    def numbering(cls, ints: np.ndarray, typecode: str = "Q") -> tuple[SortedInts, np.ndarray]:
        """The distinct ints, and each int's number."""
        import numpy as np  # (see `grouped`)

        numbered = cls(typecode)
        distinct, of_ints = np.unique(ints, return_inverse=True)
        numbered._ints = array(typecode, distinct.astype(np.dtype(typecode)).tobytes())
        return numbered, of_ints

    def get(self, value: int) -> int | None:
        at = bisect.bisect_left(self._ints, value)
        return at if at < len(self._ints) and self._ints[at] == value else None


class HashedKeys:
    """Keys numbered by their CRC-32 (C, in `zlib`) in `SortedInts`. For keys nearly all
    distinct (a strict key, a name's sorted words), where building a trie costs several times
    more. Two keys of 100,000 share a hash about once, and a key looked up may share one with a
    key indexed (one chance in 40,000): callers that need the key itself compare it."""

    def __init__(self) -> None:
        self._hashes = SortedInts("I")

    def __len__(self) -> int:
        return len(self._hashes)

    def __contains__(self, key: str) -> bool:
        return self.get(key) is not None

    @classmethod
    def numbering(cls, keys: Sequence[str]) -> tuple[HashedKeys, np.ndarray | list[int]]:
        """The distinct hashes of these keys, and each key's number."""
        numbered = cls()
        if not keys:  # (see `grouped`)
            return numbered, []
        import numpy as np

        hashes = np.array(list(map(crc32, map(str.encode, keys))), np.uint32)
        numbered._hashes, of_keys = SortedInts.numbering(hashes, "I")
        return numbered, of_keys

    def get(self, key: str) -> int | None:
        return self._hashes.get(crc32(key.encode()))


#: What numbers a `Postings`' keys.
Numbering = marisa_trie.Trie | HashedKeys | SortedInts


def numbered(numbers: dict[str, int], keys: Sequence[str]) -> np.ndarray | list[int]:
    """The number of each key (`numbers`, a trie's keys as a dict: many times faster to read
    than the trie)."""
    if not keys:  # (see `grouped`)
        return []
    import numpy as np

    return np.array(list(map(numbers.__getitem__, keys)), np.int64)


def grouped(
    of_keys: np.ndarray | list[int],
    groups: int,
    values: Sequence[int] | np.ndarray,
    typecode: str = "I",
    ascending: bool = False,
) -> tuple[array, array]:
    """`values` grouped by their group number (`of_keys`, below `groups`), sorted in numpy:
    group `n` is `grouped[starts[n]:starts[n + 1]]`, its values in the order they came, or
    `ascending`. With no groups (as most postings start) numpy is not imported: only builds
    need it, and a start from a snapshot saves about 50 ms without."""
    if not groups:
        return array("I", [0]), array(typecode)
    import numpy as np

    starts = np.zeros(groups + 1, np.uint32)
    np.cumsum(np.bincount(of_keys, minlength=groups), out=starts[1:])
    kept = np.asarray(values, np.dtype(typecode))
    if not ascending:
        ordered = kept[np.argsort(of_keys, kind="stable")]
    elif (shift := int(kept.max()).bit_length()) + (groups - 1).bit_length() < 64:
        # Each group number and value as one int, sorted once (a few times faster than lexsort)
        combined = np.asarray(of_keys, np.uint64) << np.uint64(shift) | kept.astype(np.uint64)
        ordered = (np.sort(combined) & np.uint64((1 << shift) - 1)).astype(kept.dtype)
    else:
        ordered = kept[np.lexsort((kept, of_keys))]
    return array("I", starts.tobytes()), array(typecode, ordered.tobytes())


class PackedStrings:
    """A list of strings kept as one UTF-8 `bytes` and the offsets of its pieces (one Hangul
    name would make a packed `str` two or four bytes a letter), plus a plain list of those
    appended since (`freeze` packs them): for strings read a few at a time."""

    def __init__(self) -> None:
        self._text = b""
        self._offsets = array("I", [0])
        self._frozen = 0
        self._added: list[str] = []

    def __len__(self) -> int:
        return self._frozen + len(self._added)

    def __getitem__(self, index: int) -> str:
        if index >= self._frozen:
            return self._added[index - self._frozen]
        return self._text[self._offsets[index] : self._offsets[index + 1]].decode()

    def gather(self, indexes: Iterable[int]) -> list[str]:
        """The strings at these indexes (read inline: a query reads hundreds)."""
        text, offsets, frozen, added = self._text, self._offsets, self._frozen, self._added
        return [
            text[offsets[index] : offsets[index + 1]].decode()
            if index < frozen
            else added[index - frozen]
            for index in indexes
        ]

    def extend(self, strings: Iterable[str]) -> None:
        self._added.extend(strings)

    def freeze(self) -> None:
        if not self._added:
            return
        joined = "".join(self._added)
        if joined.isascii():  # (most names: a letter a byte, encoded at once)
            encoded, lengths = joined.encode(), map(len, self._added)
        else:
            pieces = [string.encode() for string in self._added]
            encoded, lengths = b"".join(pieces), map(len, pieces)
        self._offsets.extend(accumulate(lengths, initial=self._offsets[-1]))
        del self._offsets[self._frozen + 1]  # `initial` repeated the last offset
        self._text += encoded
        self._frozen += len(self._added)
        self._added = []


def pack_list(strings: list[str]) -> str:
    """A list of strings as one string, for a snapshot: unpickling one string and splitting it
    (`unpack_list`, in C) is several times faster than unpickling a list of them."""
    return _SEPARATOR.join(strings)


def unpack_list(packed: str, count: int) -> list[str]:
    """The strings of `pack_list`, equal ones as one object (`deduplicated`)."""
    return deduplicated(packed.split(_SEPARATOR)) if count else []


def deduplicated(strings: list[str]) -> list[str]:
    """The strings with equal ones made one object: people's folded names are often alike (two
    thirds of 300,000 share theirs), and each object costs about 50 bytes beyond its letters."""
    first: dict[str, str] = {}
    return list(map(first.setdefault, strings, strings))


def gather(values: Sequence[T], indexes: Sequence[int]) -> Sequence[T]:
    """The values at these indexes, gathered in C: indexes scattered over hundreds of
    thousands of names make a list comprehension twice as slow."""
    if len(indexes) < 2:  # itemgetter of one index returns the value, not a tuple
        return [values[index] for index in indexes]
    return itemgetter(*indexes)(values)


_paused_lock = threading.Lock()
_paused = 0  # how many builds are running with the collector paused
_was_enabled = True


@contextmanager
def collection_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a build runs (in any thread), as it was after.
    A build makes millions of containers and no cycles: each collection it sets off walks
    every one of them again, about a seventh of the build's time."""
    global _paused, _was_enabled
    with _paused_lock:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _paused_lock:
            _paused -= 1
            if _paused == 0 and _was_enabled:
                gc.enable()
