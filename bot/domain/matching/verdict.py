"""The verdict on a ranking: which hit is the answer, which are suggestions, and whether a
ranking agrees with the exhaustive one. Every cut-off is named here once."""

from __future__ import annotations

from typing import Literal

from dramabot.domain.models import Match

#: A top hit scoring at least this is the answer; below it the answer is "no match" plus
#: suggestions, unless the hit is a clear winner (see `best_match`).
MATCH_CUTOFF = 72.0
#: A hit scoring below `MATCH_CUTOFF` but at least this is still the answer when it leads the
#: runner-up by `CLEAR_LEAD` (`hyungsik` -> Park Hyung Sik, nobody else close).
CLEAR_WINNER_CUTOFF = 58.0
CLEAR_LEAD = 8.0
#: Results scoring at least this are near-certain: they share most of their words or letters
#: with the query. The index must find exactly the ones an exhaustive scan finds (the benchmark
#: and tests check it); below it lie names that share a word or a syllable at most.
TRUSTED_SCORE = 78.0
#: Suggestions ("did you mean", autocomplete) must score at least this.
SUGGESTION_CUTOFF = 45.0


def best_match(matches: list[Match]) -> Match | None:
    """The answer among ranked matches: the first if it scores `MATCH_CUTOFF`, or if it is a
    clear winner; else None ("no match", the matches are suggestions)."""
    if not matches:
        return None
    first = matches[0]
    if first.score >= MATCH_CUTOFF:
        return first
    runner_up = matches[1].score if len(matches) > 1 else 0.0
    if first.score >= CLEAR_WINNER_CUTOFF and first.score - runner_up >= CLEAR_LEAD:
        return first
    return None


#: What `agrees` compares: the answer (if a ranking has one, `best_match`) and the trusted
#: results; the first result, answer or not, and the trusted results; or every result.
Compared = Literal["trusted", "first", "all"]


def agrees(ours: list[Match], reference: list[Match], compared: Compared = "trusted") -> bool:
    """Whether a ranking agrees with the exhaustive one (`NameIndex.search_exhaustive`), ties
    aside: rank by rank the same scores, and the same entities above the lowest of them.

    Compared are the answer and every result scoring `TRUSTED_SCORE` or more (a ranking with an
    answer and one without disagree), or with "first" the first result even when it is only a
    suggestion, or with "all" the whole ranking. Below `TRUSTED_SCORE` a name shares a word or a
    syllable with the query at most, and among 300,000 names many share as much.
    """

    def kept(matches: list[Match]) -> list[Match]:
        if compared == "all":
            return matches
        first = compared == "first" or best_match(matches) is not None
        return [
            m for rank, m in enumerate(matches) if (rank == 0 and first) or m.score >= TRUSTED_SCORE
        ]

    mine, theirs = kept(ours), kept(reference)
    if [round(m.score, 3) for m in mine] != [round(m.score, 3) for m in theirs]:
        return False
    lowest = round(theirs[-1].score, 3) if theirs else 0.0
    above = {m.entity_id for m in theirs if round(m.score, 3) > lowest}
    return above <= {m.entity_id for m in mine}
