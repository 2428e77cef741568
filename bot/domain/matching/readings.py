"""How a query is read: its words as typed, with words typed without their spaces split into
known words (`hyekyo` -> `hye kyo`), and for a person also in the other order, each reading
with a small score penalty."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence, Sized
from typing import Literal

from dramabot.domain import names
from dramabot.domain.names import (
    fold_syllables,
    person_words_of,
    reversed_order,
    title_forms,
)

NameKind = Literal["title", "person"]
#: A reading: the query's words and the penalty its scores take.
Reading = tuple[list[str], float]
#: Characters of a query that are matched; the rest is ignored (no title is this long).
MAX_QUERY = 200
#: A word typed without its spaces is split when it is this long (and no known word); a known
#: word is at most `_LONGEST_WORD` letters as far as splitting is concerned.
_SPLIT_LENGTH = (4, 40)
_LONGEST_WORD = 16
#: A reading with the query's words split scores a little less than the words as typed.
SPLIT_PENALTY = 1.0
#: A name typed in the other order scores a little less than one typed in the usual order.
REVERSED_PENALTY = 5.0


def words_of(name: str, kind: NameKind) -> list[str]:
    """A name's words in the form it is searched by."""
    return searched_forms([names.words(name)], kind)[0][0]


def searched_forms(
    spelled: Sequence[list[str]], kind: NameKind
) -> tuple[list[list[str]], list[str]]:
    """The words many names are searched by (from their `names.words`), and each name's words
    joined by spaces: its search form (titles' are made all at once: `names.title_forms`)."""
    if kind == "title":
        forms = title_forms(spelled)
        return list(map(str.split, forms)), forms
    words = list(map(person_words_of, spelled))
    return words, list(map(" ".join, words))


def readings(query: str, kind: NameKind, known: Mapping[str, Sized]) -> list[Reading]:
    """The query's words with a score penalty: as typed, with words typed without their
    spaces split (`hyekyo` -> `hye kyo`), and for a person also in the other order.
    Only the first `MAX_QUERY` characters count: no title or name is longer."""
    query = query[:MAX_QUERY]
    words = words_of(query, kind)
    if not words:
        return []
    readings = [(words, 0.0)]
    if spaced := spaced_out(query, kind, known):
        readings.append((words_of(spaced, kind), SPLIT_PENALTY))
    if kind == "person" and (other := reversed_order(query)):
        readings.append((words_of(other, kind), REVERSED_PENALTY))
    return readings


def spaced_out(query: str, kind: NameKind, known: Mapping[str, Sized]) -> str | None:
    """The query with each unknown word split into known ones (`parkhyungsik` ->
    `park hyung sik`), or None if no word splits."""
    typed = names.words(query)
    spaced = [split(word, kind, known) for word in typed]
    return " ".join(spaced) if spaced != typed else None


def split(word: str, kind: NameKind, known: Mapping[str, Sized]) -> str:
    """A word that is not known split into the fewest known words of two letters or more,
    the most common of those splits; the word itself if it is known or does not split."""
    fold = fold_syllables if kind == "person" else str
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


def distinct_words(readings: list[Reading]) -> list[list[str]]:
    """The readings' words, once per set of words: the word search ignores order (its last word,
    the one being typed, is the query's own)."""
    seen: set[tuple[str, ...]] = set()
    distinct = []
    for words, _ in readings:
        if (key := tuple(sorted(words))) not in seen:
            seen.add(key)
            distinct.append(words)
    return distinct
