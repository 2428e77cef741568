"""One search's ranking so far: what it has scored, and when no candidate left could change it."""

from __future__ import annotations

from dataclasses import dataclass, field

from dramabot.domain.matching.readings import Reading
from dramabot.domain.matching.scoring import FUZZY_CEILING, kth_score
from dramabot.domain.matching.verdict import SUGGESTION_CUTOFF, TRUSTED_SCORE


@dataclass
class Ranking:
    """One search's ranking so far: the entities scored, and each one's best (score, slot)."""

    query: str
    readings: list[Reading]
    limit: int
    scored: set[int] = field(default_factory=set)
    best: dict[int, tuple[float, int]] = field(default_factory=dict)

    def merge(self, hits: dict[int, tuple[float, int]]) -> None:
        for entity_id, hit in hits.items():
            if entity_id not in self.best or hit[0] > self.best[entity_id][0]:
                self.best[entity_id] = hit

    def settled(self) -> bool:
        """Whether `limit` entities score above every fuzzy score (exact, prefix or word-start
        hits): then no other candidate could enter the ranking."""
        kth = kth_score(self.best, self.limit)
        return kth is not None and kth >= FUZZY_CEILING

    def sure(self) -> bool:
        """Whether a near-certain result (`TRUSTED_SCORE`) is found."""
        return any(score >= TRUSTED_SCORE for score, _ in self.best.values())

    def floor(self) -> float:
        """The score a new name must reach to enter the ranking (`SUGGESTION_CUTOFF`, or the
        last of `limit` names ranked)."""
        kth = kth_score(self.best, self.limit)
        return SUGGESTION_CUTOFF if kth is None else max(SUGGESTION_CUTOFF, kth)
