"""Catalogue entries as importers read them, before they are merged into the store."""

from __future__ import annotations

from dataclasses import dataclass

from dramabot.domain.models import Billing, Kind


@dataclass(frozen=True, slots=True)
class CastEntry:
    """A person credited on an incoming drama; `role` is a character name when known."""

    name: str
    role: str | None = None
    billing: Billing = "support"
    aliases: tuple[str, ...] = ()
    #: (source, id) pairs, e.g. `(("mdl", "12345"),)` for a MyDramaList `actor_id`.
    source_ids: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class DramaEntry:
    """An incoming drama from any catalogue source; unknown facts are None."""

    title: str
    year: int | None = None
    aliases: tuple[str, ...] = ()
    kind: Kind = "drama"
    country: str | None = None
    episodes: int | None = None
    episode_minutes: int | None = None
    genres: tuple[str, ...] = ()
    network: str | None = None
    synopsis: str | None = None
    cast: tuple[CastEntry, ...] = ()
    #: (source, id) pairs, e.g. `(("tmdb", "93405"),)`: see `bot.domain.identity`.
    source_ids: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class MergeReport:
    """What merging a batch changed; `touched_*` are the ids whose names the index must refresh."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    people_added: int = 0
    credits_added: int = 0
    touched_dramas: frozenset[int] = frozenset()
    touched_people: frozenset[int] = frozenset()
