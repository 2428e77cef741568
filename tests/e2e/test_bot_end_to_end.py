"""The real DramaBot on the real discord.py client, against the loopback Discord double:
log in, connect, sync, answer commands, autocomplete and buttons as Discord delivers them,
survive a 429 and a dropped gateway, shut down cleanly, never show its token."""

from __future__ import annotations

import asyncio
import copy
import gc
import io
import json
import logging
import math
import os
import sys
import threading
import warnings
from pathlib import Path
from typing import Any

import aiohttp
import discord
import pytest
from discord.gateway import KeepAliveHandler

from dramabot.client import DramaBot
from dramabot.service import DramaService
from dramabot.ui.views import NOT_YOURS
from tests.e2e.conftest import FAST_READY, READY_TIMEOUT, StartBot
from tests.e2e.double import EPHEMERAL, DiscordDouble

COMMANDS = {"review", "recommend", "actor", "help", "import", "settings"} | {
    "favourite",
    "follow",
    "seen",
    "want",
    "rate",
    "watchlist",
    "taste",
    "me",
}


#: Discord's button style for a link (it has a url and no custom_id).
LINK = 5


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    """Every component of a message (or callback data), row by row."""
    return [item for row in message.get("components") or [] for item in row["components"]]


def labels(message: dict[str, Any]) -> list[tuple[str, bool]]:
    return [(b["label"], b.get("disabled", False)) for b in buttons(message)]


async def test_the_bot_starts_as_dramabot_run_does_and_syncs_commands_discord_accepts(
    service: DramaService, discord_double: DiscordDouble
) -> None:
    # Built exactly as `dramabot run` builds it: no options, `async with`, `bot.start(token)`.
    async with DramaBot(service) as bot:
        running = asyncio.create_task(bot.start(discord_double.token))
        await asyncio.wait_for(bot.wait_until_ready(), READY_TIMEOUT)
        assert bot.user is not None and str(bot.user.id) == discord_double.bot_user["id"]
        assert str(bot.application_id) == discord_double.application_id
        identify = discord_double.identifies[0]
        assert identify["intents"] == discord.Intents(guilds=True).value  # no privileged intents
        assert "compress=zlib-stream" in discord_double.connections[0]
        assert discord_double.heartbeat_acks >= 1 and math.isfinite(bot.latency)  # ACKed
        assert [g.name for g in bot.guilds] == ["K-drama club"]

        synced = await bot.tree.sync()  # `dramabot sync`
        assert {c.name for c in synced} == COMMANDS
        assert {c["name"] for c in discord_double.commands[None]} == COMMANDS
        guild = discord.Object(int(discord_double.guild_id))
        bot.tree.copy_global_to(guild=guild)
        synced_here = await bot.tree.sync(guild=guild)  # `dramabot sync --guild`
        assert {c.name for c in synced_here} == COMMANDS
        assert all(c.guild_id == guild.id for c in synced_here)
    await asyncio.wait_for(running, READY_TIMEOUT)
    puts = [r.status for r in discord_double.requests if r.method == "PUT"]
    assert puts == [200, 200]
    assert not discord_double.unknown_requests


# Each row breaks one documented rule in the bot's own (valid) command set.
def _upper_name(cmds: list[dict[str, Any]]) -> None:
    cmds[0]["name"] = "Review"


def _long_description(cmds: list[dict[str, Any]]) -> None:
    cmds[0]["description"] = "x" * 101


def _required_after_optional(cmds: list[dict[str, Any]]) -> None:
    cmds[0]["options"].reverse()  # /review: ephemeral (optional) before title (required)


def _too_many_choices(cmds: list[dict[str, Any]]) -> None:
    length = next(o for o in cmds[1]["options"] if o["name"] == "length")
    length["choices"] = [{"name": f"c{i}", "value": f"c{i}"} for i in range(26)]


def _autocomplete_with_choices(cmds: list[dict[str, Any]]) -> None:
    cmds[0]["options"][0]["choices"] = [{"name": "Signal", "value": "Signal"}]


