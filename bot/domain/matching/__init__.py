"""Find the drama or person a fan means from what they typed. Pure Python over rapidfuzz and
marisa-trie.

One module a job: `verdict` (the cut-offs and the answer), `scoring` (the tiers), `readings`
(how a query is read), `words` (the word index), `prefixes` (the prefix entries), `packed`
(tries, arrays and packed strings instead of millions of small objects), `aliases` (every alias
by slot, and its lookups), `index` (the stages) and `reference` (the exhaustive ranking the
index is measured against).

Every alias of an entity is indexed in a search form (`names.title_form` or, for people, the
romanization-folded `names.person_words`); results are entities, never two aliases of one.
A query is read as typed, with words typed without their spaces split into known words
(`hyekyo` -> `hye kyo`), and for a person also in Western order. It is scored (with rapidfuzz)
only against a few candidates, found cheaply:

- exact: the strict `entity_key` of every alias, in a trie (also with one letter less);
- prefix: every alias from each of its words on, without spaces (`stronggirlbongsoon`,
  `girlbongsoon`, `bongsoon`, `soon`), and a person's spelling as typed, in tries, the
  shortest aliases first (`prefixes.Prefixes`): a name is found from any word while it is being
  typed;
- near-equals: the aliases with the query's words in any order, or one word one typo away,
  by their sorted words in a trie (`son ye jin` -> Son Jin Ye, Song Ye Jin);
- words: the aliases sharing the query's rarer words and word pairs (each word allowing one
  typo: SymSpell deletions), the few most like the query by a quick ratio in C.

They are scored in that order, and the search stops early when the names found so far cannot
be beaten: `limit` prefix hits outrank every fuzzy one, and once a near-certain result is found
the names sharing words only fill the remaining suggestions. Exact and prefix hits rank above
fuzzy ones, and below `MATCH_CUTOFF` the answer is "no match" with the nearest names as
suggestions. `search_exhaustive` ranks every alias the same way: it is
the reference the index is measured against (`agrees`).
"""

from dramabot.domain.matching.index import NameIndex
from dramabot.domain.matching.readings import MAX_QUERY, NameKind
from dramabot.domain.matching.verdict import (
    CLEAR_LEAD,
    CLEAR_WINNER_CUTOFF,
    MATCH_CUTOFF,
    SUGGESTION_CUTOFF,
    TRUSTED_SCORE,
    agrees,
    best_match,
)

__all__ = [
    "CLEAR_LEAD",
    "CLEAR_WINNER_CUTOFF",
    "MATCH_CUTOFF",
    "MAX_QUERY",
    "SUGGESTION_CUTOFF",
    "TRUSTED_SCORE",
    "NameIndex",
    "NameKind",
    "agrees",
    "best_match",
]
