"""The headline as a reader finds it: where it may stand, how its year and scores may be set off,
the titles it leaves, and what a refusal tells the blogger about a headline that is not clear."""

from __future__ import annotations

import pytest

from dramabot.domain.errors import PostFormatError
from dramabot.domain.posts import parse_post

CLOSING = "Oppa says...4.5.\n\nNoona says...4.0."
#: Blog chrome a copied page may carry above a post: none of it reads as a headline.
NAVIGATION = [
    "Home", "About Us", "Dramas", "Films", "Actors", "Archive", "Contact", "Search this blog",
    "Subscribe", "Popular Posts", "Labels", "Romance", "Thriller", "Comedy", "Melodrama",
]  # fmt: skip


def post(headline: str, body: str = "We watched it in one weekend.", closing: str = CLOSING) -> str:
    return f"1 May 2020\n\n{headline}\n\n{body}\n\n{closing}\n"


def reading(text: str) -> tuple[object, ...]:
    parsed = parse_post(text)
    scores = [(s.reviewer, s.score) for s in parsed.scores]
    return parsed.title, parsed.aliases, parsed.year, parsed.kind, scores


def refusal(text: str) -> PostFormatError:
    with pytest.raises(PostFormatError) as refused:
        parse_post(text)
    return refused.value


def test_the_headline_may_be_the_fifteenth_line_but_not_the_sixteenth() -> None:
    """The date line and 13 lines of chrome leave the headline 15th: found. One more: not."""
    headline = "K Drama Review: Start-Up (2020) 4.5 || 4.0"
    found = "1 May 2020\n\n" + "\n\n".join([*NAVIGATION[:13], headline]) + f"\n\n{CLOSING}\n"
    assert parse_post(found).title == "Start-Up"
    missed = "1 May 2020\n\n" + "\n\n".join([*NAVIGATION[:14], headline]) + f"\n\n{CLOSING}\n"
    assert refusal(missed).reason.startswith("no headline like 'K Drama Review:")
    assert "in the first 15 lines" in refusal(missed).reason


def test_a_long_paragraph_above_the_headline_is_passed_over() -> None:
    """A blurb longer than any headline (over 400 characters) is prose; the headline follows."""
    blurb = "This blog reviews Korean dramas and films with love and honesty. " * 7
    text = post("K Drama Review: Start-Up (2020) 4.5 || 4.0").replace(
        "1 May 2020\n\n", f"1 May 2020\n\n{blurb.strip()}\n\n"
    )
    assert len(blurb.strip()) > 400
    assert parse_post(text).title == "Start-Up"


def test_a_headline_of_400_characters_is_read_and_one_of_401_is_prose() -> None:
    prefix, suffix = "K Drama Review: ", " (2020) 4.5 || 4.0"
    title = ("Long Title " * 40)[: 400 - len(prefix) - len(suffix) - 1] + "x"
    headline = f"{prefix}{title}{suffix}"
    assert len(headline) == 400
    assert parse_post(post(headline)).title == title
    with pytest.raises(PostFormatError, match="no headline"):
        parse_post(post(f"{prefix}{title}y{suffix}"))


@pytest.mark.parametrize("rule", ["-----", "* * *", "~~~", "___"])
def test_a_separator_line_above_the_headline_is_passed_over(rule: str) -> None:
    text = post("K Drama Review: Start-Up (2020) 4.5 || 4.0").replace(
        "1 May 2020\n\n", f"1 May 2020\n\n{rule}\n\n"
    )
    assert parse_post(text).title == "Start-Up"


def test_a_headline_without_a_prefix_is_kept_as_written_and_is_a_series() -> None:
    parsed = parse_post(post("Moving (2023) 4.6 / 4.3", closing=""))
    assert (parsed.headline, parsed.kind, parsed.title) == (
        "Moving (2023) 4.6 / 4.3",
        "drama",
        "Moving",
    )


BOTH = [("Oppa", 4.5), ("Noona", 4.0)]


