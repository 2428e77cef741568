"""Autocomplete choices within Discord's limits: at most 25, names and values <= 100 chars.
The labels are the console's completions too."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dramabot.domain.answers import ReviewAnswer
from dramabot.domain.models import Match
from dramabot.ui.embeds import scores_line
from dramabot.ui.limits import CHOICE_NAME, CHOICE_VALUE, CHOICES, cut

if TYPE_CHECKING:
    from discord import app_commands


def title_label(option: ReviewAnswer) -> str:
    """`Soundtrack #1 (2022) · 4 eps · 4.9 || 4.8`: the drama, its length (or `film`), the
    blog's scores."""
    drama, review = option.drama, option.review
    parts = [drama.label]
    episodes = (review.episodes if review else None) or drama.episodes
    if drama.kind == "film":
        parts.append("film")
    elif episodes:
        parts.append(f"{episodes} {'ep' if episodes == 1 else 'eps'}")
    if review and review.scores:
        parts.append(scores_line(review.scores))
    return " · ".join(parts)


def title_choices(options: list[ReviewAnswer]) -> list[app_commands.Choice[str]]:
    """Dramas as choices whose value (`id:N`) names the drama exactly."""
    return to_choices([(f"id:{o.drama.id}", title_label(o)) for o in options])


def person_choices(matches: list[Match]) -> list[app_commands.Choice[str]]:
    """People as choices whose value (`id:N`) names the person exactly."""
    return to_choices([(f"id:{m.entity_id}", m.name) for m in matches])


def to_choices(pairs: list[tuple[str, str]]) -> list[app_commands.Choice[str]]:
    """(value, label) pairs as Discord choices, cut to the limits."""
    from discord import app_commands  # the console shares the labels, not discord.py

    return [
        app_commands.Choice(name=cut(label, CHOICE_NAME) or "?", value=value[:CHOICE_VALUE])
        for value, label in pairs[:CHOICES]
    ]
