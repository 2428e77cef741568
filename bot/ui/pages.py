"""Paged answers that can be rebuilt from a short reference, so paging buttons keep working
after a restart: the reference travels in the button's custom_id."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import discord

from bot.domain.errors import UserFacingError
from bot.domain.recommend import RecommendQuery
from bot.service import DramaService
from bot.ui import embeds

PageKind = Literal["review", "actor", "recommend"]
_QUERY_PART = re.compile(r"^(?P<flag>[aksehmn])(?P<value>[\d.]*)$")


@dataclass(frozen=True, slots=True)
class PageRef:
    """Which answer a set of pages shows: `review` of a drama id, `actor` of a person id, or
    `recommend` with the query encoded as `a12,s,h10.5` (actor 12, short, at most 10.5 hours)."""

    kind: PageKind
    key: str


def review_ref(drama_id: int) -> PageRef:
    return PageRef("review", str(drama_id))


def actor_ref(person_id: int) -> PageRef:
    return PageRef("actor", str(person_id))


def recommend_ref(query: RecommendQuery) -> PageRef:
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
    return PageRef("recommend", ",".join(parts))


def _plain_number(value: float) -> str:
    """`10.5`, `0`: digits and a point only. `:g` wrote `1e-05`, which neither the button's
    custom_id template nor `_decode_query` accepts, so /recommend failed on such a score."""
    return f"{abs(value):.6f}".rstrip("0").rstrip(".") or "0"


async def build_pages(service: DramaService, ref: PageRef) -> list[discord.Embed]:
    """Rebuild the pages a reference names, from the store as it is now."""
    if ref.kind == "review":
        drama = await service.store.drama(int(ref.key))
        if drama is None:
            raise UserFacingError("That drama is no longer in the catalogue.")
        return embeds.review_pages(await service.review_of(drama))
    if ref.kind == "actor":
        person = await service.store.person(int(ref.key))
        if person is None:
            raise UserFacingError("That actor is no longer in the catalogue.")
        return embeds.actor_pages(await service.actor_profile(person))
    query = await _decode_query(service, ref.key)
    return embeds.recommendation_pages(query, await service.recommend(query))


async def _decode_query(service: DramaService, key: str) -> RecommendQuery:
    options: dict[str, str] = {}
    for part in key.split(","):
        match = _QUERY_PART.match(part)
        if not match:
            raise UserFacingError("These buttons belong to an answer I can no longer rebuild.")
        options[match["flag"]] = match["value"]
    actor = await service.store.person(int(options["a"])) if "a" in options else None
    like = await service.store.drama(int(options["k"])) if "k" in options else None
    return RecommendQuery(
        actor=actor,
        like=like,
        short="s" in options,
        max_episodes=int(options["e"]) if "e" in options else None,
        max_hours=float(options["h"]) if "h" in options else None,
        min_score=float(options["m"]) if "m" in options else None,
        limit=int(options.get("n") or 10),
    )
