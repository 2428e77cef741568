"""A post's cast: lead lines, supporting sentences and prose mentions. Pure Python.

- A lead line is a short line of its own: `Park Hyung Sik as Han Seon Woo` (also wrapped in
  parentheses, or ending in `:` or `.`).
- Under an `Other Characters` heading, `Bona as Go Yu Rim, Hee Do's rival.` is supporting cast.
- A supporting sentence lists the actor's other works: `There's Yoon Byung Hee (Vincenzo,
  Hospital Playlist (both seasons)) as Seon Woo's manager.`
- A prose mention names people with their works: `(Park Hoon of Descendants of the Sun and
  Park Min Jung)`, `(Kim Yeo Jin of Mr. Sunshine, Law School, and Ms. Hammurabi)`.

An actor named twice keeps the strongest reading: a lead line over a supporting sentence over a
mention.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from dramabot.domain.models import Billing
from dramabot.domain.names import is_family_name

_NAME_WORD = r"[A-Z][\w.'-]*"
#: After a name's first word, a syllable typed in lower case still belongs to it (`Jung Hae in`).
_LEAD = re.compile(
    rf"^(?P<name>{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|[a-z]{{2,3}})){{0,4}})\s+as\s+(?P<role>.+?)\s*$"
)
_ROLE_WORD = re.compile(r"^(?:[A-Z][\w.'/-]*|of|the|de|von|&)$")
#: A lead line is short; a longer line is prose.
MAX_LEAD_CHARS = 80
MAX_ROLE_WORDS = 6
#: A supporting line under `Other Characters` is a sentence or two, not a page.
MAX_SECTION_LINE_CHARS = 300
#: `Other Characters`, `Supporting Cast:` and the like open the supporting cast's section.
_SUPPORT_HEADING = re.compile(
    r"^(?:the\s+)?(?:other|supporting|support|side|minor)\s+(?:characters?|cast|roles?)\b.{0,20}$",
    re.IGNORECASE,
)
#: `Bona as Go Yu Rim, Hee Do's rival` in that section: the role runs to the first comma,
#: dash, colon or full stop.
_SECTION_LINE = re.compile(
    rf"^(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}})\s+as\s+(?P<role>[^,:;()]+?)"
    r"(?:\s*(?:[,:;(]|\s-\s|\.(?:\s|$)).*)?$"
)
_ASIDE = re.compile(r"\s*\([^()]*\)")
#: Asides nested deeper than this inside a works list are not looked into.
_MAX_NESTING = 3
_SHORT_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}"
_AS_ROLE = re.compile(rf"(?P<actor>{_SHORT_NAME})\s+as\s+(?P<role>{_SHORT_NAME})")
_PLAYED_BY = re.compile(rf"(?P<role>{_SHORT_NAME})\s+played by\s+(?P<actor>{_SHORT_NAME})")
#: A character's name before an actor in parentheses has at most this many words.
_MAX_ROLE_BEFORE = 4
_ROLE_WINDOW = 120
_AS_AFTER = re.compile(r"\)\s+(?:as|plays|played)\s+")
_OF_NAME = re.compile(r"\bof\s+[A-Z]")
_PAREN_GROUP = re.compile(r"\(([^()]*)\)(?!\s+as\s)")
#: Words that may open a cast line before the name. None may be a Korean surname (`Oh`, `So`,
#: `Ha`, `Na`, `Ma`, `Ye`, `Do`, `Ko` are names): interjections go in `_INTERJECTION` instead.
_LEAD_IN = {
    "there's", "theres", "there", "is", "then", "and", "also", "plus", "finally", "lastly",
    "next", "meanwhile", "we", "have", "had", "with", "of", "course", "but", "not", "forget",
    "let's", "don't", "who", "could",
}  # fmt: skip
#: `Oh, ` / `Oh! ` / `Yes. ` opening a cast line: an interjection only with its punctuation, since
#: without it `Oh` is the surname (`Oh Jung Se as Moon Sang Tae`).
_INTERJECTION = re.compile(r"^(?:oh|ah|yes|well|wow|okay|ok)\s*[,!.]+\s*", re.IGNORECASE)
_ARTICLES = {"the", "a", "an"}
_STRENGTH: dict[Billing, int] = {"lead": 3, "support": 2, "guest": 1, "mention": 0}


@dataclass(frozen=True, slots=True)
class CastLine:
    """An actor as a post names them: their role and the other works listed beside them."""

    name: str
    role: str | None
    billing: Billing
    works: tuple[str, ...]
    line: int
    #: A prose mention (no line of its own): a later lead line or sentence replaces it.
    mentioned: bool = False


def read_cast(
    lines: list[str],
    headline_line: int,
    is_known_title: Callable[[str], bool],
    warnings: list[str],
    split: Callable[[str], tuple[str, ...]],
) -> tuple[CastLine, ...]:
    """Everyone the post names after its headline, in the order first named."""
    cast: dict[str, CastLine] = {}

    def add(entry: CastLine) -> None:
        key = re.sub(r"[^a-z]", "", entry.name.lower())
        known = cast.get(key)
        if known is None:
            cast[key] = entry
        elif known.mentioned and not entry.mentioned:
            cast[key] = replace(entry, works=entry.works or known.works)
        elif not entry.mentioned:
            warnings.append(f"line {entry.line}: {entry.name} is listed twice; first kept")

    in_section = False
    for number, line in enumerate(lines, start=1):
        if number <= headline_line or not line:
            continue
        if _SUPPORT_HEADING.match(line):
            in_section = True
            continue
        if " as " in line and (lead := _lead_line(line)):  # reading lines have single spaces
            add(CastLine(lead[0], lead[1], "support" if in_section else "lead", (), number))
            continue
        if in_section and len(line) <= MAX_SECTION_LINE_CHARS and (member := _section_line(line)):
            add(CastLine(member[0], member[1], "support", (), number))
            continue
        for sentence in split(line):
            if support := _support_sentence(sentence, is_known_title):
                add(CastLine(support[0], support[1], "support", support[2], number))
        for group in _PAREN_GROUP.finditer(line):
            if _OF_NAME.search(group[1]):
                for name, works in _mentions(group[1], is_known_title):
                    add(CastLine(name, None, "support", works, number, mentioned=True))
            elif credit := _synopsis_credit(line, group):
                add(CastLine(credit[0], credit[1], "support", (), number, mentioned=True))
    if not any(entry.billing == "lead" for entry in cast.values()):
        # No lead lines (an ensemble post): the characters the synopsis introduces lead it.
        for key, entry in cast.items():
            if entry.mentioned and entry.role:
                cast[key] = replace(entry, billing="lead")
    return tuple(cast.values())


def _synopsis_credit(line: str, group: re.Match[str]) -> tuple[str, str] | None:
    """A character and the actor playing them, as a synopsis names them: `Seo Dal Mi (Bae
    Suzy)`, `Hye Young's (Jung Ga Ram)`, `(Kang Han Na as Won In Jae)`, `(Yoo Chang-soo played
    by Park Hyung Sik)`."""
    inside = group[1].split("/", 1)[0].strip()
    if match := _AS_ROLE.fullmatch(inside) or _PLAYED_BY.fullmatch(inside):
        actor, role = match["actor"], match["role"]
        return (actor, role) if _is_name(actor) or len(actor.split()) == 1 else None
    if not _is_name(inside) or not is_family_name(inside.split()[0]):
        return None
    role: list[str] = []
    before = line[max(group.start() - _ROLE_WINDOW, 0) : group.start()]  # bounded: linear
    for word in reversed(before.split()[-_MAX_ROLE_BEFORE:]):
        word = word.removesuffix("'s")
        if not re.fullmatch(_NAME_WORD, word) or word.lower() in _LEAD_IN | _ARTICLES:
            break
        role.insert(0, word)
    return (inside, " ".join(role)) if role else None


def _lead_line(line: str) -> tuple[str, str] | None:
    """`Park Hyung Sik as Han Seon Woo` on a line of its own: a short heading, no sentence."""
    line = line.strip()
    if line.startswith("(") and line.endswith(")"):
        line = line[1:-1].strip()
    if line.endswith((":", ".")) and not line.endswith(".."):
        line = line[:-1].rstrip()
    if not line or len(line) > MAX_LEAD_CHARS or line[-1] in ".!?,;:":
        return None
    match = _LEAD.match(_INTERJECTION.sub("", line, count=1))
    if not match:
        return None
    role_words = match["role"].split()
    if len(role_words) > MAX_ROLE_WORDS or not all(_ROLE_WORD.match(w) for w in role_words):
        return None
    name = _strip_lead_in(match["name"].split())
    return (" ".join(name), match["role"]) if name else None


def _section_line(line: str) -> tuple[str, str] | None:
    """`Bona as Go Yu Rim, Hee Do's rival who becomes her friend.` under `Other Characters`."""
    match = _SECTION_LINE.match(_INTERJECTION.sub("", line, count=1))
    if not match:
        return None
    role_words = match["role"].split()
    if not role_words or len(role_words) > MAX_ROLE_WORDS:
        return None
    if not all(_ROLE_WORD.match(w) for w in role_words):
        return None
    name = _strip_lead_in(match["name"].split())
    return (" ".join(name), match["role"]) if name else None


def _support_sentence(
    sentence: str, is_known_title: Callable[[str], bool]
) -> tuple[str, str, tuple[str, ...]] | None:
    """`There's Yoon Byung Hee (Vincenzo, ...) as Seon Woo's manager/friend.`"""
    if "(" not in sentence or (" as " not in sentence and " play" not in sentence):
        return None
    sentence = sentence.strip()
    closing = _AS_AFTER.search(sentence)
    if not closing:
        return None
    opening = _matching_open(sentence, closing.start())
    if opening is None:
        return None
    name = _trailing_name(sentence[:opening])
    if not name:
        return None
    works = _split_works(_flatten(sentence[opening + 1 : closing.start()]), is_known_title)
    return name, _trim_end(sentence[closing.end() :]), works


def _matching_open(text: str, close: int) -> int | None:
    """The index of the `(` that the `)` at `close` closes, nested pairs skipped."""
    depth = 0
    for index in range(close, -1, -1):
        if text[index] == ")":
            depth += 1
        elif text[index] == "(":
            depth -= 1
            if depth == 0:
                return index
    return None


def _flatten(works: str) -> str:
    """A works list without its inner asides: `Hospital Playlist (both seasons)` -> the title."""
    for _ in range(_MAX_NESTING):  # bounded: each pass reads the whole list once
        if "(" not in works:
            break
        works = _ASIDE.sub("", works)
    return works.replace("(", "").replace(")", "")


def _trim_end(text: str) -> str:
    """`text` without trailing spaces, full stops and exclamation marks."""
    end = len(text)
    while end and (text[end - 1].isspace() or text[end - 1] in ".!"):
        end -= 1
    return text[:end].strip()


def _mentions(
    group: str, is_known_title: Callable[[str], bool]
) -> list[tuple[str, tuple[str, ...]]]:
    """`Park Hoon of Descendants of the Sun and Park Min Jung` -> each person with their works.

    After `Name of`, the listed pieces are that person's works, up to a piece that is itself
    `Name of ...` or a person's name (a Korean family name first, not a known title).
    """
    found: list[tuple[str, list[str]]] = []
    for part in re.split(r",\s*(?:and\s+)?|\s+and\s+(?=[A-Z])", group):
        part = part.strip()
        person, has_of, work = part.partition(" of ")
        if has_of and _is_name(person):
            found.append((" ".join(person.split()), []))
            if work:
                found[-1][1].append(work)
        elif found and found[-1][1] and not _is_person(part, is_known_title):
            found[-1][1].append(part)
        elif _is_name(part):
            found.append((" ".join(part.split()), []))
    if not any(works for _, works in found):
        return []
    return [
        (name, _split_works(", ".join(works), is_known_title) if works else ())
        for name, works in found
    ]


def _is_name(text: str) -> bool:
    words = text.split()
    return (
        1 < len(words) <= 4
        and all(re.fullmatch(_NAME_WORD, w) for w in words)
        and words[0].lower() not in _ARTICLES
    )


def _is_person(piece: str, is_known_title: Callable[[str], bool]) -> bool:
    """A piece of a works list that names a person rather than a work."""
    words = piece.split()
    return _is_name(piece) and is_family_name(words[0]) and not is_known_title(piece)


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
