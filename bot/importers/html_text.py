"""A post's HTML (a Blogger feed entry, a backup, a saved page) as the text the post parser
reads: one line per paragraph, `<div>` block and `<br>`, inline markup (bold cast lines) kept on
its line, entities and typographic quotes plain, images, scripts, styles and the "read more"
anchor gone.

Parsed by selectolax (Lexbor, an HTML5 parser): real pages nest and misclose tags in ways a
regular expression does not survive.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

#: Elements that end a line; paragraphs, headings and quotes also leave a blank line after.
_LINE_BLOCKS = frozenset(
    "address article aside dd details div dl dt fieldset figcaption figure footer form header "
    "hr li main nav ol section summary table tbody thead tfoot tr ul".split()
)
_PARAGRAPHS = frozenset("p h1 h2 h3 h4 h5 h6 blockquote pre".split())
#: Elements whose content is never part of the post's text.
_DROPPED = (
    "script style noscript template iframe object embed svg img picture video audio canvas "
    "head title button input select textarea form"
).split()
#: Where a blog page keeps the post itself (Blogger's themes, then generic markup).
_POST_BODY = (".post-body", "[itemprop=articleBody]", ".entry-content", "article", "main")
_POST_TITLE = (".post-title", ".entry-title", "[itemprop=headline]", "h1", "title")

_PLAIN = str.maketrans(
    {
        "\u00a0": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ", "\u3000": " ",
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"', "\u200b": None, "\u00ad": None, "\ufeff": None,
    }
)  # fmt: skip
_SPACES = re.compile(r"[ \t\r\f\v]+")
#: Where a block ends or starts (in the text being built): a line break, or a blank line.
_LINE_END, _PARAGRAPH_END = "\x01", "\x02"
_MARKS = str.maketrans({"\x01": None, "\x02": None, "\n": " ", "\r": " "})
_BREAKS = re.compile(r"[\x01\x02\n][\x01\x02\n \t]*")
_BLANK_RUN = re.compile(r"\n{3,}")


def html_to_text(markup: str) -> str:
    """The text of a post's HTML body, lines as a reader sees them, no markup left."""
    tree = LexborHTMLParser(markup)
    tree.strip_tags(_DROPPED)
    root = tree.body or tree.root
    return _text_of(root) if root is not None else ""


def post_body_text(page: str) -> str:
    """The text of the post on a blog's page (a feed that gives summaries only links to it)."""
    tree = _page(page)
    for selector in _POST_BODY:
        if (node := tree.css_first(selector)) is not None:
            return _text_of(node)
    root = tree.body or tree.root
    return _text_of(root) if root is not None else ""


def page_post_text(page: str) -> str:
    """A post saved as a web page: its headline (the post's title, else the page's), a blank
    line, then its body; the blog's header, sidebar and comments are left out."""
    tree = _page(page)
    body = next((n for s in _POST_BODY if (n := tree.css_first(s)) is not None), None)
    if body is None:
        return post_body_text(page)
    title = next((n for s in _POST_TITLE if (n := tree.css_first(s)) is not None), None)
    headline = _text_of(title) if title is not None else ""
    return f"{headline}\n\n{_text_of(body)}".strip("\n")


def _page(page: str) -> LexborHTMLParser:
    tree = LexborHTMLParser(page)
    tree.strip_tags([tag for tag in _DROPPED if tag != "title"])
    return tree


def _text_of(root: LexborNode) -> str:
    """Walk the tree without recursion (a hostile page may nest thousands deep)."""
    pieces: list[str] = []
    stack: list[tuple[LexborNode, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        tag = node.tag
        if tag == "-text":
            pieces.append((node.text_content or "").translate(_MARKS))
            continue
        if tag == "br":
            pieces.append("\n")
            continue
        if tag == "a" and not node.attributes.get("href") and node.attributes.get("name"):
            continue  # Blogger's `<a name="more">` jump mark
        if tag in _PARAGRAPHS:
            pieces.append(_PARAGRAPH_END)
        elif tag in _LINE_BLOCKS:
            pieces.append(_LINE_END)
        elif tag in ("td", "th"):
            pieces.append(" ")
        if leaving:
            continue
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(list(node.iter(include_text=True))))
    return _tidy("".join(pieces))


def _breaks(run: re.Match[str]) -> str:
    marks = run[0]
    block = 2 if _PARAGRAPH_END in marks else 1 if _LINE_END in marks else 0
    return "\n" * (block + marks.count("\n"))


def _tidy(text: str) -> str:
    """Plain characters, one space between words, block edges as line breaks (two blocks that
    meet end one line; a paragraph leaves a blank line; each `<br>` adds one), at most one
    blank line in a row."""
    text = _BREAKS.sub(_breaks, text.translate(_PLAIN))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip("\n")
