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
from typing import TYPE_CHECKING, Any

from dramabot.cli_feeds import FEED_HANDLERS, add_feed_commands, import_feeds, is_address
from dramabot.console import import_and_report, run_console, to_number
from dramabot.domain.errors import AmbiguousError, UserFacingError
from dramabot.domain.names import clean
from dramabot.domain.recommend import (
    DEFAULT_RESULTS,
    LENGTHS,
    MEDIUM_EPISODES,
    SHORT_EPISODES,
    RecommendQuery,
)
from dramabot.home import choose_database, database_option
from dramabot.service import DramaService, copy_database
from dramabot.ui import embeds, json_view
from dramabot.ui.limits import cut
from dramabot.ui.text import commands_text, embed_to_text

if TYPE_CHECKING:
    from discord import Embed

EXIT_OK, EXIT_USER_ERROR, EXIT_USAGE = 0, 1, 2
RESULTS = RecommendQuery.RESULTS
#: The review card's footer in the CLI, which prints one page unless asked.
FULL_IN_THE_CLI = "--full prints the whole review"
#: A name fits several dramas equally well: the choices are printed, with their years.
EXIT_AMBIGUOUS = 3


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
        "recommend",
        help="recommend dramas by actor and length (no options: picks for you)",
        parents=[common],
    )
    rec.add_argument(
        "words", nargs="*", metavar="ACTOR|LENGTH", help="an actor, or short, medium or any"
    )
    rec.add_argument("--actor", help="a favourite actor")
    rec.add_argument("--unseen", action="store_true", help="leave out what you marked seen")
    rec.add_argument("--like", help="a drama you liked: similar cast, genres and length")
    length = rec.add_mutually_exclusive_group()
    length.add_argument(
        "--length",
        choices=LENGTHS,
        help=f"short: at most {SHORT_EPISODES} episodes, medium: at most {MEDIUM_EPISODES}",
    )
    length.add_argument(
        "--short", dest="length", action="store_const", const="short", help="--length short"
    )
    rec.add_argument("--max-episodes", type=_number_arg("max episodes", int), metavar="N")
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
        "--limit",
        type=_number_arg("limit", int, RecommendQuery.check_limit),
        default=DEFAULT_RESULTS,
        metavar="N",
        help=f"how many picks, {RESULTS[0]} to {RESULTS[1]} (default {DEFAULT_RESULTS})",
    )
    rec.add_argument("--json", action="store_true")

    actor = commands.add_parser(
        "actor", help="an actor's roles, reviewed titles marked", parents=[common]
    )
    actor.add_argument("name", nargs="+")
    actor.add_argument("--json", action="store_true")

    imp = commands.add_parser(
        "import",
        help="import review posts, catalogue files, folders, blog backups or feed URLs",
        parents=[common],
    )
    imp.add_argument("paths", nargs="+", metavar="PATH_OR_URL")
    add_feed_commands(commands, common)

    run = commands.add_parser(
        "run", help="run the Discord bot (token from DISCORD_TOKEN or .env)", parents=[common]
    )
    run.add_argument(
        "--shards",
        type=_shard_ids,
        metavar="IDS",
        help="serve only these gateway shards, such as 0-1 or 0,2 (needs --shard-count)",
    )
    run.add_argument(
        "--shard-count", type=_number_arg("shard count", int), metavar="N", help="shards in all"
    )
    copy = commands.add_parser(
        "copy",
        help="copy every row of a database into a new, empty one (SQLite or postgresql:// URL)",
        parents=[common],
    )
    copy.add_argument("source", type=database_option, metavar="SRC")
    copy.add_argument("target", type=database_option, metavar="DST")
    sync = commands.add_parser(
        "sync", help="register the slash commands with Discord", parents=[common]
    )
    sync.add_argument("--guild", type=int, metavar="ID", help="sync to one server only (instant)")
    listing = commands.add_parser(
        "commands", help="the slash commands as sync sends them", parents=[common]
    )
    listing.add_argument("--json", action="store_true", help="as JSON, exactly as sent")

    match = commands.add_parser(
        "match", help="how names resolve: top 5 per query, as JSON lines", parents=[common]
    )
    match.add_argument("kind", nargs="?", default="title", help="title (the default) or person")
    match.add_argument("queries", nargs="*", help="queries (default: one per line on stdin)")
    return parser


