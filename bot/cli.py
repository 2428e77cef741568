"""The `dramabot` command: the offline console, one-shot queries, imports, and the Discord bot.

Every query renders through `bot.ui`, exactly as the Discord cogs do: one implementation.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import math
import os
import re
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

import discord
from dotenv import load_dotenv

from dramabot.client import DramaBot
from dramabot.domain.errors import UserFacingError
from dramabot.domain.names import clean
from dramabot.domain.recommend import SHORT_EPISODES
from dramabot.importers import FileOutcome
from dramabot.service import DramaService
from dramabot.storage import default_db_path
from dramabot.ui import embeds, json_view
from dramabot.ui.limits import cut
from dramabot.ui.text import embed_to_text

EXIT_OK, EXIT_USER_ERROR, EXIT_USAGE = 0, 1, 2
TOKEN_ENV = "DISCORD_TOKEN"
CONSOLE_KEYS = "In the console also: next / prev to page through an answer, quit to leave.\n"
#: Caps and counts above this are typing mistakes (1e308 hours, 10**30 episodes would overflow).
LARGEST_NUMBER = 1_000_000


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dramabot",
        description="K-drama reviews, recommendations and actors; offline or on Discord.",
    )
    parser.add_argument(
        "--db", type=Path, help="SQLite file (default: $DRAMABOT_DB or ./dramabot.sqlite3)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("console", help="interactive console (the default)")

    review = commands.add_parser("review", help="show the review of a drama")
    review.add_argument("title", nargs="+")
    review.add_argument("--full", action="store_true", help="print the whole post")
    review.add_argument("--json", action="store_true", help="machine-readable output")

    rec = commands.add_parser("recommend", help="recommend dramas by actor and length")
    rec.add_argument("--actor", help="a favourite actor")
    rec.add_argument("--like", help="a drama you liked: similar cast, genres and length")
    length = rec.add_mutually_exclusive_group()
    length.add_argument("--short", action="store_true", help=f"at most {SHORT_EPISODES} episodes")
    length.add_argument("--max-episodes", type=_number_arg("max episodes", int), metavar="N")
    rec.add_argument(
        "--max-hours",
        type=_number_arg("max hours", float),
        metavar="H",
        help="whole series in at most H hours",
    )
    rec.add_argument(
        "--min-score",
        type=_number_arg("min score", float, positive=False),
        metavar="S",
        help="reviewers' average at least S",
    )
    rec.add_argument("--limit", type=_number_arg("limit", int), default=10, metavar="N")
    rec.add_argument("--json", action="store_true")

    actor = commands.add_parser("actor", help="an actor's roles, reviewed titles marked")
    actor.add_argument("name", nargs="+")
    actor.add_argument("--json", action="store_true")

    imp = commands.add_parser("import", help="import review posts and catalogue files or folders")
    imp.add_argument("paths", nargs="+")

    commands.add_parser("run", help="run the Discord bot (token from DISCORD_TOKEN or .env)")
    sync = commands.add_parser("sync", help="register the slash commands with Discord")
    sync.add_argument("--guild", type=int, metavar="ID", help="sync to one server only (instant)")
    listing = commands.add_parser("commands", help="the slash commands as sync sends them")
    listing.add_argument("--json", action="store_true", required=True)

    match = commands.add_parser("match", help="how names resolve: top 5 per query, as JSON lines")
    match.add_argument("kind", choices=("title", "person"))
    match.add_argument("queries", nargs="*", help="queries (default: one per line on stdin)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return asyncio.run(_run(args))
    except KeyboardInterrupt:
        return 130


async def _run(args: argparse.Namespace) -> int:
    if args.command == "commands":
        print(json.dumps(await command_payload(), indent=2))
        return EXIT_OK
    db_path = args.db or default_db_path()
    try:
        service = await DramaService.open(db_path)
    except UserFacingError as error:
        print(f"dramabot: {error.message}", file=sys.stderr)
        return EXIT_USER_ERROR
    try:
        handler = _HANDLERS.get(args.command or "console", _console)
        return await handler(service, args)
    except UserFacingError as error:
        print(f"dramabot: {error.message}", file=sys.stderr)
        return EXIT_USER_ERROR
    finally:
        await service.close()


async def _review(service: DramaService, args: argparse.Namespace) -> int:
    answer = await service.review(" ".join(args.title))
    if args.json:
        return _print_json(json_view.review_json(answer))
    pages = embeds.review_pages(answer)
    _print_pages(pages if args.full else pages[:1])
    return EXIT_OK


async def _recommend(service: DramaService, args: argparse.Namespace) -> int:
    query = await service.recommend_query(
        actor=args.actor,
        like=args.like,
        length="short" if args.short else None,
        max_episodes=args.max_episodes,
        max_hours=args.max_hours,
        min_score=args.min_score,
        limit=args.limit,
    )
    picks = await service.recommend(query)
    if args.json:
        return _print_json(json_view.recommendations_json(picks))
    _print_pages(embeds.recommendation_pages(query, picks))
    return EXIT_OK


async def _actor(service: DramaService, args: argparse.Namespace) -> int:
    profile = await service.actor(" ".join(args.name))
    if args.json:
        return _print_json(json_view.actor_json(profile))
    _print_pages(embeds.actor_pages(profile))
    return EXIT_OK


async def _import(service: DramaService, args: argparse.Namespace) -> int:
    if any(not path for path in args.paths):  # Path("") would be the current folder
        raise UserFacingError("An empty name is not a file or folder; nothing was imported.")
    paths = [Path(path) for path in args.paths]
    return await _import_and_report(service, paths, sys.stdout, sys.stderr)


async def _import_and_report(
    service: DramaService, paths: Sequence[Path], out: TextIO, err: TextIO
) -> int:
    def progress(done: int, total: int, outcome: FileOutcome) -> None:
        name = printable(outcome.name)
        print(f"[{done}/{total}] {name}: {outcome.status}: {outcome.detail}", file=err)
        for warning in outcome.warnings:
            print(f"    warning: {name}: {warning}", file=err)

    report = await service.import_paths(paths, progress)
    print(f"import: {report.summary()}", file=out)
    return EXIT_USER_ERROR if report.failed or not report.outcomes else EXIT_OK


async def _match(service: DramaService, args: argparse.Namespace) -> int:
    """One JSON line per query; status 1, with a note on stderr, when a query matches nothing."""
    queries = args.queries or [line.rstrip("\n") for line in sys.stdin]
    search = service.match_titles if args.kind == "title" else service.match_people
    status = EXIT_OK
    for query in queries:
        matches = search(query, 5)
        print(json.dumps(json_view.matches_json(query, matches), ensure_ascii=False))
        if not matches:
            shown = cut(clean(query), 80)
            print(f"dramabot: no {args.kind} matches '{shown}'", file=sys.stderr)
            status = EXIT_USER_ERROR
    return status


async def _console(service: DramaService, args: argparse.Namespace) -> int:
    """Read `/review ...`-style commands from stdin until EOF or `quit`."""
    console = Console(service, sys.stdout)
    interactive = sys.stdin.isatty()
    if interactive:
        counts = await service.counts()
        print(
            f"dramabot console: {counts['reviews']} reviews, {counts['dramas']} dramas, "
            f"{counts['people']} people. Type /help for commands, quit to leave."
        )
    status = EXIT_OK
    while True:
        if interactive:
            print("> ", end="", flush=True)
        line = await asyncio.to_thread(sys.stdin.readline)
        if not line or line.strip().lower() in ("quit", "exit", "/quit"):
            return status
        if not await console.handle(line):
            status = EXIT_USER_ERROR


class Console:
    """The offline console: parses slash-command lines, renders the same embeds as the bot."""

    def __init__(self, service: DramaService, out: TextIO) -> None:
        self.service = service
        self.out = out
        self.pages: list[discord.Embed] = []
        self.page = 0

    async def handle(self, line: str) -> bool:
        """Run one console line; False when it was an error (shown to the user)."""
        line = clean(line)  # invisible and control characters gone, whitespace folded
        if not line:
            return True
        if line.lower() in ("next", "n", "prev", "p"):
            return self._turn(1 if line.lower().startswith("n") else -1)
        name, rest = _split_command(line)
        try:
            action = self._commands().get(name)
            if action is None:
                raise UserFacingError(f"Unknown command '{name[:40]}'. Type /help for the list.")
            self._show(await action(rest))
        except UserFacingError as error:
            print(error.message, file=self.out)
            return False
        return True

    def _commands(self) -> dict[str, Callable[[str], Any]]:
        return {
            "review": self._review,
            "recommend": self._recommend,
            "actor": self._actor,
            "import": self._import,
            "help": self._help,
        }

    async def _review(self, rest: str) -> list[discord.Embed]:
        options = parse_options(rest, ("title",))
        return embeds.review_pages(await self.service.review(options.get("title", "")))

    async def _actor(self, rest: str) -> list[discord.Embed]:
        options = parse_options(rest, ("name",))
        return embeds.actor_pages(await self.service.actor(options.get("name", "")))

    async def _recommend(self, rest: str) -> list[discord.Embed]:
        options = parse_options(
            rest, ("actor", "like", "length", "max_episodes", "max_hours", "min_score", "limit")
        )
        query = await self.service.recommend_query(
            actor=options.get("actor"),
            like=options.get("like"),
            length=options.get("length"),
            max_episodes=_number(options, "max_episodes", int),
            max_hours=_number(options, "max_hours", float),
            min_score=_number(options, "min_score", float, positive=False),
            limit=_number(options, "limit", int),
        )
        return embeds.recommendation_pages(query, await self.service.recommend(query))

    async def _import(self, rest: str) -> list[discord.Embed]:
        paths = [Path(p) for p in rest.split()]
        if not paths:
            raise UserFacingError("Give one or more files or folders to import.")
        await _import_and_report(self.service, paths, self.out, self.out)
        return []

    async def _help(self, rest: str) -> list[discord.Embed]:
        print(CONSOLE_KEYS, file=self.out, end="")
        return [embeds.help_card()]

    def _show(self, pages: list[discord.Embed]) -> None:
        if not pages:
            return
        self.pages, self.page = pages, 0
        self._print_page()

    def _turn(self, step: int) -> bool:
        if not self.pages or not 0 <= self.page + step < len(self.pages):
            print("No more pages.", file=self.out)
            return False
        self.page += step
        self._print_page()
        return True

    def _print_page(self) -> None:
        print(embed_to_text(self.pages[self.page]), file=self.out, end="")
        if len(self.pages) > 1:
            print(f"({self.page + 1}/{len(self.pages)}: type next or prev)", file=self.out)


_OPTION = re.compile(r"(?:^|\s)([a-z_]+):")


def _split_command(line: str) -> tuple[str, str]:
    name, _, rest = line.lstrip("/").partition(" ")
    return name.lower(), rest


def parse_options(text: str, names: tuple[str, ...]) -> dict[str, str]:
    """`actor:park hyung sik length:short` -> {'actor': 'park hyung sik', 'length': 'short'}.

    Text before the first `name:` belongs to the first option (`/review soundtrack 1`).
    """
    found: dict[str, str] = {}
    marks = [m for m in _OPTION.finditer(text) if m[1] in names]
    head = text[: marks[0].start()] if marks else text
    if head.strip():
        found[names[0]] = head.strip()
    ends = [m.start() for m in marks[1:]] + ([len(text)] if marks else [])
    for mark, end in zip(marks, ends, strict=True):
        found[mark[1]] = text[mark.end() : end].strip()
    return found


def _number(
    options: dict[str, str], name: str, kind: type[int] | type[float], positive: bool = True
) -> Any:
    value = options.get(name)
    if value is None or value == "":
        return None
    return to_number(name, value, kind, positive=positive)


def to_number(
    name: str, text: str, kind: type[int] | type[float], *, positive: bool = True
) -> int | float:
    """A numeric option as typed: a finite number; for caps and counts (`positive`) more than 0
    and at most `LARGEST_NUMBER`. A score's own range is the recommender's to check."""
    shown = cut(printable(text), 20)
    try:
        value = kind(text)
    except ValueError:
        raise UserFacingError(f"{name} must be a number, not '{shown}'.") from None
    if not math.isfinite(value):
        raise UserFacingError(f"{name} must be a number, not '{shown}'.")
    if positive and not 0 < value <= LARGEST_NUMBER:
        raise UserFacingError(f"{name} must be more than 0 and at most {LARGEST_NUMBER:,}.")
    return value


def _number_arg(
    name: str, kind: type[int] | type[float], *, positive: bool = True
) -> Callable[[str], int | float]:
    """`to_number` as an argparse type: a mistake is a usage error naming the option."""

    def convert(text: str) -> int | float:
        try:
            return to_number(name, text, kind, positive=positive)
        except UserFacingError as error:
            raise argparse.ArgumentTypeError(error.message) from None

    return convert


def printable(text: str) -> str:
    """Text with invisible and control characters spelled out (`\\u202e`), for a terminal."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)


