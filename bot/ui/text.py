"""Render the embeds the bot sends as plain text, so the console shows what Discord shows."""

from __future__ import annotations

import re

import discord

_BOLD = re.compile(r"\*\*(.+?)\*\*")


def embed_to_text(embed: discord.Embed) -> str:
    """Title, description, fields and footer of an embed as terminal text."""
    out: list[str] = []
    if embed.title:
        out += [embed.title, "=" * min(len(embed.title), 72)]
    if embed.description:
        out += [_plain(embed.description), ""]
    for field in embed.fields:
        value = _plain(field.value or "")
        if "\n" in value or not field.inline:
            out += [f"{field.name}:", *(f"  {line}" for line in value.split("\n")), ""]
        else:
            out += [f"{field.name}: {value}"]
    if embed.footer.text:
        out += ["", f"-- {embed.footer.text}"]
    return "\n".join(out).rstrip() + "\n"


def _plain(text: str) -> str:
    return _BOLD.sub(r"\1", text)
