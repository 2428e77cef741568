"""Who may do what: `/import` and `/settings` belong to members with Manage Server, in a server;
registering the slash commands belongs to whoever holds the token, at the command line.

Both halves of the rule are tested: what Discord is told (the command payload `sync` sends, which
hides the commands from other members and from DMs) and what the bot itself checks when an
interaction arrives anyway (server admins can re-enable commands for anyone).
"""

from __future__ import annotations

import asyncio
import hashlib
import shutil
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import discord
import pytest

from dramabot.cli import main
from dramabot.client import DramaBot
from dramabot.launcher import command_payload
from dramabot.service import DramaService
from tests.support.doubles import NEW_POST, FakeAttachment, FakeInteraction, invoke

REPO = Path(__file__).resolve().parents[2]
MANAGE_SERVER = discord.Permissions(manage_guild=True)
ADMIN_ONLY = ("import", "settings")
GUILD_CONTEXT = 0  # Discord's interaction context type for a server (1: bot DM, 2: group DM)
REFUSAL = "You need the Manage Server permission in a server for that."


#: Members who may moderate a server but not manage it, and one with no permissions at all.
NOT_MANAGERS = {
    "no-permissions": discord.Permissions.none(),
    "everyday-member": discord.Permissions.text(),
    "moderator": discord.Permissions(
        manage_messages=True, kick_members=True, ban_members=True, manage_channels=True
    ),
}


