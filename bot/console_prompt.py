"""The console at a keyboard, with prompt_toolkit: line editing, a history kept between
sessions, and Tab completion of commands, options, titles and names. Titles complete from the
same index and with the same labels as Discord's autocomplete
(`Soundtrack #1 (2022) · 4 eps · 4.9 || 4.8`)."""

from __future__ import annotations

import re
from collections.abc import AsyncGenerator, Iterable

from prompt_toolkit import PromptSession
from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document
from prompt_toolkit.history import FileHistory, History, InMemoryHistory

from dramabot.console import OPTIONS, Console, is_quit
from dramabot.domain.recommend import LENGTHS
from dramabot.home import history_path
from dramabot.service import DramaService
from dramabot.ui.choices import title_label

#: How many titles or names Tab offers at once.
COMPLETIONS = 12
TITLE_OPTIONS = frozenset({"title", "like"})
PERSON_OPTIONS = frozenset({"actor", "name"})
_LAST_OPTION = re.compile(r"(?:^|\s)([a-z_]+):\s*(?!.*\s[a-z_]+:)(.*)$")
_WORD = re.compile(r"[a-z_]*$")


class ConsoleCompleter(Completer):
    """Completes the command being typed, an option's name (`act` -> `actor:`), and the value
    of the option being typed: titles, people, or a length."""

    def __init__(self, service: DramaService) -> None:
        self.service = service

    def get_completions(self, document: Document, event: CompleteEvent) -> Iterable[Completion]:
        """Titles need the store (async): the console asks `get_completions_async`."""
        return ()

    async def get_completions_async(
        self, document: Document, event: CompleteEvent
    ) -> AsyncGenerator[Completion, None]:
        text = document.text_before_cursor
        if " " not in text.lstrip():
            typed = text.lstrip().lstrip("/").lower()
            for name in OPTIONS:
                if name.startswith(typed):
                    yield Completion(f"/{name} ", start_position=-len(text.lstrip()))
            return
        command, _, rest = text.lstrip().lstrip("/").partition(" ")
        options = OPTIONS.get(command.lower(), ())
        if not options:
            return
        option, value = _option_being_typed(rest, options)
        if option is None:
            return
        word = _WORD.search(value)
        if " " not in value.strip() and word and word.group() and len(options) > 1:
            for name in options:  # an option's name, while its first letters are typed
                if name.startswith(word.group()):
                    yield Completion(f"{name}: ", start_position=-len(word.group()))
        async for completion in self._values(option, value):
            yield completion

    async def _values(self, option: str, value: str) -> AsyncGenerator[Completion, None]:
        start = -len(value)
        if option in TITLE_OPTIONS and value.strip():
            for answer in await self.service.title_options(value, COMPLETIONS):
                yield Completion(answer.drama.label, start, display=title_label(answer))
        elif option in PERSON_OPTIONS and value.strip():
            for match in await self.service.person_options(value, COMPLETIONS):
                yield Completion(match.name, start)
        elif option == "length":
            for length in LENGTHS:
                if length.startswith(value.strip().lower()):
                    yield Completion(length, start)


def _option_being_typed(rest: str, options: tuple[str, ...]) -> tuple[str | None, str]:
    """The option whose value the cursor is in, and that value as typed so far."""
    found = _LAST_OPTION.search(rest)
    if found and found[1] in options:
        return found[1], found[2]
    if found:  # an unknown `name:`
        return None, ""
    return options[0], rest.lstrip()


async def prompt_loop(console: Console, history: History | None = None) -> None:
    """Read and run lines until `quit` or Ctrl-D; Ctrl-C clears the line being typed."""
    session: PromptSession[str] = PromptSession(
        history=history or _history(),
        completer=ConsoleCompleter(console.service),
        complete_while_typing=False,
    )
    while True:
        try:
            line = await session.prompt_async("> ")
        except KeyboardInterrupt:
            continue
        except EOFError:
            return
        if is_quit(line):
            return
        await console.handle(line)


def _history() -> History:
    """The history file in the user's state folder; in memory when it cannot be written."""
    try:
        return FileHistory(str(history_path()))
    except OSError:
        return InMemoryHistory()
