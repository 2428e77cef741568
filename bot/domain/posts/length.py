"""A post's length as its prose states it: `only had 4 episodes`, `each running around 50
minutes`. Pure Python.

Counts are weighed by the words around them: `only`, `has`, `all` support a count; `need`,
`usually`, `last`, `first` make it a distractor (`you don't always need 16 episodes`, `the last
three episodes`), and a distractor never becomes the length, whatever else the post says.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable

from dramabot.domain.numbers import NUMBER, find_durations, parse_number

#: How far before `episodes` (or around `minutes`/`hour`) the prose's number is looked for.
_NUMBER_WINDOW = 80
#: Past this many `episode`/`minutes` mentions a post is not prose about one drama's length.
_MAX_LENGTH_MENTIONS = 200
#: Minutes an episode (or a film) may run; other durations are about something else.
_RUNTIME_RANGE = range(5, 241)
_EPISODE_WORD = re.compile(r"episodes?\b", re.IGNORECASE)
#: `sixteen episodes`, matched backwards from an `episode` word within `_NUMBER_WINDOW`.
_EPISODES = re.compile(rf"\b(?P<count>{NUMBER})(?:[\s-]+|-)episodes?$", re.IGNORECASE)
_RUNTIME_WORD = re.compile(r"min|hour", re.IGNORECASE)
_EPISODE_CUES = re.compile(
    r"\b(had|has|have|only|just|total|all|consists?|spans?|spanning|with|runs?|lasts?|short|whole"
    r"|in all)\b",
    re.IGNORECASE,
)
_EPISODE_DOUBTS = re.compile(
    r"\b(need|needs|usual|usually|typical|typically|most|than|instead|unlike|other|wish|if|last"
    r"|first|final|next|few|another|extra|additional)\b",
    re.IGNORECASE,
)
#: How far before a count a doubting word makes it a distractor.
_DOUBT_WINDOW = 30
_OR_AFTER = re.compile(r"\s+or\b", re.IGNORECASE)
#: `an episode or two`: an article is no count.
_NOT_A_COUNT = {"a", "an", "single"}
_RUNTIME_CUES = re.compile(
    r"\b(episodes?|each|per|runtime|running|runs|long|lasts?|movie|film)\b", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
_ABBREVIATION = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Prof|vs|No)\.$")


def sentences(line: str) -> tuple[str, ...]:
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


def read_length(
    lines: list[str], split: Callable[[str], tuple[str, ...]], film: bool = False
) -> tuple[int | None, int | None]:
    """The episode count and minutes per episode the prose states about this drama; a film is
    one episode as long as its runtime."""
    sentences = [s for line in lines for s in split(line.strip())]
    episodes: list[tuple[int, int, int]] = []  # (weight, -order, count)
    runtimes: list[tuple[int, int, int]] = []
    for order, sentence in enumerate(sentences):
        lowered = sentence.lower()
        if not film and "episode" in lowered and len(episodes) < _MAX_LENGTH_MENTIONS:
            cues = [m.end() for m in _EPISODE_CUES.finditer(sentence)]
            for start, count in _episode_counts(sentence):
                episodes.append((bisect_right(cues, start), -order, count))
        if (
            ("min" in lowered or "hour" in lowered)
            and len(runtimes) < _MAX_LENGTH_MENTIONS
            and _RUNTIME_CUES.search(sentence)
        ):
            weight = 2 if re.search(r"\b(each|per|episode)\b", sentence, re.I) else 1
            for minutes in _durations(sentence):
                if minutes in _RUNTIME_RANGE:
                    runtimes.append((weight, -order, minutes))
    return (1 if film else _best(episodes)), _best(runtimes)


def _episode_counts(sentence: str) -> list[tuple[int, int]]:
    """(offset, count) of each `N episodes` in a sentence that states a length, the number
    looked for just before each `episode` word (a pattern run over the whole sentence
    backtracked quadratically over long runs of number words). A count with a doubt just before
    it (`need 16 episodes`, `the last three episodes`) or `or` after it (`an episode or two`) is
    a distractor and left out."""
    found = []
    for word in _EPISODE_WORD.finditer(sentence):
        match = _EPISODES.search(sentence, max(word.start() - _NUMBER_WINDOW, 0), word.end())
        if not match or match["count"].lower() in _NOT_A_COUNT:
            continue
        count = parse_number(match["count"])
        if count is None or count < 1 or count != int(count):
            continue
        before = sentence[max(match.start() - _DOUBT_WINDOW, 0) : match.start()]
        if _EPISODE_DOUBTS.search(before) or _OR_AFTER.match(sentence, word.end()):
            continue
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
        else:  # a long run of mentions is read in stretches that may overlap a little
            spans.append([start, end])
    # By offset in the sentence: a duration two overlapping stretches both read counts once,
    # as the later stretch (which starts before its number) read it.
    found: dict[int, int] = {}
    for start, end in spans:
        for offset, minutes in find_durations(sentence[start:end]):
            found[start + offset] = minutes
    return [found[offset] for offset in sorted(found)]


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
