"""Render the embeds the bot sends as plain text, so the console shows what Discord shows."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
        out += ["", f"-- {embed.footer.text}"] if out and out[-1] else [f"-- {embed.footer.text}"]
    return "\n".join(out).rstrip() + "\n"


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _plain(text: object) -> str:
    return _BOLD.sub(r"\1", _text(text))


#: What the console runs: (command, what it does, an example or "").
CONSOLE_COMMANDS = (
    (
        "/review TITLE",
        "a review: scores, cast, length; next pages through the post",
        "/review soundtrack 1",
    ),
    ("/recommend", "dramas by actor:, like:, length: (short, medium, any),", ""),
    (
        "",
        "max_episodes:, max_hours:, min_score:, limit:",
        "/recommend actor: park hyung sik length: short",
    ),
    ("/actor NAME", "an actor's roles, reviewed titles marked", "/actor han so hee"),
    ("/import PATH...", "import post and catalogue files or folders", "/import posts/"),
    ("/favourite add|remove|list NAME", "your favourite actors", "/favourite add park hyung sik"),
    ("/recommend", "with no options: picks for you, from your favourites' dramas", ""),
    ("/seen TITLE, /want TITLE", "mark a drama seen, or put it on your watchlist", ""),
    (
        "/rate TITLE score: S",
        "rate it 0 to 5 in halves; note: a few words",
        "/rate my name score: 4.5",
    ),
    ("/watchlist", "what you want to watch; length: short, random: yes", ""),
    ("/taste", "how often you agree with Oppa and Noona", ""),
    ("/follow add|remove|list", "title: or actor: whose new reviews ping you (in Discord)", ""),
    ("/me settings|export|forget", "pings: on, share_taste: on; your data; forget confirm", ""),
    ("next, prev", "page through the last answer", ""),
    ("/help", "this list", ""),
    ("quit", "leave (Ctrl-D too; Ctrl-C clears the line)", ""),
)


def console_help() -> str:
    """The console's own help: only what it runs (no Discord-only commands), as plain text."""
    width = max(len(command) for command, _, _ in CONSOLE_COMMANDS) + 2
    lines = ["Commands (Tab completes commands, titles and names; typos are fine):"]
    for command, what, example in CONSOLE_COMMANDS:
        lines.append(f"  {command.ljust(width)}{what}")
        if example:
            lines.append(f"  {'':{width}}e.g. {example}")
    return "\n".join(lines) + "\n"


def commands_text(payload: list[dict[str, Any]], prefix: str = "/") -> str:
    """The slash commands `sync` registers, one a line with their options (`[optional]`);
    subcommands (`/settings announce`) each on their own line."""
    lines = []
    for command in payload:
        name = f"{prefix}{command['name']}"
        options = command.get("options", [])
        subcommands = [o for o in options if o.get("type") in (1, 2)]  # subcommand (group)
        if subcommands:
            lines.append(commands_text(subcommands, f"{name} "))
            continue
        usage = [o["name"] if o.get("required") else f"[{o['name']}]" for o in options]
        lines.append(f"{' '.join([name, *usage])}\n    {command.get('description', '')}")
    return "\n".join(lines)