def _too_many_options(cmds: list[dict[str, Any]]) -> None:
    cmds[0]["options"] += [
        {"type": 5, "name": f"flag{i}", "description": "A flag"} for i in range(25)
    ]


def _duplicate_name(cmds: list[dict[str, Any]]) -> None:
    cmds.append(copy.deepcopy(cmds[0]))


def _too_many_commands(cmds: list[dict[str, Any]]) -> None:
    cmds += [{"name": f"cmd{i}", "description": "One of many", "type": 1} for i in range(101)]


BROKEN_RULES = [
    (_upper_name, "In 0.name: Command name is invalid"),
    (_long_description, "In 0.description: Must be between 1 and 100 in length."),
    (_required_after_optional, "In 0.options.1: Required options must be placed before"),
    (_too_many_choices, ".choices: Must be 25 or fewer in length."),
    (_autocomplete_with_choices, "In 0.options.0.autocomplete: Autocomplete cannot be set"),
    (_too_many_options, "In 0.options: Must be 25 or fewer in length."),
    (_duplicate_name, ".name: Application command names must be unique"),
    (_too_many_commands, "Maximum number of application commands reached (100)"),
]


@pytest.mark.parametrize(
    ("break_rule", "error"), BROKEN_RULES, ids=[rule.__name__[1:] for rule, _ in BROKEN_RULES]
)
async def test_a_command_set_discord_would_refuse_is_refused_and_changes_nothing(
    bot: DramaBot, discord_double: DiscordDouble, break_rule: Any, error: str
) -> None:
    valid = [c.to_dict(bot.tree) for c in bot.tree.get_commands()]
    valid.sort(key=lambda c: (c["name"] != "review", c["name"] != "recommend"))  # 0, 1, rest
    registered = copy.deepcopy(discord_double.commands[None])
    broken = copy.deepcopy(valid)
    break_rule(broken)
    with pytest.raises(discord.HTTPException) as refused:
        await bot.http.bulk_upsert_global_commands(bot.application_id, payload=broken)
    assert refused.value.status == 400
    assert error in str(refused.value)
    assert discord_double.commands[None] == registered  # a refused overwrite changes nothing
    answer = await (await discord_double.slash("help")).response()
    assert answer["data"]["embeds"][0]["title"]  # and the registered commands still answer


async def test_review_with_a_typo_answers_with_the_review_card_and_paging_buttons(
    bot: DramaBot, discord_double: DiscordDouble
) -> None:
    asker = discord_double.member.id
    reply_url = "https://www.oppanoona.kr/2020/08/k-drama-review-reply-1988-answer-me.html"
    cases = [
        ("hometown chachacha", "Hometown Cha-Cha-Cha (2021)", "Average **4.55**", 14, None),
        # The fixture post replaced the blog's facts and kept their link to the post.
        ("reply 1988", "Reply 1988 (2015)", "Average **4.9**", 108, reply_url),
    ]
    for typed, title, average, drama_id, link in cases:
        sent = await discord_double.slash("review", title=typed)
        answer = await sent.response()
        assert answer["type"] == 4, typed  # CHANNEL_MESSAGE_WITH_SOURCE
        data = answer["data"]
        assert not data.get("flags", 0) & EPHEMERAL, "a review is shown to everyone"
        assert data["allowed_mentions"] == {"parse": []}, "nothing the bot sends can ping"
        card = data["embeds"][0]
        assert card["title"] == title
        fields = {f["name"]: f["value"] for f in card["fields"]}
        assert list(fields)[:4] == ["Scores", "Length", "Lead cast", "Supporting cast"]
        assert average in fields["Scores"] and "Oppa" in fields["Scores"]
        assert "page 1/3" in card["footer"]["text"]
        assert [b.get("custom_id") for b in buttons(data)][:3] == [
            f"db:p:review:{drama_id}:0:{asker}",
            f"db:c:{asker}",
            f"db:p:review:{drama_id}:1:{asker}",
        ]
        assert labels(data)[:3] == [("◀ Previous", True), ("1 / 3", True), ("Next ▶", False)]
        links = [(b["label"], b["url"]) for b in buttons(data) if b.get("style") == LINK]
        assert links == ([("Read the full review on the blog", link)] if link else [])
        assert card.get("url") == link
        assert sent.message["embeds"][0]["title"] == title  # the message members see
    assert not discord_double.unknown_requests


