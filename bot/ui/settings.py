"""The settings a server sees (`/settings show`) and the followed feeds, in Discord and as
the CLI's lines."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from dramabot.domain.feeds import FollowedFeed
from dramabot.ui.card import new_embed
from dramabot.ui.choices import to_choices
from dramabot.ui.embeds import COLOUR
from dramabot.ui.limits import CHOICE_VALUE, FIELD_VALUE, cut, fit_embed

if TYPE_CHECKING:
    import discord

NO_FEED = "No feed is followed. Add the blog's with `/settings feed url:`."


def feed_line(feed: FollowedFeed, when: Callable[[str], str] = str) -> str:
    """`URL every 15 min: last poll WHEN, ok` (or the last error, or not polled yet)."""
    every = f"{feed.url} every {feed.interval_minutes} min"
    if feed.last_poll_at is None:
        return f"{every}: not polled yet"
    how = f"error: {feed.last_error}" if feed.last_error else "ok"
    return f"{every}: last poll {when(feed.last_poll_at)}, {how}"


def settings_card(channel_id: int | None, feeds: list[FollowedFeed]) -> discord.Embed:
    """This server's announcement channel, and each followed feed with its last poll."""
    card = new_embed(title="dramabot settings", colour=COLOUR)
    channel = f"<#{channel_id}>" if channel_id else "none: set one with `/settings announce`"
    card.add_field(name="Announcements", value=channel, inline=False)
    lines = [cut(feed_line(feed, _relative), FIELD_VALUE // 2) for feed in feeds]
    card.add_field(name="Feeds", value=cut("\n".join(lines) or NO_FEED, FIELD_VALUE), inline=False)
    return fit_embed(card)


def feed_choices(feeds: list[FollowedFeed], typed: str) -> list[discord.app_commands.Choice[str]]:
    """Followed feeds whose address contains what was typed (addresses too long to be a
    choice's value are typed in full)."""
    wanted = typed.strip().lower()
    return to_choices(
        [(f.url, f.url) for f in feeds if wanted in f.url.lower() and len(f.url) <= CHOICE_VALUE]
    )


def _relative(moment: str) -> str:
    """A stored time as Discord shows it in the reader's own time zone (`<t:…:R>`)."""
    return f"<t:{int(datetime.fromisoformat(moment).timestamp())}:R>"
