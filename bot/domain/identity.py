"""Is this the same drama, the same person? The one set of rules every importer and the store
follow. Pure Python: no discord, no storage.

- Two records of one source with different ids (MyDramaList `kdrama_id` or `actor_id`, TMDB
  `tmdb_id`) are never one entity; a shared id always is.
- A title names a drama whose year agrees within one year; an unknown year agrees at a distance
  of one, so a drama with the exact year wins.
- A subtitle may be dropped across sources (`Hwarang` is `Hwarang: The Poet Warrior Youth`), but
  never between two seasons or parts (`Duty After School: Part 1` and `Part 2` are two).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from dramabot.domain.names import SEASON_WORDS, entity_key

#: Source -> the record's id in it, e.g. `{"mdl": "6b7782a3...", "tmdb": "93405"}`.
SourceIds = Mapping[str, str]

#: Years further apart than this are two dramas (a remake, a new series of the same name).
MAX_YEAR_GAP = 1
#: How far an unknown year is from any known one: compatible, but never the best match.
UNKNOWN_YEAR_DISTANCE = 1
_NUMBERED = re.compile(rf"\b(?:{'|'.join(sorted(SEASON_WORDS))})\s*(\d+)\b", re.IGNORECASE)
_TRAILING_NUMBER = re.compile(r"(?<![\d#])\s(\d{1,2})$")


@dataclass(frozen=True, slots=True)
class DramaCandidate:
    """A drama a title may name: its id, year, kind, source ids, and whether the person being
    resolved is credited in it."""

    drama_id: int
    year: int | None
    kind: str = "drama"
    source_ids: SourceIds = field(default_factory=dict)
    credited: bool = False


def ids_conflict(known: SourceIds, incoming: SourceIds) -> bool:
    """Whether the two carry different ids of one source: then they are two entities."""
    return any(known.get(source, value) != value for source, value in incoming.items())


def shares_id(known: SourceIds, incoming: SourceIds) -> bool:
    """Whether the two carry the same id of one source: then they are one entity."""
    return any(known.get(source) == value for source, value in incoming.items())


def year_distance(known: int | None, incoming: int | None) -> int | None:
    """How far apart two years are, or None when they cannot be one drama's."""
    if known is None or incoming is None:
        return UNKNOWN_YEAR_DISTANCE
    distance = abs(known - incoming)
    return distance if distance <= MAX_YEAR_GAP else None


def main_title(title: str) -> str:
    """The title before a subtitle: `Hwarang: The Poet Warrior Youth` -> `Hwarang`."""
    return title.split(":", 1)[0]


def instalment(title: str) -> int | None:
    """The season or part a title names: `Season 2`, `Part 1`, `Sweet Home 2` -> 2, 1, 2."""
    match = _NUMBERED.search(title) or _TRAILING_NUMBER.search(title.strip())
    return int(match[1]) if match else None


def same_work_by_main_title(known_title: str, incoming_title: str) -> bool:
    """Whether two titles of different sources may be one drama by their main titles: the main
    titles agree, and so does the season or part (both none, or the same number)."""
    return entity_key(main_title(known_title)) == entity_key(
        main_title(incoming_title)
    ) and instalment(known_title) == instalment(incoming_title)


def pick_drama(
    candidates: Iterable[DramaCandidate],
    year: int | None,
    kind: str = "drama",
    source_ids: SourceIds | None = None,
) -> int | None:
    """Of the dramas a title may name, the one meant, or None for a new drama.

    A candidate with a conflicting source id or a year too far is out. Then: a shared source id,
    the closest year, one the person is credited in, the kind asked for, the first catalogued.
    """
    incoming = source_ids or {}
    ranked = []
    for candidate in candidates:
        if ids_conflict(candidate.source_ids, incoming):
            continue
        distance = year_distance(candidate.year, year)
        if distance is None:
            continue
        ranked.append(
            (
                not shares_id(candidate.source_ids, incoming),
                distance,
                not candidate.credited,
                candidate.kind != kind,
                candidate.drama_id,
            )
        )
    return min(ranked)[-1] if ranked else None


def pick_person(
    candidates: Iterable[tuple[int, SourceIds]], source_ids: SourceIds | None = None
) -> int | None:
    """Of the people a spelling may name (id, source ids), the one meant: a shared source id,
    else the first without a conflicting one; None for a new person (a homonym)."""
    incoming = source_ids or {}
    fitting = [
        (not shares_id(known, incoming), person_id)
        for person_id, known in candidates
        if not ids_conflict(known, incoming)
    ]
    return min(fitting)[1] if fitting else None
