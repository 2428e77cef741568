"""What a title query asks beyond a name, and the honest answer when it cannot be given
exactly: a season or part the catalogue lacks (`squid game season 2`), a year that picks one of
several dramas (`High Society (2018)`), several dramas that fit equally well. Pure Python."""

from __future__ import annotations

import re

from dramabot.domain.errors import AmbiguousError
from dramabot.domain.models import Drama
from dramabot.domain.names import clean, title_form

#: A number after a title up to this is a season or part (`Sweet Home 2`); above, part of the
#: title or a year (`Reply 1988`).
MAX_SEASON = 20
_YEAR = re.compile(r"(?:^|\D)(19[5-9]\d|20\d\d)\)?\s*$")
_LABEL_YEAR = re.compile(r"\s*\((?:19[5-9]\d|20\d\d)\)\s*$")
_PART = re.compile(r"\bpart\b", re.IGNORECASE)


def asked_season(query: str) -> int | None:
    """The season a query asks for (`squid game season 2`, `sweet home 2`, `... Part 3`); None
    when the query ends in no small number, or is only one (`2521`)."""
    words = title_form(query).split()
    if len(words) < 2 or not words[-1].isdigit():
        return None
    number = int(words[-1])
    return number if 1 <= number <= MAX_SEASON else None


def missing_season(query: str, drama: Drama) -> int | None:
    """The season a query asks for that `drama` is not: none of its names carries that number
    (`Squid Game` for `squid game season 2`). A title without a number is its first season."""
    season = asked_season(query)
    if season is None:
        return None
    numbers = {w for name in (drama.title, *drama.aliases) for w in title_form(name).split()}
    numbers = {w for w in numbers if w.isdigit()}
    if str(season) in numbers or (season == 1 and not numbers):
        return None
    return season


def season_note(query: str, season: int, dramas: list[Drama]) -> str:
    """`The catalogue has no season 2 of Squid Game; it has Squid Game (2021).`"""
    word = "part" if _PART.search(query) else "season"
    first = min(dramas, key=lambda d: len(d.title)).title  # `Hospital Playlist`, not `... 2`
    labels = [d.label for d in sorted(dramas, key=lambda d: (d.year or 0, d.title))]
    return f"The catalogue has no {word} {season} of {first}; it has {_and(labels)}."


def without_year(query: str) -> str:
    """A query without the `(2018)` a label ends with: the name to look up (the year then
    picks among the dramas of that name, `pick_by_year`)."""
    return _LABEL_YEAR.sub("", query).strip() or query


def asked_year(query: str) -> int | None:
    """The year a query ends with (`High Society (2018)`, `twin title 2019`), else None."""
    found = _YEAR.search(query.strip())
    return int(found[1]) if found else None


def pick_by_year(query: str, dramas: list[Drama]) -> list[Drama]:
    """Of several dramas that fit a name, the one of the year the query ends with, if exactly
    one is of that year; else all of them."""
    year = asked_year(query)
    of_year = [d for d in dramas if d.year == year] if year is not None else []
    return of_year if len(of_year) == 1 else dramas


def tie(query: str, dramas: list[Drama], note: str | None = None) -> AmbiguousError:
    """Several dramas fit a name equally well: which one? Each is named with its year."""
    shown = " ".join(clean(query).split())[:80]
    labels = [d.label for d in dramas]
    message = f"{note} Which one?" if note else f"Several dramas fit '{shown}': {_or(labels)}?"
    return AmbiguousError(message, tuple(dramas), note=note)


def _and(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def _or(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]
