"""Members in the domain: ratings as stored, taste agreement (a property test), and the reason a
pick "for you" gives."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dramabot.domain.errors import UserFacingError
from dramabot.domain.members import MIN_SHARED, agreement, check_rating
from dramabot.domain.models import Credit, Drama, Person
from dramabot.domain.recommend import Candidate, RecommendQuery, recommend

HALVES = st.integers(0, 10).map(lambda n: n / 2)


@pytest.mark.parametrize(
    ("score", "note", "stored"),
    [(4.5, None, (4.5, None)), (0, "  ", (0, None)), (5, " so  good ", (5, "so good"))],
)
def test_a_rating_is_kept_in_halves_with_a_tidy_note(
    score: float, note: str | None, stored: tuple[float, str | None]
) -> None:
    assert check_rating(score, note) == stored


@pytest.mark.parametrize(
    ("score", "note", "said"),
    [
        (4.3, None, "halves"),
        (5.5, None, "from 0 to 5"),
        (-0.5, None, "from 0 to 5"),
        (float("nan"), None, "from 0 to 5"),
        (4, "x" * 201, "at most 200 characters (201 given)"),
    ],
)
def test_a_rating_out_of_bounds_is_refused(score: float, note: str | None, said: str) -> None:
    with pytest.raises(UserFacingError, match=said.replace("(", r"\(").replace(")", r"\)")):
        check_rating(score, note)


@given(st.lists(st.tuples(HALVES, HALVES), max_size=MIN_SHARED - 1))
def test_fewer_than_five_shared_titles_say_nothing(pairs: list[tuple[float, float]]) -> None:
    found = agreement(pairs)
    assert found.percent is None and found.shared == len(pairs)


@given(st.lists(st.tuples(HALVES, HALVES), min_size=MIN_SHARED, max_size=60))
def test_agreement_is_a_percentage_shrunk_toward_half(pairs: list[tuple[float, float]]) -> None:
    found = agreement(pairs)
    assert found.percent is not None and 0 <= found.percent <= 100
    raw = 100 * (1 - sum(abs(a - b) for a, b in pairs) / (5 * len(pairs)))
    assert abs(found.percent - 50) <= abs(raw - 50) + 1e-9  # never further from 50% than raw
    assert agreement([(b, a) for a, b in pairs]) == found  # the same both ways


@given(HALVES, st.integers(MIN_SHARED, 40))
def test_the_same_scores_agree_more_the_more_titles_share_them(score: float, shared: int) -> None:
    fewer = agreement([(score, score)] * shared).percent
    more = agreement([(score, score)] * (shared + 1)).percent
    assert fewer is not None and more is not None and 50 < fewer < more < 100


def test_opposite_scores_disagree() -> None:
    opposite = agreement([(0.0, 5.0)] * 10).percent
    assert opposite is not None and opposite < 50


PARK = Person(1, "Park Hyung Sik")
HAN = Person(2, "Han So Hee")


def _drama(drama_id: int, title: str, episodes: int) -> Drama:
    return Drama(drama_id, title, 2022, "drama", episodes=episodes)


@pytest.mark.parametrize(
    ("credits", "reason"),
    [
        ([(PARK, "lead")], "Park Hyung Sik, one of your favourites, leads it; 4 episodes"),
        ([(PARK, "support")], "Park Hyung Sik, one of your favourites, is in it; 4 episodes"),
        (
            [(PARK, "lead"), (HAN, "lead")],
            "Park Hyung Sik and Han So Hee, two of your favourites, lead it; 4 episodes",
        ),
        (
            [(PARK, "mention"), (HAN, "support")],
            "Park Hyung Sik and Han So Hee, two of your favourites, are in it; 4 episodes",
        ),
    ],
)
def test_a_pick_for_you_names_the_favourites_in_it(
    credits: list[tuple[Person, str]], reason: str
) -> None:
    drama = _drama(7, "Soundtrack #1", 4)
    favourites = tuple(Credit(p, drama, None, billing) for p, billing in credits)
    [pick] = recommend(RecommendQuery(for_you=True), [Candidate(drama, favourites=favourites)])
    assert pick.reason == f"{reason}; not reviewed yet"


def test_members_averages_rank_titles_the_blog_has_not_reviewed() -> None:
    low, high = _drama(1, "Low", 8), _drama(2, "High", 8)
    picks = recommend(
        RecommendQuery(for_you=True),
        [Candidate(low, members_average=3.0), Candidate(high, members_average=4.5)],
    )
    assert [p.drama.title for p in picks] == ["High", "Low"]
    assert picks[0].reason.endswith("members here 4.5")
