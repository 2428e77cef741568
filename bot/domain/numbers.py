"""Numbers and durations in prose: read (`sixteen`, `twenty-four`, `an hour and 10 minutes`)
and written (`1 drama`, `2 dramas`, `4.55`)."""

from __future__ import annotations

import re

_UNITS = {
    "zero": 0, "one": 1, "a": 1, "an": 1, "single": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip

_WORD = "|".join(sorted([*_UNITS, *_TENS, "hundred"], key=len, reverse=True))
#: At most this many words follow a number's first (`one hundred and twenty-four` needs three):
#: an unbounded chain made every pattern using `NUMBER` quadratic on a long run of number words
#: (`a a a ... minutes`), each start re-reading the whole run.
_MAX_EXTRA_WORDS = 6
#: A number as digits or words, e.g. `16`, `sixteen`, `twenty-four`, `one hundred and twenty`.
NUMBER = (
    rf"(?:\d+(?:\.\d+)?|(?:{_WORD})(?:[\s-]+(?:and[\s-]+)?(?:{_WORD})){{0,{_MAX_EXTRA_WORDS}}})"
)


def parse_number(text: str) -> float | None:
    """The value of a number in digits or English words; None when it is not one."""
    text = text.strip().lower()
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    total = 0
    current = 0
    seen = False
    for word in re.split(r"[\s-]+", text):
        if word == "and":
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        else:
            return None
        seen = True
    total += current
    return float(total) if seen else None


_HOURS_AND_MINUTES = re.compile(
    rf"\b(?P<hours>{NUMBER})\s+hours?(?:\s+and\s+(?P<half>a\s+half)|\s+and\s+(?P<minutes>{NUMBER})"
    rf"\s+min(?:ute)?s?\b)?",
    re.IGNORECASE,
)
_MINUTES = re.compile(rf"\b(?P<minutes>{NUMBER})[\s-]+min(?:ute)?s?\b", re.IGNORECASE)


def find_durations(sentence: str) -> list[tuple[int, int]]:
    """Every duration in a sentence, in minutes, with its offset: `an hour and 10 minutes` -> 70."""
    found: list[tuple[int, int]] = []
    covered: list[range] = []
    for match in _HOURS_AND_MINUTES.finditer(sentence):
        hours = parse_number(match["hours"])
        if hours is None:
            continue
        minutes = hours * 60
        if match["half"]:
            minutes += 30
        elif match["minutes"]:
            minutes += parse_number(match["minutes"]) or 0
        found.append((match.start(), round(minutes)))
        covered.append(range(match.start(), match.end()))
    for match in _MINUTES.finditer(sentence):
        if any(match.start() in span for span in covered):
            continue
        minutes = parse_number(match["minutes"])
        if minutes is not None:
            found.append((match.start(), round(minutes)))
    return sorted(found)


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """`1 drama`, `2 dramas`, `1 person`/`3 people` (with `nouns`), `2 menu items`, `3 entries
    with no id`, `2 posts in the trash`: the grammar agrees."""
    if count == 1:
        return f"{count:,} {noun}"
    if nouns is not None:
        return f"{count:,} {nouns}"
    words = noun.split(" ")
    at = next((i - 1 for i, w in enumerate(words) if i and w in _PREPOSITIONS), len(words) - 1)
    word = words[at]
    consonant_y = word.endswith("y") and word[-2:-1] not in "aeiou"
    words[at] = word[:-1] + "ies" if consonant_y else word + "s"
    return f"{count:,} {' '.join(words)}"


_PREPOSITIONS = frozenset({"in", "with", "of", "on"})


def rounded(value: float, places: int = 2) -> str:
    """A figure as people write it: at most `places` decimals, no trailing zeros (`4.55`,
    `5`, `31.7`); never `4.800000000000001`."""
    text = f"{value:.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
