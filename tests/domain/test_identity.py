"""`bot.domain.identity`: when two records are one drama or one person, as tables."""

from __future__ import annotations

import pytest

from dramabot.domain.identity import (
    DramaCandidate,
    instalment,
    pick_drama,
    pick_person,
    same_work_by_main_title,
    year_distance,
)


@pytest.mark.parametrize(
    ("known", "incoming", "distance"),
    [(2020, 2020, 0), (2020, 2021, 1), (2021, 2020, 1), (2016, 2021, None), (None, 2020, 1),
     (2020, None, 1), (None, None, 1)],
)  # fmt: skip
def test_year_distance(known: int | None, incoming: int | None, distance: int | None) -> None:
    assert year_distance(known, incoming) == distance


@pytest.mark.parametrize(
    ("known", "incoming", "same"),
    [
        ("Hwarang", "Hwarang: The Poet Warrior Youth", True),
        ("Duty After School: Part 1", "Duty After School: Part 2", False),
        ("Real:Time:Love Season 2", "Real:Time:Love Season 3", False),
        ("Love Alarm", "Love Alarm Season 2", False),
        ("Sweet Home", "Sweet Home 2", False),
        ("Soundtrack #1", "Soundtrack #1: Extended", True),
        ("Reply 1988", "Reply 1988: Answer Me", True),
    ],
)
def test_a_subtitle_may_be_dropped_but_never_a_season(
    known: str, incoming: str, same: bool
) -> None:
    assert same_work_by_main_title(known, incoming) is same


@pytest.mark.parametrize(
    ("title", "number"),
    [("Sweet Home 2", 2), ("Duty After School: Part 1", 1), ("Hospital Playlist Season 2", 2),
     ("Reply 1988", None), ("Soundtrack #1", None), ("Twenty-Five Twenty-One", None)],
)  # fmt: skip
def test_instalment(title: str, number: int | None) -> None:
    assert instalment(title) == number


def test_a_different_id_of_the_same_source_is_never_the_same_drama() -> None:
    part_one = DramaCandidate(1, 2023, source_ids={"mdl": "a"})
    assert pick_drama([part_one], 2023, source_ids={"mdl": "b"}) is None
    assert pick_drama([part_one], 2023, source_ids={"mdl": "a"}) == 1
    assert pick_drama([part_one], 2023, source_ids={"tmdb": "7"}) == 1  # another source


def test_a_shared_id_wins_over_a_closer_year() -> None:
    candidates = [DramaCandidate(1, 2020), DramaCandidate(2, 2021, source_ids={"tmdb": "9"})]
    assert pick_drama(candidates, 2020, source_ids={"tmdb": "9"}) == 2


@pytest.mark.parametrize(
    ("candidates", "year", "kind", "chosen"),
    [
        ([DramaCandidate(1, 2016), DramaCandidate(2, 2021)], 2021, "drama", 2),
        ([DramaCandidate(1, None), DramaCandidate(2, 2021)], 2021, "drama", 2),  # exact first
        ([DramaCandidate(1, None)], 2021, "drama", 1),
        ([DramaCandidate(1, 2016)], 2021, "drama", None),  # a remake five years on
        ([DramaCandidate(1, 2021, "drama"), DramaCandidate(2, 2021, "film")], 2021, "film", 2),
        ([DramaCandidate(1, 2021), DramaCandidate(2, 2021, credited=True)], 2021, "drama", 2),
    ],
)
def test_the_drama_meant(
    candidates: list[DramaCandidate], year: int, kind: str, chosen: int | None
) -> None:
    assert pick_drama(candidates, year, kind) == chosen


def test_two_actors_with_one_name_stay_two_people() -> None:
    known = [(1, {"mdl": "actor-a"})]
    assert pick_person(known, {"mdl": "actor-b"}) is None  # a homonym: a new person
    assert pick_person(known, {"mdl": "actor-a"}) == 1
    assert pick_person(known, {}) == 1  # a source without ids means the one known
    assert pick_person([(1, {"mdl": "x"}), (2, {"mdl": "y"})], {"mdl": "y"}) == 2
