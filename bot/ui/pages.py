"""Render any answer as its pages: the command and its paging buttons show the same thing."""

from __future__ import annotations

import discord

from dramabot.domain.answers import Answer, RecommendAnswer, ReviewAnswer
from dramabot.ui import embeds


def render(answer: Answer) -> list[discord.Embed]:
    """The pages of an answer, within Discord's limits."""
    if isinstance(answer, ReviewAnswer):
        return embeds.review_pages(answer)
    if isinstance(answer, RecommendAnswer):
        return embeds.recommendation_pages(answer.query, answer.picks)
    return embeds.actor_pages(answer)
