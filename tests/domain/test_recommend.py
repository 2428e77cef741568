"""Recommending: what a query accepts (zero is a criterion, not "not given"; non-finite numbers
are refused by name) and the picks it makes."""

from __future__ import annotations

import math

import pytest

from dramabot.domain.errors import UserFacingError
from dramabot.domain.models import Drama, Review, Score
from dramabot.domain.recommend import Candidate, RecommendQuery, length_options, recommend
from dramabot.service import DramaService


def reviewed(drama_id: int, title: str, *scores: float, episodes: int = 16) -> Candidate:
    drama = Drama(drama_id, title, 2020, episodes=episodes, episode_minutes=60)
    review = Review(
        id=drama_id,
        drama=drama,
        posted_on=None,
        headline=title,
        text="",
        source_name=f"{drama_id}.txt",
        content_hash=str(drama_id),
        scores=tuple(Score(r, s) for r, s in zip(("Oppa", "Noona"), scores, strict=False)),
        episodes=None,
        episode_minutes=None,
    )
    return Candidate(drama, review)


CANDIDATES = [
    reviewed(1, "Middling", 2.5, 3.0),
    reviewed(2, "Loved", 4.9, 4.8),
    reviewed(3, "Panned", 0.0, 0.0),
    Candidate(Drama(4, "Not Reviewed", 2021, episodes=12, episode_minutes=60)),
]


def test_min_score_zero_alone_recommends_every_reviewed_drama_best_first() -> None:
    picks = recommend(RecommendQuery(min_score=0.0), CANDIDATES)
    assert [p.drama.title for p in picks] == ["Loved", "Middling", "Panned"]


@pytest.mark.parametrize("hours", [math.nan, math.inf, -math.inf])
def test_non_finite_max_hours_is_refused_naming_the_option(hours: float) -> None:
    with pytest.raises(UserFacingError, match="max hours"):
        RecommendQuery(max_hours=hours)


@pytest.mark.parametrize("score", [math.nan, math.inf, -0.5, 5.5])
def test_min_score_outside_0_to_5_is_refused_naming_the_option(score: float) -> None:
    with pytest.raises(UserFacingError, match="min score"):
        RecommendQuery(min_score=score)


@pytest.mark.parametrize(
    ("options", "named"),
    [({"max_hours": 1e300}, "max hours"), ({"max_episodes": 10**30}, "max episodes"),
     ({"max_hours": 5, "limit": 0}, "limit"), ({"max_hours": 5, "limit": 200}, "limit")],
)  # fmt: skip
def test_a_value_past_its_declared_bound_is_refused_naming_the_option(
    options: dict[str, float], named: str
) -> None:
    with pytest.raises(UserFacingError, match=named):
        RecommendQuery(**options)  # type: ignore[arg-type]
    top = RecommendQuery(max_hours=RecommendQuery.HOURS[1], max_episodes=RecommendQuery.EPISODES[1])
    assert top.minutes_cap == 60_000
    assert [p.drama.title for p in recommend(top, CANDIDATES)][:2] == ["Loved", "Middling"]


@pytest.mark.parametrize("length", [None, "any", "short", "medium"])
def test_max_episodes_zero_is_refused_with_or_without_a_length(length: str | None) -> None:
    with pytest.raises(UserFacingError, match="max episodes must be at least 1"):
        RecommendQuery(**length_options(length, 0))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("length", "max_episodes", "cap"),
    [("medium", 12, 12), ("medium", 20, 16), ("short", 4, 4), ("any", None, None)],
)
def test_the_tighter_episode_limit_wins(length: str, max_episodes: int | None, cap: int) -> None:
    options = length_options(length, max_episodes)
    query = RecommendQuery(**options, min_score=0.0)  # type: ignore[arg-type]
    assert query.episode_cap == cap


# ---- Through the service: what a user typed becomes a query


async def test_limit_zero_is_refused_not_turned_into_ten(empty_service: DramaService) -> None:
    with pytest.raises(UserFacingError, match="limit must be between 1"):
        await empty_service.recommend_query(min_score=4.0, limit=0)
    assert (await empty_service.recommend_query(min_score=4.0)).limit == 10


async def test_min_score_zero_alone_recommends_the_top_scored_reviews(
    service: DramaService,
) -> None:
    picks = await service.recommend(await service.recommend_query(min_score=0))
    assert picks and all(p.score is not None for p in picks)
    scores = [p.score for p in picks]
    assert scores == sorted(scores, reverse=True)
