"""The offline console: `/review ...`-style lines from the keyboard or a pipe, answered with
the same service calls and rendered from the same embeds as the bot."""

from __future__ import annotations

import asyncio
import math
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from dramabot.console_members import MEMBER_OPTIONS, MemberConsole
from dramabot.domain.errors import UserFacingError
from dramabot.domain.names import clean
from dramabot.domain.reports import FileOutcome
from dramabot.service import DramaService
from dramabot.ui import embeds
from dramabot.ui.limits import cut
from dramabot.ui.text import console_help, embed_to_text

if TYPE_CHECKING:
    import discord

#: The exit status of a piped console when a line failed (an interactive session exits 0).
EXIT_A_LINE_FAILED = 1
QUIT_WORDS = ("quit", "exit", "/quit", "/exit")
#: Each console command's options, the first one taking the text before any `name:`.
OPTIONS: dict[str, tuple[str, ...]] = {
    "review": ("title",),
    "recommend": ("actor", "like", "length", "max_episodes", "max_hours", "min_score", "limit"),
    "actor": ("name",),
    "import": (),
    "help": (),
    **MEMBER_OPTIONS,
}


async def run_console(service: DramaService, database_line: str) -> int:
    """The console: with prompt_toolkit (line editing, history, Tab completion) when stdin is
    a terminal, else plain lines from the pipe. An interactive session exits 0 whatever its
    commands did; a piped one exits 1 when any line failed, so that scripts can tell."""
    console = Console(service, sys.stdout)
    if sys.stdin.isatty() and sys.stdout.isatty():
        from dramabot.console_prompt import prompt_loop  # prompt_toolkit only at a keyboard

        counts = await service.counts()
        print(
            f"dramabot console · {database_line} · {counts['reviews']} reviews, "
            f"{counts['dramas']} dramas, {counts['people']} people. "
            "Type /help for commands, Tab to complete, quit or Ctrl-D to leave.",
            flush=True,
        )
        await prompt_loop(console)
        return 0
    failed = False
    while True:
        line = await asyncio.to_thread(sys.stdin.readline)
        if not line or is_quit(line):
            return EXIT_A_LINE_FAILED if failed else 0
        if not await console.handle(line):
            failed = True


def is_quit(line: str) -> bool:
    return line.strip().lower() in QUIT_WORDS


class Console:
    """The offline console: parses slash-command lines, renders the same embeds as the bot."""

    def __init__(self, service: DramaService, out: TextIO) -> None:
        self.service = service
        self.out = out
        self.pages: list[discord.Embed] = []
        self.page = 0
        self.members = MemberConsole(service, out, parse_options)

    async def handle(self, line: str) -> bool:
        """Run one console line; False when it was an error (shown to the user)."""
        line = clean(line)  # invisible and control characters gone, whitespace folded
        if not line:
            return True
        if line.lower() in ("next", "n", "prev", "p"):
            return self._turn(1 if line.lower().startswith("n") else -1)
        name, rest = split_command(line)
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
            **self.members.commands(),
        }

    async def _review(self, rest: str) -> list[discord.Embed]:
        options = parse_options(rest, OPTIONS["review"])
        return embeds.review_pages(await self.service.review(options.get("title", "")))

    async def _actor(self, rest: str) -> list[discord.Embed]:
        options = parse_options(rest, OPTIONS["actor"])
        return embeds.actor_pages(await self.service.actor(options.get("name", "")))

    async def _recommend(self, rest: str) -> list[discord.Embed]:
        options = parse_options(rest, OPTIONS["recommend"])
        query = await self.service.recommend_query(
            actor=options.get("actor"),
            like=options.get("like"),
            length=options.get("length"),
            max_episodes=option_number(options, "max_episodes", int),
            max_hours=option_number(options, "max_hours", float),
            min_score=option_number(options, "min_score", float),
            limit=option_number(options, "limit", int),
        )
        return embeds.recommendation_pages(query, await self.service.recommend(query))

    async def _import(self, rest: str) -> list[discord.Embed]:
        paths = [Path(p) for p in rest.split()]
        if not paths:
            raise UserFacingError("Give one or more files or folders to import.")
        await import_and_report(self.service, paths, self.out, self.out)
        return []

    async def _help(self, rest: str) -> list[discord.Embed]:
        print(console_help(), file=self.out, end="")
        return []

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


def split_command(line: str) -> tuple[str, str]:
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


def option_number(options: dict[str, str], name: str, kind: type[int] | type[float]) -> Any:
    value = options.get(name)
    if value is None or value == "":
        return None
    return to_number(name, value, kind)


def to_number(name: str, text: str, kind: type[int] | type[float]) -> int | float:
    """A numeric option as typed: a finite number. Its range is the query's to check
    (`RecommendQuery`'s bounds, declared once)."""
    shown = cut(printable(text), 20)
    try:
        value = kind(text)
    except ValueError:
        raise UserFacingError(f"{name} must be a number, not '{shown}'.") from None
    if not math.isfinite(value):
        raise UserFacingError(f"{name} must be a number, not '{shown}'.")
    return value


def printable(text: str) -> str:
    """Text with invisible and control characters spelled out (`\\u202e`), for a terminal."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)


async def import_and_report(
    service: DramaService, paths: Sequence[Path], out: TextIO, err: TextIO
) -> int:
    """Import files with a line per file on `err` and the summary on `out`; the exit status."""

    def progress(done: int, total: int, outcome: FileOutcome) -> None:
        print_outcome(done, total, outcome, err)

    report = await service.import_paths(paths, progress)
    print(f"import: {report.summary()}", file=out)
    return 1 if report.failed or not report.outcomes else 0


def print_outcome(done: int, total: int, outcome: FileOutcome, err: TextIO) -> None:
    """`[3/12] name: added: review of …`, then its warnings, on `err`."""
    name = printable(outcome.name)
    print(f"[{done}/{total}] {name}: {outcome.status}: {outcome.detail}", file=err)
    for warning in outcome.warnings:
        print(f"    warning: {name}: {warning}", file=err)
