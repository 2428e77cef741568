"""Scores as the reviewers sign them off: which lines count, who a bare score belongs to, guests
who join in, and what the blogger is told when headline and closing lines disagree or are
missing."""

from __future__ import annotations

import pytest

from dramabot.domain.errors import PostFormatError
from dramabot.domain.posts import parse_post

WITH_SCORES = "K Drama Review: Start-Up (2020) 4.5 || 4.3"
NO_SCORES = "K Drama Review: Start-Up (2020)"
#: Line numbers in `post()`: the date is line 1, the headline line 3, the body starts on line 5.
HEADLINE_LINE = 3


def post(headline: str = NO_SCORES, body: str = "We loved it.", closing: str = "") -> str:
    return f"08 December 2020\n\n{headline}\n\n{body}\n\n{closing}\n"


def scores(text: str, reviewers: tuple[str, ...] = ("Oppa", "Noona")) -> list[tuple[object, ...]]:
    return [(s.reviewer, s.score) for s in parse_post(text, reviewers=reviewers).scores]


def refusal(text: str, reviewers: tuple[str, ...] = ("Oppa", "Noona")) -> PostFormatError:
    with pytest.raises(PostFormatError) as refused:
        parse_post(text, reviewers=reviewers)
    return refused.value


@pytest.mark.parametrize(
    ("closing", "expected"),
    [
        ("Oppa says...4.5.\n|| 4.3", [("Oppa", 4.5), ("Noona", 4.3)]),
        ("Oppa says...4.5.\n\n|| 4.3", [("Oppa", 4.5), ("Noona", 4.3)]),
        ("Oppa says...4.5.\n\n\n|| 4.3", [("Oppa", 4.5)]),
        ("Oppa says...4.5.\nNoona is still thinking.\n\n4.3", [("Oppa", 4.5)]),
    ],
)
def test_a_bare_score_belongs_to_the_next_reviewer_only_right_after_a_closing_line(
    closing: str, expected: list[tuple[str, float]]
) -> None:
    """A bare score up to two lines under a closing line is the next reviewer's; further down it
    is something else."""
    assert scores(post(closing=closing)) == expected


def test_prose_between_the_closing_lines_does_not_stop_them() -> None:
    closing = "Oppa says...4.5.\n\nIt was a wild ride.\n\nNoona says...4.3.\n\nSee you next week!"
    parsed = parse_post(post(closing=closing))
    assert [(s.reviewer, s.score) for s in parsed.scores] == [("Oppa", 4.5), ("Noona", 4.3)]
    assert parsed.warnings == ()


def test_prose_after_a_bare_score_is_still_read() -> None:
    closing = "Oppa says...4.5\n|| 4.3\n\nThanks for reading!\n\nSee you next week."
    parsed = parse_post(post(closing=closing))
    assert [(s.reviewer, s.score) for s in parsed.scores] == [("Oppa", 4.5), ("Noona", 4.3)]


@pytest.mark.parametrize(
    ("closing", "expected"),
    [
        ("Oppa says...4.5\n|| 4.3\n|| 3.0", [("Oppa", 4.5), ("Noona", 4.3), ("Appa", 3.0)]),
        ("Noona says...4.3\n|| 3.0", [("Noona", 4.3), ("Appa", 3.0)]),
        ("Appa says...3.0\n|| 4.5", [("Appa", 3.0)]),
    ],
)
def test_bare_scores_follow_the_blogs_order_of_reviewers(
    closing: str, expected: list[tuple[str, float]]
) -> None:
    """With three reviewers, a bare score goes to the one after; after the last, to nobody."""
    assert scores(post(closing=closing), ("Oppa", "Noona", "Appa")) == expected


def test_a_bare_score_after_the_last_reviewer_belongs_to_nobody() -> None:
    closing = "Oppa says...4.5.\n\nNoona says...4.3.\n\n5"
    assert scores(post(closing=closing)) == [("Oppa", 4.5), ("Noona", 4.3)]


@pytest.mark.parametrize(
    ("closing", "expected"),
    [
        (
            "Oppa says...4.5.\n\nNoona says...4.3.\n\nAppa says...3.0.",
            [("Oppa", 4.5), ("Noona", 4.3), ("Appa", 3.0)],
        ),
        (
            "Grandma Kim says...5.\n\nNoona says...4.3.\n\nOppa says...4.5.",
            [("Oppa", 4.5), ("Noona", 4.3), ("Grandma Kim", 5.0)],
        ),
        ("Appa says...3.0\n|| 4.5", [("Appa", 3.0)]),
    ],
)
def test_a_guest_reviewer_keeps_their_name_after_the_blogs_reviewers(
    closing: str, expected: list[tuple[str, float]]
) -> None:
    parsed = parse_post(post(closing=closing))
    assert [(s.reviewer, s.score) for s in parsed.scores] == expected


