"""A post's HTML read as the text the parser reads: what the blog's editor writes (blocks,
breaks, entities, bold cast lines, images, the jump mark) comes out as plain lines."""

from __future__ import annotations

import pytest

from dramabot.importers.html_text import html_to_text, page_post_text, post_body_text
from tests.support.blogger import POSTS, BlogPost, blog_page, fixture_post


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<div>one</div><div>two</div>", "one\ntwo"),
        ("<p>one</p><p>two</p>", "one\n\ntwo"),
        ("one<br />two<br>three", "one\ntwo\nthree"),
        ("<div>one</div><div><br /></div><div>two</div>", "one\n\ntwo"),
        ("<div>a&nbsp;b&amp;c &lt;d&gt;</div>", "a b&c <d>"),
        (
            "<p>&ldquo;Woo&rdquo; &lsquo;to&rsquo; the \u201cYoung\u201d</p>",
            '"Woo" \'to\' the "Young"',
        ),
        ("<b>Park Hyung Sik</b> as <i>Han Seon Woo</i>", "Park Hyung Sik as Han Seon Woo"),
        (
            "<div><b><span>Han So Hee</span></b><span> as Lee Eun Soo</span></div>",
            "Han So Hee as Lee Eun Soo",
        ),
        ("<p>before</p><a name='more'></a><p>after</p>", "before\n\nafter"),
        ('<a href="x.jpg"><img src="x.jpg" /></a><p>text</p>', "text"),
        ("<script>var x = 1;</script><style>p {}</style><p>text</p>", "text"),
        ("<div>  lots   of\n  space </div>", "lots of space"),
        ("<ul><li>one</li><li>two</li></ul>", "one\ntwo"),
        ("plain text only", "plain text only"),
        ("", ""),
    ],
)
def test_html_reads_as_the_lines_a_reader_sees(markup: str, text: str) -> None:
    assert html_to_text(markup) == text


def test_a_blog_post_keeps_its_cast_lines_and_loses_its_markup() -> None:
    text = html_to_text((POSTS / "lanterns-over-jeju-2023.html").read_text())
    lines = text.split("\n")
    assert "Han Ji Woo as Seo Ha Neul" in lines and "Baek Do Yun as Yoon Seul" in lines
    assert "Oppa says...4.5." in lines and "Noona says...4.2." in lines
    assert not any(mark in text for mark in ("<", "&nbsp;", "\u00a0", "\u201c", "tracker"))


def test_deeply_nested_markup_is_read_without_recursion() -> None:
    assert html_to_text("<div>" * 20_000 + "deep" + "</div>" * 20_000) == "deep"


def _night_baker() -> BlogPost:
    from datetime import UTC, datetime

    published = datetime(2023, 5, 1, tzinfo=UTC)
    title = "K Drama Review: The Night Baker (2021) 4.0 || 4.4"
    return fixture_post("the-night-baker-2021", title, published, "1")


def test_a_post_page_gives_its_body_without_the_blog_around_it() -> None:
    text = post_body_text(blog_page(_night_baker()))
    assert "Choi Min Jae as Kang Do Hyun" in text
    assert "Popular Posts" not in text and "Post a Comment" not in text
    assert "Oppa Noona" not in text


def test_a_saved_page_starts_with_its_post_title() -> None:
    text = page_post_text(blog_page(_night_baker()))
    assert text.startswith("K Drama Review: The Night Baker (2021) 4.0 || 4.4\n\n")
    assert "Noona says...4.4." in text and "Popular Posts" not in text