def _common_options(db_default: object, debug_default: object) -> argparse.ArgumentParser:
    """`--db` and `--debug`, accepted before and after the subcommand."""
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument(
        "--db",
        type=database_option,
        default=db_default,
        metavar="FILE|URL",
        help="a SQLite file or a postgresql:// URL (default: $DRAMABOT_DB, else "
        "dramabot.sqlite3 in your data folder)",
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
    """The command, with a user's mistake (anywhere, opening the database included) said in
    one line and its exit code."""
    try:
        return await _open_and_run(args)
    except AmbiguousError as error:
        print(f"dramabot: {error.message}", file=sys.stderr)
        return EXIT_AMBIGUOUS
    except UserFacingError as error:
        print(f"dramabot: {error.message}", file=sys.stderr)
        return EXIT_USER_ERROR


async def _open_and_run(args: argparse.Namespace) -> int:
    if args.command == "commands":
        from dramabot.launcher import command_payload

        payload = await command_payload()
        print(json.dumps(payload, indent=2) if args.json else commands_text(payload), end="\n")
        return EXIT_OK
    if args.command == "copy":
        return await _copy(args)
    if args.command == "run":
        _check_shards(args.shards, args.shard_count)  # before the database is opened
    database = choose_database(args.db)
    if database.note:
        print(f"dramabot: note: {database.note}", file=sys.stderr)
    service = await DramaService.open(database.path)
    command = args.command or "console"
    if command != "console" and not database.existed:
        print(f"dramabot: {database.opened_line()}", file=sys.stderr)
    args.database = database
    try:
        return await _HANDLERS[command](service, args)
    finally:
        await service.close()


async def _review(service: DramaService, args: argparse.Namespace) -> int:
    answer = await service.review(" ".join(args.title))
    if args.json:
        return _print_json(json_view.review_json(answer))
    if args.full:
        _print_pages(embeds.review_pages(answer))
    else:
        _print_pages(embeds.review_pages(answer, more=FULL_IN_THE_CLI)[:1])
    return EXIT_OK


async def _recommend(service: DramaService, args: argparse.Namespace) -> int:
    actor, length = args.actor, args.length
    if args.words:  # `dramabot recommend short`, `dramabot recommend park hyung sik`
        words = " ".join(args.words)
        if words.strip().lower() in LENGTHS and length is None:
            length = words
        elif actor is None:
            actor = words
        else:
            raise UserFacingError(f"Give the actor once: --actor {actor!r} or {words!r}.")
    query = await service.recommend_query(
        actor=actor,
        like=args.like,
        length=length,
        max_episodes=args.max_episodes,
        max_hours=args.max_hours,
        min_score=args.min_score,
        limit=args.limit,
        unseen=args.unseen,
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
    urls = [path for path in args.paths if is_address(path)]
    paths = [Path(path) for path in args.paths if not is_address(path)]
    status = await import_and_report(service, paths, sys.stdout, sys.stderr) if paths else EXIT_OK
    return max(status, await import_feeds(service, urls))


async def _match(service: DramaService, args: argparse.Namespace) -> int:
    """One JSON line per query; status 1, with a note on stderr, when a query matches nothing.
    The kind may be left out (titles); without queries they are read from stdin."""
    kind, queries = args.kind, list(args.queries)
    if kind not in ("title", "person"):  # `dramabot match "reply 1988"`: a title
        kind, queries = "title", [kind, *queries]
    if not queries:
        if sys.stdin.isatty():
            print("dramabot: reading queries, one a line; Ctrl-D to end", file=sys.stderr)
        queries = [line.rstrip("\n") for line in sys.stdin]
    search = service.match_titles if kind == "title" else service.match_people
    status = EXIT_OK
    for query in queries:
        matches = await search(query, 5)
        print(json.dumps(json_view.matches_json(query, matches), ensure_ascii=False))
        if not matches:
            shown = cut(clean(query), 80)
            print(f"dramabot: no {kind} matches '{shown}'", file=sys.stderr)
            status = EXIT_USER_ERROR
    return status


def _number_arg(
    name: str, kind: type[int] | type[float], check: Callable[[Any], object] | None = None
) -> Callable[[str], int | float]:
    """`to_number` as an argparse type, then `check` (the query's own bounds): a mistake is a
    usage error naming the option."""

    def convert(text: str) -> int | float:
        try:
            value = to_number(name, text, kind)
            if check is not None:
                check(value)
            return value
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

    return await run_bot(service, args.shards, args.shard_count)


def _check_shards(shards: list[int] | None, count: int | None) -> None:
    if (shards is None) != (count is None):
        raise UserFacingError(
            "Give --shards and --shard-count together, as in --shards 0-1 --shard-count 4."
        )
    if shards is not None and count is not None and (count < 1 or max(shards) >= count):
        raise UserFacingError(f"Shard ids go from 0 to {count - 1} with --shard-count {count}.")


async def _copy(args: argparse.Namespace) -> int:
    copied = await copy_database(args.source, args.target)
    rows = ", ".join(
        f"{count:,} {table.replace('_', ' ')}" for table, count in copied.items() if count
    )
    print(f"copied {rows or 'nothing (the source is empty)'}")
    return EXIT_OK


def _shard_ids(text: str) -> list[int]:
    """`--shards`: `0-1`, `3`, or `0,2,5`."""
    ids: list[int] = []
    try:
        for part in text.split(","):
            low, dash, high = part.partition("-")
            ids.extend(range(int(low), int(high) + 1) if dash else [int(low)])
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a list of shard ids, such as 0-1 or 0,2"
        ) from None
    if not ids or min(ids) < 0:
        raise argparse.ArgumentTypeError(f"{text!r}: shard ids are 0 or more")
    return sorted(set(ids))


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
    **FEED_HANDLERS,
}

if __name__ == "__main__":
    sys.exit(main())
