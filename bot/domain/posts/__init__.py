"""Parse a blog review post into its parts. Pure Python: no discord, no storage.

A post starts with a date line and a headline (`K Drama Review: Soundtrack #1 (2022) 4.9 || 4.8`),
names its leads on lines of their own (`Park Hyung Sik as Han Seon Woo`), lists supporting actors
with their other works (`There's Yoon Byung Hee (Vincenzo, ...) as Seon Woo's manager/friend.`),
gives the length in prose and closes with one line per reviewer (`Oppa says...4.9.`).

One module a part: `typography` (what editors change without asking), `headline`, `scores`,
`cast` and `length`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from dramabot.domain.errors import PostFormatError
from dramabot.domain.models import MAX_SCORE, Kind, Score
from dramabot.domain.posts.cast import CastLine, read_cast
from dramabot.domain.posts.headline import find_headline
from dramabot.domain.posts.length import read_length, sentences
from dramabot.domain.posts.scores import DEFAULT_REVIEWERS, read_scores
from dramabot.domain.posts.typography import plain_text, reading_line

__all__ = ["DEFAULT_REVIEWERS", "MAX_SCORE", "CastLine", "ParsedPost", "parse_post"]

_DATE_FORMATS = (
    "%d %B %Y", "%B %d, %Y", "%B %d %Y", "%d %b %Y", "%b %d, %Y", "%Y-%m-%d",
    "%A, %B %d, %Y", "%A, %d %B %Y", "%A %d %B %Y",
)  # fmt: skip
#: The date is looked for among the post's first non-blank lines.
_DATE_SEARCH_LINES = 10
#: Lines a Blogger label or search page prints above its posts: not part of the post.
_PAGE_CHROME = re.compile(r"^(?:showing posts (?:with label|matching)|show all posts)", re.I)


@dataclass(frozen=True, slots=True)
class ParsedPost:
    """Everything the importer stores of one post; `warnings` name what was tolerated."""

    title: str
    year: int | None
    posted_on: date | None
    headline: str
    scores: tuple[Score, ...]
    cast: tuple[CastLine, ...]
    episodes: int | None
    episode_minutes: int | None
    text: str
    warnings: tuple[str, ...] = ()
    kind: Kind = "drama"
    aliases: tuple[str, ...] = ()


def parse_post(
    text: str,
    is_known_title: Callable[[str], bool] | None = None,
    reviewers: tuple[str, ...] = DEFAULT_REVIEWERS,
    published: date | None = None,
) -> ParsedPost:
    """Parse a post's text; raise `PostFormatError` when it has no title or no scores.

    `is_known_title` lets a comma inside a title (`Now, We are Breaking Up`) survive the split of
    an actor's works list; without it every comma separates two works. `reviewers` is the blog's
    order of headline scores. `published` is the day the blog gives the post (a feed entry's),
    used when its text has no date line.
    """
    if "\x00" in text:
        raise PostFormatError("the file is binary, not a text post")
    text = plain_text(text)
    if not text.strip():
        raise PostFormatError("no headline: the post is empty")
    lines = [reading_line(line) if line else line for line in text.split("\n")]
    for number, line in enumerate(lines[:40]):
        if _PAGE_CHROME.match(line):
            lines[number] = ""
    warnings: list[str] = []
    posted_on = _find_date(lines) or published
    headline = find_headline(lines)
    scores = read_scores(lines, headline, reviewers, warnings)
    split = functools.cache(sentences)  # the cast and the length read the same paragraphs
    cast = read_cast(lines, headline.line, is_known_title or (lambda _: False), warnings, split)
    episodes, minutes = read_length(lines[headline.line :], split, film=headline.kind == "film")
    if posted_on is None:
        warnings.append("no date line; the posting date is unknown")
    return ParsedPost(
        title=headline.title,
        year=headline.year,
        posted_on=posted_on,
        headline=headline.text,
        scores=scores,
        cast=cast,
        episodes=episodes,
        episode_minutes=minutes,
        text=text.strip("\n"),
        warnings=tuple(warnings),
        kind=headline.kind,
        aliases=headline.aliases,
    )


def _find_date(lines: list[str]) -> date | None:
    seen = 0
    for line in lines:
        if not line:
            continue
        seen += 1
        if seen > _DATE_SEARCH_LINES:
            break
        candidate = line.rstrip(".")
        candidate = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", candidate)
        for fmt in _DATE_FORMATS:
            try:
                return datetime.strptime(candidate, fmt).date()
            except ValueError:
                continue
    return None
