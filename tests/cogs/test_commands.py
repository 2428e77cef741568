"""The slash commands through the real command tree and cogs, with an interaction double."""

from __future__ import annotations

import re
from typing import Any

import discord
import pytest

from dramabot.client import DramaBot
from dramabot.ui import limits
from dramabot.ui.views import NOT_YOURS, PageButton, PickDrama
from tests.support.doubles import (
    NEW_POST,
    FakeAttachment,
    FakeChannel,
    FakeInteraction,
    FakeUser,
    complete,
    invoke,
)

NAME = re.compile(r"^[-_\w]{1,32}$")
#: The members' commands, which anyone may install and use in DMs as well.
ANYWHERE_TOO = {"favourite", "follow", "seen", "want", "rate", "watchlist", "taste", "me"}


def _check_option(option: dict[str, Any], where: str) -> None:
    assert NAME.match(option["name"]) and option["name"] == option["name"].lower(), where
    assert 1 <= len(option["description"]) <= 100, where
    assert not (option.get("autocomplete") and option.get("choices")), where
    assert len(option.get("choices", [])) <= 25, where
    for sub in option.get("options", []):
        _check_option(sub, f"{where} {sub['name']}")
    assert len(option.get("options", [])) <= 25, where


async def test_command_payload_follows_discords_rules(bot: DramaBot) -> None:
    payload = [c.to_dict(bot.tree) for c in bot.tree.get_commands()]
    names = {c["name"] for c in payload}
    assert names == {"review", "recommend", "actor", "help", "import", "settings"} | ANYWHERE_TOO
    for command in payload:
        _check_option(command, command["name"])
        required = [o.get("required", False) for o in command.get("options", [])]
        assert required == sorted(required, reverse=True), "required options come first"
    admin = {c["name"]: c for c in payload}
    manage_guild = discord.Permissions(manage_guild=True).value
    assert int(admin["import"]["default_member_permissions"]) == manage_guild
    assert int(admin["settings"]["default_member_permissions"]) == manage_guild
    assert admin["review"]["default_member_permissions"] is None
    for name in ANYWHERE_TOO | {"review", "recommend", "actor"}:  # user installs, in DMs too
        assert admin[name]["integration_types"] == [0, 1], name
        assert admin[name]["contexts"] == [0, 1, 2], name
    for name in ("import", "settings"):  # a server's own: never in a DM, never user-installed
        assert admin[name]["contexts"] == [0] and admin[name].get("integration_types") in (
            None,
            [0],
        ), name


async def test_review_with_a_typo_answers_with_the_card_and_pages(
    bot: DramaBot, interaction: FakeInteraction
) -> None:
    await invoke(bot, "review", interaction, title="hometown chachacha")
    reply = interaction.reply
    assert reply.kind == "message" and not reply.ephemeral
    assert reply.allowed_mentions is not None and reply.allowed_mentions.to_dict()["parse"] == []
    card = reply.embed
    assert card is not None and card.title == "Hometown Cha-Cha-Cha (2021)"
    fields = {f.name: f.value for f in card.fields}
    assert "Oppa ★★★★½ **4.4**" in fields["Scores"] and "Average **4.55**" in fields["Scores"]
    assert fields["Length"].startswith("16 episodes × 80 min")
    assert "**Kim Seon Ho** as Hong Doo Shik" in fields["Lead cast"]
    assert "In Gyo Jin" in fields["Supporting cast"]
    assert len(card.description or "") <= 420
    buttons = [getattr(c, "item", c) for c in reply.view.children] if reply.view else []
    assert [b.label for b in buttons][0] == "◀ Previous" and buttons[0].disabled
    assert buttons[1].label.startswith("1 / ") and buttons[1].disabled
    assert buttons[2].label == "Next ▶" and not buttons[2].disabled