class CountedAttachment(FakeAttachment):
    """An attachment that counts its downloads: a refused import must not even read it."""

    reads = 0

    async def read(self) -> bytes:
        self.reads += 1
        return await super().read()


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled data imported once for the module (and its name snapshot written)."""
    path = tmp_path_factory.mktemp("access") / "dramabot.sqlite3"

    async def seed() -> None:
        service = await DramaService.open(path)
        await service.close()

    asyncio.run(seed())
    return path


@pytest.fixture
async def bot(seeded_db: Path, tmp_path: Path) -> AsyncIterator[DramaBot]:
    """A real bot, every cog loaded, over a private copy of the seeded database."""
    for suffix in ("", ".names"):
        shutil.copy(f"{seeded_db}{suffix}", tmp_path / f"{seeded_db.name}{suffix}")
    service = await DramaService.open(tmp_path / seeded_db.name)
    bot = DramaBot(service)
    await bot.load_cogs()
    yield bot
    await bot.close()
    await service.close()


async def stored(bot: DramaBot) -> dict[str, Any]:
    """What a refused command must leave alone: the counts and the announcement channels."""
    return {
        "counts": await bot.service.store.counts(),
        "channels": await bot.service.store.announce_channels(),
    }


def assert_refused(interaction: FakeInteraction) -> None:
    """One reply, shown only to the member, saying what is missing; no mention can fire."""
    reply = interaction.reply
    assert reply.kind == "message" and reply.ephemeral and reply.embed is None
    assert reply.content == REFUSAL
    assert reply.allowed_mentions is not None
    assert reply.allowed_mentions.to_dict() == discord.AllowedMentions.none().to_dict()


# ---- what Discord is told ------------------------------------------------------------------------


async def test_admin_commands_are_hidden_from_members_and_from_dms() -> None:
    payload = {command["name"]: command for command in await command_payload()}
    for name in ADMIN_ONLY:
        command = payload[name]
        assert int(command["default_member_permissions"]) == MANAGE_SERVER.value, name
        assert command["dm_permission"] is False, name
        assert command["contexts"] == [GUILD_CONTEXT], name
    for name in payload.keys() - set(ADMIN_ONLY):
        assert payload[name]["default_member_permissions"] is None, f"/{name} is for everyone"


async def test_no_slash_command_can_sync_or_be_run_from_a_message(bot: DramaBot) -> None:
    """Registering commands is `dramabot sync` with the token: nothing in Discord can do it."""
    names = []
    for command in bot.tree.walk_commands():
        names.append(command.qualified_name)
    assert names and not any("sync" in name for name in names), names
    for kind in (discord.AppCommandType.user, discord.AppCommandType.message):
        assert bot.tree.get_commands(type=kind) == [], "a context menu command"
    assert list(bot.commands) == [], "a text command, reachable by mentioning the bot"
    # Starting up (the cogs loaded, the views registered) registers no command with Discord.
    registered: list[object] = []

    async def record(*args: object, **kwargs: object) -> list[object]:
        registered.append(args)
        return []

    bot.http.bulk_upsert_global_commands = record  # type: ignore[method-assign]
    bot.http.bulk_upsert_guild_commands = record  # type: ignore[method-assign]
    bot.http.upsert_global_command = record  # type: ignore[method-assign]
    bot.http.upsert_guild_command = record  # type: ignore[method-assign]
    await bot.setup_hook()
    bot.dispatch("ready")
    await asyncio.sleep(0)
    assert registered == []


def test_sync_is_a_command_line_command_that_needs_the_token(
    seeded_db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)  # no .env here
    code = main(["--db", str(seeded_db), "sync"])
    captured = capsys.readouterr()
    assert code == 1 and captured.out == ""
    assert "Set DISCORD_TOKEN" in captured.err


# ---- what the bot checks when an interaction arrives anyway ------------------------------------


@pytest.mark.parametrize("permissions", list(NOT_MANAGERS.values()), ids=list(NOT_MANAGERS))
async def test_import_is_refused_without_manage_server(
    bot: DramaBot, permissions: discord.Permissions
) -> None:
    before = await stored(bot)
    attachment = CountedAttachment("post.txt", NEW_POST)
    interaction = FakeInteraction(bot, permissions=permissions)
    await invoke(bot, "import", interaction, file=attachment)
    assert_refused(interaction)
    assert attachment.reads == 0, "a refused import downloaded the attachment"
    assert await stored(bot) == before


@pytest.mark.parametrize("permissions", list(NOT_MANAGERS.values()), ids=list(NOT_MANAGERS))
async def test_settings_are_refused_without_manage_server(
    bot: DramaBot, permissions: discord.Permissions
) -> None:
    before = await stored(bot)
    channel = type("Channel", (), {"id": 42, "mention": "<#42>"})()
    interaction = FakeInteraction(bot, permissions=permissions)
    await invoke(bot, "settings announce", interaction, channel=channel)
    assert_refused(interaction)
    assert await stored(bot) == before


@pytest.mark.parametrize(
    "permissions", [discord.Permissions.none(), MANAGE_SERVER], ids=["as-sent", "claimed"]
)
async def test_admin_commands_are_refused_in_dms(
    bot: DramaBot, permissions: discord.Permissions
) -> None:
    """In a DM Discord sends no server permissions; even a payload claiming Manage Server is
    refused, since there is no server to manage."""
    before = await stored(bot)
    attachment = CountedAttachment("post.txt", NEW_POST)
    importing = FakeInteraction(bot, guild_id=None, permissions=permissions)
    await invoke(bot, "import", importing, file=attachment)
    setting = FakeInteraction(bot, guild_id=None, permissions=permissions)
    channel = type("Channel", (), {"id": 42, "mention": "<#42>"})()
    await invoke(bot, "settings announce", setting, channel=channel)
    assert_refused(importing)
    assert_refused(setting)
    assert attachment.reads == 0
    assert await stored(bot) == before


async def test_a_manager_imports_and_sets_the_channel(bot: DramaBot) -> None:
    """The same commands, by a member with Manage Server in a server, do their work: the
    refusals above are about who asks, not about the commands being broken."""
    importing = FakeInteraction(bot, permissions=MANAGE_SERVER)
    await invoke(bot, "import", importing, file=FakeAttachment("post.txt", NEW_POST))
    report = importing.reply.embed
    assert (
        report is not None and report.title == "Import: 1 added, 0 updated, 0 unchanged, 0 failed"
    )
    setting = FakeInteraction(bot, permissions=MANAGE_SERVER)
    channel = type("Channel", (), {"id": 42, "mention": "<#42>"})()
    await invoke(bot, "settings announce", setting, channel=channel)
    assert await bot.service.store.announce_channels() == {555: 42}


async def test_refused_members_cannot_put_the_servers_import_on_cooldown(bot: DramaBot) -> None:
    """Import has a per-server cooldown; only attempts that may run count towards it."""
    for _ in range(3):
        refused = FakeInteraction(bot, guild_id=777)
        await invoke(bot, "import", refused, file=FakeAttachment("post.txt", NEW_POST))
        assert_refused(refused)
    manager = FakeInteraction(bot, guild_id=777, permissions=MANAGE_SERVER)
    await invoke(bot, "import", manager, file=FakeAttachment("post.txt", NEW_POST))
    report = manager.reply.embed
    assert report is not None, manager.reply.content
    assert report.title == "Import: 1 added, 0 updated, 0 unchanged, 0 failed"
    again = FakeInteraction(bot, guild_id=777, permissions=MANAGE_SERVER)
    await invoke(bot, "import", again, file=FakeAttachment("post.txt", NEW_POST))
    assert again.reply.ephemeral and "Slow down" in (again.reply.content or "")


def digest(path: Path) -> str:
    """What the database holds, whatever file (the main one or its WAL) holds it."""
    with sqlite3.connect(path) as db:
        return hashlib.sha256("\n".join(db.iterdump()).encode()).hexdigest()


async def test_a_refused_import_leaves_the_database_file_as_it_was(bot: DramaBot) -> None:
    path = Path(bot.service.store.path)
    before = digest(path)
    for permissions in NOT_MANAGERS.values():
        interaction = FakeInteraction(bot, guild_id=None, permissions=permissions)
        await invoke(bot, "import", interaction, file=FakeAttachment("post.txt", NEW_POST))
        interaction = FakeInteraction(bot, permissions=permissions)
        await invoke(bot, "import", interaction, file=FakeAttachment("post.txt", NEW_POST))
    assert digest(path) == before
