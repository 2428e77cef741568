"""Render the embeds the bot sends as plain text, so the console shows what Discord shows."""

from __future__ import annotations

import re

import discord

_BOLD = re.compile(r"\*\*(.+?)\*\*")


def embed_to_text(embed: discord.Embed) -> str:
    """Title, description, fields and footer of an embed as terminal text. Never raises, even
    for an embed built from a payload with missing or non-string parts."""
    out: list[str] = []
    if embed.title:
        title = str(embed.title)
        out += [title, "=" * min(len(title), 72)]
    if embed.description:
        out += [_plain(embed.description), ""]
    for field in embed.fields:
        name, value = _text(field.name), _plain(field.value)
        if "\n" in value or not field.inline:
            out += [f"{name}:", *(f"  {line}" for line in value.split("\n")), ""]
        else:
            out += [f"{name}: {value}"]
    if embed.url:
        out += [f"Read the full review on the blog: {embed.url}"]
    if embed.footer.text:
        out += ["", f"-- {embed.footer.text}"]
    return "\n".join(out).rstrip() + "\n"


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _plain(text: object) -> str:
    return _BOLD.sub(r"\1", _text(text))
