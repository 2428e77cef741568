"""What editors and keyboards change without asking, read alike. Pure Python.

`plain_text` is the post as it is stored: one kind of line break, no byte-order mark, no
invisible characters, no markup. `reading_line` is one line as the parser reads it: fullwidth
marks, dashes, quotes and odd spaces folded to their plain forms, bold markers around the whole
line dropped. A post typed on a Korean keyboard or pasted from a word processor reads like the
same post typed plainly.
"""

from __future__ import annotations

import html
import re

_LINE_BREAK = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
#: Tags that end a line in HTML left in a post (`<br>`, paragraphs, blocks, list items).
_BLOCK_TAG = re.compile(
    r"<\s*(?:br|/?p|/?div|/?li|/?h[1-6]|/?tr|/?blockquote)(?:\s[^<>]{0,500})?\s*/?\s*>",
    re.IGNORECASE,
)
_ANY_TAG = re.compile(r"</?[A-Za-z][^<>]{0,500}>|<!--.{0,2000}?-->", re.DOTALL)
_LOOKS_LIKE_HTML = re.compile(r"</?(?:br|p|div|b|strong|span|i|em|a|li|h[1-6])\b", re.IGNORECASE)

_FOLDS = str.maketrans(
    {
        "\t": " ", "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u205f": " ", "\u3000": " ",
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-", "\ufe58": "-", "\ufe63": "-",
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"',
        "\u2026": "...", "\u00a6": "|", "\u2223": "|", "\u01c0": "|", "\u01c1": "||",
        **{chr(c): " " for c in range(0x2000, 0x200B)},
        # Fullwidth ASCII (｜ ： （ ） ［ ］ ０-９ ...) as Korean and Japanese keyboards type it.
        **{chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)},
    }
)  # fmt: skip
#: Bold or italic markers wrapping a whole line: `**...**`, `__...__`, `*...*`.
_WRAPPED = re.compile(r"^(\*{1,3}|_{1,3})(?=\S)(.*?)(?<=\S)\1$")


def plain_text(text: str) -> str:
    """The post as stored: line breaks unified, invisible characters and markup removed."""
    text = _LINE_BREAK.sub("\n", text)
    if _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", text)
    if "<" in text and _LOOKS_LIKE_HTML.search(text):
        text = _BLOCK_TAG.sub("\n", text)
        text = _ANY_TAG.sub("", text)
        text = html.unescape(text).replace("\u00a0", " ")
        text = "\n".join(line.rstrip() for line in text.split("\n"))
    return text


def reading_line(line: str) -> str:
    """One line as the parser reads it: plain marks, single spaces, no wrapping bold markers."""
    line = line.translate(_FOLDS)
    if "**" in line or "__" in line:  # Markdown bold anywhere: `**Park Hyung Sik** as ...`
        line = line.replace("**", "").replace("__", "")
    line = " ".join(line.split())
    while match := _WRAPPED.match(line):
        line = match[2].strip()
    return line
