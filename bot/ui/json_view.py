"""Machine-readable answers for `--json`: plain dicts of the domain results."""

from __future__ import annotations

from typing import Any

from dramabot.domain.answers import ReviewAnswer
from dramabot.domain.models import ActorProfile, Match, Recommendation, Score

#: The key of the blog's own score (a post that names no reviewer) in `scores`.
BLOG_SCORE_KEY = "blog"


def scores_json(scores: tuple[Score, ...]) -> dict[str, float]:
    """`{reviewer: score}`; a score the post gives nobody is the blog's, under `blog`."""
    return {s.reviewer or BLOG_SCORE_KEY: s.score for s in scores}


def review_json(answer: ReviewAnswer) -> dict[str, Any]:
    """`title, kind, year, episodes, episode_minutes, scores {reviewer: score}, cast, url`; a
    review's own figures and cast win over the catalogue's. A film is one episode as long as
    its runtime."""
    drama, review = answer.drama, answer.review
    cast = review.cast if review and review.cast else answer.cast
    film = drama.kind == "film"
    episodes = (review.episodes if review else None) or drama.episodes
    return {
        "id": drama.id,
        "title": drama.title,
        "kind": "film" if film else "series",
        "year": drama.year,
        "aliases": list(drama.aliases),
        "reviewed": review is not None,
        "url": review.url if review else None,
        "posted_on": review.posted_on.isoformat() if review and review.posted_on else None,
        "headline": review.headline if review else None,
        "episodes": 1 if film else episodes,
        "episode_minutes": (review.episode_minutes if review else None) or drama.episode_minutes,
        "scores": scores_json(review.scores) if review else {},
        "average": round(review.average, 2) if review and review.average is not None else None,
        "genres": list(drama.genres),
        "cast": [{"name": c.person.name, "role": c.role, "billing": c.billing} for c in cast],
        "text": review.text if review else None,
        "note": answer.note,
    }


def recommendations_json(picks: list[Recommendation]) -> list[dict[str, Any]]:
    """A ranked list with `rank, title, year, episodes, score, reason`."""
    return [
        {
            "rank": rank,
            "id": pick.drama.id,
            "title": pick.drama.title,
            "year": pick.drama.year,
            "episodes": pick.drama.episodes,
            "episode_minutes": pick.drama.episode_minutes,
            "score": pick.score,
            "scores": scores_json(pick.review_scores),
            "reason": pick.reason,
        }
        for rank, pick in enumerate(picks, start=1)
    ]


def actor_json(profile: ActorProfile) -> dict[str, Any]:
    return {
        "id": profile.person.id,
        "name": profile.person.name,
        "aliases": list(profile.person.aliases),
        "credits": [
            {
                "title": c.drama.title,
                "year": c.drama.year,
                "role": c.role,
                "billing": c.billing,
                "scores": scores_json(profile.reviewed.get(c.drama.id, ())),
            }
            for c in profile.credits
        ],
    }


def matches_json(query: str, matches: list[Match]) -> dict[str, Any]:
    return {
        "query": query,
        "matches": [
            {"id": m.entity_id, "name": m.name, "score": round(m.score, 2), "matched": m.matched}
            for m in matches
        ],
    }
