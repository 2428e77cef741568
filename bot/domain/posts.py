"""Parse a blog review post into its parts. Pure Python: no discord, no storage.

A post starts with a date line and a headline (`K Drama Review: Soundtrack #1 (2022) 4.9 || 4.8`),
names its leads on lines of their own (`Park Hyung Sik as Han Seon Woo`), lists supporting actors
with their other works (`There's Yoon Byung Hee (Vincenzo, ...) as Seon Woo's manager/friend.`),
gives the length in prose and closes with one line per reviewer (`Oppa says...4.9.`).
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from bot.domain.errors import PostFormatError
from bot.domain.models import Billing, Score
from bot.domain.numbers import NUMBER, find_durations, parse_number

#: Reviewer names used when a post has headline scores but no closing lines naming them.
DEFAULT_REVIEWERS = ("Oppa", "Noona")
MAX_SCORE = 5.0
#: Longer lines are prose, not a headline or a closing line; the bounds also keep the regexes
#: below linear on hostile input (a 1 MB post must not stall the bot).
MAX_HEADLINE_CHARS = 400
MAX_CLOSING_CHARS = 120
#: How far before `episodes` (or around `minutes`/`hour`) the prose's number is looked for.
_NUMBER_WINDOW = 80
#: Past this many `episode`/`minutes` mentions a post is not prose about one drama's length.
_MAX_LENGTH_MENTIONS = 200

_DATE_FORMATS = ("%d %B %Y", "%B %d, %Y", "%B %d %Y", "%d %b %Y", "%b %d, %Y", "%Y-%m-%d")
#: A score is read whole, sign and all (`10`, `-1`, `4.55`), so that one out of range is refused
#: rather than misread (`10` was read as a title ending in `1` and a score of 0, `-1` as 1).
_SCORE = r"-?\d{1,2}(?:\.\d+)?(?![\d.])"
#: Headline scores follow a space or the year's `)`: `Soundtrack #1` and `Playlist-2` are titles.
_HEADLINE = re.compile(
    rf"^(?P<prefix>(?:K[- ]?Drama\s+)?Review\s*:\s*)?(?P<title>.+?)\s*"
    rf"(?:\((?P<year>(?:19|20)\d\d)\))?\s*"
    rf"(?P<scores>(?<![^\s)]){_SCORE}(?:\s*\|{{1,2}}\s*{_SCORE})*)?\s*$",
    re.IGNORECASE,
)
#: `Oppa says...4.9.`; a dash before the score separates (`says - 3.5`) unless it is the score's
#: sign (`says...-1`, refused as out of range).
_CLOSING = re.compile(
    r"^(?P<reviewer>[A-Z][\w'-]{0,30}(?:\s[A-Z][\w'-]{0,30})?)\s+says(?:[\s.…:!,]|-(?!\d))*"
    r"(?P<score>-?\d+(?:\.\d+)?)\s*[.!]*\s*$"
)
_NAME_WORD = r"[A-Z][\w.'’-]*"
_LEAD = re.compile(rf"^(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}})\s+as\s+(?P<role>.+?)\s*$")
_ROLE_WORD = re.compile(r"^(?:[A-Z][\w.'’-]*|of|the|de|von|&)$")
# Both start at a literal `(`, so a search costs one pass over the sentence (a lazy prefix
# before the parenthesis made it quadratic).
_SUPPORT = re.compile(r"\((?P<works>[^()]+)\)\s+as\s+(?P<role>.+)$")
_PAREN_GROUP = re.compile(r"\(([^()]*)\)(?!\s+as\s)")
_OF_NAME = re.compile(r"\bof\s+[A-Z]")
#: Words that may open a cast line before the name. None may be a Korean surname (`Oh`, `So`,
#: `Ha`, `Na`, `Ma`, `Ye`, `Do`, `Ko` are names): interjections go in `_INTERJECTION` instead.
_LEAD_IN = {
    "there's", "there’s", "theres", "there", "is", "then", "and", "also", "plus", "finally",
    "lastly", "next", "meanwhile", "we", "have", "had", "with", "of", "course", "but", "not",
    "forget", "let's", "let’s", "don't", "don’t", "who", "could",
}  # fmt: skip
#: `Oh, ` / `Oh! ` / `Yes. ` opening a cast line: an interjection only with its punctuation, since
#: without it `Oh` is the surname (`Oh Jung Se as Moon Sang Tae`).
_INTERJECTION = re.compile(r"^(?:oh|ah|yes|well|wow|okay|ok)\s*[,!.…]+\s*", re.IGNORECASE)
_ARTICLES = {"the", "a", "an"}
_EPISODE_WORD = re.compile(r"episodes?\b", re.IGNORECASE)
#: `sixteen episodes`, matched backwards from an `episode` word within `_NUMBER_WINDOW`.
_EPISODES = re.compile(rf"\b(?P<count>{NUMBER})(?:[\s-]+|-)episodes?$", re.IGNORECASE)
_RUNTIME_WORD = re.compile(r"min|hour", re.IGNORECASE)
_EPISODE_CUES = re.compile(
    r"\b(had|has|have|only|just|total|all|consists?|spans?|spanning|with|runs?|lasts?|short|whole)\b",
    re.IGNORECASE,
)
_EPISODE_DOUBTS = re.compile(
    r"\b(need|needs|usual|usually|typical|typically|most|than|instead|unlike|other|wish|if)\b",
    re.IGNORECASE,
)
_RUNTIME_CUES = re.compile(r"\b(episodes?|each|per|runtime|running|runs|long)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
_ABBREVIATION = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Prof|vs|No)\.$")


@dataclass(frozen=True, slots=True)
class CastLine:
    """An actor as a post names them: their role and the other works listed beside them."""

    name: str
    role: str | None
    billing: Billing
    works: tuple[str, ...]
    line: int


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


def parse_post(text: str, is_known_title: Callable[[str], bool] | None = None) -> ParsedPost:
    """Parse a post's text; raise `PostFormatError` when it has no title or no scores.

    `is_known_title` lets a comma inside a title (`Now, We are Breaking Up`) survive the split of
    an actor's works list; without it every comma separates two works.
    """
    if "\x00" in text:
        raise PostFormatError("the file is binary, not a text post")
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = text.split("\n")
    warnings: list[str] = []
    posted_on, date_line = _find_date(lines)
    headline_line, headline = _find_headline(lines)
    if headline is None and not text.strip():
        raise PostFormatError("no headline: the post is empty")
    if headline is None:
        raise PostFormatError(
            "no headline like 'K Drama Review: Title (2022) 4.9 || 4.8' in lines 1 to 15"
        )
    title = headline["title"].strip(" -–:")
    if not title:
        raise PostFormatError("the headline has no title", headline_line)
    year = int(headline["year"]) if headline["year"] else None
    scores = _scores(lines, headline, headline_line, warnings)
    split = functools.cache(_sentences)  # the cast and the length read the same paragraphs
    cast = _cast(lines, headline_line, is_known_title or (lambda _: False), warnings, split)
    episodes, minutes = _length(lines[headline_line:], split)
    if date_line is None:
        warnings.append("no date line; the posting date is unknown")
    return ParsedPost(
        title=title,
        year=year,
        posted_on=posted_on,
        headline=lines[headline_line - 1].strip(),
        scores=scores,
        cast=cast,
        episodes=episodes,
        episode_minutes=minutes,
        text=text.strip("\n"),
        warnings=tuple(warnings),
    )


def _find_date(lines: list[str]) -> tuple[date | None, int | None]:
    for number, line in enumerate(lines[:10], start=1):
        candidate = re.sub(r"\s+", " ", line.strip().rstrip("."))
        candidate = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", candidate)
        for fmt in _DATE_FORMATS:
            try:
                return datetime.strptime(candidate, fmt).date(), number
            except ValueError:
                continue
    return None, None


def _find_headline(lines: list[str]) -> tuple[int, re.Match[str] | None]:
    for number, line in enumerate(lines[:15], start=1):
        candidate = " ".join(line.split())  # runs of spaces made the pattern cubic
        if len(candidate) > MAX_HEADLINE_CHARS:
            continue
        match = _HEADLINE.match(candidate)
        if match and (match["prefix"] or (match["year"] and match["scores"])):
            return number, match
    return 0, None


def _scores(
    lines: list[str], headline: re.Match[str], headline_line: int, warnings: list[str]
) -> tuple[Score, ...]:
    headline_scores = [float(s) for s in re.findall(_SCORE, headline["scores"] or "")]
    closing: list[tuple[int, str, float]] = []
    for number, line in enumerate(lines, start=1):
        if number <= headline_line:
            continue
        candidate = line.strip()
        if len(candidate) > MAX_CLOSING_CHARS or "says" not in candidate:
            continue
        match = _CLOSING.match(" ".join(candidate.split()))
        if match:
            closing.append((number, match["reviewer"], float(match["score"])))
    for number, score in [(headline_line, s) for s in headline_scores] + [
        (n, s) for n, _, s in closing
    ]:
        if not 0 <= score <= MAX_SCORE:
            raise PostFormatError(f"score {score:g} is outside 0 to {MAX_SCORE:g}", number)
    if not closing:
        if not headline_scores:
            raise PostFormatError("no scores in the headline or closing lines", headline_line)
        if len(headline_scores) > len(DEFAULT_REVIEWERS):
            raise PostFormatError(
                "the headline has more scores than there are reviewers", headline_line
            )
        warnings.append(
            f"line {headline_line}: no closing 'Name says...score' lines; "
            f"headline scores given to {', '.join(DEFAULT_REVIEWERS[: len(headline_scores)])}"
        )
        return tuple(Score(r, s) for r, s in zip(DEFAULT_REVIEWERS, headline_scores, strict=False))
    seen: dict[str, Score] = {}
    for index, (number, reviewer, score) in enumerate(closing):
        if reviewer in seen:
            warnings.append(f"line {number}: {reviewer} scores twice; the last score counts")
        if index < len(headline_scores) and headline_scores[index] != score:
            warnings.append(
                f"line {number}: {reviewer} says {score:g} but the headline gives "
                f"{headline_scores[index]:g}; the closing line counts"
            )
        seen[reviewer] = Score(reviewer, score)
    if headline_scores and len(headline_scores) != len(closing):
        warnings.append(
            f"line {headline_line}: the headline has {len(headline_scores)} scores "
            f"but {len(closing)} reviewers sign off"
        )
    return tuple(seen.values())


def _cast(
    lines: list[str],
    headline_line: int,
    is_known_title: Callable[[str], bool],
    warnings: list[str],
    split: Callable[[str], tuple[str, ...]],
) -> tuple[CastLine, ...]:
    cast: dict[str, CastLine] = {}

    def add(entry: CastLine) -> None:
        key = re.sub(r"[^a-z]", "", entry.name.lower())
        if key in cast:
            if entry.billing != "mention":
                warnings.append(f"line {entry.line}: {entry.name} is listed twice; first kept")
            return
        cast[key] = entry

    for number, raw in enumerate(lines, start=1):
        if number <= headline_line:
            continue
        line = raw.strip()
        if not line:
            continue
        if lead := _lead_line(line):
            add(CastLine(lead[0], lead[1], "lead", (), number))
            continue
        for sentence in split(line):
            if support := _support_sentence(sentence, is_known_title):
                add(CastLine(support[0], support[1], "support", support[2], number))
        for group in _PAREN_GROUP.findall(line):
            if not _OF_NAME.search(group):
                continue
            for name, works in _mentions(group, is_known_title):
                add(CastLine(name, None, "support", works, number))
    return tuple(cast.values())


def _lead_line(line: str) -> tuple[str, str] | None:
    """`Park Hyung Sik as Han Seon Woo` on a line of its own: a short heading, no sentence."""
    if len(line) > 80 or line[-1] in ".!?,;:":
        return None
    match = _LEAD.match(_INTERJECTION.sub("", line, count=1))
    if not match:
        return None
    role_words = match["role"].split()
    if len(role_words) > 6 or not all(_ROLE_WORD.match(w) for w in role_words):
        return None
    name = _strip_lead_in(match["name"].split())
    return (" ".join(name), match["role"]) if len(name) >= 1 else None


def _support_sentence(
    sentence: str, is_known_title: Callable[[str], bool]
) -> tuple[str, str, tuple[str, ...]] | None:
    """`There's Yoon Byung Hee (Vincenzo, ...) as Seon Woo's manager/friend.`"""
    if "(" not in sentence or " as " not in sentence:
        return None
    sentence = sentence.strip()
    match = _SUPPORT.search(sentence)
    if not match:
        return None
    before = sentence[: match.start()]
    name = _trailing_name(before[max(before.rfind("("), before.rfind(")")) + 1 :])
    if not name:
        return None
    works = _split_works(match["works"], is_known_title)
    return name, _trim_end(match["role"]), works


def _trim_end(text: str) -> str:
    """`text` without trailing spaces, full stops and exclamation marks."""
    end = len(text)
    while end and (text[end - 1].isspace() or text[end - 1] in ".!"):
        end -= 1
    return text[:end].strip()


def _mentions(
    group: str, is_known_title: Callable[[str], bool]
) -> list[tuple[str, tuple[str, ...]]]:
    """`Park Hoon of Descendants of the Sun and Park Min Jung` -> each person with their works."""
    found = []
    for part in re.split(r",\s*(?:and\s+)?|\s+and\s+(?=[A-Z])", group):
        person, _, work = part.partition(" of ")
        words = person.split()
        if not 1 < len(words) <= 4 or not all(re.fullmatch(_NAME_WORD, w) for w in words):
            continue
        if words[0].lower() in _ARTICLES:
            continue
        works = _split_works(work, is_known_title) if work else ()
        found.append((" ".join(words), works))
    return found if any(works for _, works in found) else []


def _trailing_name(before: str) -> str | None:
    words = before.split()
    run: list[str] = []
    for word in reversed(words):
        if not re.fullmatch(_NAME_WORD, word):
            break
        run.insert(0, word)
    run = _strip_lead_in(run)
    if not 1 <= len(run) <= 4:
        return None
    return " ".join(run)


def _strip_lead_in(words: list[str]) -> list[str]:
    while words and words[0].lower().strip(",") in _LEAD_IN:
        words = words[1:]
    return words


def _split_works(text: str, is_known_title: Callable[[str], bool]) -> tuple[str, ...]:
    """Split `A, B, and C` into works, re-joining pieces that together form a known title."""
    pieces = [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", text) if p.strip()]
    works: list[str] = []
    index = 0
    while index < len(pieces):
        for end in range(len(pieces), index, -1):
            title = _joined_title(pieces[index:end], is_known_title)
            if title:
                works.append(title)
                index = end
                break
    return tuple(works)


def _joined_title(pieces: list[str], is_known_title: Callable[[str], bool]) -> str | None:
    """One piece as it is; several only when joined by `, ` or ` and ` they name a known title."""
    if len(pieces) == 1:
        return pieces[0]
    for separator in (", ", " and "):
        if is_known_title(joined := separator.join(pieces)):
            return joined
    return None


def _sentences(line: str) -> tuple[str, ...]:
    """Split a paragraph into sentences, not after `Mr.`/`Dr.` nor inside parentheses."""
    sentences: list[str] = []
    start = scanned = depth = 0  # depth: unclosed parentheses since `start`
    for end in _SENTENCE_END.finditer(line):
        stop = end.end()
        depth += line.count("(", scanned, stop) - line.count(")", scanned, stop)
        scanned = stop
        # Only the tail can end in `Mr.`: looking at the whole piece again was quadratic.
        if depth > 0 or _ABBREVIATION.search(line[max(start, stop - 8) : stop]):
            continue  # inside parentheses, or `Mr.`: the sentence goes on
        sentences.append(line[start:stop].strip())
        start, depth = stop, 0
    if line[start:].strip():
        sentences.append(line[start:].strip())
    return tuple(sentences)


def _length(
    lines: list[str], split: Callable[[str], tuple[str, ...]]
) -> tuple[int | None, int | None]:
    """The episode count and minutes per episode the prose states about this drama."""
    sentences = [s for line in lines for s in split(line.strip())]
    episodes: list[tuple[int, int, int]] = []  # (weight, -order, count)
    runtimes: list[tuple[int, int, int]] = []
    for order, sentence in enumerate(sentences):
        lowered = sentence.lower()
        if "episode" in lowered and len(episodes) < _MAX_LENGTH_MENTIONS:
            cues = [m.end() for m in _EPISODE_CUES.finditer(sentence)]
            doubts = [m.end() for m in _EPISODE_DOUBTS.finditer(sentence)]
            for start, count in _episode_counts(sentence):
                weight = bisect_right(cues, start) - 2 * bisect_right(doubts, start)
                episodes.append((weight, -order, count))
        if (
            ("min" in lowered or "hour" in lowered)
            and len(runtimes) < _MAX_LENGTH_MENTIONS
            and _RUNTIME_CUES.search(sentence)
        ):
            weight = 2 if re.search(r"\b(each|per|episode)\b", sentence, re.I) else 1
            for minutes in _durations(sentence):
                if 5 <= minutes <= 240:
                    runtimes.append((weight, -order, minutes))
    return _best(episodes), _best(runtimes)


def _episode_counts(sentence: str) -> list[tuple[int, int]]:
    """(offset, count) of each `N episodes` in a sentence, the number looked for just before
    each `episode` word: a pattern run over the whole sentence backtracked quadratically over
    long runs of number words (`a a a a ...`)."""
    found = []
    for word in _EPISODE_WORD.finditer(sentence):
        match = _EPISODES.search(sentence, max(word.start() - _NUMBER_WINDOW, 0), word.end())
        count = parse_number(match["count"]) if match else None
        if match and count is not None and count >= 1 and count == int(count):
            found.append((match.start(), int(count)))
    return found


def _durations(sentence: str) -> list[int]:
    """The durations (minutes) a sentence states, read from short stretches around each
    `min`/`hour` word; a long sentence read whole made the number patterns quadratic."""
    spans: list[list[int]] = []
    for word in _RUNTIME_WORD.finditer(sentence):
        start = _word_start(sentence, word.start() - _NUMBER_WINDOW, word.start())
        end = _word_end(sentence, word.end() + _NUMBER_WINDOW)
        if spans and start <= spans[-1][1] and end - spans[-1][0] <= 8 * _NUMBER_WINDOW:
            spans[-1][1] = max(spans[-1][1], end)
        elif spans and start < spans[-1][1]:  # a long run of mentions: no stretch read twice
            spans.append([spans[-1][1], end])
        else:
            spans.append([start, end])
    return [minutes for start, end in spans for _, minutes in find_durations(sentence[start:end])]


def _word_start(text: str, index: int, limit: int) -> int:
    """`index`, moved forward to the start of a word, but not past `limit` (0 stays 0)."""
    if index <= 0:
        return 0
    while index < limit and not text[index - 1].isspace():
        index += 1
    return index


def _word_end(text: str, index: int) -> int:
    """`index`, moved forward to the end of a word, at most `_NUMBER_WINDOW` further."""
    stop = min(index + _NUMBER_WINDOW, len(text))
    while index < stop and not text[index].isspace():
        index += 1
    return min(index, len(text))


def _best(candidates: list[tuple[int, int, int]]) -> int | None:
    """The best-supported value: highest cue weight, then most often stated, then earliest."""
    if not candidates:
        return None
    counts = Counter(value for _, _, value in candidates)
    return max(candidates, key=lambda c: (c[0] > 0, counts[c[2]], c[0], c[1]))[2]
