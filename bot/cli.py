"""The `dramabot` command: the offline console, one-shot queries, imports, and the Discord bot.

Every query renders through `dramabot.ui`, exactly as the Discord cogs do: one implementation.
The console lives in `console`, the Discord side (token, run, sync) in `launcher`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from dramabot.console import import_and_report, run_console, to_number
from dramabot.domain.errors import UserFacingError
from dramabot.domain.names import clean
from dramabot.domain.recommend import DEFAULT_RESULTS, SHORT_EPISODES
from dramabot.home import choose_database
from dramabot.service import DramaService
from dramabot.ui import embeds, json_view
from dramabot.ui.limits import cut
from dramabot.ui.text import embed_to_text

if TYPE_CHECKING:
    from discord import Embed

EXIT_OK, EXIT_USER_ERROR, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dramabot",
        description="K-drama reviews, recommendations and actors; offline or on Discord.",
        parents=[_common_options(None, False)],
    )
    # The same options after the subcommand (`dramabot import --db x ...`); there they default
    # to SUPPRESS, so an option given before the subcommand is not reset.
    common = _common_options(argparse.SUPPRESS, argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("console", help="interactive console (the default)", parents=[common])

    review = commands.add_parser("review", help="show the review of a drama", parents=[common])
    review.add_argument("title", nargs="+")
    review.add_argument("--full", action="store_true", help="print the whole post")
    review.add_argument("--json", action="store_true", help="machine-readable output")

    rec = commands.add_parser(
        "recommend", help="recommend dramas by actor and length", parents=[common]
    )
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
        type=_number_arg("min score", float),
        metavar="S",
        help="reviewers' average at least S",
    )
    rec.add_argument(
        "--limit", type=_number_arg("limit", int), default=DEFAULT_RESULTS, metavar="N"
    )
    rec.add_argument("--json", action="store_true")

    actor = commands.add_parser(
        "actor", help="an actor's roles, reviewed titles marked", parents=[common]
    )
    actor.add_argument("name", nargs="+")
    actor.add_argument("--json", action="store_true")

    imp = commands.add_parser(
        "import", help="import review posts and catalogue files or folders", parents=[common]
    )
    imp.add_argument("paths", nargs="+")

    commands.add_parser(
        "run", help="run the Discord bot (token from DISCORD_TOKEN or .env)", parents=[common]
    )
    sync = commands.add_parser(
        "sync", help="register the slash commands with Discord", parents=[common]
    )
    sync.add_argument("--guild", type=int, metavar="ID", help="sync to one server only (instant)")
    listing = commands.add_parser(
        "commands", help="the slash commands as sync sends them", parents=[common]
    )
    listing.add_argument("--json", action="store_true", required=True)

    match = commands.add_parser(
        "match", help="how names resolve: top 5 per query, as JSON lines", parents=[common]
    )
    match.add_argument("kind", choices=("title", "person"))
    match.add_argument("queries", nargs="*", help="queries (default: one per line on stdin)")
    return parser


def _common_options(db_default: object, debug_default: object) -> argparse.ArgumentParser:
    """`--db` and `--debug`, accepted before and after the subcommand."""
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument(
        "--db",
        type=Path,
        default=db_default,
        help="the SQLite file (default: $DRAMABOT_DB, else dramabot.sqlite3 in your data folder)",
    )
    options.add_argument(
        "--debug",
        action="store_true",
        default=debug_default,
        help="log in detail, tracebacks included",
    )
    return options


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _log_to_terminal(args.debug)
    try:
        return asyncio.run(_run(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `dramabot ... | head -1`: the reader has what it wanted
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the flush at exit cannot fail again
        return EXIT_OK


class _OneLine(logging.Formatter):
    """Log records as one line each: a user reads what happened, not a traceback."""

    def format(self, record: logging.LogRecord) -> str:
        saved = record.exc_info, record.exc_text
        record.exc_info = record.exc_text = None
        try:
            return super().format(record)
        finally:
            record.exc_info, record.exc_text = saved


def _log_to_terminal(debug: bool) -> None:
    """Warnings as one line each on stderr; with `--debug`, everything with tracebacks."""
    handler = logging.StreamHandler()
    line = "%(levelname)s %(name)s: %(message)s"
    handler.setFormatter(logging.Formatter(line) if debug else _OneLine(line))
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING, handlers=[handler])


async def _run(args: argparse.Namespace) -> int:
    if args.command == "commands":
        from dramabot.launcher import command_payload

        print(json.dumps(await command_payload(), indent=2))
        return EXIT_OK
    database = choose_database(args.db)
    if database.note:
        print(f"dramabot: note: {database.note}", file=sys.stderr)
    try:
        service = await DramaService.open(database.path)
    except UserFacingError as error:
        print(f"dramabot: {error.message}", file=sys.stderr)
        return EXIT_USER_ERROR
    command = args.command or "console"
    if command != "console" and not database.existed:
        print(f"dramabot: {database.opened_line()}", file=sys.stderr)
    args.database = database
    try:
        return await _HANDLERS[command](service, args)
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
    return await import_and_report(service, paths, sys.stdout, sys.stderr)


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


def _number_arg(name: str, kind: type[int] | type[float]) -> Callable[[str], int | float]:
    """`to_number` as an argparse type: a mistake is a usage error naming the option."""

    def convert(text: str) -> int | float:
        try:
            return to_number(name, text, kind)
        except UserFacingError as error:
            raise argparse.ArgumentTypeError(error.message) from None

    return convert


def _print_pages(pages: list[Embed]) -> None:
    print("\n".join(embed_to_text(page) for page in pages), end="")


def _print_json(data: object) -> int:
    print(json.dumps(data, ensure_ascii=False, indent=2))
    return EXIT_OK


async def _console(service: DramaService, args: argparse.Namespace) -> int:
    return await run_console(service, args.database.opened_line())


async def _run_bot(service: DramaService, args: argparse.Namespace) -> int:
    from dramabot.launcher import run_bot  # discord.py is loaded only to connect

    return await run_bot(service)


async def _sync(service: DramaService, args: argparse.Namespace) -> int:
    from dramabot.launcher import sync

    return await sync(service, args.guild)


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