def _print_pages(pages: list[discord.Embed]) -> None:
    print("\n".join(embed_to_text(page) for page in pages), end="")


def _print_json(data: object) -> int:
    print(json.dumps(data, ensure_ascii=False, indent=2))
    return EXIT_OK


async def command_payload() -> list[dict[str, Any]]:
    """Exactly what `sync` sends: every application command as Discord's API takes it."""
    with tempfile.TemporaryDirectory() as folder:
        service = await DramaService.open(Path(folder) / "commands.sqlite3", seed=False)
        try:
            bot = DramaBot(service)
            await bot.load_cogs()
            return [command.to_dict(bot.tree) for command in bot.tree.get_commands()]
        finally:
            await service.close()


def discord_token() -> str:
    """The bot token from `DISCORD_TOKEN` (a `.env` file in the working directory counts)."""
    load_dotenv(Path.cwd() / ".env")
    token = os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        raise UserFacingError(
            f"Set {TOKEN_ENV} (or put {TOKEN_ENV}=... in a .env file) to connect to Discord. "
            "Without a token, use the console: dramabot"
        )
    return token


async def _run_bot(service: DramaService, args: argparse.Namespace) -> int:
    token = discord_token()
    discord.utils.setup_logging()
    async with DramaBot(service) as bot:
        try:
            await bot.start(token)
        except discord.LoginFailure:
            raise UserFacingError(f"Discord rejected the token in {TOKEN_ENV}.") from None
    return EXIT_OK


async def _sync(service: DramaService, args: argparse.Namespace) -> int:
    token = discord_token()
    async with DramaBot(service) as bot:
        try:
            await bot.login(token)  # runs setup_hook: the cogs are loaded
        except discord.LoginFailure:
            raise UserFacingError(f"Discord rejected the token in {TOKEN_ENV}.") from None
        guild = discord.Object(id=args.guild) if args.guild else None
        if guild is not None:
            bot.tree.copy_global_to(guild=guild)
        synced = await bot.tree.sync(guild=guild)
    where = f"server {args.guild}" if guild else "every server (global; allow up to an hour)"
    print(f"synced {len(synced)} commands to {where}")
    return EXIT_OK


_HANDLERS = {
    "run": _run_bot,
    "sync": _sync,
    "review": _review,
    "recommend": _recommend,
    "actor": _actor,
    "import": _import,
    "match": _match,
    "console": _console,
}

if __name__ == "__main__":
    sys.exit(main())
