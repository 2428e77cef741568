"""Discord's message limits, and the one function that makes any embed respect them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import discord

TITLE = 256
DESCRIPTION = 4096
FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
AUTHOR = 256
EMBED_TOTAL = 6000
CONTENT = 2000
CHOICES = 25
CHOICE_NAME = 100
CHOICE_VALUE = 100
BUTTONS = 25
CUSTOM_ID = 100
SELECT_OPTIONS = 25
SELECT_LABEL = 100
ELLIPSIS = "…"


def cut(text: str, limit: int) -> str:
    """`text` within `limit` characters, ending in an ellipsis when it was cut."""
    text = text or ""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + ELLIPSIS


def embed_size(embed: discord.Embed) -> int:
    """The characters Discord counts towards the 6000 total."""
    return len(embed)


def fit_embed(embed: discord.Embed) -> discord.Embed:
    """Cut every part of `embed` to Discord's limits, in place; returns it for chaining.

    Fields past 25 are dropped; when the total is still over 6000 the description shrinks first,
    then the last fields are cut short and finally dropped.
    """
    if embed.title:
        embed.title = cut(embed.title, TITLE)
    if embed.description:
        embed.description = cut(embed.description, DESCRIPTION)
    # Discord refuses a blank footer, author name, field name or value: a blank footer or author
    # goes, a blank field part becomes an invisible zero-width space.
    footer, icon = embed.footer.text, embed.footer.icon_url
    if footer is not None or icon is not None:
        embed.remove_footer()
        if footer and footer.strip():
            embed.set_footer(text=cut(footer, FOOTER), icon_url=icon)
    author, url = embed.author.name, embed.author.url
    if author is not None:
        embed.remove_author()
        if author.strip():
            embed.set_author(name=cut(author, AUTHOR), url=url)
    fields = embed.fields[:FIELDS]
    embed.clear_fields()
    for field in fields:
        embed.add_field(
            name=_visible(cut(field.name or "", FIELD_NAME)),
            value=_visible(cut(field.value or "", FIELD_VALUE)),
            inline=bool(field.inline),
        )
    excess = embed_size(embed) - EMBED_TOTAL
    if excess > 0 and embed.description:
        embed.description = cut(embed.description, max(len(embed.description) - excess, 1))
        excess = embed_size(embed) - EMBED_TOTAL
    while excess > 0 and embed.fields:
        last = embed.fields[-1]
        index = len(embed.fields) - 1
        value = last.value or ""
        if len(value) - excess >= 16:
            embed.set_field_at(
                index,
                name=last.name,
                value=cut(value, len(value) - excess),
                inline=bool(last.inline),
            )
        else:
            embed.remove_field(index)
        excess = embed_size(embed) - EMBED_TOTAL
    if excess > 0 and embed.title:
        embed.title = cut(embed.title, max(len(embed.title) - excess, 1))
    return embed


def _visible(text: str) -> str:
    return text if text.strip() else "\u200b"


def split_text(text: str, limit: int) -> list[str]:
    """Split long text into pages of at most `limit` characters, at paragraph or line breaks
    where possible, never losing a character but the whitespace at the seams."""
    pages: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[:limit]
        cut_at = max(window.rfind("\n\n"), window.rfind("\n"))
        if cut_at < limit // 2:
            cut_at = window.rfind(" ")
        if cut_at < limit // 2:
            cut_at = limit
        pages.append(rest[:cut_at].rstrip())
        rest = rest[cut_at:].lstrip()
    if rest:
        pages.append(rest)
    return pages
