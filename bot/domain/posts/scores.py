"""A post's scores: the closing lines (`Oppa says...4.9.`) and the headline's figures. Pure Python.

The blog writes its headline scores in its reviewers' order (Oppa first) and closes with a line
per reviewer. A closing line counts over the headline; a missing one is filled from the headline
in that order, with a warning. One score with nobody named is the blog's, never a reviewer's.
"""

from __future__ import annotations

import re

from dramabot.domain.errors import PostFormatError
from dramabot.domain.models import MAX_SCORE, Score
from dramabot.domain.numbers import plural
from dramabot.domain.posts.headline import SCORE, Headline, read_score

#: The blog's reviewers in the order its headlines give their scores (a setting; this default).
DEFAULT_REVIEWERS = ("Oppa", "Noona")
#: Longer lines are prose, not a closing line; the bound also keeps the patterns linear.
MAX_CLOSING_CHARS = 120
#: `Oppa says...4.9`, `Noona says | 4.3`, `Noona says: 4.5/5`: a name, `says`, marks, a score and
#: an optional `/5` or `out of 5`. A dash before the score separates unless it is its sign.
_SAYS = re.compile(
    rf"(?P<reviewer>[A-Z][\w'-]{{0,30}}(?: [A-Z][\w'-]{{0,30}})?) says(?:[\s.:!,|~=>]|-(?!\d))*"
    rf"(?P<score>{SCORE})(?:\s*/\s*5(?:\.0)?(?!\d)|\s+out of 5(?:\.0)?)?"
)
_BETWEEN = re.compile(r"[\s.!|,;&-]*")
#: A line that is only a score after a closing line (`|| 4.3`): the next reviewer's.
_BARE_SCORE = re.compile(rf"[\s|/,&-]*(?P<score>{SCORE})(?:\s*/\s*5)?[\s.!]*")


def read_scores(
    lines: list[str], headline: Headline, reviewers: tuple[str, ...], warnings: list[str]
) -> tuple[Score, ...]:
    """The post's scores in the reviewers' order; `PostFormatError` when there are none."""
    closing = _closing_lines(lines, headline.line, reviewers)
    for line, score in [(headline.line, s) for s in headline.scores] + [
        (n, s) for n, _, s in closing
    ]:
        if not 0 <= score <= MAX_SCORE:
            raise PostFormatError(f"score {score:g} is outside 0 to {MAX_SCORE:g}", line)
    if closing:
        return _with_closing_lines(closing, headline, reviewers, warnings)
    if not headline.scores:
        raise PostFormatError(
            "the scores are missing: the headline has none and no closing line like "
            f"'{reviewers[0] if reviewers else 'Oppa'} says...4.5.' follows",
            headline.line,
        )
    if len(headline.scores) == 1:
        return (Score(None, headline.scores[0]),)
    if len(headline.scores) > len(reviewers):
        raise PostFormatError(
            f"the headline has {len(headline.scores)} scores but the blog has "
            f"{plural(len(reviewers), 'reviewer')}",
            headline.line,
        )
    given = reviewers[: len(headline.scores)]
    warnings.append(
        f"line {headline.line}: no closing 'Name says...score' lines; "
        f"headline scores given to {', '.join(given)}"
    )
    return tuple(Score(r, s) for r, s in zip(given, headline.scores, strict=True))


def _closing_lines(
    lines: list[str], after: int, reviewers: tuple[str, ...]
) -> list[tuple[int, str, float]]:
    """(line, reviewer, score) of each closing line after the headline, in order."""
    canonical = {name.lower(): name for name in reviewers}
    found: list[tuple[int, str, float]] = []
    last_closing = -10
    for number, line in enumerate(lines, start=1):
        if number <= after or not line or len(line) > MAX_CLOSING_CHARS:
            continue
        if " says" in line:
            said = _said(line, canonical)
            if said:
                found.extend((number, name, score) for name, score in said)
                last_closing = number
                continue
        bare = _BARE_SCORE.fullmatch(line) if number - last_closing <= 2 else None
        if bare and found:
            following = _next_reviewer(found[-1][1], reviewers)
            if following:
                found.append((number, following, read_score(bare["score"])))
                last_closing = number
    return found


def _said(line: str, canonical: dict[str, str]) -> list[tuple[str, float]]:
    """Every `Name says score` on a line, when nothing but marks lies between them."""
    said = []
    position = 0
    for match in _SAYS.finditer(line):
        if not _BETWEEN.fullmatch(line, position, match.start()):
            return []
        name = canonical.get(match["reviewer"].lower(), match["reviewer"])
        said.append((name, read_score(match["score"])))
        position = match.end()
    if not said or not _BETWEEN.fullmatch(line, position):
        return []
    return said


def _next_reviewer(reviewer: str, reviewers: tuple[str, ...]) -> str | None:
    if reviewer not in reviewers:
        return None
    index = reviewers.index(reviewer) + 1
    return reviewers[index] if index < len(reviewers) else None


def _with_closing_lines(
    closing: list[tuple[int, str, float]],
    headline: Headline,
    reviewers: tuple[str, ...],
    warnings: list[str],
) -> tuple[Score, ...]:
    said: dict[str, float] = {}
    for number, reviewer, score in closing:
        if reviewer in said:
            warnings.append(f"line {number}: {reviewer} scores twice; the last score counts")
        said[reviewer] = score
    # The headline's figures stand for the reviewers in order only when it gives one each.
    in_order = dict(zip(reviewers, headline.scores, strict=False))
    if len(headline.scores) != len(reviewers):
        in_order = {}
        if headline.scores and len(headline.scores) != len(closing):
            warnings.append(
                f"line {headline.line}: the headline has {len(headline.scores)} scores "
                f"but {plural(len(closing), 'reviewer signs', 'reviewers sign')} off"
            )
    scores = []
    lines = {reviewer: number for number, reviewer, _ in closing}
    for reviewer in reviewers:
        if reviewer in said:
            if reviewer in in_order and in_order[reviewer] != said[reviewer]:
                warnings.append(
                    f"line {lines[reviewer]}: {reviewer} says {said[reviewer]:g} but the "
                    f"headline gives {in_order[reviewer]:g}; the closing line counts"
                )
            scores.append(Score(reviewer, said[reviewer]))
        elif reviewer in in_order:
            warnings.append(
                f"line {headline.line}: no closing line for {reviewer}; "
                f"the headline's {in_order[reviewer]:g} counts"
            )
            scores.append(Score(reviewer, in_order[reviewer]))
    scores.extend(Score(r, s) for r, s in said.items() if r not in reviewers)
    return tuple(scores)
