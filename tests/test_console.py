"""The console as a user meets it: Tab completion through prompt_toolkit's Completer API, its
own /help, the piped mode's exit status, and a real session at a terminal (a pty)."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from dramabot.console_prompt import ConsoleCompleter
from dramabot.service import DramaService
from tests.conftest import REPO

TAB = CompleteEvent(completion_requested=True)
PROMPT_READY = "\x1b[?2004h"


async def complete(service: DramaService, text: str) -> list[tuple[str, str]]:
    """(inserted text, label shown) of every completion for `text` with the cursor at its end."""
    completer = ConsoleCompleter(service)
    found = [c async for c in completer.get_completions_async(Document(text), TAB)]
    return [(c.text, c.display_text) for c in found]


async def test_tab_completes_titles_with_discords_labels(service: DramaService) -> None:
    found = await complete(service, "/review sound")
    assert found[0] == ("Soundtrack #1 (2022)", "Soundtrack #1 (2022) · 4 eps · 4.9 || 4.8")
    assert (await complete(service, "/review title: sound"))[0] == found[0]
    assert (await complete(service, "/recommend like:reply 19"))[0][0] == "Reply 1988 (2015)"
    # what Tab inserts names that drama exactly
    assert (await service.review(found[0][0])).drama.title == "Soundtrack #1"


async def test_tab_completes_commands_options_names_and_lengths(service: DramaService) -> None:
    assert await complete(service, "/rev") == [("/review ", "/review ")]
    assert [text for text, _ in await complete(service, "/")][:3] == [
        "/review ",
        "/recommend ",
        "/actor ",
    ]
    assert ("actor: ", "actor: ") in await complete(service, "/recommend act")
    assert (await complete(service, "/actor park hyungs"))[0][0] == "Park Hyung Sik"
    assert (await complete(service, "/recommend like:x actor:han so"))[0][0] == "Han So Hee"
    assert await complete(service, "/recommend actor:iu length: me") == [("medium", "medium")]
    assert await complete(service, "/help ") == []


def console(db: Path, lines: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dramabot", "--db", str(db)],
        input=lines, capture_output=True, text=True, timeout=120, cwd=REPO,
    )  # fmt: skip


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("console") / "console.sqlite3"
    assert console(path, "quit\n").returncode == 0  # created and seeded once
    return path


def test_piped_lines_are_read_and_a_failed_line_makes_the_status_1(db: Path) -> None:
    done = console(db, "/review move to heaven\n/actor han so hee\n")
    assert done.returncode == 0 and "Move to Heaven (2021)" in done.stdout
    assert "Han So Hee" in done.stdout and done.stderr == ""
    done = console(db, "/review zzzz qqqq\n/review move to heaven\n")
    assert done.returncode == 1 and "No drama matches 'zzzz qqqq'" in done.stdout


def test_help_lists_only_what_the_console_runs(db: Path) -> None:
    out = console(db, "/help\n").stdout
    for command in ("/review", "/recommend", "/actor", "/import", "next", "quit"):
        assert command in out
    assert "/settings" not in out and "file:" not in out
    assert "::" not in out and "`" not in out


class Terminal:
    """`dramabot` at a terminal (a pseudo-terminal): what it writes, and keys to press."""

    def __init__(self, db: Path) -> None:
        import pty

        self.master, slave = pty.openpty()
        env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "dramabot", "--db", str(db)],
            stdin=slave, stdout=slave, stderr=slave, env=env, cwd=REPO,
        )  # fmt: skip
        os.close(slave)
        self.seen = ""

    def read_until(self, wanted: str, count: int = 1, timeout: float = 30.0) -> str:
        end = time.monotonic() + timeout
        while self.seen.count(wanted) < count and time.monotonic() < end:
            ready, _, _ = select.select([self.master], [], [], 0.1)
            if ready:
                try:
                    self.seen += os.read(self.master, 65536).decode("utf-8", "replace")
                except OSError:
                    break
        assert self.seen.count(wanted) >= count, self.seen[-2000:]
        return self.seen

    def prompt(self, number: int) -> None:
        """Wait for the `number`th prompt (prompt_toolkit turns bracketed paste on for each)."""
        self.read_until(PROMPT_READY, number)

    def press(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def close(self) -> int:
        try:
            return self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise AssertionError(self.seen[-3000:]) from None
        finally:
            os.close(self.master)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_a_session_at_a_terminal(tmp_path: Path, user_folders: Path) -> None:
    db = tmp_path / "fresh.sqlite3"
    terminal = Terminal(db)
    first = terminal.read_until("\n").split("\n")[0]
    assert f"database: {db} (created now)" in first
    terminal.prompt(1)
    terminal.press("/review zzzz qqqq\r")  # a failed command
    terminal.read_until("No drama matches")
    terminal.prompt(2)
    terminal.press("/review never typed")
    terminal.press("\x03")  # Ctrl-C: the line is dropped, not run
    terminal.prompt(3)
    terminal.press("/review nevertheles\t\t")  # Tab: the titles; Tab again: the first
    terminal.read_until("Nevertheless, (2021) · 10 eps · 4.6 || 4.5")
    terminal.press("\r")
    terminal.read_until("Oppa ★★★★½ 4.6")
    terminal.prompt(4)
    terminal.press("\x04")  # Ctrl-D: leave
    assert terminal.close() == 0  # the failed command does not make the session fail
    assert "matches 'never typed'" not in terminal.seen and "Traceback" not in terminal.seen
    history = (user_folders / "state" / "dramabot" / "console-history").read_text()
    assert "/review zzzz qqqq" in history and "/review Nevertheless, (2021)" in history


def test_member_commands_piped_one_a_line_remember_the_local_user(tmp_path: Path) -> None:
    db = tmp_path / "members.sqlite3"
    done = console(db, "/favourite add park hyung sik\n/recommend\n/want move to heaven\n")
    assert done.returncode == 0, done.stderr
    assert "Park Hyung Sik is now one of your favourites." in done.stdout
    assert "for you, from your favourites' dramas" in done.stdout
    assert "Park Hyung Sik, one of your favourites, leads it" in done.stdout
    later = console(db, "/watchlist\n/me forget\n/me forget confirm\n/favourite list\n")
    assert "Move to Heaven (2021)" in later.stdout
    assert "Type /me forget confirm to go ahead." in later.stdout
    assert "records deleted" in later.stdout and "None yet" in later.stdout
    assert later.returncode == 1  # the unconfirmed forget was a failed line