async def test_a_deferred_recommendation_fills_the_thinking_message(
    bot: DramaBot, discord_double: DiscordDouble
) -> None:
    sent = await discord_double.slash("recommend", length="short")
    assert (await sent.response())["type"] == 5  # DEFERRED: members see "dramabot is thinking…"
    await discord_double.wait_until(lambda: bool(sent.followups), 5, "the recommendations")
    [followup] = sent.followups
    assert followup["embeds"][0]["title"] == "Recommended: short series"
    assert followup["allowed_mentions"] == {"parse": []}
    shown = sent.message  # the thinking message, now the answer
    assert shown["embeds"][0]["title"] == "Recommended: short series"
    assert shown["flags"] == 0, "no longer loading, and shown to everyone"
    assert len(discord_double.messages) == 1


async def test_autocomplete_offers_at_most_25_relevant_choices_that_answer(
    bot: DramaBot, discord_double: DiscordDouble
) -> None:
    async def choices(command: str, option: str, typed: str) -> list[dict[str, Any]]:
        answer = await (await discord_double.autocomplete(command, option, typed)).response()
        assert answer["type"] == 8  # APPLICATION_COMMAND_AUTOCOMPLETE_RESULT
        return answer["data"]["choices"]

    assert len(await choices("review", "title", "s")) == 25  # many fit: Discord's maximum
    typo = await choices("review", "title", "hometwn")
    assert typo[0]["name"] == "Hometown Cha-Cha-Cha (2021) · 16 eps · 4.4 || 4.7"
    replies = await choices("review", "title", "reply")
    assert replies and all(c["name"].startswith("Reply 19") for c in replies)
    reviewed = await choices("review", "title", "")
    assert 1 <= len(reviewed) <= 25 and all("||" in c["name"] for c in reviewed)
    actors = await choices("actor", "name", "park hyung")
    assert actors[0]["name"] == "Park Hyung Sik"

    # Picking a suggestion sends its value; the command answers with that drama.
    picked = await discord_double.slash("review", title=typo[0]["value"])
    card = (await picked.response())["data"]["embeds"][0]
    assert card["title"] == "Hometown Cha-Cha-Cha (2021)"


async def test_paging_buttons_turn_the_page_for_the_asker_only(
    bot: DramaBot, discord_double: DiscordDouble
) -> None:
    review = await discord_double.slash("review", title="reply 1988")
    first = (await review.response())["data"]
    message = review.message
    next_id = buttons(first)[2]["custom_id"]

    click = await discord_double.click(message, next_id)
    turned = await click.response()
    assert turned["type"] == 7  # UPDATE_MESSAGE: the same message, now page 2
    page_two = turned["data"]["embeds"][0]
    assert "page 2/3" in page_two["footer"]["text"]
    assert page_two["description"] != first["embeds"][0]["description"]
    assert labels(turned["data"]) == [
        ("◀ Previous", False),
        ("2 / 3", True),
        ("Next ▶", False),
        ("Read the full review on the blog", False),  # the link stays on every page
        ("Seen it", False),  # and so do the buttons for whoever reads the card
        ("Want to watch", False),
        ("Rate", False),
    ]
    assert review.message["embeds"][0]["footer"] == page_two["footer"]  # edited in place
    assert review.message["edited_timestamp"] is not None

    back = await discord_double.click(review.message, buttons(review.message)[0]["custom_id"])
    assert "page 1/3" in (await back.response())["data"]["embeds"][0]["footer"]["text"]

    stranger = discord_double.new_member("minho")
    refused = await discord_double.click(review.message, next_id, member=stranger)
    answer = await refused.response()
    assert answer["type"] == 4 and answer["data"]["flags"] & EPHEMERAL
    assert answer["data"]["content"] == NOT_YOURS
    assert "page 1/3" in review.message["embeds"][0]["footer"]["text"]  # the page did not turn