async def test_paging_buttons_turn_pages_for_the_owner_only(
    bot: DramaBot, interaction: FakeInteraction
) -> None:
    await invoke(bot, "review", interaction, title="reply 1988")
    view = interaction.reply.view
    assert view is not None
    next_button = view.children[2].item  # type: ignore[attr-defined]
    assert isinstance(next_button, discord.ui.Button) and next_button.custom_id
    # Dispatch the click as discord.py does after a restart: from the custom_id alone.
    match = PageButton.__discord_ui_compiled_template__.fullmatch(next_button.custom_id)
    assert match is not None
    clicker = FakeInteraction(bot)
    item = await PageButton.from_custom_id(clicker, next_button, match)  # type: ignore[arg-type]
    assert await item.interaction_check(clicker)  # type: ignore[arg-type]
    await item.callback(clicker)  # type: ignore[arg-type]
    page_two = clicker.reply
    assert page_two.kind == "edit" and page_two.embed is not None
    assert page_two.embed.title == "Reply 1988 (2015): the full review"
    assert "Reply 1988" in (page_two.embed.description or "")
    stranger = FakeInteraction(bot, user=FakeUser(999))
    assert not await item.interaction_check(stranger)  # type: ignore[arg-type]
    assert stranger.reply.content == NOT_YOURS and stranger.reply.ephemeral


async def test_the_full_review_text_is_reachable_through_the_pages(
    bot: DramaBot, interaction: FakeInteraction
) -> None:
    await invoke(bot, "review", interaction, title="move to heaven")
    answer = await bot.service.review("move to heaven")
    assert answer.review is not None
    from dramabot.ui.embeds import review_pages

    pages = review_pages(answer)
    text = " ".join(p.description or "" for p in pages[1:])
    assert "".join(text.split()) == "".join(answer.review.text.split())


async def test_unknown_title_is_an_ephemeral_did_you_mean(
    bot: DramaBot, interaction: FakeInteraction
) -> None:
    await invoke(bot, "review", interaction, title="Hospitl Playlistt Season Nine Special")
    reply = interaction.reply
    assert reply.ephemeral and reply.embed is None
    assert reply.content and "did you mean Hospital Playlist" in reply.content


async def test_a_name_shared_by_two_dramas_asks_which_one(
    bot: DramaBot, interaction: FakeInteraction
) -> None:
    from dramabot.domain.catalogue import DramaEntry

    await bot.service.store.merge_catalogue(
        [DramaEntry("Twin Title", 2015), DramaEntry("Twin Title", 2019, kind="film")]
    )
    await bot.service.reload_names()
    await invoke(bot, "review", interaction, title="twin title")
    view = interaction.reply.view
    assert view is not None
    menu = view.children[0]
    assert isinstance(menu, PickDrama)
    assert [o.label for o in menu.item.options] == ["Twin Title (2019)", "Twin Title (2015)"]


async def test_reply_asks_which_of_three_and_a_missing_season_says_so(
    bot: DramaBot, interaction: FakeInteraction
) -> None:
    await invoke(bot, "review", interaction, title="reply")
    assert interaction.reply.content == "Several dramas fit that name equally well; which one?"
    menu = interaction.reply.view.children[0] if interaction.reply.view else None
    assert isinstance(menu, PickDrama)
    assert {o.label for o in menu.item.options} == {
        "Reply 1988 (2015)", "Reply 1994 (2013)", "Reply 1997 (2012)"
    }  # fmt: skip
    asked = FakeInteraction(bot)
    await invoke(bot, "review", asked, title="squid game season 2")
    card = asked.reply.embed
    assert card is not None and card.title == "Squid Game (2021)"
    assert str(card.description).startswith("The catalogue has no season 2 of Squid Game;")


async def test_review_autocomplete(bot: DramaBot, interaction: FakeInteraction) -> None:
    choices = await complete(bot, "review", "title", "sound", interaction)
    assert 1 <= len(choices) <= 25
    assert all(len(c.name) <= 100 and c.value.startswith("id:") for c in choices)
    first = choices[0]
    assert first.name == "Soundtrack #1 (2022) · 4 eps · 4.9 || 4.8"  # the blog's facts
    empty = await complete(bot, "review", "title", "", interaction)
    assert empty and all("||" in c.name for c in empty)  # reviewed dramas first
    await invoke(bot, "review", interaction, title=empty[0].value)
    assert interaction.reply.embed is not None
    assert interaction.reply.embed.title == empty[0].name.split(" · ")[0]


async def test_recommend_by_actor_and_length(bot: DramaBot, interaction: FakeInteraction) -> None:
    await invoke(bot, "recommend", interaction, actor="park hyung-sik", length="short")
    assert interaction.sent[0].kind == "defer"
    reply = interaction.reply
    assert reply.kind == "followup" and reply.embed is not None
    assert reply.embed.title == "Recommended for Park Hyung Sik, short series"
    fields = reply.embed.fields
    assert fields[0].name.startswith("1. Soundtrack #1 (2022)")
    assert fields[0].value.startswith("Park Hyung Sik as Han Sun Woo; 4 episodes × ")


