"""The reference ranking: every alias scored the way `NameIndex.search` scores its candidates.
It is slow and exact; the index is measured against it (`verdict.agrees`), and so are other
ways of finding candidates (`ranked_among`: the benchmark's anchors)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from dramabot.domain.models import Match

if TYPE_CHECKING:
    from dramabot.domain.matching.index import NameIndex


def exhaustive(index: NameIndex, query: str, limit: int = 5) -> list[Match]:
    """The `limit` best entities for a query, every alias of the index scored."""
    readings = index.readings(query)
    if not readings:
        return []
    scored = index._scored(query, readings, range(index.slot_count()), index.exact(query))
    return index._top(scored, limit)


def ranked_among(
    index: NameIndex, query: str, entity_ids: Iterable[int], limit: int = 5
) -> list[Match]:
    """The `limit` best of these entities for a query, scored as `exhaustive` scores them: how
    candidates found some other way rank."""
    readings = index.readings(query)
    if not readings:
        return []
    slots = index.slots_of(entity_ids)
    exact = index.exact(query) & set(slots)
    return index._top(index._scored(query, readings, slots, exact), limit)
