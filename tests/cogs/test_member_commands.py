"""The members' commands and the card's Seen, Want and Rate through the real command tree, as
discord.py dispatches them (buttons rebuilt from their custom ids alone)."""

from __future__ import annotations

import json
from typing import Any

import discord

from dramabot.client import DramaBot
from dramabot.ui.member_views import ForgetView, MarkButton, RateButton, RateModal
from tests.support.doubles import FakeChannel, FakeInteraction, FakeUser, invoke


def _card_buttons(interaction: FakeInteraction) -> dict[str, Any]:
    view = interaction.reply.view
    assert view is not None
    items = [getattr(c, "item", c) for c in view.children]
    return {b.label: b for b in items if isinstance(b, discord.ui.Button)}


async def _press(bot: DramaBot, kind: Any, button: Any, presser: FakeInteraction) -> None:
    match = kind.__discord_ui_compiled_template__.fullmatch(button.custom_id)
    assert match is not None, button.custom_id
    item = await kind.from_custom_id(presser, button, match)
    await item.callback(presser)


async def test_anyone_reading_a_card_can_mark_it_and_hears_back_alone(
    bot: DramaBot, interaction: FakeInteraction
) -> None:
    await invoke(bot, "review", interaction, title="move to heaven")
    buttons = _card_buttons(interaction)
    assert {"Seen it", "Want to watch", "Rate"} <= set(buttons)
    reader = FakeInteraction(bot, user=FakeUser(2002, "reader"))  # not the one who asked
    await _press(bot, MarkButton, buttons["Want to watch"], reader)
    assert reader.reply.ephemeral and "to your watchlist" in (reader.reply.content or "")
    listing = FakeInteraction(bot, user=FakeUser(2002, "reader"))
    await invoke(bot, "watchlist", listing)
    assert listing.reply.ephemeral and "Move to Heaven (2021)" in (
        listing.reply.embed.description or ""
    )  # type: ignore[union-attr]
    seen = FakeInteraction(bot, user=FakeUser(2002, "reader"))
    await _press(bot, MarkButton, buttons["Seen it"], seen)
    again = FakeInteraction(bot)
    await invoke(bot, "review", again, title="move to heaven")
    members = next(f for f in again.reply.embed.fields if f.name == "Members")  # type: ignore[union-attr]
    assert members.value == "1 member here saw it"


async def test_rate_opens_a_modal_whose_score_counts_in_this_server(
    bot: DramaBot, interaction: FakeInteraction
) -> None:
    await invoke(bot, "review", interaction, title="my name")
    presser = FakeInteraction(bot, user=FakeUser(3003))
    await _press(bot, RateButton, _card_buttons(interaction)["Rate"], presser)
    modal = presser.reply.modal
    assert isinstance(modal, RateModal) and len(modal.custom_id) <= 100
    bad = FakeInteraction(bot, user=FakeUser(3003))
    modal.score._value, modal.note._value = "4.3", ""  # type: ignore[attr-defined]
    await modal.on_submit(bad)  # type: ignore[arg-type]
    assert bad.reply.ephemeral and "halves" in (bad.reply.content or "")
    good = FakeInteraction(bot, user=FakeUser(3003))
    modal.score._value, modal.note._value = "4,5", "so tense"  # type: ignore[attr-defined]
    await modal.on_submit(good)  # type: ignore[arg-type]
    assert good.reply.ephemeral and "4.5/5" in (good.reply.content or "")
    card = FakeInteraction(bot)
    await invoke(bot, "review", card, title="my name")
    members = next(f for f in card.reply.embed.fields if f.name == "Members")  # type: ignore[union-attr]
    assert members.value == "1 member here saw it · members' average 4.5 (1 rating)"
    elsewhere = FakeInteraction(bot, guild_id=None)  # a DM: counts are a server's
    await invoke(bot, "review", elsewhere, title="my name")
    members = next(f for f in elsewhere.reply.embed.fields if f.name == "Members")  # type: ignore[union-attr]
    assert "counted in a server" in (members.value or "")


async def test_recommend_with_no_options_is_for_you_and_only_shown_to_you(
    bot: DramaBot, interaction: FakeInteraction
) -> None:
    await invoke(bot, "favourite add", interaction, name="park hyungsik")
    assert interaction.reply.ephemeral and "Park Hyung Sik is now one" in (
        interaction.reply.content or ""
    )
    asked = FakeInteraction(bot)
    await invoke(bot, "recommend", asked)
    picks = asked.reply
    assert picks.ephemeral and picks.embed is not None
    assert "for you" in (picks.embed.title or "")
    assert picks.embed.fields[0].value.startswith("Park Hyung Sik, one of your favourites, leads")
    # The paging buttons rebuild the same picks for the same member.
    assert picks.view is not None


async def test_me_export_sends_your_data_and_forget_deletes_it_after_a_confirm(
    bot: DramaBot, interaction: FakeInteraction
) -> None:
    await invoke(bot, "want", interaction, title="reply 1988")
    export = FakeInteraction(bot)
    await invoke(bot, "me export", export)
    file = export.reply.file
    assert export.reply.ephemeral and file is not None
    assert json.loads(file.fp.read())["want"] == ["Reply 1988 (2015)"]
    forget = FakeInteraction(bot)
    await invoke(bot, "me forget", forget)
    view = forget.reply.view
    assert forget.reply.ephemeral and isinstance(view, ForgetView)
    stranger = FakeInteraction(bot, user=FakeUser(9))
    assert not await view.interaction_check(stranger)  # type: ignore[arg-type]
    confirm = FakeInteraction(bot)
    await view.confirm.callback(confirm)  # type: ignore[call-arg, arg-type]
    assert "records deleted" in (confirm.reply.content or "")
    again = FakeInteraction(bot)
    await invoke(bot, "me export", again)
    assert json.loads(again.reply.file.fp.read())["want"] == []  # type: ignore[union-attr]


async def test_an_announcement_pings_only_opted_in_followers(
    bot: DramaBot, monkeypatch: Any
) -> None:
    service = bot.service
    channel = FakeChannel()
    monkeypatch.setattr(bot, "get_channel", lambda channel_id: channel)
    await service.set_announce_channel(555, 42)
    follower = FakeInteraction(bot, user=FakeUser(7001))
    await invoke(bot, "follow add", follower, title="hometown cha cha cha")
    assert "Turn pings on" in (follower.reply.content or "")
    settings = FakeInteraction(bot, user=FakeUser(7001))
    await invoke(bot, "me settings", settings, pings=True)
    quiet = FakeInteraction(bot, user=FakeUser(7002))  # follows, never opted in
    await invoke(bot, "follow add", quiet, title="hometown cha cha cha")
    drama = (await service.review("hometown cha cha cha")).drama
    assert await bot.announce_reviews([drama.id]) == 1
    [post] = channel.posted
    assert post["content"] == "A new review is up! <@7001>"
    mentions = post["allowed_mentions"].to_dict()
    assert mentions == {"parse": [], "users": [7001]}
