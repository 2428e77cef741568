"""Name normalisation: the keys that make two spellings one entity, and the forms fuzzy matching
compares. Pure Python: no discord, no storage.

- `clean` tidies text for display (whitespace, zero-width characters).
- `entity_key` is strict: two names with the same key are the same title or person whatever the
  source (`Park Hyung-sik` = `Park Hyung Sik`, `Soundtrack 1` = `Soundtrack #1`).
- `title_form` and `person_words` are forgiving, for search only: they drop leading articles
  and read `Season 2` as `2`, and for people fold romanization variants (`Hyeong`/`Hyung`,
  `Yi`/`Lee`, `Choe`/`Choi`, `oo`/`u`); `person_form` is a person's folded name as one key.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from itertools import compress

_INVISIBLE = re.compile(
    r"[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]"
)
_NOT_ALNUM = re.compile(r"[\W_]+")
#: `many_words` joins ASCII texts with this (not whitespace to `str.split`), and makes every
#: other ASCII character lower case or, as `_NOT_ALNUM` does, a space (one `str.translate`).
_JOINED = "\x00"
_ASCII_WORDS = str.maketrans(
    {
        letter: letter.lower() if letter.isalnum() else " "
        for letter in map(chr, range(128))
        if letter != _JOINED
    }
)
#: (Over words joined by single spaces, one name a line: `title_forms`.)
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an) +(?=\S)", re.MULTILINE)
#: Words a title's number follows (`Season 2` is `2`).
SEASON_WORDS = frozenset({"season", "part", "series"})
_SEASON = re.compile(rf"\b(?:{'|'.join(sorted(SEASON_WORDS))}) *(\d+)\b")
_LINES = "\n"

#: Romanizations of one family name, folded to the spelling fans type most.
_SURNAMES = {
    "yi": "lee", "rhee": "lee", "ri": "lee", "i": "lee", "rhie": "lee",
    "pak": "park", "bak": "park", "bahk": "park",
    "choe": "choi", "chwe": "choi",
    "jeong": "jung", "chung": "jung", "joung": "jung",
    "gim": "kim", "ghim": "kim",
    "cho": "jo", "joe": "jo",
    "ko": "go", "koh": "go",
    "huh": "heo", "hur": "heo",
    "lim": "im", "yim": "im",
    "kang": "gang",
    "shin": "sin", "sheen": "sin",
    "yoo": "yu", "ryu": "yu", "you": "yu",
    "noh": "no", "roh": "no",
    "oh": "o",
    "seo": "suh", "so": "suh",
    "moon": "mun",
    "kwon": "gwon",
}  # fmt: skip

#: Korean family names as fans romanize them (the common hundred cover nearly everyone): a
#: name that ends in one may be typed in Western order (`Hyung Sik Park`).
_FAMILY_NAMES = frozenset(
    "kim lee yi rhee park pak bak choi choe jung jeong chung kang gang cho jo yoon yun jang "
    "chang lim im yim han oh o seo suh shin sin kwon gwon hwang ahn an song yoo yu ryu jeon jun "
    "chun go ko koh moon mun yang son sohn bae baek paek heo hur huh nam shim sim noh roh no ha "
    "kwak gwak sung seong cha joo ju woo u koo gu ku min na jin ji eom um chae won cheon bang "
    "gong hyun hyeon ham byun byeon yeom yeo chu do so seok seon sul ma gil wi pyo myung ki ban "
    "wang geum ok yook in maeng je mo tak guk eun pyeon yong ye bong kyung sa bu namgoong "
    "namkoong hwangbo jegal seonwoo dokgo".split()
)


def is_family_name(word: str) -> bool:
    """Whether a word is a Korean family name as fans romanize it (`Park`, `Oh`, `Namgoong`)."""
    return word.lower() in _FAMILY_NAMES


#: Vowel and consonant spellings that romanization systems disagree on, folded in order.
_SYLLABLE_FOLDS = (
    ("ah", "a"), ("eo", "u"), ("oo", "u"), ("ou", "u"), ("ee", "i"), ("ae", "e"), ("wo", "o"),
    ("sh", "s"), ("ch", "j"), ("k", "g"), ("t", "d"), ("p", "b"), ("r", "l"),
)  # fmt: skip


def clean(text: str) -> str:
    """Text fit for display: NFC, invisible and control characters gone, whitespace folded."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    if _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", text)
    return " ".join(text.split())


