"""Autocomplete choices within Discord's limits: at most 25, names and values <= 100 chars."""

from __future__ import annotations

from discord import app_commands

from dramabot.ui.limits import CHOICE_NAME, CHOICE_VALUE, CHOICES, cut


def to_choices(pairs: list[tuple[str, str]]) -> list[app_commands.Choice[str]]:
    """(value, label) pairs as Discord choices, cut to the limits."""
    return [
        app_commands.Choice(name=cut(label, CHOICE_NAME) or "?", value=value[:CHOICE_VALUE])
        for value, label in pairs[:CHOICES]
    ]