@pytest.mark.parametrize(
    ("headline", "closing", "expected"),
    [
        ("K Drama Review: Start-Up 4.5 || 4.0", CLOSING, ("Start-Up", (), None, "drama", BOTH)),
        ("K Drama Review: Start-Up 4.5", "", ("Start-Up", (), None, "drama", [(None, 4.5)])),
        ("K Drama Review: Sweet Home 2", CLOSING, ("Sweet Home 2", (), None, "drama", BOTH)),
        ("K Movie Review: Sweet Home 2", CLOSING, ("Sweet Home 2", (), None, "film", BOTH)),
    ],
)
def test_a_headline_without_a_year(
    headline: str, closing: str, expected: tuple[object, ...]
) -> None:
    """No year: the year is unknown; one decimal score is the blog's, a lone whole number
    (`Sweet Home 2`) stays in the title."""
    assert reading(post(headline, closing=closing)) == expected


@pytest.mark.parametrize(
    "headline",
    [
        "K Drama Review: Start-Up (2020) - 4.5 || 4.0",
        "K Drama Review: Start-Up (2020) -- 4.5 || 4.0",
        "K Drama Review: Start-Up (2020): 4.5 || 4.0",
        "K Drama Review: Start-Up (2020) 4.5 || 4.0!!",
        "K Drama Review: Start-Up (2020) 4.5 || 4.0...",
        "K Drama Review: Start-Up (2020) 4.5 || 4.0 -",
    ],
)
def test_marks_around_the_scores_after_the_year(headline: str) -> None:
    """A dash or colon before the scores and excited marks after them are not part of them."""
    assert reading(post(headline, closing="")) == (
        "Start-Up", (), 2020, "drama", [("Oppa", 4.5), ("Noona", 4.0)],
    )  # fmt: skip


@pytest.mark.parametrize("after", [" -", " –", ":", " - "])
def test_a_dangling_mark_after_the_year_leaves_the_scores_to_the_closing_lines(after: str) -> None:
    parsed = parse_post(post(f"K Movie Review: Seo Bok (2021){after}"))
    assert (parsed.title, parsed.year, parsed.kind) == ("Seo Bok", 2021, "film")
    assert [(s.reviewer, s.score) for s in parsed.scores] == [("Oppa", 4.5), ("Noona", 4.0)]


@pytest.mark.parametrize(
    ("headline", "title", "aliases"),
    [
        ("K Drama Review: ~Reply 1988~ / ~Answer Me 1988~ (2015) 5 || 5", "Reply 1988",
         ("Answer Me 1988",)),
        ("K Drama Review: Encounter - / Boyfriend - (2018) 3.5 || 3.5", "Encounter",
         ("Boyfriend",)),
        ("K Drama Review: My Mister, / My Ahjussi, (2018) 5 || 5", "My Mister", ("My Ahjussi",)),
    ],
)  # fmt: skip
def test_marks_left_around_an_alternate_title_are_not_part_of_it(
    headline: str, title: str, aliases: tuple[str, ...]
) -> None:
    parsed = parse_post(post(headline, closing=""))
    assert (parsed.title, parsed.aliases) == (title, aliases)


ARGUMENT = "and then we argued for an hour about the ending, as we always do"
LONG_TITLE = "The Drama We Rated 4.5 Last Summer And Will Never Forget Again"


@pytest.mark.parametrize(
    ("headline", "reason"),
    [
        ("K Drama Review: (2022) 4.9 || 4.8", "the headline has no title"),
        ("K Drama Review: - / - (2022) 4.9 || 4.8", "the headline has no title"),
        (
            "K Drama Review: Summer Strike (2022) 4.9 ~ 4.8",
            "the headline is not clear: '4.9 ~ 4.8' after the year cannot be read as scores",
        ),
        (
            f"K Drama Review: Summer Strike (2022) {ARGUMENT}",
            f"the headline is not clear: '{ARGUMENT[:60]}' after the year cannot be read as scores",
        ),
        (
            f"K Drama Review: {LONG_TITLE} (2022) 4.9 || 4.8",
            f"the headline is not clear: its title '{LONG_TITLE[:60]}' would contain a score",
        ),
    ],
)
def test_a_refused_headline_says_why_and_where(headline: str, reason: str) -> None:
    """The reason quotes at most the first 60 characters of what could not be read."""
    assert len(ARGUMENT) > 60 and len(LONG_TITLE) > 60
    refused = refusal(post(headline))
    assert (refused.reason, refused.line) == (reason, 3)