def _fold(text: str) -> str:
    """Lower case without diacritics; Hangul stays whole. ASCII (most names) takes a fast path."""
    if text.isascii():
        folded = text.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", clean(text))
        stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
        folded = unicodedata.normalize("NFC", stripped).casefold()
    return folded.replace("&", " and ") if "&" in folded else folded


def entity_key(text: str) -> str:
    """The strict identity key of a title or a name: letters and digits only, lower case."""
    return _NOT_ALNUM.sub("", _fold(text))


def words(text: str) -> list[str]:
    """The lower-case words of a name, punctuation dropped."""
    return _NOT_ALNUM.sub(" ", _fold(text)).split()


def many_words(texts: Sequence[str]) -> list[list[str]]:
    """`words` of many texts: the ASCII ones (most names) folded and split in a few passes over
    them all joined (in C), the others one by one."""
    is_plain = [text.isascii() and _JOINED not in text for text in texts]
    plain = list(compress(texts, is_plain))
    joined = _JOINED.join(plain).replace("&", " and ").translate(_ASCII_WORDS)
    found = list(map(str.split, joined.split(_JOINED))) if plain else []
    if len(found) == len(texts):
        return found
    ahead = iter(found)
    return [
        next(ahead) if simple else words(text) for text, simple in zip(texts, is_plain, strict=True)
    ]


def title_form(text: str) -> str:
    """A title as search compares it: words, no leading article, `Season 2` as `2`."""
    return title_forms([words(text)])[0]


def title_forms(many: Sequence[list[str]]) -> list[str]:
    """`title_form` of many titles, from their `words`, in a few passes over them all joined,
    one a line (in C)."""
    if not many:
        return []
    joined = _LINES.join(map(" ".join, many))
    if any(word in joined for word in SEASON_WORDS):
        joined = _SEASON.sub(r"\1", joined)
    return _LEADING_ARTICLE.sub("", joined).split(_LINES)


def person_form(text: str) -> str:
    """A person's name as search compares it: family name and syllables folded, no spaces.

    `Park Hyung-sik`, `park hyungsik`, `Pak Hyeong Sik` all give the same form.
    """
    return "".join(person_words(text))


def person_words(text: str) -> list[str]:
    """The folded words of a name: `Pak Hyeong-sik` -> `balg`, `hyung`, `sig`."""
    return person_words_of(words(text))


def person_words_of(spelled: list[str]) -> list[str]:
    """`person_words` of a name's `words`."""
    parts = list(spelled)
    if len(parts) > 1:
        parts[0] = _SURNAMES.get(parts[0], parts[0])
    # Fold word by word: across a word boundary `Cha Eun` must not read as the vowel `ae`.
    return [fold_syllables(part) for part in parts]


@functools.lru_cache(maxsize=1 << 16)
def fold_syllables(text: str) -> str:
    """Fold the vowel and consonant spellings romanizations disagree on (cached: names share
    a few thousand syllables)."""
    for variant, folded in _SYLLABLE_FOLDS:
        text = text.replace(variant, folded)
    return text


def reversed_order(name: str) -> str | None:
    """`Hyung Sik Park` -> `Park Hyung Sik`: a name typed in Western order, family name last;
    None unless the last word is a Korean family name and the first is not (`Seo Na So` is in
    the usual order already)."""
    parts = clean(name).split(" ")
    if (
        len(parts) < 2
        or not set(words(parts[-1])) & _FAMILY_NAMES
        or set(words(parts[0])) & _FAMILY_NAMES
    ):
        return None
    return " ".join([parts[-1], *parts[:-1]])
