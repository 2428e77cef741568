"""Behaviours mutation testing found unguarded, each pinned as a reader would notice it:
films are not recommended as series, a post's own length counts, `like:` rewards shared genres,
scores at the edges of the scale, CR line endings, `&` in names, dramas before 2000."""

from __future__ import annotations

import pytest

from dramabot.domain.errors import PostFormatError
from dramabot.domain.models import Drama, Review, Score
from dramabot.domain.names import entity_key, title_form
from dramabot.domain.posts import parse_post
from dramabot.domain.recommend import Candidate, RecommendQuery, likeness, recommend


def review_of(drama: Drama, *scores: float, episodes: int | None = None) -> Review:
    return Review(
        id=drama.id, drama=drama, posted_on=None, headline=drama.title, text="",
        source_name="x.txt", content_hash=str(drama.id),
        scores=tuple(Score(r, s) for r, s in zip(("Oppa", "Noona"), scores, strict=False)),
        episodes=episodes, episode_minutes=None,
    )  # fmt: skip


def test_a_film_is_never_recommended_as_a_short_series() -> None:
    film = Drama(1, "Seo Bok", 2021, kind="film", episodes=1, episode_minutes=114)
    series = Drama(2, "Soundtrack #1", 2022, episodes=4, episode_minutes=50)
    picks = recommend(
        RecommendQuery(short=True),
        [Candidate(film, review_of(film, 5.0, 5.0)), Candidate(series, review_of(series, 4.9))],
    )
    assert [p.drama.title for p in picks] == ["Soundtrack #1"]


def test_the_posts_own_episode_count_decides_the_length() -> None:
    """The catalogue says 16 episodes; the post (the blog's own count) says 6: short."""
    drama = Drama(1, "Cut Short", 2020, episodes=16, episode_minutes=60)
    candidate = Candidate(drama, review_of(drama, 4.0, 4.0, episodes=6))
    assert [p.drama.title for p in recommend(RecommendQuery(short=True), [candidate])] == [
        "Cut Short"
    ]
    longer = Candidate(drama, review_of(drama, 4.0, 4.0, episodes=20))
    assert recommend(RecommendQuery(max_episodes=16), [longer]) == []
    assert "6 episodes × 60 min" in recommend(RecommendQuery(short=True), [candidate])[0].reason


def test_sharing_genres_makes_a_drama_more_alike_not_less() -> None:
    liked = Drama(1, "Liked", 2020, episodes=16, genres=("Romance", "Comedy", "Music"))
    alike = Drama(2, "Alike", 2020, episodes=16, genres=("Romance", "Comedy", "Music"))
    other = Drama(3, "Other", 2020, episodes=16, genres=("Horror",))
    near, why = likeness(liked, alike, [])
    far, _ = likeness(liked, other, [])
    assert near > far and "Romance, Comedy, Music like Liked" in why
    assert likeness(liked, alike, ["Park Hyung Sik"])[0] > near  # shared cast counts more
    picks = recommend(
        RecommendQuery(like=liked),
        [Candidate(d, likeness=likeness(liked, d, [])[0]) for d in (other, alike)],
    )
    assert [p.drama.title for p in picks] == ["Alike"]


def post(headline: str, closing: str = "") -> str:
    return f"01 July 2020\n\n{headline}\n\nWords.\n\n{closing}\n"


@pytest.mark.parametrize(
    ("headline", "closing", "scores"),
    [
        ("K Drama Review: Panned (2020) 0 || 0", "", [0.0, 0.0]),
        ("K Drama Review: Panned (2020)", "Oppa says...0.\n\nNoona says...0.", [0.0, 0.0]),
        ("K Drama Review: Perfect (2020) 5 || 5", "", [5.0, 5.0]),
    ],
)
def test_the_edges_of_the_scale_are_scores(headline: str, closing: str, scores: list) -> None:
    assert [s.score for s in parse_post(post(headline, closing)).scores] == scores


@pytest.mark.parametrize(
    ("headline", "closing"),
    [
        ("K Drama Review: Too Good (2020) 10 || 4", ""),
        ("K Drama Review: Too Good (2020)", "Oppa says...10.\n\nNoona says...4."),
        ("K Drama Review: Below (2020)", "Oppa says...-1.\n\nNoona says...4."),
        ("K Drama Review: Below (2020) -1 || 4", ""),
    ],
)
def test_a_score_off_the_scale_is_refused_not_misread(headline: str, closing: str) -> None:
    with pytest.raises(PostFormatError, match="outside 0 to 5"):
        parse_post(post(headline, closing))


def test_cr_line_endings_read_as_lines() -> None:
    text = post("K Drama Review: Old Mac (2020) 4 || 4.5", "Oppa says...4.\n\nNoona says...4.5.")
    text = text.replace("Words.", "Kim Go Eun as Ji Eun Tak\n\nWords.").replace("\n", "\r")
    parsed = parse_post(text)
    assert (parsed.title, [s.score for s in parsed.scores]) == ("Old Mac", [4.0, 4.5])
    assert [(c.name, c.role) for c in parsed.cast] == [("Kim Go Eun", "Ji Eun Tak")]
    assert "\r" not in parsed.text


@pytest.mark.parametrize(
    ("one", "other"),
    [("Crash & Burn", "Crash and Burn"), ("Me & My Ahjussi", "me and my ahjussi")],
)
def test_an_ampersand_is_the_word_and(one: str, other: str) -> None:
    assert entity_key(one) == entity_key(other)
    assert title_form(one) == title_form(other)


@pytest.mark.parametrize(("year", "title"), [(1997, "Star in My Heart"), (1999, "Tomato")])
def test_a_drama_before_2000_keeps_its_year(year: int, title: str) -> None:
    parsed = parse_post(post(f"K Drama Review: {title} ({year}) 4 || 4"))
    assert (parsed.title, parsed.year) == (title, year)