async def test_a_rate_limited_reply_or_sync_is_retried_and_still_arrives(
    bot: DramaBot, discord_double: DiscordDouble
) -> None:
    discord_double.rate_limit_next("POST", "/interactions/*/callback", retry_after=0.3)
    sent = await discord_double.slash("review", title="hometown chachacha")
    answer = await sent.response()
    assert answer["data"]["embeds"][0]["title"] == "Hometown Cha-Cha-Cha (2021)"
    assert [a.status for a in sent.attempts] == [429, 200]
    assert sent.attempts[1].at - sent.attempts[0].at >= 0.29  # waited as told
    assert sent.attempts[0].json == sent.attempts[1].json  # the same reply, sent again

    discord_double.rate_limit_next("PUT", "/applications/*/commands", retry_after=0.2)
    synced = await bot.tree.sync()
    assert {c.name for c in synced} == COMMANDS
    puts = discord_double.requests_to("PUT /applications/{app}/commands")
    assert [r.status for r in puts][-2:] == [429, 200]


@pytest.mark.parametrize("close_code", [4000, None], ids=["close-4000", "abrupt"])
async def test_a_dropped_gateway_is_resumed_and_nothing_is_missed(
    bot: DramaBot, discord_double: DiscordDouble, close_code: int | None
) -> None:
    before = await discord_double.slash("help")
    await before.response()
    session = discord_double.session
    assert session is not None
    last_seq = session.seq
    resumed = asyncio.ensure_future(bot.wait_for("resumed", timeout=READY_TIMEOUT))

    await discord_double.drop_gateway(close_code)
    # Sent while the bot is away: Discord keeps it and replays it when the bot resumes.
    missed = await discord_double.slash("review", title="reply 1988")
    assert missed.replayed
    card = (await missed.response())["data"]["embeds"][0]
    assert card["title"] == "Reply 1988 (2015)"
    await resumed

    assert discord_double.resumes == [
        {"session_id": session.id, "seq": last_seq, "path": "/gateway-resume"}
    ]
    assert len(discord_double.identifies) == 1, "resumed, not a new session"
    after = await discord_double.slash("review", title="hometown chachacha")
    assert (await after.response())["data"]["embeds"][0]["title"].startswith("Hometown")
    assert not discord_double.unknown_requests


