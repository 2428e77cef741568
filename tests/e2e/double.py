"""A loopback Discord API double: a REST server and a gateway websocket on 127.0.0.1.

It replaces only Discord's network edge, so the real discord.py client (and the real DramaBot
over it) can log in, connect, sync its commands and answer interactions in a test. It knows
nothing of dramabot: it speaks Discord's API v10 as documented, and no more of it than a bot
answering slash commands uses.

REST, under `api_url` (point `discord.http.Route.BASE` there):
    GET  /users/@me, /oauth2/applications/@me, /gateway/bot        (need `Bot <token>`; else 401)
    PUT  /applications/{app}/commands, /applications/{app}/guilds/{guild}/commands
         validated like Discord (names, lengths, option order, choices, limits): 400 otherwise
    POST /interactions/{id}/{token}/callback                        (within 3 s, once)
    POST /webhooks/{app}/{token}                                     followups
    PATCH /webhooks/{app}/{token}/messages/@original                 edits
    anything else: 404, recorded (`unknown_requests`) so a test can assert nothing unexpected.
Every request is recorded (`requests`) with its JSON body, or the `payload_json` and files of a
multipart body, and the status it got. `rate_limit_next()` makes the next matching request get
a 429 with Discord's body and headers.

Gateway, at `gateway_url` (point `discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY` there):
HELLO, IDENTIFY -> READY (+ GUILD_CREATE of one guild), heartbeats -> ACKs, RESUME -> replay of
missed events + RESUMED, on `resume_gateway_url`. `compress=zlib-stream` is honoured (one zlib
stream per connection, each message ended by Z_SYNC_FLUSH). `drop_gateway()` closes the socket
with a code, or abruptly.

Interactions are built like Discord's from the commands the bot registered: `slash()`,
`autocomplete()`, `click()` return a `SentInteraction` whose `response()` waits for the bot's
callback. See tests/e2e/README.md.
"""

from __future__ import annotations

import asyncio
import fnmatch
import itertools
import json
import logging
import math
import re
import secrets
import socket
import time
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiohttp import WSMsgType, web

log = logging.getLogger(__name__)

API_PREFIX = "/api/v10"
DISCORD_EPOCH_MS = 1_420_070_400_000

# Gateway opcodes.
DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE, RESUME = 0, 1, 2, 3, 6
INVALID_SESSION, HELLO, HEARTBEAT_ACK, REQUEST_MEMBERS = 9, 10, 11, 8

# Interaction types, and the callback types each may answer with.
APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE = 2, 3, 4
CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE_MESSAGE = 4, 5, 6
UPDATE_MESSAGE, AUTOCOMPLETE_RESULT, MODAL = 7, 8, 9
ALLOWED_CALLBACKS = {
    APPLICATION_COMMAND: {CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, MODAL},
    MESSAGE_COMPONENT: {
        CHANNEL_MESSAGE,
        DEFERRED_CHANNEL_MESSAGE,
        DEFERRED_UPDATE_MESSAGE,
        UPDATE_MESSAGE,
        MODAL,
    },
    AUTOCOMPLETE: {AUTOCOMPLETE_RESULT},
}

# Application command option types.
SUB_COMMAND, SUB_COMMAND_GROUP, STRING, INTEGER, BOOLEAN = 1, 2, 3, 4, 5
CHANNEL, NUMBER = 7, 10
CHOICE_TYPES = {STRING, INTEGER, NUMBER}

EPHEMERAL, LOADING = 1 << 6, 1 << 7
#: View Channel, Send Messages, Embed Links, Read Message History, Use Application Commands.
MEMBER_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 14) | (1 << 16) | (1 << 31)
MANAGE_GUILD = 1 << 5

NAME = re.compile(r"^[-_\w]{1,32}$")
RESPONSE_DEADLINE = 3.0  # seconds Discord gives for the first response to an interaction

