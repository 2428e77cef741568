"""Markup a reader does not see: bold or italic around part of a line or all of it, HTML spaces
and line ends in the stored text, and angle brackets that are no HTML at all."""

from __future__ import annotations

import pytest

from dramabot.domain.posts import parse_post
from dramabot.domain.posts.typography import plain_text, reading_line

HEADLINE = "K Drama Review: Soundtrack #1 (2022) 4.9 || 4.8"
CLOSING = "Oppa says...4.9.\n\nNoona says...4.8."


def post(body: str) -> str:
    return f"16 April 2022\n\n{HEADLINE}\n\n{body}\n\n{CLOSING}\n"


def leads(text: str) -> list[tuple[str, str | None, str]]:
    return [(c.name, c.role, c.billing) for c in parse_post(text).cast]


@pytest.mark.parametrize(
    "line",
    [
        "**Park Hyung Sik** as Han Seon Woo",
        "__Park Hyung Sik__ as Han Seon Woo",
        "Park Hyung Sik as **Han Seon Woo**",
        "**Park Hyung Sik** as __Han Seon Woo__",
        "*Park Hyung Sik as Han Seon Woo*",
        "_Park Hyung Sik as Han Seon Woo_",
        "***Park Hyung Sik as Han Seon Woo***",
        "*_Park Hyung Sik as Han Seon Woo_*",
    ],
)
def test_bold_or_italic_on_part_or_all_of_a_cast_line(line: str) -> None:
    assert leads(post(line)) == [("Park Hyung Sik", "Han Seon Woo", "lead")]


@pytest.mark.parametrize(
    ("line", "read"),
    [
        ("**Park Hyung Sik** as Han Seon Woo", "Park Hyung Sik as Han Seon Woo"),
        ("__Han So Hee__ as Lee Eun Soo", "Han So Hee as Lee Eun Soo"),
        ("*K Drama Review: Soundtrack #1*", "K Drama Review: Soundtrack #1"),
        ("_ Not italic _", "_ Not italic _"),
        ("snake_case_word", "snake_case_word"),
    ],
)
def test_a_line_as_the_parser_reads_it(line: str, read: str) -> None:
    """Markers are dropped only when they mark something: a lone underscore inside a word stays."""
    assert reading_line(line) == read


def test_html_spaces_and_line_ends_are_plain_in_the_stored_text() -> None:
    html = (
        "<p>16 April 2022</p>\n<p>K Drama Review: Soundtrack #1 (2022) 4.9 || 4.8</p>"
        "<p>Park Hyung Sik&nbsp;as Han Seon Woo   </p>"
        "<p>We loved it.&nbsp;&nbsp;</p>"
        "<p>Oppa says...4.9.</p><p>Noona says...4.8.</p>"
    )
    parsed = parse_post(html)
    assert "\u00a0" not in parsed.text
    assert "Park Hyung Sik as Han Seon Woo\n" in parsed.text
    assert all(line == line.rstrip() for line in parsed.text.split("\n"))
    assert [(c.name, c.role) for c in parsed.cast] == [("Park Hyung Sik", "Han Seon Woo")]


def test_html_keeps_the_indent_of_a_line() -> None:
    assert (
        plain_text("<div>\n  Indented words  <br>\nnext</div>") == "\n\n  Indented words\n\nnext\n"
    )


@pytest.mark.parametrize(
    "body",
    [
        "Her debut in <Reply 1988> was a delight, and <Hospital Playlist> too.",
        "We <3 this show &amp; its music.",
        "Episodes: 4 < 16, and it is better for it.",
    ],
)
def test_angle_brackets_that_are_not_html_stay_as_written(body: str) -> None:
    """Korean writing marks titles with <...>; a plain post keeps them, and its entities."""
    text = post(body)
    assert body in parse_post(text).text
    assert plain_text(text) == text
