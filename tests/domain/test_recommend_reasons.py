"""What a fan reads in a recommendation: the exact reasons, the refusals, the edges of each
limit, and the order of picks that tie on the reviewers' scores."""

from __future__ import annotations

import pytest

from dramabot.domain.errors import UserFacingError
from dramabot.domain.models import Credit, Drama, Person, Review, Score
from dramabot.domain.recommend import (
    MIN_LIKENESS,
    Candidate,
    RecommendQuery,
    explain,
    length_options,
    likeness,
    recommend,
)

PARK = Person(7, "Park Hyung Sik")


def drama(drama_id: int = 1, episodes: int | None = 16, minutes: int | None = 60, **facts):  # type: ignore[no-untyped-def]
    return Drama(drama_id, f"Drama {drama_id}", facts.pop("year", 2020), episodes=episodes,
                 episode_minutes=minutes, **facts)  # fmt: skip


def reviewed(d: Drama, *scores: float) -> Review:
    return Review(
        d.id, d, None, d.title, "", "x.txt", str(d.id),
        tuple(Score(r, s) for r, s in zip(("Oppa", "Noona"), scores, strict=False)), None, None,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("candidate", "reason"),
    [
        (Candidate(drama(), reviewed(drama(), 4.5, 4.0), Credit(PARK, drama(), "Ahn", "lead")),
         "Park Hyung Sik as Ahn; 16 episodes × 60 min; Oppa 4.5 / Noona 4"),
        (Candidate(drama(minutes=None), None, Credit(PARK, drama(), None, "support")),
         "Park Hyung Sik; 16 episodes; not reviewed yet"),
        (Candidate(drama(episodes=None, minutes=50), None, None, "also with Han So Hee"),
         "also with Han So Hee; not reviewed yet"),
    ],
)  # fmt: skip
def test_the_reason_a_fan_reads(candidate: Candidate, reason: str) -> None:
    assert explain(candidate) == reason


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({}, "Tell me what you like: an actor, a drama you liked, a length (short, max episodes, "
             "max hours) or a minimum score."),
        ({"max_episodes": 0}, "max episodes must be at least 1: no drama has fewer episodes."),
        ({"max_hours": float("nan")}, "max hours must be a number of hours, like 10 or 12.5."),
        ({"max_hours": 0.0}, "max hours must be more than 0 and at most 1000."),
        ({"max_hours": 5, "limit": 51}, "limit must be between 1 and 50."),
    ],
)  # fmt: skip
def test_a_refusal_says_exactly_what_to_change(options: dict, message: str) -> None:
    with pytest.raises(UserFacingError) as refused:
        RecommendQuery(**options)
    assert refused.value.message == message


@pytest.mark.parametrize(
    "options",
    [{"max_episodes": 1}, {"max_hours": 0.25}, {"max_hours": 1000.0}, {"min_score": 5.0},
     {"short": True, "limit": 50}, {"short": True, "limit": 1}],
)  # fmt: skip
def test_the_edges_of_each_limit_are_allowed(options: dict) -> None:
    assert RecommendQuery(**options)


def test_a_length_at_the_cap_fits_and_one_more_does_not() -> None:
    at_cap = Candidate(drama(1, episodes=8, minutes=60), reviewed(drama(1), 4.0))
    over = Candidate(drama(2, episodes=9, minutes=60), reviewed(drama(2), 4.0))
    picks = recommend(RecommendQuery(short=True), [at_cap, over])
    assert [p.drama.id for p in picks] == [1]
    hours = recommend(RecommendQuery(max_hours=8.0), [at_cap, over])  # 8 × 60 min = 8 hours
    assert [p.drama.id for p in hours] == [1]
    unknown = Candidate(drama(3, episodes=8, minutes=None), reviewed(drama(3), 4.0))
    assert recommend(RecommendQuery(max_hours=100.0), [unknown]) == []


@pytest.mark.parametrize(
    ("typed", "short", "cap"),
    [("SHORT", True, None), (" Medium ", False, 16), (None, False, None), ("any", False, None)],
)
def test_length_choices_are_read_whatever_their_case(typed: str, short: bool, cap: int) -> None:
    assert length_options(typed, None) == {"short": short, "max_episodes": cap}
    with pytest.raises(UserFacingError, match="length must be one of: short, medium, any."):
        length_options("tiny", None)


def test_likeness_weighs_cast_then_genres_then_a_similar_length() -> None:
    liked = drama(1, episodes=16, genres=("Romance",))
    same_length = drama(2, episodes=16, genres=("Romance",))
    far_length = drama(3, episodes=100, genres=("Romance",))
    unknown_length = drama(4, episodes=None, genres=("Romance",))
    assert likeness(liked, same_length, [])[0] == 2.0  # a genre and the same length
    assert likeness(liked, far_length, [])[0] == 1.0  # the length term never goes below 0
    assert likeness(liked, unknown_length, [])[0] == 1.0
    assert likeness(liked, drama(5, episodes=24), [])[0] == 0.5  # 8 episodes apart: half
    assert likeness(liked, drama(6, episodes=None), ["A", "B", "C", "D"]) == (
        8.0, "also with A, B, C",
    )  # fmt: skip
    assert MIN_LIKENESS == 2.0
    exactly = Candidate(same_length, likeness=MIN_LIKENESS)
    assert recommend(RecommendQuery(like=liked), [exactly])  # alike enough at the threshold


def test_picks_that_tie_on_scores_rank_by_likeness_then_the_newest() -> None:
    older = drama(1, year=2015)
    newer = drama(2, year=2021)
    alike = drama(3, year=2010)
    picks = recommend(
        RecommendQuery(min_score=0.0),
        [Candidate(d, reviewed(d, 4.0, 4.0), likeness=2.5 if d is alike else 0.0)
         for d in (older, newer, alike)],
    )  # fmt: skip
    assert [p.drama.id for p in picks] == [3, 2, 1]
    assert picks[0].review_scores == (Score("Oppa", 4.0), Score("Noona", 4.0))
    unreviewed = recommend(RecommendQuery(short=True), [Candidate(drama(9, episodes=4))])
    assert unreviewed[0].review_scores == () and unreviewed[0].score is None


def test_a_likeness_reason_names_the_shared_cast_and_at_most_three_genres() -> None:
    genres = ("Romance", "Comedy", "Music", "Youth")
    liked, other = drama(1, genres=genres), drama(2, genres=genres)
    assert likeness(liked, other, ["Han So Hee"])[1] == (
        "also with Han So Hee; Romance, Comedy, Music like Drama 1"
    )


def test_the_posts_own_minutes_count_in_the_length() -> None:
    d = drama(1, episodes=10, minutes=60)
    review = Review(1, d, None, d.title, "", "x.txt", "1", (Score("Oppa", 4.0),), None, 30)
    assert "10 episodes × 30 min" in explain(Candidate(d, review))
    assert recommend(RecommendQuery(max_hours=5.0), [Candidate(d, review)])  # 10 × 30 = 5 h
