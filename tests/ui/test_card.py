"""The terminal's light embed (`Card`, used when discord.py is not loaded: the CLI and the
console) renders every builder exactly as a real `discord.Embed` does: the same text, the same
size as Discord counts it, the same cuts to Discord's limits."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import discord
from hypothesis import given

from dramabot.ui import embeds
from dramabot.ui.card import Card
from dramabot.ui.text import embed_to_text
from tests.ui.test_embed_properties import (
    SETTINGS,
    picks,
    profiles,
    queries,
    reports,
    review_answers,
)


@contextmanager
def without_discord() -> Iterator[None]:
    """As in the CLI: discord.py not loaded (it stays imported for everything else)."""
    loaded = sys.modules.pop("discord")
    try:
        yield
    finally:
        sys.modules["discord"] = loaded


def parts(embed: Any) -> tuple[object, ...]:
    fields = tuple((f.name, f.value, f.inline) for f in embed.fields)
    return (embed.title, embed.description, embed.url, fields, embed.footer.text, len(embed))


def assert_same(build: Callable[[], list[Any]]) -> None:
    real = build()
    with without_discord():
        light = build()
    assert all(isinstance(page, discord.Embed) for page in real)
    assert all(isinstance(page, Card) for page in light)
    assert [parts(page) for page in light] == [parts(page) for page in real]
    assert [embed_to_text(page) for page in light] == [embed_to_text(page) for page in real]


@SETTINGS
@given(review_answers())
def test_review_pages_are_the_same_on_a_card(answer: embeds.ReviewAnswer) -> None:
    assert_same(lambda: embeds.review_pages(answer))


@SETTINGS
@given(queries(), picks())
def test_recommendation_pages_are_the_same_on_a_card(query: Any, chosen: Any) -> None:
    assert_same(lambda: embeds.recommendation_pages(query, chosen))


@SETTINGS
@given(profiles())
def test_actor_pages_are_the_same_on_a_card(profile: Any) -> None:
    assert_same(lambda: embeds.actor_pages(profile))


@SETTINGS
@given(reports())
def test_import_reports_and_help_are_the_same_on_a_card(report: Any) -> None:
    assert_same(lambda: [embeds.import_report(report), embeds.help_card()])


def test_a_one_shot_command_does_not_load_discord() -> None:
    import subprocess

    code = "import sys, dramabot.cli, dramabot.console_prompt; print('discord' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr
