"""Numbers and durations in prose: the forms bloggers write, and hostile runs of number words."""

from __future__ import annotations

import pytest

from dramabot.domain.numbers import find_durations, parse_number

#: Before the number-word chain was bounded this run took seconds (quadratic); now milliseconds.
HOSTILE_RUN = "a " * 3000


@pytest.mark.parametrize(
    ("sentence", "minutes"),
    [
        ("each episode runs around 50 minutes", [50]),
        ("an hour and 10 minutes per episode", [70]),
        ("an hour and a half each", [90]),
        ("one hundred and twenty-five minutes long", [125]),
        ("two hundred and fifty-five minutes long", [255]),
        ("forty-five-minute episodes", [45]),
    ],
)
def test_durations_in_prose(sentence: str, minutes: list[int]) -> None:
    assert [m for _, m in find_durations(sentence)] == minutes


@pytest.mark.parametrize(
    ("text", "value"),
    [("sixteen", 16), ("twenty-four", 24), ("one hundred and twenty", 120), ("4.5", 4.5)],
)
def test_numbers_in_words_and_digits(text: str, value: float) -> None:
    assert parse_number(text) == value


def test_a_long_run_of_number_words_does_not_hide_the_real_duration() -> None:
    sentence = HOSTILE_RUN + "and each episode runs an hour and 10 minutes"
    assert find_durations(sentence) == [(len(HOSTILE_RUN) + 22, 70)]


def test_a_long_run_of_number_words_before_minutes_is_not_read_as_one_huge_number() -> None:
    found = find_durations(HOSTILE_RUN + "minutes")
    assert len(found) == 1
    assert found[0][1] < 10
