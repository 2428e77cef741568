"""Scoring a query against candidate names: exact > prefix > word start > fuzzy, 0 to 100.

The tiers are fixed ranges. An exact name scores `EXACT`; a name the query starts scores in
`PREFIX` by how much of it was typed; a later word the query starts scores in `WORD_START` (a
whole word one more). A fuzzy score counts `FUZZY_SHARE` of itself, so at most
`FUZZY_CEILING`: below every exact and prefix hit, and above only the weakest word starts (a
short query at the start of a long title's later word, `fri` in a long title, scores 84.2).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress, count, repeat
from operator import contains, itemgetter

from rapidfuzz import fuzz, process

from dramabot.domain.matching.packed import gather
from dramabot.domain.matching.verdict import SUGGESTION_CUTOFF

#: The whole name typed (spaces aside): below 100, which is kept for the strict key's match.
EXACT = 99.0
#: (base, span): a name the query starts scores base + span * typed share, 90 to 98.
PREFIX = (90.0, 8.0)
#: (base, span): a later word the query starts scores base + span * typed share, 84 to 89.
WORD_START = (84.0, 5.0)
#: A query that is whole words of the name ranks a little above a word still being typed.
WHOLE_WORDS = 1.0
#: A fuzzy score counts this much, so at most `FUZZY_CEILING` (see the module's docstring).
FUZZY_SHARE = 0.85
FUZZY_CEILING = 100.0 * FUZZY_SHARE
#: A word-subset or substring match (part of a title) counts less than a whole-string one.
PART_WEIGHT = 0.9
#: The weight of a word-subset match when the name is the subset: below `MATCH_CUTOFF`, so it
#: is the answer only as a clear winner.
SHORTER_NAME_WEIGHT = 0.8
#: Scores this close are taken as possibly equal (floating-point rounding).
TIE = 1e-6
#: A query this long may be a title still being typed (a substring of it): shorter ones match
#: too many substrings to mean anything.
_SUBSTRING_QUERY = 4


def scores(
    query: str,
    candidates: Sequence[str],
    orderless: bool = False,
    spaced: bool = True,
    floor: float = SUGGESTION_CUTOFF,
) -> list[float]:
    """Score a query against candidates: exact > prefix > word prefix > fuzzy, all in 0..100.

    The fuzzy part takes the best of a whole-string ratio (typos) and, if `orderless`, a
    word-order-blind ratio (swapped names: the ratio of the words sorted, sorted in C). For titles
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
            scores[index] = EXACT
        elif compact.startswith(query):
            scores[index] = PREFIX[0] + PREFIX[1] * len(query) / len(compact)
        elif word_start in f" {candidates[index]}":  # whole words a little above a word's start
            candidate = candidates[index]
            whole = f" {candidate} ".find(f"{word_start} ") >= 0
            scores[index] = WORD_START[0] + WORD_START[1] * len(query) / len(candidate)
            scores[index] += WHOLE_WORDS * whole
        else:
            continue
        tiered.append(index)
    rest = (
        range(len(candidates)) if not tiered else sorted(set(range(len(candidates))) - set(tiered))
    )
    passes = [(query, candidates, fuzz.ratio, 1.0)]
    if orderless:
        passes.append((query, candidates, fuzz.token_sort_ratio, 1.0))
    if spaced:
        passes.append((query, candidates, fuzz.token_set_ratio, PART_WEIGHT))
        if len(query) >= _SUBSTRING_QUERY:
            # A title still being typed; not for names written without spaces, where a
            # substring runs across syllables (`eungo` inside `jaseungon`).
            passes.append((query, candidates, fuzz.partial_ratio, PART_WEIGHT))
    query_words = set(query.split())
    for text, choices, scorer, weight in passes:
        cutoff = (floor - TIE) / FUZZY_SHARE / weight
        if cutoff > 100.0:
            continue  # out of reach of this scorer
        among: Sequence[int] = rest
        if scorer is fuzz.partial_ratio:  # what was typed inside a longer name only
            among = [index for index in rest if len(candidates[index]) > len(query)]
        if len(among) < len(choices):
            choices = gather(choices, list(among))
        hits = process.extract(text, choices, scorer=scorer, limit=None, score_cutoff=cutoff)
        for _, value, at in hits:
            index = among[at]
            if scorer is fuzz.token_set_ratio and set(candidates[index].split()) < query_words:
                # A name whose words are all in the query, which says more: a weak answer
                # (`King` to `King in Love`), still one when nothing else comes near.
                value *= SHORTER_NAME_WEIGHT / weight
            value *= weight * FUZZY_SHARE
            if value > scores[index]:
                scores[index] = value
    return scores


def kth_score(best: dict[int, tuple[float, int]], limit: int) -> float | None:
    """The `limit`-th best score in `best` (sorted in C), or None if it has fewer."""
    if len(best) < limit:
        return None
    return sorted(map(itemgetter(0), best.values()), reverse=True)[limit - 1]


def most_alike(pool: set[int], words: list[str], room: int, forms: list[str]) -> list[int]:
    """At most `room` of the slots in `pool` by each of two quick ratios (in C): with the
    query's words as typed and sorted (order aside). These likeliest names are scored in full
    afterwards."""
    if len(pool) <= room:
        return list(pool)
    slots = list(pool)
    found: set[int] = set()
    query, choices = " ".join(words), gather(forms, slots)
    for scorer in (fuzz.ratio, fuzz.token_sort_ratio):
        alike = process.extract(query, choices, scorer=scorer, limit=room)
        found.update(slots[index] for _, _, index in alike)
    return list(found)