#: Every route the double serves: handler method, and whether it needs `Bot <token>`.
#: Interaction callbacks and webhooks are authorised by the interaction token in their path.
ROUTES = {
    "GET /users/@me": ("_get_me", True),
    "GET /oauth2/applications/@me": ("_get_application", True),
    "GET /gateway/bot": ("_get_gateway_bot", True),
    "PUT /applications/{app}/commands": ("_put_global_commands", True),
    "PUT /applications/{app}/guilds/{guild}/commands": ("_put_guild_commands", True),
    "POST /interactions/{id}/{token}/callback": ("_post_callback", False),
    "POST /webhooks/{app}/{token}": ("_post_followup", False),
    "PATCH /webhooks/{app}/{token}/messages/@original": ("_patch_original", False),
    "POST /channels/{channel}/messages": ("_post_channel_message", True),
    "PATCH /channels/{channel}/messages/{message}": ("_patch_channel_message", True),
    "POST /channels/{channel}/messages/{message}/threads": ("_post_thread", True),
}
CALLBACK_ROUTE = "POST /interactions/{id}/{token}/callback"
_ROUTE_PATTERNS = [
    (route, re.compile(re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", route.split(" ", 1)[1])))
    for route in ROUTES
]

#: What a REST handler answers: status, JSON body (None for 204) and extra headers.
Answer = tuple[int, Any, dict[str, str]]


# --- Discord's error bodies ----------------------------------------------------------------


class FormErrors:
    """Errors collected at JSON paths, rendered as Discord's nested `errors` object."""

    def __init__(self) -> None:
        self.found: list[tuple[tuple[str, ...], str, str]] = []

    def add(self, path: tuple[str | int, ...], code: str, message: str) -> None:
        self.found.append((tuple(str(p) for p in path), code, message))

    def __bool__(self) -> bool:
        return bool(self.found)

    def nested(self) -> dict[str, Any]:
        tree: dict[str, Any] = {}
        for path, code, message in self.found:
            node = tree
            for part in path:
                node = node.setdefault(part, {})
            node.setdefault("_errors", []).append({"code": code, "message": message})
        return tree

    def body(self) -> dict[str, Any]:
        return {"message": "Invalid Form Body", "code": 50035, "errors": self.nested()}


def _length(errors: FormErrors, path: tuple[Any, ...], value: Any, low: int, high: int) -> None:
    if not isinstance(value, str) or not low <= len(value) <= high:
        errors.add(path, "BASE_TYPE_BAD_LENGTH", f"Must be between {low} and {high} in length.")


def _max_items(errors: FormErrors, path: tuple[Any, ...], items: list[Any], high: int) -> None:
    if len(items) > high:
        errors.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {high} or fewer in length.")


# --- application commands ------------------------------------------------------------------


def validate_commands(commands: Any) -> FormErrors | dict[str, Any] | None:
    """Discord's documented rules for a bulk overwrite; None when the set is valid.

    Returns the form errors, or a plain error body for the whole-set limit (100 commands).
    """
    errors = FormErrors()
    if not isinstance(commands, list):
        errors.add((), "BASE_TYPE_ARRAY", "Must be an array.")
        return errors
    seen: set[tuple[int, str]] = set()
    per_type: dict[int, int] = {}
    for index, command in enumerate(commands):
        kind = command.get("type", 1)
        per_type[kind] = per_type.get(kind, 0) + 1
        name, at = command.get("name"), (index,)
        if kind not in (1, 2, 3, 4):
            errors.add((*at, "type"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4}.")
        if kind == 1:
            _check_name(errors, (*at, "name"), name)
            _length(errors, (*at, "description"), command.get("description"), 1, 100)
        else:
            _length(errors, (*at, "name"), name, 1, 32)
            if command.get("description") or command.get("options"):
                errors.add(at, "APPLICATION_COMMAND_INVALID", "Context menus take no text.")
        if (kind, name) in seen:
            errors.add(
                (*at, "name"),
                "APPLICATION_COMMANDS_DUPLICATE_NAME",
                f"Application command names must be unique: {name}",
            )
        seen.add((kind, name))
        _check_options(errors, (*at, "options"), command.get("options") or [], depth=0)
        if _text_size(command) > 4000:
            errors.add(at, "APPLICATION_COMMAND_TOO_LARGE", "Command exceeds maximum size (4000)")
    if per_type.get(1, 0) > 100 or per_type.get(2, 0) > 5 or per_type.get(3, 0) > 5:
        return {"message": "Maximum number of application commands reached (100)", "code": 30032}
    return errors or None


def _check_name(errors: FormErrors, path: tuple[Any, ...], name: Any) -> None:
    if not isinstance(name, str) or not NAME.match(name) or name != name.lower():
        errors.add(path, "APPLICATION_COMMAND_INVALID_NAME", f"Command name is invalid: {name!r}")


def _check_options(
    errors: FormErrors, path: tuple[Any, ...], options: list[dict[str, Any]], depth: int
) -> None:
    _max_items(errors, path, options, 25)
    kinds = {o.get("type") for o in options}
    nesting = kinds & {SUB_COMMAND, SUB_COMMAND_GROUP}
    if nesting and kinds - nesting:
        errors.add(
            path, "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Sub-commands mix with options"
        )
    names: set[str] = set()
    optional_seen = False
    for index, option in enumerate(options):
        at, kind = (*path, index), option.get("type")
        _check_name(errors, (*at, "name"), option.get("name"))
        _length(errors, (*at, "description"), option.get("description"), 1, 100)
        if option.get("name") in names:
            errors.add(
                (*at, "name"),
                "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS",
                "Option names must be unique",
            )
        names.add(option.get("name"))
        if kind not in range(1, 12):
            errors.add((*at, "type"), "BASE_TYPE_CHOICES", "Value must be one of 1 to 11.")
        elif kind in (SUB_COMMAND, SUB_COMMAND_GROUP):
            if depth > (0 if kind == SUB_COMMAND_GROUP else 1):
                errors.add(at, "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Nested too deep")
            children = option.get("options") or []
            if kind == SUB_COMMAND_GROUP and any(c.get("type") != SUB_COMMAND for c in children):
                errors.add(
                    (*at, "options"),
                    "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
                    "Groups hold sub-commands only",
                )
            _check_options(errors, (*at, "options"), children, depth + 1)
        else:
            if option.get("required"):
                if optional_seen:
                    errors.add(
                        at,
                        "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                        "Required options must be placed before non-required options",
                    )
            else:
                optional_seen = True
            _check_value_rules(errors, at, option, kind)


def _check_value_rules(
    errors: FormErrors, at: tuple[Any, ...], option: dict[str, Any], kind: int
) -> None:
    choices = option.get("choices") or []
    if choices and kind not in CHOICE_TYPES:
        errors.add((*at, "choices"), "APPLICATION_COMMAND_OPTION_CHOICES_INVALID", "No choices")
    _max_items(errors, (*at, "choices"), choices, 25)
    for index, choice in enumerate(choices):
        _length(errors, (*at, "choices", index, "name"), choice.get("name"), 1, 100)
        if kind == STRING:
            _length(errors, (*at, "choices", index, "value"), choice.get("value"), 1, 100)
    if option.get("autocomplete"):
        if choices:
            errors.add(
                (*at, "autocomplete"),
                "APPLICATION_COMMAND_AUTOCOMPLETE_INVALID",
                "Autocomplete cannot be set with choices",
            )
        if kind not in CHOICE_TYPES:
            errors.add((*at, "autocomplete"), "APPLICATION_COMMAND_AUTOCOMPLETE_INVALID", "No")
    if kind != STRING and ("min_length" in option or "max_length" in option):
        errors.add(at, "APPLICATION_COMMAND_OPTION_INVALID", "Lengths are for strings")
    if not 0 <= option.get("min_length", 0) <= 6000 or not 1 <= option.get("max_length", 1) <= 6000:
        errors.add(at, "NUMBER_TYPE_MAX", "Lengths are between 0 and 6000")
    if kind not in (INTEGER, NUMBER) and ("min_value" in option or "max_value" in option):
        errors.add(at, "APPLICATION_COMMAND_OPTION_INVALID", "Bounds are for numbers")
    if kind != CHANNEL and option.get("channel_types"):
        errors.add(at, "APPLICATION_COMMAND_OPTION_INVALID", "Channel types are for channels")


def _text_size(command: dict[str, Any]) -> int:
    """Discord's 4000-character budget: names, descriptions, choice names and values."""
    size = len(command.get("name") or "") + len(command.get("description") or "")
    for option in command.get("options") or []:
        size += _text_size(option)
        for choice in option.get("choices") or []:
            size += len(str(choice.get("name"))) + len(str(choice.get("value")))
    return size


# --- messages ------------------------------------------------------------------------------


def validate_message(data: dict[str, Any], *, new: bool) -> FormErrors:
    """Discord's limits for a message the bot sends or edits (errors under `data`)."""
    errors = FormErrors()
    content = data.get("content")
    if content is not None and len(content) > 2000:
        errors.add(("data", "content"), "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length.")
    embeds = data.get("embeds") or []
    _max_items(errors, ("data", "embeds"), embeds, 10)
    total = 0
    for index, embed in enumerate(embeds):
        at = ("data", "embeds", index)
        limits = {"title": 256, "description": 4096}
        for key, high in limits.items():
            if len(embed.get(key) or "") > high:
                errors.add((*at, key), "BASE_TYPE_MAX_LENGTH", f"Must be {high} or fewer.")
        fields = embed.get("fields") or []
        _max_items(errors, (*at, "fields"), fields, 25)
        for number, item in enumerate(fields):
            _length(errors, (*at, "fields", number, "name"), item.get("name"), 1, 256)
            _length(errors, (*at, "fields", number, "value"), item.get("value"), 1, 1024)
        footer = (embed.get("footer") or {}).get("text") or ""
        author = (embed.get("author") or {}).get("name") or ""
        if len(footer) > 2048 or len(author) > 256:
            errors.add(at, "BASE_TYPE_MAX_LENGTH", "Footer or author too long.")
        total += sum(len(embed.get(k) or "") for k in limits) + len(footer) + len(author)
        total += sum(len(f.get("name") or "") + len(f.get("value") or "") for f in fields)
    if total > 6000:
        errors.add(("data", "embeds"), "MESSAGE_EMBED_TOO_LARGE", "Embed size exceeds 6000.")
    _check_components(errors, data.get("components") or [])
    mentions = data.get("allowed_mentions")
    if mentions is not None and not set(mentions.get("parse", [])) <= {
        "roles",
        "users",
        "everyone",
    }:
        errors.add(("data", "allowed_mentions", "parse"), "BASE_TYPE_CHOICES", "Bad parse value")
    if new and not (content or embeds or data.get("components") or data.get("attachments")):
        errors.add(("data",), "MESSAGE_EMPTY", "Cannot send an empty message")
    return errors


def _check_components(errors: FormErrors, rows: list[dict[str, Any]]) -> None:
    _max_items(errors, ("data", "components"), rows, 5)
    custom_ids: set[str] = set()
    for index, row in enumerate(rows):
        at = ("data", "components", index)
        children = row.get("components") or []
        if row.get("type") != 1 or not 1 <= len(children) <= 5:
            errors.add(at, "COMPONENT_LAYOUT_WIDTH_EXCEEDED", "A row holds 1 to 5 components")
        for number, item in enumerate(children):
            where = (*at, "components", number)
            custom_id = item.get("custom_id")
            if custom_id is not None:
                _length(errors, (*where, "custom_id"), custom_id, 1, 100)
                if custom_id in custom_ids:
                    errors.add(
                        (*where, "custom_id"),
                        "COMPONENT_CUSTOM_ID_DUPLICATED",
                        "Component custom id cannot be duplicated",
                    )
                custom_ids.add(custom_id)
            if len(item.get("label") or "") > 80:
                errors.add((*where, "label"), "BASE_TYPE_MAX_LENGTH", "Must be 80 or fewer.")
            _max_items(errors, (*where, "options"), item.get("options") or [], 25)


def validate_choices(data: dict[str, Any]) -> FormErrors:
    errors = FormErrors()
    choices = data.get("choices")
    if not isinstance(choices, list):
        errors.add(("data", "choices"), "BASE_TYPE_REQUIRED", "This field is required")
        return errors
    _max_items(errors, ("data", "choices"), choices, 25)
    for index, choice in enumerate(choices):
        _length(errors, ("data", "choices", index, "name"), choice.get("name"), 1, 100)
        if isinstance(choice.get("value"), str):
            _length(errors, ("data", "choices", index, "value"), choice.get("value"), 1, 100)
    return errors


# --- records -------------------------------------------------------------------------------


@dataclass
class RecordedRequest:
    """One HTTP request the bot made, and what the double answered."""

    method: str
    path: str  # after /api/v10, without the query
    query: dict[str, str]
    json: Any  # the JSON body, or the payload_json of a multipart body
    files: list[tuple[str, str, bytes]]  # (field, filename, bytes) of a multipart body
    route: str | None = None  # e.g. "POST /interactions/{id}/{token}/callback"; None if unknown
    status: int = 0
    response: Any = None
    at: float = 0.0  # loop time


@dataclass
class GatewayFrame:
    """A gateway message the bot sent (tokens replaced by `<token>`)."""

    op: int
    d: Any
    path: str  # /gateway or /gateway-resume


@dataclass(frozen=True)
class Member:
    """A guild member who can use the bot's commands."""

    id: str
    username: str
    permissions: int = MEMBER_PERMISSIONS

    def user(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "username": self.username,
            "discriminator": "0",
            "global_name": self.username.title(),
            "avatar": None,
            "public_flags": 0,
        }

    def member(self) -> dict[str, Any]:
        return {
            "user": self.user(),
            "roles": [],
            "joined_at": "2023-01-01T00:00:00+00:00",
            "nick": None,
            "avatar": None,
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
            "permissions": str(self.permissions),
        }


@dataclass
class SentInteraction:
    """An interaction the double delivered, and everything the bot sent back for it."""

    double: DiscordDouble = field(repr=False)
    id: str
    token: str
    type: int
    payload: dict[str, Any]
    sent_at: float
    attempts: list[RecordedRequest] = field(default_factory=list)  # every callback request
    callback: dict[str, Any] | None = None  # the accepted callback body: {"type", "data"}
    followups: list[dict[str, Any]] = field(default_factory=list)
    edits: list[dict[str, Any]] = field(default_factory=list)
    message_id: str | None = None  # the message its response created or updated
    replayed: bool = False  # delivered by a RESUME replay

    async def response(self, timeout: float = 5.0) -> dict[str, Any]:
        """Wait for the bot's accepted callback and return its body."""
        await self.double.wait_until(
            lambda: self.callback is not None, timeout, f"a response to interaction {self.id}"
        )
        assert self.callback is not None
        return self.callback

    @property
    def message(self) -> dict[str, Any]:
        """The message as it stands now (after edits), created or updated by the response."""
        assert self.message_id is not None, "this interaction created no message"
        return self.double.messages[self.message_id]


@dataclass
class _Session:
    id: str
    shard: int = 0
    events: list[dict[str, Any]] = field(default_factory=list)  # every dispatch, by seq
    seq: int = 0


class _Connection:
    """One gateway websocket; one zlib stream when the bot asked for `zlib-stream`."""

    def __init__(self, ws: web.WebSocketResponse, request: web.Request) -> None:
        self.ws, self.request, self.path = ws, request, request.path
        compress = request.query.get("compress") == "zlib-stream"
        self.compressor = zlib.compressobj() if compress else None
        self.lock = asyncio.Lock()
        self.session: _Session | None = None

    async def send(self, frame: dict[str, Any]) -> bool:
        text = json.dumps(frame)
        async with self.lock:
            if self.ws.closed:
                return False
            try:
                if self.compressor is not None:
                    data = self.compressor.compress(text.encode())
                    await self.ws.send_bytes(data + self.compressor.flush(zlib.Z_SYNC_FLUSH))
                else:
                    await self.ws.send_str(text)
            except (ConnectionError, RuntimeError):
                return False
        return True


# --- the double ----------------------------------------------------------------------------


class DiscordDouble:
    """Discord's REST API and gateway for one bot and one guild with one text channel per
    gateway shard (`shard_count`; guild k's id puts it on shard k, as Discord's do)."""

    def __init__(self, *, heartbeat_interval_ms: int = 41_250, shard_count: int = 1) -> None:
        self._ids = itertools.count(1)
        self.token = f"{secrets.token_urlsafe(18)}.e2e.{secrets.token_urlsafe(27)}"
        self.application_id = self.snowflake()
        self.shard_count = shard_count
        self.guild_ids = [self._guild_snowflake(shard) for shard in range(shard_count)]
        self.channel_ids = [self.snowflake() for _ in range(shard_count)]
        self.guild_id, self.channel_id = self.guild_ids[0], self.channel_ids[0]
        self.bot_user = {
            **Member(self.application_id, "dramabot").user(),
            "bot": True,
            "verified": True,
            "mfa_enabled": False,
            "flags": 0,
        }
        self.member = self.new_member("yuna")
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.response_deadline = RESPONSE_DEADLINE
        # What the bot did.
        self.requests: list[RecordedRequest] = []
        self.gateway_frames: list[GatewayFrame] = []
        self.connections: list[str] = []  # the path and query of every gateway connection
        self.identifies: list[dict[str, Any]] = []
        self.resumes: list[dict[str, Any]] = []
        self.heartbeats = self.heartbeat_acks = 0
        self.commands: dict[str | None, list[dict[str, Any]]] = {}  # None = global
        self.interactions: dict[str, SentInteraction] = {}
        self.messages: dict[str, dict[str, Any]] = {}
        # State.
        self._sessions: dict[str, _Session] = {}
        #: The latest session of each shard, and its live connection.
        self.sessions: dict[int, _Session] = {}
        self._current: dict[int, _Connection] = {}
        self._open: list[_Connection] = []
        self._rate_limits: list[tuple[str, str, float, bool]] = []
        self._change = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle --

    async def start(self) -> DiscordDouble:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/gateway-resume", self._gateway)
        app.router.add_route("*", "/{tail:.*}", self._http)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        return self

    async def close(self) -> None:
        for connection in list(self._open):
            await connection.ws.close(code=1001, message=b"double shutting down")
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    @property
    def resume_gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway-resume"

    # -- helpers for tests --

    def snowflake(self) -> str:
        now = int(time.time() * 1000) - DISCORD_EPOCH_MS
        return str((now << 22) | (next(self._ids) & 0x3FFFFF))

    def new_member(self, username: str, permissions: int = MEMBER_PERMISSIONS) -> Member:
        return Member(self.snowflake(), username, permissions)

    def rate_limit_next(
        self, method: str, path: str, retry_after: float = 0.2, *, is_global: bool = False
    ) -> None:
        """Answer the next request matching METHOD and a glob over its path with a 429.

        `path` is relative to /api/v10, e.g. "/interactions/*/callback".
        """
        self._rate_limits.append((method.upper(), path, retry_after, is_global))

    def requests_to(self, route: str) -> list[RecordedRequest]:
        """Recorded requests to a route, e.g. "PUT /applications/{app}/commands"."""
        return [r for r in self.requests if r.route == route]

    @property
    def unknown_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.route is None]

    async def wait_until(
        self, predicate: Callable[[], bool], timeout: float = 5.0, what: str = "a condition"
    ) -> None:
        """Wait until `predicate()` holds; it is checked whenever the double records anything."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"the Discord double timed out waiting for {what}")
            change = self._change
            try:
                await asyncio.wait_for(change.wait(), remaining)
            except TimeoutError:
                pass

    @property
    def session(self) -> _Session | None:
        """The latest session of shard 0 (the only one of an unsharded bot)."""
        return self.sessions.get(0)

    def _guild_snowflake(self, shard: int) -> str:
        """A guild id on `shard`: Discord routes guild g to shard (g >> 22) % shard_count."""
        if self.shard_count == 1:
            return self.snowflake()
        return str((next(self._ids) * self.shard_count + shard) << 22)

    def _changed(self) -> None:
        self._change.set()
        self._change = asyncio.Event()

    # -- sending interactions --

    async def slash(
        self,
        name: str,
        *,
        member: Member | None = None,
        in_guild: str | None = None,
        **options: Any,
    ) -> SentInteraction:
        """A member runs `/name` (or `/group sub`) with options, as the Discord client sends it,
        in the first guild or `in_guild`."""
        guild = in_guild or self.guild_id
        command, guild_scoped = self._registered(name.split()[0], guild)
        data: dict[str, Any] = {"id": command["id"], "name": command["name"], "type": 1}
        if guild_scoped:
            data["guild_id"] = guild
        built = _build_options(command, name.split()[1:], options, focused=None)
        if built:
            data["options"] = built
        return await self._deliver(APPLICATION_COMMAND, data, member, guild=guild)

    async def autocomplete(
        self, name: str, option: str, typed: str, *, member: Member | None = None, **others: Any
    ) -> SentInteraction:
        """A member types `typed` into an autocompleted option of `/name`."""
        command, guild_scoped = self._registered(name.split()[0], self.guild_id)
        data: dict[str, Any] = {"id": command["id"], "name": command["name"], "type": 1}
        if guild_scoped:
            data["guild_id"] = self.guild_id
        data["options"] = _build_options(command, name.split()[1:], others, (option, typed))
        return await self._deliver(AUTOCOMPLETE, data, member)

    async def click(
        self,
        message: dict[str, Any],
        custom_id: str,
        *,
        member: Member | None = None,
        values: list[str] | None = None,
    ) -> SentInteraction:
        """A member clicks the button (or picks `values` in the menu) `custom_id` of a message."""
        found = [
            item
            for row in message.get("components") or []
            for item in row.get("components") or []
            if item.get("custom_id") == custom_id
        ]
        if not found:
            raise ValueError(f"message {message['id']} has no component {custom_id!r}")
        if found[0].get("disabled"):
            raise ValueError(f"{custom_id!r} is disabled: Discord's client cannot click it")
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": found[0]["type"]}
        if values is not None:
            data["values"] = values
        return await self._deliver(MESSAGE_COMPONENT, data, member, message=message)

    async def dispatch(self, event: str, data: dict[str, Any], shard: int = 0) -> int:
        """Send a DISPATCH event on a shard (logged for RESUME replay); returns its sequence
        number."""
        session = self.sessions.get(shard)
        if session is None:
            raise RuntimeError(f"no gateway session on shard {shard}: the bot has not identified")
        session.seq += 1
        frame = {"op": DISPATCH, "t": event, "s": session.seq, "d": data}
        session.events.append(frame)
        current = self._current.get(shard)
        if current is not None and current.session is session:
            await current.send(frame)
        return frame["s"]

    async def drop_gateway(self, code: int | None = 4000) -> None:
        """Close the bot's gateway socket with `code`, or abruptly (no close frame) for None.

        Events dispatched from now until the bot resumes are replayed on RESUME.
        """
        connection = self._current.pop(0, None)
        if connection is None:
            raise RuntimeError("the bot has no open gateway connection")
        transport = connection.request.transport
        if code is None and transport is not None:
            transport.abort()
        else:
            await connection.ws.close(code=code or 4000, message=b"dropped by the double")

    async def _deliver(
        self,
        kind: int,
        data: dict[str, Any],
        member: Member | None,
        message: dict[str, Any] | None = None,
        guild: str | None = None,
    ) -> SentInteraction:
        member = member or self.member
        shard = self.guild_ids.index(guild or self.guild_id)
        guild_id, channel_id = self.guild_ids[shard], self.channel_ids[shard]
        payload: dict[str, Any] = {
            "id": self.snowflake(),
            "application_id": self.application_id,
            "type": kind,
            "token": "aW50ZXJhY3Rpb246" + secrets.token_urlsafe(60),
            "version": 1,
            "data": data,
            "guild_id": guild_id,
            "guild": {"id": guild_id, "locale": "en-US", "features": []},
            "channel_id": channel_id,
            "channel": self._channel(shard),
            "member": member.member(),
            "app_permissions": str(MEMBER_PERMISSIONS),
            "locale": "en-US",
            "guild_locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": guild_id},
            "context": 0,
            "attachment_size_limit": 10 * 1024 * 1024,
        }
        if message is not None:
            payload["message"] = message
        sent = SentInteraction(
            self,
            payload["id"],
            payload["token"],
            kind,
            payload,
            asyncio.get_running_loop().time(),
        )
        self.interactions[sent.id] = sent
        delivered_live = shard in self._current
        await self.dispatch("INTERACTION_CREATE", payload, shard)
        sent.replayed = not delivered_live
        self._changed()
        return sent

    def _registered(self, name: str, guild: str) -> tuple[dict[str, Any], bool]:
        for scope in (guild, None):
            for command in self.commands.get(scope, []):
                if command["name"] == name and command.get("type", 1) == 1:
                    return command, scope is not None
        raise LookupError(f"/{name} is not registered: Discord would not offer it (sync first)")

    # -- gateway --

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoclose=True)
        await ws.prepare(request)
        connection = _Connection(ws, request)
        self._open.append(connection)
        self.connections.append(str(request.rel_url))
        hello = {"op": HELLO, "d": {"heartbeat_interval": self.heartbeat_interval_ms}}
        await connection.send({**hello, "s": None, "t": None})
        try:
            async for message in ws:
                if message.type is not WSMsgType.TEXT:
                    await ws.close(code=4002, message=b"Error while decoding payload.")
                    break
                await self._on_frame(connection, json.loads(message.data))
        finally:
            self._open.remove(connection)
            shard = connection.session.shard if connection.session else 0
            if self._current.get(shard) is connection:
                del self._current[shard]
            self._changed()
        return ws

    async def _on_frame(self, connection: _Connection, frame: dict[str, Any]) -> None:
        op, d = frame.get("op"), frame.get("d")
        redacted = {**d, "token": "<token>"} if isinstance(d, dict) and "token" in d else d
        self.gateway_frames.append(GatewayFrame(op, redacted, connection.path))
        log.debug("gateway op %s on %s", op, connection.path)
        if op == HEARTBEAT:
            self.heartbeats += 1
            if await connection.send({"op": HEARTBEAT_ACK, "d": None, "s": None, "t": None}):
                self.heartbeat_acks += 1
        elif op == IDENTIFY:
            await self._identify(connection, d)
        elif op == RESUME:
            await self._resume(connection, d)
        elif op in (PRESENCE, REQUEST_MEMBERS):
            pass  # recorded above; nothing to answer
        else:
            await connection.ws.close(code=4001, message=b"Unknown opcode.")
        self._changed()

    async def _identify(self, connection: _Connection, d: dict[str, Any]) -> None:
        if connection.session is not None:
            await connection.ws.close(code=4005, message=b"Already authenticated.")
            return
        if d.get("token") != self.token:
            await connection.ws.close(code=4004, message=b"Authentication failed.")
            return
        self.identifies.append({k: v for k, v in d.items() if k != "token"})
        shard = (d.get("shard") or [0, 1])[0]
        session = _Session(secrets.token_hex(16), shard)
        self._sessions[session.id] = session
        self.sessions[shard] = connection.session = session
        self._current[shard] = connection
        ready = {
            "v": 10,
            "user": self.bot_user,
            "guilds": [{"id": self.guild_ids[shard], "unavailable": True}],
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": self.resume_gateway_url,
            "application": {"id": self.application_id, "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "geo_ordered_rtc_regions": [],
            "user_settings": {},
        }
        if "shard" in d:
            ready["shard"] = d["shard"]
        await self.dispatch("READY", ready, shard)
        await self.dispatch("GUILD_CREATE", self._guild(shard), shard)

    async def _resume(self, connection: _Connection, d: dict[str, Any]) -> None:
        if d.get("token") != self.token:
            await connection.ws.close(code=4004, message=b"Authentication failed.")
            return
        session = self._sessions.get(d.get("session_id") or "")
        if session is None or (d.get("seq") or 0) > session.seq:
            await connection.send({"op": INVALID_SESSION, "d": False, "s": None, "t": None})
            return
        self.resumes.append(
            {"session_id": d["session_id"], "seq": d.get("seq"), "path": connection.path}
        )
        connection.session = session
        sent_up_to = d.get("seq") or 0
        while missed := [e for e in session.events if e["s"] > sent_up_to]:
            for frame in missed:  # events dispatched meanwhile are caught by the next pass
                await connection.send(frame)
                sent_up_to = frame["s"]
        self._current[session.shard] = connection  # no await since the last check
        await self.dispatch("RESUMED", {}, session.shard)

    def _channel(self, shard: int = 0) -> dict[str, Any]:
        return {
            "id": self.channel_ids[shard],
            "type": 0,
            "guild_id": self.guild_ids[shard],
            "name": "drama-club",
            "position": 0,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "flags": 0,
            "permissions": str(MEMBER_PERMISSIONS),
        }

    def _guild(self, shard: int = 0) -> dict[str, Any]:
        everyone = {
            "id": self.guild_ids[shard],
            "name": "@everyone",
            "permissions": str(MEMBER_PERMISSIONS),
            "position": 0,
            "color": 0,
            "hoist": False,
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }
        bot_member = {**self.member.member(), "user": self.bot_user}
        del bot_member["permissions"]
        return {
            "id": self.guild_ids[shard],
            "name": "K-drama club",
            "icon": None,
            "owner_id": self.member.id,
            "roles": [everyone],
            "emojis": [],
            "stickers": [],
            "features": [],
            "channels": [{k: v for k, v in self._channel(shard).items() if k != "permissions"}],
            "threads": [],
            "members": [bot_member],
            "member_count": 2,
            "large": False,
            "unavailable": False,
            "joined_at": "2023-01-01T00:00:00+00:00",
            "preferred_locale": "en-US",
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "premium_tier": 0,
            "nsfw_level": 0,
            "system_channel_flags": 0,
            "afk_timeout": 300,
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }

    # -- REST --

    async def _http(self, request: web.Request) -> web.StreamResponse:
        path = request.path.removeprefix(API_PREFIX)
        body, files = await _read_body(request)
        record = RecordedRequest(
            request.method,
            path,
            dict(request.query),
            body,
            files,
            at=asyncio.get_running_loop().time(),
        )
        self.requests.append(record)
        status, answer, headers = await self._answer(request, record)
        record.status, record.response = status, answer
        log.debug("%s %s -> %s", request.method, record.route or path, status)
        self._changed()
        headers = {"Via": "1.1 google", **headers}
        if answer is None:
            return web.Response(status=status, headers=headers)
        # Exactly `application/json`, no charset: discord.py parses JSON only then, like Discord.
        headers["Content-Type"] = "application/json"
        return web.Response(body=json.dumps(answer).encode(), status=status, headers=headers)

    async def _answer(self, request: web.Request, record: RecordedRequest) -> Answer:
        found = _match_route(request.method, request.path)
        if found is None:
            return 404, {"message": "404: Not Found", "code": 0}, {}
        record.route, params = found
        handler_name, needs_auth = ROUTES[record.route]
        if needs_auth and request.headers.get("Authorization") != f"Bot {self.token}":
            return 401, {"message": "401: Unauthorized", "code": 0}, {}
        sent = self.interactions.get(params.get("id", ""))
        if record.route == CALLBACK_ROUTE and sent and sent.token == params["token"]:
            sent.attempts.append(record)  # 429s included
        limited = self._take_rate_limit(request.method, record.path)
        if limited is not None:
            return limited
        handler: Callable[[RecordedRequest, dict[str, str]], Awaitable[Answer]]
        handler = getattr(self, handler_name)
        return await handler(record, params)

    def _take_rate_limit(self, method: str, path: str) -> Answer | None:
        for index, (wanted, pattern, retry_after, is_global) in enumerate(self._rate_limits):
            if wanted == method and fnmatch.fnmatchcase(path, pattern):
                del self._rate_limits[index]
                body = {
                    "message": "You are being rate limited.",
                    "retry_after": retry_after,
                    "global": is_global,
                }
                headers = {
                    "Retry-After": str(math.ceil(retry_after)),
                    "X-RateLimit-Limit": "5",
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset": f"{time.time() + retry_after:.3f}",
                    "X-RateLimit-Reset-After": f"{retry_after:.3f}",
                    "X-RateLimit-Bucket": "e2e" + secrets.token_hex(8),
                    "X-RateLimit-Scope": "global" if is_global else "user",
                }
                if is_global:
                    headers["X-RateLimit-Global"] = "true"
                return 429, body, headers
        return None

    async def _get_me(self, record: RecordedRequest, params: dict[str, str]) -> Any:
        return 200, self.bot_user, {}

    async def _get_application(self, record: RecordedRequest, params: dict[str, str]) -> Any:
        owner = self.member.user()
        application = {
            "id": self.application_id,
            "name": "dramabot",
            "icon": None,
            "description": "",
            "summary": "",
            "bot_public": True,
            "bot_require_code_grant": False,
            "verify_key": secrets.token_hex(32),
            "owner": owner,
            "team": None,
            "flags": 0,
            "interactions_endpoint_url": None,
            "integration_types_config": {"0": {}},
        }
        return 200, application, {}

    async def _get_gateway_bot(self, record: RecordedRequest, params: dict[str, str]) -> Any:
        limit = {"total": 1000, "remaining": 999, "reset_after": 14_400_000, "max_concurrency": 1}
        return 200, {"url": self.gateway_url, "shards": 1, "session_start_limit": limit}, {}

    async def _put_global_commands(self, record: RecordedRequest, params: dict[str, str]) -> Any:
        return self._overwrite_commands(record, params, None)

    async def _put_guild_commands(self, record: RecordedRequest, params: dict[str, str]) -> Any:
        return self._overwrite_commands(record, params, params["guild"])

    def _overwrite_commands(
        self, record: RecordedRequest, params: dict[str, str], guild: str | None
    ) -> Answer:
        if params["app"] != self.application_id:
            return 403, {"message": "Missing Access", "code": 50001}, {}
        if guild is not None and guild not in self.guild_ids:
            return 403, {"message": "Missing Access", "code": 50001}, {}
        problem = validate_commands(record.json)
        if isinstance(problem, FormErrors):
            return 400, problem.body(), {}
        if problem is not None:
            return 400, problem, {}
        stored = []
        for command in record.json:
            saved = {
                "id": self.snowflake(),
                "application_id": self.application_id,
                "version": self.snowflake(),
                "type": 1,
                "default_member_permissions": None,
                "nsfw": False,
                "options": [],
                **command,
            }
            if guild is not None:
                saved["guild_id"] = guild
            stored.append(saved)
        self.commands[guild] = stored
        return 200, stored, {}

    async def _post_callback(self, record: RecordedRequest, params: dict[str, str]) -> Any:
        sent = self.interactions.get(params["id"])
        if sent is None or sent.token != params["token"]:
            return 404, {"message": "Unknown interaction", "code": 10062}, {}
        if record.at - sent.sent_at > self.response_deadline:
            return 404, {"message": "Unknown interaction", "code": 10062}, {}
        if sent.callback is not None:
            body = {"message": "Interaction has already been acknowledged.", "code": 40060}
            return 400, body, {}
        body = record.json if isinstance(record.json, dict) else {}
        kind, data = body.get("type"), body.get("data") or {}
        errors = FormErrors()
        if kind not in ALLOWED_CALLBACKS[sent.type]:
            errors.add(("type",), "INTERACTION_CALLBACK_TYPE_INVALID", f"Invalid type {kind}")
        elif kind in (CHANNEL_MESSAGE, UPDATE_MESSAGE):
            errors = validate_message(data, new=kind == CHANNEL_MESSAGE)
        elif kind == AUTOCOMPLETE_RESULT:
            errors = validate_choices(data)
        if errors:
            return 400, errors.body(), {}
        message = self._apply_callback(sent, kind, data, record)
        sent.callback = body
        if record.query.get("with_response") not in ("1", "true", "True"):
            return 204, None, {}
        flags = int(data.get("flags") or 0)
        answer: dict[str, Any] = {
            "interaction": {
                "id": sent.id,
                "type": sent.type,
                "response_message_id": message["id"] if message else None,
                "response_message_loading": kind == DEFERRED_CHANNEL_MESSAGE,
                "response_message_ephemeral": bool(flags & EPHEMERAL),
            }
        }
        if message is not None and kind != DEFERRED_UPDATE_MESSAGE:
            answer["resource"] = {"type": kind, "message": message}
        return 200, answer, {}

    def _apply_callback(
        self, sent: SentInteraction, kind: int, data: dict[str, Any], record: RecordedRequest
    ) -> dict[str, Any] | None:
        if kind == CHANNEL_MESSAGE:
            message = self._new_message(sent, data, record)
        elif kind == DEFERRED_CHANNEL_MESSAGE:
            flags = (int(data.get("flags") or 0) & EPHEMERAL) | LOADING
            message = self._new_message(sent, {"content": "", "flags": flags}, record)
        elif kind in (UPDATE_MESSAGE, DEFERRED_UPDATE_MESSAGE):
            message = self.messages[sent.payload["message"]["id"]]
            if kind == UPDATE_MESSAGE:
                _update_message(message, data, record)
        else:
            return None
        sent.message_id = message["id"]
        return message

    async def _post_followup(self, record: RecordedRequest, params: dict[str, str]) -> Any:
        sent = self._by_token(params)
        if sent is None or sent.callback is None:
            return 404, {"message": "Unknown Webhook", "code": 10015}, {}
        errors = validate_message(record.json or {}, new=True)
        if errors:
            return 400, errors.body(), {}
        sent.followups.append(record.json)
        original = self.messages.get(sent.message_id or "")
        if original is not None and int(original["flags"]) & LOADING:
            # The first followup after a deferred response fills its "thinking…" message.
            _update_message(original, record.json, record)
            original["flags"] = int(original["flags"]) & ~LOADING
            message = original
        else:
            message = self._new_message(sent, record.json, record)
        if record.query.get("wait") not in ("1", "true", "True"):
            return 204, None, {}
        return 200, message, {}

    async def _patch_original(self, record: RecordedRequest, params: dict[str, str]) -> Any:
        sent = self._by_token(params)
        if sent is None or sent.callback is None:
            return 404, {"message": "Unknown Webhook", "code": 10015}, {}
        if sent.message_id is None:
            return 404, {"message": "Unknown Message", "code": 10008}, {}
        errors = validate_message(record.json or {}, new=False)
        if errors:
            return 400, errors.body(), {}
        sent.edits.append(record.json)
        message = self.messages[sent.message_id]
        _update_message(message, record.json, record)
        message["flags"] = int(message["flags"]) & ~LOADING
        return 200, message, {}

    async def _post_channel_message(self, record: RecordedRequest, params: dict[str, str]) -> Any:
        """The bot posts in a channel (an announcement): only in a guild's one text channel."""
        if params["channel"] not in self.channel_ids:
            return 404, {"message": "Unknown Channel", "code": 10003}, {}
        errors = validate_message(record.json or {}, new=True)
        if errors:
            return 400, errors.body(), {}
        message = self._message(0, record.json or {}, record, params["channel"])
        self.messages[message["id"]] = message
        return 200, message, {}

    async def _patch_channel_message(self, record: RecordedRequest, params: dict[str, str]) -> Any:
        message = self.messages.get(params["message"])
        if message is None or message["channel_id"] != params["channel"]:
            return 404, {"message": "Unknown Message", "code": 10008}, {}
        if message["author"]["id"] != self.bot_user["id"]:
            return (
                403,
                {"message": "Cannot edit a message authored by another user", "code": 50005},
                {},
            )
        errors = validate_message(record.json or {}, new=False)
        if errors:
            return 400, errors.body(), {}
        _update_message(message, record.json or {}, record)
        return 200, message, {}

    async def _post_thread(self, record: RecordedRequest, params: dict[str, str]) -> Any:
        """A public thread opened on a message of the channel (its id is the message's)."""
        message = self.messages.get(params["message"])
        if message is None or message["channel_id"] != params["channel"]:
            return 404, {"message": "Unknown Message", "code": 10008}, {}
        name = (record.json or {}).get("name") or ""
        if not 1 <= len(name) <= 100:
            return 400, {"message": "Invalid Form Body", "code": 50035}, {}
        thread = {
            "id": message["id"],
            "type": 11,
            "guild_id": message["guild_id"],
            "parent_id": message["channel_id"],
            "name": name,
            "owner_id": self.bot_user["id"],
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": 1440,
                "archive_timestamp": datetime.now(UTC).isoformat(),
                "locked": False,
            },
            "message_count": 0,
            "member_count": 1,
            "rate_limit_per_user": 0,
            "flags": 0,
        }
        return 201, thread, {}

    def _by_token(self, params: dict[str, str]) -> SentInteraction | None:
        if params["app"] != self.application_id:
            return None
        return next((s for s in self.interactions.values() if s.token == params["token"]), None)

    def _new_message(
        self, sent: SentInteraction, data: dict[str, Any], record: RecordedRequest
    ) -> dict[str, Any]:
        user = sent.payload["member"]["user"]
        message = {
            **self._message(
                20 if sent.type == APPLICATION_COMMAND else 19,
                data,
                record,
                sent.payload["channel_id"],
            ),
            "webhook_id": self.application_id,
            "application_id": self.application_id,
            "interaction_metadata": {
                "id": sent.id,
                "type": sent.type,
                "user": user,
                "authorizing_integration_owners": {"0": sent.payload["guild_id"]},
            },
        }
        self.messages[message["id"]] = message
        return message

    def _message(
        self, kind: int, data: dict[str, Any], record: RecordedRequest, channel_id: str
    ) -> dict[str, Any]:
        """A message the bot sent in a channel, as Discord returns it."""
        return {
            "id": self.snowflake(),
            "type": kind,
            "channel_id": channel_id,
            "guild_id": self.guild_ids[self.channel_ids.index(channel_id)],
            "author": self.bot_user,
            "content": data.get("content") or "",
            "timestamp": datetime.now(UTC).isoformat(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": _attachments(record),
            "embeds": [{"type": "rich", **e} for e in data.get("embeds") or []],
            "components": data.get("components") or [],
            "pinned": False,
            "flags": int(data.get("flags") or 0),
        }


def _match_route(method: str, path: str) -> tuple[str, dict[str, str]] | None:
    """The route and its path parameters, for a path under /api/v10."""
    if not path.startswith(API_PREFIX + "/"):
        return None
    path = path.removeprefix(API_PREFIX)
    for route, pattern in _ROUTE_PATTERNS:
        match = pattern.fullmatch(path)
        if match and route.startswith(method + " "):
            return route, match.groupdict()
    return None


def _update_message(message: dict[str, Any], data: dict[str, Any], record: RecordedRequest) -> None:
    """Apply an edit: only the fields given change, as Discord does."""
    for key in ("content", "components"):
        if key in data:
            message[key] = data[key] if data[key] is not None else ("" if key == "content" else [])
    if "embeds" in data:
        message["embeds"] = [{"type": "rich", **e} for e in data["embeds"] or []]
    if record.files:
        message["attachments"] = _attachments(record)
    message["edited_timestamp"] = datetime.now(UTC).isoformat()


def _attachments(record: RecordedRequest) -> list[dict[str, Any]]:
    return [
        {
            "id": str(index),
            "filename": filename,
            "size": len(content),
            "url": f"https://cdn.invalid/{filename}",
            "proxy_url": f"https://cdn.invalid/{filename}",
        }
        for index, (_field, filename, content) in enumerate(record.files)
    ]


async def _read_body(request: web.Request) -> tuple[Any, list[tuple[str, str, bytes]]]:
    """The JSON body, or a multipart body's `payload_json` and files."""
    if not request.can_read_body:
        return None, []
    if request.content_type == "multipart/form-data":
        form = await request.post()
        files = [
            (name, value.filename, value.file.read())
            for name, value in form.items()
            if isinstance(value, web.FileField)
        ]
        payload = form.get("payload_json")
        return (json.loads(payload) if isinstance(payload, str) else None), files
    text = await request.text()
    return (json.loads(text) if text else None), []


def _build_options(
    command: dict[str, Any],
    path: list[str],
    given: dict[str, Any],
    focused: tuple[str, str] | None,
) -> list[dict[str, Any]]:
    """Interaction options for `command` (through sub-commands in `path`), as Discord sends
    them; refuses what Discord's client would not let a member send."""
    definitions = command.get("options") or []
    if path:
        sub = next((o for o in definitions if o["name"] == path[0] and o["type"] in (1, 2)), None)
        if sub is None:
            raise LookupError(f"/{command['name']} has no sub-command {path[0]!r}")
        return [
            {
                "name": sub["name"],
                "type": sub["type"],
                "options": _build_options(sub, path[1:], given, focused),
            }
        ]
    by_name = {o["name"]: o for o in definitions}
    built = []
    for name, value in given.items():
        definition = by_name.get(name)
        if definition is None:
            raise LookupError(f"/{command['name']} has no option {name!r}")
        built.append(
            {"name": name, "type": definition["type"], "value": _option_value(definition, value)}
        )
    if focused is not None:
        name, typed = focused
        definition = by_name.get(name)
        if definition is None or not definition.get("autocomplete"):
            raise LookupError(f"/{command['name']} {name} does not autocomplete")
        built.append({"name": name, "type": definition["type"], "value": typed, "focused": True})
    else:
        missing = [o["name"] for o in definitions if o.get("required") and o["name"] not in given]
        if missing:
            raise ValueError(f"Discord's client requires {missing} for /{command['name']}")
    return built


def _option_value(definition: dict[str, Any], value: Any) -> Any:
    kind = definition["type"]
    converters: dict[int, Callable[[Any], Any]] = {STRING: str, INTEGER: int, NUMBER: float}
    if kind == BOOLEAN:
        if not isinstance(value, bool):
            raise TypeError(f"{definition['name']} takes True or False")
        return value
    if kind not in converters:
        raise NotImplementedError("the double does not send users, channels, roles or files")
    value = converters[kind](value)
    choices = [c["value"] for c in definition.get("choices") or []]
    if choices and value not in choices:
        raise ValueError(f"{definition['name']} must be one of {choices}")
    if kind == STRING and not (
        definition.get("min_length", 0) <= len(value) <= definition.get("max_length", 6000)
    ):
        raise ValueError(f"{definition['name']} is too short or too long for Discord's client")
    if kind != STRING and not (
        definition.get("min_value", -math.inf) <= value <= definition.get("max_value", math.inf)
    ):
        raise ValueError(f"{definition['name']} is out of range for Discord's client")
    return value