async def test_shutdown_is_clean_no_task_thread_session_or_warning_left(
    service: DramaService, discord_double: DiscordDouble, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    gc.collect()  # earlier tests' garbage is not ours to report
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        bot = DramaBot(service, **FAST_READY)
        running = asyncio.create_task(bot.start(discord_double.token))
        await asyncio.wait_for(bot.wait_until_ready(), READY_TIMEOUT)
        await bot.tree.sync()
        review = await discord_double.slash("review", title="reply 1988")
        await review.response()
        click = await discord_double.click(review.message, buttons(review.message)[2]["custom_id"])
        await click.response()

        await bot.close()
        assert await asyncio.wait_for(running, READY_TIMEOUT) is None  # start() returns quietly
        await discord_double.close()
        for _ in range(3):
            await asyncio.sleep(0)
        gc.collect()
        others = asyncio.all_tasks() - {asyncio.current_task()}
        assert not others, f"tasks left pending: {others}"
        heartbeats = [t for t in threading.enumerate() if isinstance(t, KeepAliveHandler)]
        for thread in heartbeats:
            thread.join(timeout=2)
        assert not any(t.is_alive() for t in heartbeats), "the heartbeat thread is still running"
    ours = [
        w
        for w in caught
        if issubclass(w.category, ResourceWarning | RuntimeWarning)
        or "nclosed" in str(w.message)
        or "pending" in str(w.message)
    ]
    assert not ours, [str(w.message) for w in ours]
    problems = [r for r in caplog.records if r.name.startswith("asyncio") or r.levelno >= 40]
    assert not problems, [r.getMessage() for r in problems]
    assert bot.is_closed()


async def test_the_token_never_appears_in_logs_or_replies(
    start_bot: StartBot, discord_double: DiscordDouble, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, discord.py's gateway and HTTP included
    bot = await start_bot()
    sent = await discord_double.slash("review", title="hometown chachacha")
    await sent.response()
    await (await discord_double.autocomplete("review", "title", "reply")).response()
    await bot.close()

    token = discord_double.token
    assert discord_double.identifies, "the bot did identify with the token"
    messages = [r.getMessage() for r in caplog.records]
    assert any("INTERACTION_CREATE" in m for m in messages), "DEBUG logs carry the payloads"
    assert any(r.name == "discord.http" for r in caplog.records)
    assert not [m for m in messages if token in m]
    assert token not in caplog.text
    bodies = json.dumps([r.json for r in discord_double.requests], ensure_ascii=False)
    assert token not in bodies


async def test_a_wrong_token_is_refused_at_login(
    service: DramaService, discord_double: DiscordDouble
) -> None:
    bot = DramaBot(service)
    try:
        with pytest.raises(discord.LoginFailure):
            await bot.login("wrong." + discord_double.token[::-1])
    finally:
        await bot.close()
    logins = discord_double.requests_to("GET /users/@me")
    assert [r.status for r in logins] == [401]
    assert logins[0].response == {"message": "401: Unauthorized", "code": 0}
    assert not discord_double.identifies


async def test_dramabot_run_with_a_rejected_token_exits_1_and_never_prints_it(
    discord_double: DiscordDouble, tmp_path: Path
) -> None:
    # The real CLI in its own process; only Discord's addresses are configured to the double.
    launcher = (
        "import sys, yarl, discord.http, discord.gateway\n"
        "discord.http.Route.BASE = sys.argv[1]\n"
        "discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(sys.argv[2])\n"
        "from dramabot.cli import main\n"
        "sys.exit(main(sys.argv[3:]))\n"
    )
    wrong = "MTA1wrong.Gx9e2e.rejected-" + discord_double.token[:12]
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        launcher,
        discord_double.api_url,
        discord_double.gateway_url,
        "--db",
        str(tmp_path / "cli.sqlite3"),
        "run",
        cwd=tmp_path,  # no developer .env is read
        env={**os.environ, "DISCORD_TOKEN": wrong},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    stdout, stderr = out.decode(), err.decode()
    assert process.returncode == 1, stderr
    assert "Discord rejected the token in DISCORD_TOKEN." in stderr
    assert wrong not in stdout + stderr
    assert [r.status for r in discord_double.requests_to("GET /users/@me")] == [401]


async def test_the_double_records_multipart_replies_and_unknown_routes(
    bot: DramaBot, discord_double: DiscordDouble
) -> None:
    """The double itself: a reply with a file (multipart, as discord.py sends it) is recorded
    with its payload_json and file; a route it does not know is a 404 it records."""
    sent = await discord_double.slash("help")
    await sent.response()
    followup = discord.Webhook.partial(int(discord_double.application_id), sent.token, client=bot)
    poster = discord.File(io.BytesIO(b"Oppa and Noona"), filename="poster.txt")
    message = await followup.send("with a file", file=poster, wait=True)
    [recorded] = discord_double.requests_to("POST /webhooks/{app}/{token}")
    assert recorded.json["content"] == "with a file"
    assert recorded.files == [("files[0]", "poster.txt", b"Oppa and Noona")]
    assert [a.filename for a in message.attachments] == ["poster.txt"]

    assert not discord_double.unknown_requests
    headers = {"Authorization": f"Bot {discord_double.token}"}
    async with aiohttp.ClientSession() as session:
        original = f"{discord_double.api_url}/webhooks/{bot.application_id}/{sent.token}"
        async with session.patch(f"{original}/messages/@original", json={"content": "edited"}):
            pass
        assert sent.edits == [{"content": "edited"}] and sent.message["content"] == "edited"
        url = f"{discord_double.api_url}/channels/1/threads"
        async with session.post(url, json={"name": "hi"}, headers=headers) as response:
            assert response.status == 404
    [unknown] = discord_double.unknown_requests
    assert (unknown.method, unknown.path, unknown.json) == (
        "POST",
        "/channels/1/threads",
        {"name": "hi"},
    )
