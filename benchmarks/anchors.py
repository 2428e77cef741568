"""The anchors the name index is measured beside: other ways of finding the names a query
means, each built over the same aliases and asked for the same 25 candidates.

- brute force: rapidfuzz `WRatio` over every alias;
- SQLite FTS5 with the trigram tokenizer (in memory), ranked by bm25 over the query's trigrams;
- a marisa-trie prefix lookup over the aliases' search forms without spaces;
- symspell (symspellpy) correcting each finished word, then the marisa-trie prefix lookup.

Each reports the bytes it holds outside Python's allocator (tracemalloc sees only the rest).
"""

from __future__ import annotations

import sqlite3
from array import array
from collections import Counter
from collections.abc import Iterable
from itertools import islice

import marisa_trie
from rapidfuzz import fuzz, process

from dramabot.domain.matching.readings import NameKind, words_of

Rows = Iterable[tuple[int, str, Iterable[str]]]


class BruteForce:
    """rapidfuzz `WRatio` over every alias, in C."""

    label = "rapidfuzz WRatio brute force"

    def __init__(self, kind: NameKind, rows: Rows) -> None:
        self.names: list[str] = []
        self.entity = array("q")
        for entity_id, name, aliases in rows:
            for alias in (name, *aliases):
                self.names.append(alias)
                self.entity.append(entity_id)

    def candidates(self, query: str, limit: int) -> list[int]:
        hits = process.extract(query, self.names, scorer=fuzz.WRatio, limit=limit)
        return [self.entity[index] for _, _, index in hits]

    def outside_bytes(self) -> int:
        return 0


class Fts5Trigram:
    """SQLite FTS5, trigram tokenizer: the aliases sharing most of the query's trigrams."""

    label = "SQLite FTS5 trigram"

    def __init__(self, kind: NameKind, rows: Rows) -> None:
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE names USING fts5(name, tokenize='trigram')")
        self.entity = array("q")
        numbered = []
        for entity_id, name, aliases in rows:
            for alias in (name, *aliases):
                numbered.append((len(self.entity), alias))
                self.entity.append(entity_id)
        self.db.executemany("INSERT INTO names (rowid, name) VALUES (?, ?)", numbered)
        self.db.commit()

    def candidates(self, query: str, limit: int) -> list[int]:
        text = query.lower()
        grams = {text[i : i + 3] for i in range(len(text) - 2)}
        match = " OR ".join('"' + gram.replace('"', '""') + '"' for gram in grams)
        if not match:
            return []
        found = self.db.execute(
            "SELECT rowid FROM names WHERE names MATCH ? ORDER BY rank LIMIT ?", (match, limit)
        )
        return [self.entity[rowid] for (rowid,) in found]

    def outside_bytes(self) -> int:
        pages = self.db.execute("PRAGMA page_count").fetchone()[0]
        return pages * self.db.execute("PRAGMA page_size").fetchone()[0]


class MarisaPrefix:
    """A marisa trie of every alias's search form without spaces: the aliases it starts."""

    label = "marisa-trie prefix lookup"

    def __init__(self, kind: NameKind, rows: Rows) -> None:
        self.kind = kind
        self.entity = array("q")
        keys = []
        for entity_id, name, aliases in rows:
            for alias in (name, *aliases):
                keys.append(f"{''.join(words_of(alias, kind))}\x1f{len(self.entity)}")
                self.entity.append(entity_id)
        self.trie = marisa_trie.Trie(keys)

    def starting(self, prefix: str, limit: int) -> list[int]:
        keys = islice(self.trie.iterkeys(prefix), limit)
        return [self.entity[int(key.rsplit("\x1f", 1)[1])] for key in keys]

    def candidates(self, query: str, limit: int) -> list[int]:
        return self.starting("".join(words_of(query, self.kind)), limit)

    def outside_bytes(self) -> int:
        return len(self.trie.tobytes())


class SymspellMarisa:
    """symspell (symspellpy, MIT) corrects each finished word within two edits; the marisa
    prefix lookup then finds the aliases the corrected query starts (the last word as typed,
    then corrected too)."""

    label = "symspell + marisa-trie"

    def __init__(self, kind: NameKind, rows: Rows) -> None:
        from symspellpy import SymSpell  # benchmark-only (`pip install -e '.[bench]'`)

        rows = list(rows)
        self.kind = kind
        self.prefixes = MarisaPrefix(kind, rows)
        counts = Counter(
            word
            for _, name, aliases in rows
            for alias in (name, *aliases)
            for word in words_of(alias, kind)
        )
        self.symspell = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
        for word, count in counts.items():
            self.symspell.create_dictionary_entry(word, count)

    def _corrected(self, word: str) -> str:
        from symspellpy import Verbosity

        found = self.symspell.lookup(word, Verbosity.TOP, max_edit_distance=2)
        return found[0].term if found else word

    def candidates(self, query: str, limit: int) -> list[int]:
        words = words_of(query, self.kind)
        if not words:
            return []
        finished = [self._corrected(word) for word in words[:-1]]
        found = self.prefixes.starting("".join([*finished, words[-1]]), limit)
        if len(found) < limit:
            last = self._corrected(words[-1])
            found += self.prefixes.starting("".join([*finished, last]), limit - len(found))
        return found

    def outside_bytes(self) -> int:
        return self.prefixes.outside_bytes()


ANCHORS = (BruteForce, Fts5Trigram, MarisaPrefix, SymspellMarisa)
