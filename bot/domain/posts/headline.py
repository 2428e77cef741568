"""A post's headline: `K Drama Review: Soundtrack #1 (2022) 4.9 || 4.8`. Pure Python.

Read in steps, from both ends, on a line already folded by `typography.reading_line`:
1. the prefix (`K Drama Review:`, `K Movie Review -`, `Review:`), whose words say film or series;
2. the scores at the end, separated by `|`, `||`, `/`, `,`, `&` or `and`;
3. the year before them, as `(2022)`, `[2022]` or `- 2022`;
4. the title that is left, alternate titles split off at ` / `.

A headline that cannot be read whole is refused with its line number: a score, a year, a prefix
or a dangling separator never ends up inside a title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dramabot.domain.errors import PostFormatError
from dramabot.domain.models import Kind

#: Longer lines are prose, not a headline; the bound also keeps the patterns below linear.
MAX_HEADLINE_CHARS = 400
#: The headline is looked for among the post's first non-blank lines.
HEADLINE_SEARCH_LINES = 15
#: A score as written, sign and all (`10`, `-1`, `4,8` with a decimal comma), so that one out of
#: range is refused rather than misread.
SCORE = r"-?\d{1,2}(?:[.,]\d{1,3})?(?![\d.,]?\d)"
_SCORE_SEPARATOR = r"\s*(?:\|{1,2}|/|,|&|\band\b)\s*"
_PREFIX = re.compile(
    r"^(?P<words>(?:[A-Za-z][\w-]*\s+){0,3}?)reviews?\s*(?:[:|]|-+|\s-+\s)\s*", re.IGNORECASE
)
_FILM_WORDS = re.compile(r"\b(?:movie|film)\b", re.IGNORECASE)
#: Scores at the very end, after a space or the year's bracket (`Soundtrack #1` is a title).
_SCORES_AT_END = re.compile(
    rf"(?:(?<=[\s)\]])|^)(?P<scores>{SCORE}(?:{_SCORE_SEPARATOR}{SCORE}){{0,5}})\s*[.!]?$"
)
_YEAR = r"(?:19|20)\d\d"
_BRACKET_YEAR = re.compile(rf"[(\[](?P<year>{_YEAR})[)\]]")
_DASH_YEAR = re.compile(rf"(?:\s+-+\s*|\s*,\s*)(?P<year>{_YEAR})\s*$")
_ALTERNATE = re.compile(r"\s*/\s*")
_LEAD_SEPARATOR = re.compile(r"^(?::+\s*|-+(?=\s)\s*)")
_DANGLING = " -:|/,&.~"
_NOT_IN_TITLE = (
    (re.compile(rf"[(\[]{_YEAR}[)\]]"), "a year"),
    (re.compile(r"(?<![\w#])\d[.,]\d(?!\d)"), "a score"),
    (re.compile(r"\breviews?\s*[:|-]", re.IGNORECASE), "a 'Review' prefix"),
)


@dataclass(frozen=True, slots=True)
class Headline:
    """What a headline says: the drama, its year and the scores in the blog's order."""

    line: int
    text: str
    kind: Kind
    title: str
    aliases: tuple[str, ...]
    year: int | None
    scores: tuple[float, ...]


def find_headline(lines: list[str]) -> Headline:
    """The headline among the first non-blank lines; `PostFormatError` says why there is none.

    A line with a review prefix is the headline and must read whole; a line without one is the
    headline only when a year and scores follow its title (`Moving (2023) 4.6 / 4.3`).
    """
    seen = 0
    for number, line in enumerate(lines, start=1):
        if not line:
            continue
        seen += 1
        if seen > HEADLINE_SEARCH_LINES:
            break
        if len(line) > MAX_HEADLINE_CHARS:
            continue
        prefix = _PREFIX.match(line)
        if prefix:
            return _read(number, line, line[prefix.end() :], _kind(prefix["words"]), strict=True)
        try:
            headline = _read(number, line, line, "drama", strict=False)
        except PostFormatError:
            continue
        if headline.year is not None and headline.scores:
            return headline
    raise PostFormatError(
        f"no headline like 'K Drama Review: Title (2022) 4.9 || 4.8' in the first "
        f"{HEADLINE_SEARCH_LINES} lines"
    )


def read_score(text: str) -> float:
    """A score as written (`4.8`, `4,8`, `5`) as a number."""
    return float(text.replace(",", "."))


def _kind(words: str) -> Kind:
    return "film" if _FILM_WORDS.search(words) else "drama"


def _read(number: int, line: str, rest: str, kind: Kind, strict: bool) -> Headline:
    rest = rest.strip()
    scores: tuple[float, ...] = ()
    year: int | None = None
    # The last `(2022)`: anything after it must be the scores.
    bracket = next(iter(reversed(list(_BRACKET_YEAR.finditer(rest)))), None)
    if bracket:
        year, title, tail = int(bracket["year"]), rest[: bracket.start()], rest[bracket.end() :]
        scores = _tail_scores(number, tail, strict)
    else:
        title, scores = _split_scores(rest)
        if dash := _DASH_YEAR.search(title):
            year, title = int(dash["year"]), title[: dash.start()]
    return _headline(number, line, kind, title, year, scores)


def _tail_scores(number: int, tail: str, strict: bool) -> tuple[float, ...]:
    """The scores after the year: all of what follows, or the headline is refused."""
    # A dash or colon before the scores separates them (`(2020) - 4 || 4`), but a dash right
    # before a digit is a sign: `-1` is refused as out of range, not read as 1.
    tail = _LEAD_SEPARATOR.sub("", tail.strip()).rstrip(" -:")
    if not tail:
        return ()
    match = _SCORES_AT_END.fullmatch(tail) or _SCORES_AT_END.fullmatch(tail.rstrip(".!"))
    if not match:
        reason = f"'{tail[:60]}' after the year cannot be read as scores"
        raise PostFormatError(f"the headline is not clear: {reason}", number if strict else None)
    return _numbers(match["scores"])


def _split_scores(rest: str) -> tuple[str, tuple[float, ...]]:
    """Without a year: scores at the end, except a lone whole number (`Sweet Home 2`)."""
    match = _SCORES_AT_END.search(rest)
    if not match:
        return rest, ()
    scores = _numbers(match["scores"])
    if len(scores) == 1 and re.fullmatch(r"\d+", match["scores"].strip()):
        return rest, ()
    return rest[: match.start()], scores


def _numbers(scores: str) -> tuple[float, ...]:
    return tuple(read_score(s) for s in re.findall(SCORE, scores))


def _headline(
    number: int, line: str, kind: Kind, title: str, year: int | None, scores: tuple[float, ...]
) -> Headline:
    title = title.strip(_DANGLING)
    names = [part.strip(_DANGLING) for part in _ALTERNATE.split(title)]
    names = [name for name in names if re.search(r"\w", name)]
    if not names:
        raise PostFormatError("the headline has no title", number)
    for name in names:
        for pattern, what in _NOT_IN_TITLE:
            if pattern.search(name):
                raise PostFormatError(
                    f"the headline is not clear: its title '{name[:60]}' would contain {what}",
                    number,
                )
    return Headline(number, line, kind, names[0], tuple(names[1:]), year, scores)
