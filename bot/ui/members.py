"""A member's lists and taste as embeds (and, through `text`, as console text)."""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING, Any

from dramabot.domain.answers import Watchlist
from dramabot.domain.members import MIN_SHARED, Agreement, Mark, Rating, Taste
from dramabot.domain.models import Drama, Person
from dramabot.ui.card import new_embed
from dramabot.ui.choices import title_label
from dramabot.ui.embeds import COLOUR, NAME_CHARS, community_line, listing
from dramabot.ui.limits import DESCRIPTION, cut, fit_embed

if TYPE_CHECKING:
    import discord

EXPORT_NAME = "dramabot-my-data.json"


def marked_reply(drama: Drama, mark: Mark | None, before: Mark | None) -> str:
    """What a member hears after marking a drama."""
    if mark is None:
        return f"{drama.label} is off your lists." if before else f"{drama.label} was on no list."
    if mark == before:
        return f"{drama.label} was already marked {mark}."
    if mark == "seen":
        return f"Marked {drama.label} seen. Rate it with `/rate` or the Rate button."
    return f"Added {drama.label} to your watchlist (`/watchlist`)."


def rated_reply(drama: Drama, rating: Rating) -> str:
    note = f' with the note "{rating.note}"' if rating.note else ""
    return f"You rated {drama.label} {rating.score:g}/5{note}. It counts as seen."


def favourites_card(people: list[Person]) -> discord.Embed:
    """Your favourite actors, or how to add one."""
    lines = [f"• {cut(p.name, NAME_CHARS)}" for p in people]
    text = listing(lines, DESCRIPTION) if lines else "None yet: `/favourite add name:`."
    card = new_embed(title="Your favourite actors", description=text, colour=COLOUR)
    card.set_footer(text="/recommend with no options picks from their dramas for you")
    return fit_embed(card)


def follows_card(names: list[str], pings: bool) -> discord.Embed:
    """What you follow, and whether a new review of it pings you."""
    lines = [f"• {cut(name, NAME_CHARS)}" for name in names]
    text = (
        listing(lines, DESCRIPTION) if lines else "Nothing yet: `/follow add title:` or `actor:`."
    )
    card = new_embed(title="You follow", description=text, colour=COLOUR)
    state = "on" if pings else "off (turn them on with `/me settings pings:True`)"
    card.set_footer(text=f"Pings for new reviews: {state}; favourite actors count too")
    return fit_embed(card)


def watchlist_card(watchlist: Watchlist) -> discord.Embed:
    """The titles you want to watch (one, when you asked for a random pick)."""
    if watchlist.random:
        title = "Tonight's pick from your watchlist"
    else:
        title = "Your watchlist" + (f" ({watchlist.length})" if watchlist.length else "")
    lines = []
    for item in watchlist.items:
        line = f"• {title_label(item)}"
        if (members := community_line(item)) and item.community and item.community.ratings:
            line += f"\n  {members}"
        lines.append(line)
    if not lines:
        within = f" {watchlist.length}" if watchlist.length else ""
        empty = f"Nothing{within} on it yet: `/want title:` or the Want to watch button."
        lines = [empty]
    card = new_embed(title=title, description=listing(lines, DESCRIPTION), colour=COLOUR)
    return fit_embed(card)


def taste_card(taste: Taste) -> discord.Embed:
    """How often you agree with each reviewer, and with another member."""
    card = new_embed(title="Your taste", colour=COLOUR)
    for reviewer, found in taste.reviewers.items():
        card.add_field(name=f"With {reviewer}", value=agreement_line(found), inline=True)
    if taste.other is not None:
        name, found = taste.other
        card.add_field(name=f"With {cut(name, NAME_CHARS)}", value=agreement_line(found))
    elif taste.other_refused:
        card.add_field(name="With another member", value=taste.other_refused, inline=False)
    closest = _closest(taste)
    card.description = (
        f"You agree most with **{closest}**." if closest else "Rate more titles with `/rate`."
    )
    card.set_footer(text=f"Counted over titles you both rated; {MIN_SHARED} at least")
    return fit_embed(card)


def agreement_line(found: Agreement) -> str:
    if found.percent is None:
        more = MIN_SHARED - found.shared
        return f"{found.shared} shared {_titles(found.shared)}: rate {more} more to see"
    return f"**{found.percent:.0f}%** over {found.shared} {_titles(found.shared)}"


def export_file(data: dict[str, Any]) -> discord.File:
    """A member's data as the JSON file `/me export` sends only to them."""
    import discord  # only the bot sends files; the console prints the JSON

    return discord.File(io.BytesIO(export_json(data).encode("utf-8")), filename=EXPORT_NAME)


def export_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _closest(taste: Taste) -> str | None:
    known = {name: a.percent for name, a in taste.reviewers.items() if a.percent is not None}
    return max(known, key=lambda name: known[name]) if known else None


def _titles(count: int) -> str:
    return "title" if count == 1 else "titles"
