"""The answers commands give, and the short references that rebuild them. Pure Python.

A paged answer travels in a button's custom_id as an `AnswerRef` (`review:12`, `actor:7`,
`recommend:a12,s,h10.5`), so paging keeps working after a restart: the service turns a reference
back into an answer, and the UI renders it, the same way for the command and its buttons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from dramabot.domain.errors import UserFacingError
from dramabot.domain.members import Community
from dramabot.domain.models import ActorProfile, Credit, Drama, Recommendation, Review
from dramabot.domain.recommend import DEFAULT_RESULTS, RecommendQuery

AnswerKind = Literal["review", "actor", "recommend"]
_QUERY_PART = re.compile(r"^(?P<flag>[aksehmnfu])(?P<value>[\d.]*)$")
STALE = "These buttons belong to an answer I can no longer rebuild."


@dataclass(frozen=True, slots=True)
class ReviewAnswer:
    """A drama and its review (None when the blog has not reviewed it) with the catalogue cast."""

    drama: Drama
    review: Review | None
    cast: tuple[Credit, ...]
    #: What this server's members make of it; None outside a server (or in the console).
    community: Community | None = None
    #: Asked outside any server (a DM): the card says members' counts are a server's.
    outside_server: bool = False
    #: What the answer is not, though asked (`The catalogue has no season 2 of Squid Game`).
    note: str | None = None


@dataclass(frozen=True, slots=True)
class RecommendAnswer:
    """The picks for a query, best first."""

    query: RecommendQuery
    picks: list[Recommendation]


Answer = ReviewAnswer | ActorProfile | RecommendAnswer


@dataclass(frozen=True, slots=True)
class Watchlist:
    """The titles a member wants to watch, within a length when asked; one when `random`."""

    items: list[ReviewAnswer]
    length: str | None = None
    random: bool = False


@dataclass(frozen=True, slots=True)
class AnswerRef:
    """Which answer a set of pages shows: `review` of a drama id, `actor` of a person id, or
    `recommend` with the query encoded as `a12,s,h10.5` (actor 12, short, at most 10.5 hours)."""

    kind: AnswerKind
    key: str


@dataclass(frozen=True, slots=True)
class RecommendRef:
    """A recommendation query as a reference holds it: ids instead of the actor and drama."""

    actor_id: int | None = None
    like_id: int | None = None
    short: bool = False
    max_episodes: int | None = None
    max_hours: float | None = None
    min_score: float | None = None
    limit: int = DEFAULT_RESULTS
    for_you: bool = False
    unseen: bool = False


def review_ref(drama_id: int) -> AnswerRef:
    return AnswerRef("review", str(drama_id))


def actor_ref(person_id: int) -> AnswerRef:
    return AnswerRef("actor", str(person_id))


def recommend_ref(query: RecommendQuery) -> AnswerRef:
    parts = []
    if query.actor:
        parts.append(f"a{query.actor.id}")
    if query.like:
        parts.append(f"k{query.like.id}")
    if query.short:
        parts.append("s")
    for flag, value in (("e", query.max_episodes), ("h", query.max_hours), ("m", query.min_score)):
        if value is not None:
            parts.append(f"{flag}{_plain_number(value)}")
    parts.append(f"n{query.limit}")
    parts += [flag for flag, on in (("f", query.for_you), ("u", query.unseen)) if on]
    return AnswerRef("recommend", ",".join(parts))


def referenced_id(ref: AnswerRef) -> int:
    """The drama or person id a review or actor reference names."""
    if not ref.key.isdigit():
        raise UserFacingError(STALE)
    return int(ref.key)


def decode_recommend(key: str) -> RecommendRef:
    """The query a `recommend` reference encodes; `UserFacingError` when it is not one."""
    options: dict[str, str] = {}
    for part in key.split(","):
        match = _QUERY_PART.match(part)
        if not match:
            raise UserFacingError(STALE)
        options[match["flag"]] = match["value"]
    try:
        return RecommendRef(
            actor_id=int(options["a"]) if "a" in options else None,
            like_id=int(options["k"]) if "k" in options else None,
            short="s" in options,
            max_episodes=int(options["e"]) if "e" in options else None,
            max_hours=float(options["h"]) if "h" in options else None,
            min_score=float(options["m"]) if "m" in options else None,
            limit=int(options.get("n") or DEFAULT_RESULTS),
            for_you="f" in options,
            unseen="u" in options,
        )
    except ValueError:
        raise UserFacingError(STALE) from None


def _plain_number(value: float) -> str:
    """`10.5`, `0`: digits and a point only. `:g` wrote `1e-05`, which neither the button's
    custom_id template nor `decode_recommend` accepts, so /recommend failed on such a score."""
    return f"{abs(value):.6f}".rstrip("0").rstrip(".") or "0"