async def test_recommend_with_nothing_to_go_on_says_how_to_start(
    bot: DramaBot, interaction: FakeInteraction
) -> None:
    await invoke(bot, "recommend", interaction)
    assert interaction.sent[-1].ephemeral and "/favourite add" in (
        interaction.sent[-1].content or ""
    )


async def test_actor_marks_reviewed_titles(bot: DramaBot, interaction: FakeInteraction) -> None:
    choices = await complete(bot, "actor", "name", "han sohee", interaction)
    assert choices[0].name == "Han So Hee"
    await invoke(bot, "actor", interaction, name=choices[0].value, ephemeral=True)
    reply = interaction.reply
    assert reply.ephemeral and reply.embed is not None and reply.embed.title == "Han So Hee"
    description = reply.embed.description or ""
    assert re.search(
        r"^\*\*My Name \(2021\)\*\* as Yoon Ji Woo.* · ★ reviewed 4.2 \|\| 3.9$", description, re.M
    )
    assert "**The World of the Married (2020)** as Yeo Da Kyung" in description
    assert "Married (2020)** as Yeo Da Kyung ·" not in description  # not reviewed: no mark


async def test_help_lists_every_command(bot: DramaBot, interaction: FakeInteraction) -> None:
    await invoke(bot, "help", interaction)
    card = interaction.reply.embed
    assert card is not None and interaction.reply.ephemeral
    listed = {f.name.split()[0] for f in card.fields}
    assert listed == {"/" + c.name for c in bot.tree.get_commands()}


async def test_import_is_refused_without_manage_server(
    bot: DramaBot, interaction: FakeInteraction
) -> None:
    before = await bot.service.store.counts()
    await invoke(bot, "import", interaction, file=FakeAttachment("post.txt", NEW_POST))
    reply = interaction.reply
    assert reply.ephemeral and "Manage Server" in (reply.content or "")
    assert await bot.service.store.counts() == before


async def test_import_by_an_admin_imports_and_announces(
    bot: DramaBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = FakeInteraction(bot, permissions=discord.Permissions(manage_guild=True))
    channel = FakeChannel()
    monkeypatch.setattr(
        bot, "get_channel", lambda channel_id: channel if channel_id == 42 else None
    )
    await invoke(
        bot, "settings announce", admin, channel=type("C", (), {"id": 42, "mention": "<#42>"})()
    )
    assert admin.reply.ephemeral and "<#42>" in (admin.reply.content or "")
    importer = FakeInteraction(bot, permissions=discord.Permissions(manage_guild=True))
    bad = FakeAttachment("broken.txt", b"nothing to see")
    await invoke(bot, "import", importer, file=FakeAttachment("post.txt", NEW_POST), file2=bad)
    report = importer.reply
    assert report.ephemeral and report.embed is not None
    assert report.embed.title == "Import: 1 added, 0 updated, 0 unchanged, 1 failed"
    assert "broken.txt: no headline" in (report.embed.description or "")
    assert [p["embed"].title for p in channel.posted] == ["Brand New Show (2023)"]
    assert channel.posted[0]["allowed_mentions"].to_dict()["parse"] == []


async def test_unexpected_errors_get_an_id_and_a_log_line(
    bot: DramaBot,
    interaction: FakeInteraction,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def broken(query: str) -> None:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(bot.service, "find_dramas", broken)
    await invoke(bot, "review", interaction, title="anything")
    reply = interaction.reply
    assert reply.ephemeral
    error_id = re.search(r"error ([0-9a-f]{8})", reply.content or "")
    assert error_id and "database on fire" not in (reply.content or "")
    assert any(error_id[1] in r.getMessage() and r.exc_info for r in caplog.records)


async def test_every_custom_id_fits(bot: DramaBot, interaction: FakeInteraction) -> None:
    interaction.user = FakeUser(2**63 - 1)
    await invoke(
        bot,
        "recommend",
        interaction,
        like="reply 1988",  # with every option set: the longest reference a button carries
        max_episodes=999,
        max_hours=999.5,
        min_score=0.0,
    )
    view = interaction.reply.view
    assert view is not None, "an answer of several pages has paging buttons"
    ids = [item.custom_id for item in view.children if getattr(item, "custom_id", None)]
    assert len(ids) == 3 and all(len(i) <= limits.CUSTOM_ID for i in ids), ids