def test_a_closing_line_may_be_120_characters_long_but_not_121() -> None:
    """A family watch party signs off on one line; past 120 characters a line is prose."""
    line = (
        "Oppa says...4.5 || Noona says...4.3 || Grandmother Kim says...3.0 || "
        "Uncle Jinwoo says...3.5 || Cousin Minjae says...4.0"
    )
    assert len(line) == 120
    assert scores(post(closing=line)) == [
        ("Oppa", 4.5), ("Noona", 4.3), ("Grandmother Kim", 3.0), ("Uncle Jinwoo", 3.5),
        ("Cousin Minjae", 4.0),
    ]  # fmt: skip
    longer = line.replace("Minjae", "Jiyoung")
    assert len(longer) == 121
    assert refusal(post(closing=longer)).reason.startswith("the scores are missing")


def test_a_closing_line_above_the_headline_is_not_this_posts() -> None:
    """A label page may show the end of the previous post above this one's headline."""
    text = "Oppa says...3.0.\n\n" + post(closing="Oppa says...4.5.\n\nNoona says...4.3.")
    parsed = parse_post(text)
    assert [(s.reviewer, s.score) for s in parsed.scores] == [("Oppa", 4.5), ("Noona", 4.3)]
    assert parsed.warnings == ()


@pytest.mark.parametrize(
    "body",
    [
        "Noona says 3 episodes in, she was hooked.",
        "Oppa says 2 is the number of times he cried, and Noona says 10 at least.",
    ],
)
def test_says_in_prose_is_not_a_closing_line(body: str) -> None:
    parsed = parse_post(post(body=body, closing="Oppa says...4.5."))
    assert [(s.reviewer, s.score) for s in parsed.scores] == [("Oppa", 4.5)]
    assert parsed.warnings == ()


def test_a_reviewer_who_scores_twice_is_told_which_line_counts() -> None:
    parsed = parse_post(post(closing="Oppa says...4.0.\n\nOppa says...4.5.\n\nNoona says...4.3."))
    assert [(s.reviewer, s.score) for s in parsed.scores] == [("Oppa", 4.5), ("Noona", 4.3)]
    assert parsed.warnings == ("line 9: Oppa scores twice; the last score counts",)


@pytest.mark.parametrize(
    ("headline", "closing", "warnings"),
    [
        (NO_SCORES, "Oppa says...4.5.\n\nNoona says...4.3.", ()),
        (NO_SCORES, "Oppa says...4.5.", ()),
        (WITH_SCORES, "Oppa says...4.5.\n\nNoona says...4.3.", ()),
        (
            "K Drama Review: Start-Up (2020) 4.4",
            "Oppa says...4.5.\n\nNoona says...4.3.",
            ("line 3: the headline has 1 scores but 2 reviewers sign off",),
        ),
        ("K Drama Review: Start-Up (2020) 4.4", "Oppa says...4.5.", ()),
        (
            WITH_SCORES,
            "Noona says...4.3.",
            ("line 3: no closing line for Oppa; the headline's 4.5 counts",),
        ),
    ],
)
def test_what_the_blogger_is_told_about_headline_and_closing_scores(
    headline: str, closing: str, warnings: tuple[str, ...]
) -> None:
    assert parse_post(post(headline, closing=closing)).warnings == warnings


def test_headline_scores_alone_are_given_to_the_reviewers_with_a_warning() -> None:
    parsed = parse_post(post(WITH_SCORES))
    assert [(s.reviewer, s.score) for s in parsed.scores] == [("Oppa", 4.5), ("Noona", 4.3)]
    assert parsed.warnings == (
        "line 3: no closing 'Name says...score' lines; headline scores given to Oppa, Noona",
    )


@pytest.mark.parametrize(
    ("text", "reason", "line"),
    [
        (post(closing="Oppa says...4.5.\n\nNoona says...9.0."), "score 9 is outside 0 to 5", 9),
        (post(closing="Oppa says...-1.\n\nNoona says...4.3."), "score -1 is outside 0 to 5", 7),
        (post("K Drama Review: Start-Up (2020) 4.5 || 6"), "score 6 is outside 0 to 5", 3),
        (
            post("K Drama Review: Start-Up (2020) 4.5 || 4.3 || 3.0"),
            "the headline has 3 scores but the blog has 2 reviewers",
            3,
        ),
    ],
)
def test_a_refused_score_names_its_line(text: str, reason: str, line: int) -> None:
    refused = refusal(text)
    assert (refused.reason, refused.line) == (reason, line)


@pytest.mark.parametrize(
    ("reviewers", "example"),
    [(("Oppa", "Noona"), "Oppa"), (("Noona", "Oppa"), "Noona"), ((), "Oppa")],
)
def test_missing_scores_are_refused_with_an_example_closing_line(
    reviewers: tuple[str, ...], example: str
) -> None:
    """The example names the blog's first reviewer, or `Oppa` when it names none."""
    refused = refusal(post(), reviewers)
    assert refused.reason == (
        "the scores are missing: the headline has none and no closing line like "
        f"'{example} says...4.5.' follows"
    )
    assert refused.line == HEADLINE_LINE
