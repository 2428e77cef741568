"""An interaction double: it records what the bot would send to Discord, and nothing else.

Only Discord's network edge is replaced; the cogs, the command tree, embeds and views are real.
Every recorded message keeps the exact keyword arguments discord.py would have sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import discord
from discord import app_commands

from dramabot.client import DramaBot
from dramabot.ui import limits
from tests.support.limits import within_limits


@dataclass
class Sent:
    """One message or edit the bot sent."""

    kind: str  # "message", "followup", "edit", "defer", "autocomplete"
    content: str | None = None
    embed: discord.Embed | None = None
    view: discord.ui.View | None = None
    ephemeral: bool = False
    allowed_mentions: discord.AllowedMentions | None = None
    choices: list[app_commands.Choice[Any]] | None = None
    file: discord.File | None = None
    modal: discord.ui.Modal | None = None


class FakeResponse:
    def __init__(self, log: list[Sent]) -> None:
        self.log = log
        self._done = False

    def is_done(self) -> bool:
        return self._done

    def _respond(self) -> None:
        assert not self._done, "an interaction can be responded to only once"
        self._done = True

    async def send_message(self, content: str | None = None, **kwargs: Any) -> None:
        self._respond()
        self.log.append(Sent("message", content, **_known(kwargs)))

    async def defer(self, *, ephemeral: bool = False, thinking: bool = False) -> None:
        self._respond()
        self.log.append(Sent("defer", ephemeral=ephemeral))

    async def edit_message(self, **kwargs: Any) -> None:
        self._respond()
        self.log.append(Sent("edit", kwargs.get("content"), **_known(kwargs)))

    async def autocomplete(self, choices: list[app_commands.Choice[Any]]) -> None:
        self._respond()
        self.log.append(Sent("autocomplete", choices=choices))

    async def send_modal(self, modal: discord.ui.Modal) -> None:
        self._respond()
        self.log.append(Sent("modal", modal=modal))


class FakeFollowup:
    def __init__(self, log: list[Sent], response: FakeResponse) -> None:
        self.log = log
        self.response = response

    async def send(self, content: str | None = None, **kwargs: Any) -> None:
        assert self.response.is_done(), "a followup needs a deferred or answered interaction"
        self.log.append(Sent("followup", content, **_known(kwargs)))


@dataclass
class FakeUser:
    id: int
    name: str = "fan"


@dataclass
class FakeInteraction:
    """What a cog reads from an interaction, and the recorder of what it sends."""

    client: DramaBot
    user: FakeUser = field(default_factory=lambda: FakeUser(1001))
    guild_id: int | None = 555
    permissions: discord.Permissions = field(default_factory=discord.Permissions.none)
    command: Any = None
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    sent: list[Sent] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.response = FakeResponse(self.sent)
        self.followup = FakeFollowup(self.sent, self.response)

    @property
    def reply(self) -> Sent:
        """The one visible reply (the message, followup or edit; not a defer)."""
        replies = [s for s in self.sent if s.kind != "defer"]
        assert len(replies) == 1, f"expected one reply, got {self.sent}"
        return replies[0]


@dataclass
class FakeAttachment:
    """A Discord attachment: a file name, a size and bytes to download."""

    filename: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    async def read(self) -> bytes:
        return self.data


def _known(kwargs: dict[str, Any]) -> dict[str, Any]:
    """The arguments discord.py would send; like Discord, refuse an embed over the limits."""
    names = {"embed", "view", "ephemeral", "allowed_mentions", "content", "file"}
    unknown = set(kwargs) - names
    assert not unknown, f"unexpected arguments {unknown}"
    embed = kwargs.get("embed")
    assert embed is None or within_limits(embed), "Discord would answer 400: embed too large"
    assert len(kwargs.get("content") or "") <= limits.CONTENT
    return {k: v for k, v in kwargs.items() if k != "content"}


async def invoke(
    bot: DramaBot, name: str, interaction: FakeInteraction, /, **options: Any
) -> FakeInteraction:
    """Run a slash command as discord.py does: checks, then the callback; any error goes to
    the tree's error handler wrapped as discord.py wraps it."""
    command = bot.tree.get_command(name.split()[0])
    for part in name.split()[1:]:
        assert isinstance(command, app_commands.Group)
        command = command.get_command(part)
    assert isinstance(command, app_commands.Command), name
    interaction.command = command
    try:
        for check in command.checks:
            if not await discord.utils.maybe_coroutine(check, interaction):
                raise app_commands.CheckFailure(name)
        await command.callback(command.binding, interaction, **options)  # type: ignore[arg-type]
    except app_commands.AppCommandError as error:
        await bot.tree.on_error(interaction, error)  # type: ignore[arg-type]
    except Exception as error:
        await bot.tree.on_error(interaction, app_commands.CommandInvokeError(command, error))  # type: ignore[arg-type]
    return interaction


async def complete(
    bot: DramaBot, name: str, option: str, current: str, interaction: FakeInteraction
) -> list[app_commands.Choice[Any]]:
    """Run an option's autocomplete callback as discord.py does (`settings unfollow` for a
    subcommand)."""
    command = bot.tree.get_command(name) or next(
        (c for c in bot.tree.walk_commands() if c.qualified_name == name), None
    )
    assert isinstance(command, app_commands.Command)
    callback = command._params[option].autocomplete
    assert callback is not None, f"/{name} {option} has no autocomplete"
    return await callback(command.binding, interaction, current)  # type: ignore[misc]


#: A post an admin attaches to /import: a drama the bundled data does not have.
NEW_POST = b"""3 March 2023

K Drama Review: Brand New Show (2023) 4.6 || 4.4

Kim Go Eun as Ji Eun Tak

It has 6 episodes of 40 minutes.

Oppa says...4.6.
Noona says...4.4.
"""


class FakeChannel(discord.abc.Messageable):
    """A text channel that records what is posted in it."""

    def __init__(self) -> None:
        self.posted: list[dict[str, Any]] = []

    async def send(self, content: str | None = None, **kwargs: Any) -> Any:  # type: ignore[override]
        self.posted.append({"content": content, **kwargs})
        return SimpleNamespace(id=len(self.posted))

    async def _get_channel(self) -> Any:
        return self
