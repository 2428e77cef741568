"""The reference ranking: every alias scored the way `NameIndex.search` scores its candidates.
It is slow and exact; the index is measured against it (`verdict.agrees`)."""

from __future__ import annotations

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
