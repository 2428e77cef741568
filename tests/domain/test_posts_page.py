"""A post as a page holds it: the date among its first lines, the label-page chrome around it,
the text stored as written, and the reason given for a file that is no post at all."""

from __future__ import annotations

from datetime import date

import pytest

from dramabot.domain.errors import PostFormatError
from dramabot.domain.posts import parse_post

HEADLINE = "K Drama Review: Start-Up (2020) 4.3 || 4.5"
CLOSING = "Oppa says...4.3.\n\nNoona says...4.5."
#: Lines a copied page may carry above the date: none of them is a date or a headline.
NAVIGATION = ["Home", "About Us", "Dramas", "Films", "Actors", "Archive", "Contact", "Labels",
              "Search this blog", "Subscribe", "Popular Posts"]  # fmt: skip
CHROME = "Showing posts with label Start-Up. Show all posts"


def post(date_line: str = "08 December 2020", body: str = "We loved it.") -> str:
    return f"{date_line}\n\n{HEADLINE}\n\n{body}\n\n{CLOSING}\n"


def test_the_date_may_be_the_tenth_line_but_not_the_eleventh() -> None:
    """The date is looked for among the first ten non-blank lines of the page."""
    tenth = "\n\n".join([*NAVIGATION[:9], "08 December 2020"])
    assert parse_post(post(tenth)).posted_on == date(2020, 12, 8)
    eleventh = "\n\n".join([*NAVIGATION[:10], "08 December 2020"])
    parsed = parse_post(post(eleventh))
    assert parsed.posted_on is None
    assert parsed.title == "Start-Up"


@pytest.mark.parametrize(
    ("date_line", "expected"),
    [
        ("08 December 2020.", date(2020, 12, 8)),
        ("December 8th, 2020.", date(2020, 12, 8)),
        ("Tuesday, December 8, 2020...", date(2020, 12, 8)),
        ("8 Dec 2020", date(2020, 12, 8)),
        ("Dec 8, 2020", date(2020, 12, 8)),
        ("December 8 2020", date(2020, 12, 8)),
        ("Tuesday, 8 December 2020", date(2020, 12, 8)),
        ("Tuesday 8 December 2020", date(2020, 12, 8)),
    ],
)
def test_date_lines_with_a_full_stop_and_other_forms(date_line: str, expected: date) -> None:
    parsed = parse_post(post(date_line))
    assert (parsed.posted_on, parsed.warnings) == (expected, ())


def test_a_post_without_a_date_says_so() -> None:
    parsed = parse_post(f"{HEADLINE}\n\nWe loved it.\n\n{CLOSING}\n")
    assert parsed.posted_on is None
    assert parsed.warnings == ("no date line; the posting date is unknown",)


def test_label_page_chrome_does_not_count_as_lines_before_the_date_or_the_headline() -> None:
    """A label page repeats its banner; the date and headline under twelve of them are found."""
    text = "\n\n".join([CHROME] * 12) + "\n\n" + post()
    parsed = parse_post(text)
    assert (parsed.posted_on, parsed.title) == (date(2020, 12, 8), "Start-Up")


def test_label_page_chrome_below_the_headline_is_not_prose() -> None:
    """The banner printed again under the post says nothing about its length."""
    text = post(body=f"We loved it.\n\n{CHROME}\n\nShow all posts with 16 episodes")
    parsed = parse_post(text)
    assert (parsed.title, parsed.episodes, parsed.cast) == ("Start-Up", None, ())


def test_only_the_first_forty_lines_are_looked_at_for_chrome() -> None:
    """Deep in a post, a line that happens to start like the banner is the post's own prose."""
    line = "Show all posts aside, it has 16 episodes."

    def with_line_at(index: int) -> str:
        text = post(body="\n".join(["We loved it."] * (index - 4) + [line]))
        assert text.split("\n").index(line) == index
        return text

    assert parse_post(with_line_at(40)).episodes == 16
    assert parse_post(with_line_at(39)).episodes is None


def test_the_stored_text_loses_only_the_blank_lines_around_it() -> None:
    """Trailing spaces and a sign-off of capitals (`XOXO`) at the very end are the post's."""
    text = post().rstrip("\n") + "\n\nXOXO, Oppa & Noona  "
    parsed = parse_post(f"\n\n\n{text}\n\n\n")
    assert parsed.text == text
    assert parsed.text.endswith("XOXO, Oppa & Noona  ")


def test_the_stored_text_keeps_an_x_at_its_start() -> None:
    text = f"XOXO from Seoul\n\n{HEADLINE}\n\n{CLOSING}"
    assert parse_post(f"\n{text}\n").text == text


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("16 April 2022\x00\x01\x02", "the file is binary, not a text post"),
        ("", "no headline: the post is empty"),
        ("\n\n   \n\t\n", "no headline: the post is empty"),
        ("\ufeff\u200b\r\n", "no headline: the post is empty"),
    ],
)
def test_a_file_that_is_no_post_is_refused_saying_why(text: str, reason: str) -> None:
    with pytest.raises(PostFormatError) as refused:
        parse_post(text)
    assert (refused.value.reason, refused.value.line) == (reason, None)
