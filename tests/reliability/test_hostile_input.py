"""Hostile input through every command, in the CLI and on Discord: each gets a clear answer,
nothing crashes, nothing pings, and reading never changes the database file.

One corpus, `HOSTILE`, goes through every text option of every command and autocomplete. The
real CLI, console, cogs, command tree and store run; only Discord's network edge is doubled
(`tests.support.doubles`). One seeded database and one bot serve the whole module: every read,
and every import that fails, is checked to leave the file byte for byte as it was (sha256 of
the file and of its write-ahead log, if any); imports that succeed work on a copy.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import itertools
import json
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import discord
import pytest
import pytest_asyncio
from discord import app_commands

from dramabot.cli import main
from dramabot.client import DramaBot
from dramabot.console import Console
from dramabot.service import DramaService
from dramabot.ui import limits
from dramabot.ui.views import PageButton
from tests.support.doubles import (
    FakeAttachment,
    FakeChannel,
    FakeInteraction,
    FakeUser,
    complete,
    invoke,
)

#: Characters that must never reach a reply or a terminal as they are: they hide or reverse text.
INVISIBLE = ("\u200b", "\ufeff", "\u202e", "\x00", "\x1b")
ADMIN = discord.Permissions(manage_guild=True)
NOTHING_ASKED = "I don't know your taste yet"


@dataclass(frozen=True)
class Hostile:
    """One hostile input. `title` / `person`: what it legitimately names (the answer expected);
    `blank`: nothing is left once invisible characters and whitespace go."""

    id: str
    text: str
    title: str | None = None
    person: str | None = None
    blank: bool = False


HOSTILE = [
    Hostile("empty", "", blank=True),
    Hostile("whitespace", " \t\u00a0\u3000 ", blank=True),
    Hostile("10k-chars", "x" * 10_000),
    Hostile("10k-emoji-hangul", "🎬사" * 5_000),
    Hostile("zero-width-space", "\u200b", blank=True),
    Hostile("byte-order-mark", "\ufeff", blank=True),
    Hostile("rtl-override", "\u202e", blank=True),
    Hostile("invisible-mix", "\u200b\ufeff\u202e\u200b", blank=True),
    Hostile("nul", "\x00", blank=True),
    Hostile("ansi-escape", "\x1b[2J\x1b[31m"),
    Hostile("emoji", "🎬🍿💕"),
    Hostile("hangul-title-alias", "사운드트랙 #1", title="Soundtrack #1"),
    Hostile("hangul-name", "박형식"),
    Hostile("at-everyone", "@everyone"),
    Hostile("at-here", "@here"),
    Hostile("role-mention", "<@&123>"),
    Hostile("user-mention", "<@123>"),
    Hostile("sql-drop-table", "'; DROP TABLE dramas; --"),
    Hostile("sql-percent", "%"),
    Hostile("sql-underscore", "_"),
    Hostile("sql-wildcards", "%_%"),
    Hostile("title-with-zero-width", "Sound\u200btrack #1", title="Soundtrack #1"),
    Hostile("title-with-nul", "Soundtrack #1\x00", title="Soundtrack #1"),
    Hostile("title-after-rtl-override", "\u202eReply 1988", title="Reply 1988"),
    Hostile("name-with-invisibles", "Park\u200b Hyung\ufeff Sik", person="Park Hyung Sik"),
]
CASES = [pytest.param(case, id=case.id) for case in HOSTILE]
_users = itertools.count(10**9)  # a fresh member per invocation: no cooldown carries over
#: Read-only Discord tests share one bot over the seeded database, on the module's event loop.
READS = pytest.mark.asyncio(loop_scope="module")


# ---- the shared database


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled data imported once for the module, then opened once more (the first open
    may write the name snapshot): from here on only a write may change the file."""
    path = tmp_path_factory.mktemp("hostile") / "dramabot.sqlite3"

    async def open_twice() -> None:
        for _ in range(2):
            service = await DramaService.open(path)
            await service.close()

    asyncio.run(open_twice())
    return path


@pytest.fixture
def db_copy(seeded_db: Path, tmp_path: Path) -> Path:
    """A private copy of the seeded database and its name snapshot, for commands that write. Its
    log is empty: nothing is ever written to the seeded database."""
    for suffix in ("", ".names"):
        shutil.copy(f"{seeded_db}{suffix}", tmp_path / f"{seeded_db.name}{suffix}")
    return tmp_path / seeded_db.name


def digest(db: Path) -> dict[str, str]:
    """sha256 of the database file and of its write-ahead log when it holds anything (an empty
    log comes and goes as connections open and close)."""
    files = (db, db.with_name(db.name + "-wal"))
    return {
        f.name: hashlib.sha256(f.read_bytes()).hexdigest()
        for f in files
        if f.exists() and (f == db or f.stat().st_size)
    }


@contextmanager
def unchanged(db: Path) -> Iterator[None]:
    """Fail when what runs inside changes the database file."""
    before = digest(db)
    yield
    assert digest(db) == before, "a read-only command changed the database file"


@asynccontextmanager
async def running_bot(db: Path) -> AsyncIterator[DramaBot]:
    """A real bot with every cog loaded over `db`; no login, no network."""
    service = await DramaService.open(db)
    bot = DramaBot(service)
    try:
        await bot.load_cogs()
        bot.add_dynamic_items(PageButton)
        yield bot
    finally:
        await bot.close()
        await service.close()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def reader(seeded_db: Path) -> AsyncIterator[DramaBot]:
    """One bot for every read-only Discord test; each checks the file is unchanged."""
    async with running_bot(seeded_db) as bot:
        yield bot


# ---- what every answer must be


def asker(bot: DramaBot, **options: Any) -> FakeInteraction:
    return FakeInteraction(bot, user=FakeUser(next(_users)), **options)


def assert_no_ping(interaction: FakeInteraction) -> None:
    """Every message the bot sent turns mentions off, so quoted `@everyone` stays text."""
    for sent in interaction.sent:
        if sent.kind == "defer":
            continue
        assert sent.allowed_mentions is not None, f"{sent.kind} sent without allowed_mentions"
        assert sent.allowed_mentions.to_dict() == discord.AllowedMentions.none().to_dict()


def assert_clear(text: str) -> None:
    """A short message with no invisible or control characters in it."""
    assert text.strip(), "an empty answer"
    assert len(text) <= 300, f"a {len(text)}-character error message"
    assert not any(c in text for c in INVISIBLE), f"invisible characters in {text!r}"
    assert "went wrong on my side" not in text, text


def only_to_the_asker(interaction: FakeInteraction) -> bool:
    """Whether Discord shows the reply to the asker only. The first followup after a defer
    replaces the "thinking" message and keeps the defer's visibility, whatever it asks for."""
    defers = [sent for sent in interaction.sent if sent.kind == "defer"]
    if defers and interaction.reply.kind == "followup":
        return defers[0].ephemeral
    return interaction.reply.ephemeral


def answer_of(interaction: FakeInteraction) -> tuple[str | None, str | None]:
    """(embed title, None) for an answer, (None, message) for a refusal; either way no ping,
    and a refusal is an ephemeral, clear message."""
    reply = interaction.reply
    assert_no_ping(interaction)
    if reply.embed is not None:
        assert reply.embed.title
        return reply.embed.title, None
    assert only_to_the_asker(interaction), f"an error shown to everyone: {reply.content!r}"
    assert reply.content is not None
    assert_clear(reply.content)
    return None, reply.content


# ---- Discord: slash commands


@READS
@pytest.mark.parametrize("case", CASES)
async def test_slash_review_answers_or_refuses_clearly(
    case: Hostile, reader: DramaBot, seeded_db: Path
) -> None:
    bot = reader
    with unchanged(seeded_db):
        title, error = answer_of(await invoke(bot, "review", asker(bot), title=case.text))
    if case.title:
        assert title and title.startswith(f"{case.title} ("), title
    else:
        assert error is not None and "drama" in error, error


@READS
@pytest.mark.parametrize("case", CASES)
async def test_slash_actor_answers_or_refuses_clearly(
    case: Hostile, reader: DramaBot, seeded_db: Path
) -> None:
    bot = reader
    with unchanged(seeded_db):
        title, error = answer_of(await invoke(bot, "actor", asker(bot), name=case.text))
    if case.person:
        assert title == case.person
    else:
        assert error is not None and "actor" in error, error


@READS
@pytest.mark.parametrize("case", CASES)
async def test_slash_recommend_text_options(
    case: Hostile, reader: DramaBot, seeded_db: Path
) -> None:
    bot = reader
    with unchanged(seeded_db):
        by_actor = answer_of(await invoke(bot, "recommend", asker(bot), actor=case.text))
        by_like = answer_of(await invoke(bot, "recommend", asker(bot), like=case.text))
        by_length = answer_of(await invoke(bot, "recommend", asker(bot), length=case.text))
    if case.person:
        assert by_actor[0] == f"Recommended for {case.person}"
    else:
        assert by_actor[1] and ("actor" in by_actor[1] or NOTHING_ASKED in by_actor[1])
    if case.title:
        assert by_like[0] and by_like[0].startswith(f"Recommended for fans of {case.title} (")
    else:
        assert by_like[1] and ("drama" in by_like[1] or NOTHING_ASKED in by_like[1])
    # Discord only offers short / medium / any; anything else is refused, never guessed.
    expected = NOTHING_ASKED if case.text == "" else "length must be one of"
    assert by_length[1] and expected in by_length[1]


# Discord enforces the option ranges; these are their extremes, alone and together.
NUMBERS = [
    {"max_episodes": 1},
    {"max_episodes": 1000},
    {"max_hours": 0.5},
    {"max_hours": 1000.0},
    {"min_score": 0.0},
    {"min_score": 5.0},
    {"length": "short", "max_episodes": 1000, "max_hours": 0.5, "min_score": 5.0},
    {"actor": "id:1", "like": "id:1", "length": "any", "max_episodes": 1, "min_score": 0.0},
]


@READS
@pytest.mark.parametrize(
    "options", NUMBERS, ids=lambda o: ",".join(f"{k}={v}" for k, v in o.items())
)
async def test_slash_recommend_number_extremes(
    options: dict[str, Any], reader: DramaBot, seeded_db: Path
) -> None:
    bot = reader
    with unchanged(seeded_db):
        interaction = await invoke(bot, "recommend", asker(bot), **options)
    title, error = answer_of(interaction)
    # An answer either way: the picks, or a card saying nothing fits.
    assert title is not None, error
    assert title.startswith("Recommended") or title == "No recommendations", title
    view = interaction.reply.view
    for item in view.children if view else []:
        custom_id = getattr(item, "custom_id", None) or ""
        assert len(custom_id) <= limits.CUSTOM_ID


#: What each autocompleted option names: a drama, a person, or a followed feed.
AUTOCOMPLETED = {
    ("review", "title"): "title",
    ("recommend", "like"): "title",
    ("actor", "name"): "person",
    ("recommend", "actor"): "person",
    ("settings unfollow", "url"): "feed",
    ("seen", "title"): "title",
    ("want", "title"): "title",
    ("rate", "title"): "title",
    ("favourite add", "name"): "person",
    ("favourite remove", "name"): "person",
    ("follow add", "title"): "title",
    ("follow remove", "title"): "title",
    ("follow add", "actor"): "person",
    ("follow remove", "actor"): "person",
}


def autocompletes(bot: DramaBot) -> set[tuple[str, str]]:
    """Every (command, option) with an autocomplete callback, found in the command tree."""
    return {
        (command.qualified_name, name)
        for command in bot.tree.walk_commands()
        if isinstance(command, app_commands.Command)
        for name, parameter in command._params.items()
        if parameter.autocomplete is not None
    }


@READS
@pytest.mark.parametrize("case", CASES)
async def test_every_autocomplete_stays_within_discords_limits(
    case: Hostile, reader: DramaBot, seeded_db: Path
) -> None:
    bot = reader
    assert autocompletes(bot) == set(AUTOCOMPLETED), "an autocomplete this test does not know"
    with unchanged(seeded_db):
        for (command, option), kind in AUTOCOMPLETED.items():
            choices = await complete(bot, command, option, case.text, asker(bot))
            assert len(choices) <= limits.CHOICES, (command, option)
            for choice in choices:
                assert 1 <= len(choice.name) <= limits.CHOICE_NAME, choice
                assert len(choice.value) <= limits.CHOICE_VALUE, choice
                assert choice.value.startswith("id:") or kind == "feed", choice
            if kind == "feed":
                continue
            expected = case.title if kind == "title" else case.person
            if expected:
                assert choices and choices[0].name.split(" (")[0] == expected, choices[:3]


async def test_help_and_settings_never_ping(db_copy: Path) -> None:
    async with running_bot(db_copy) as bot:
        shown = await invoke(bot, "help", asker(bot))
        channel = type("Channel", (), {"id": 42, "mention": "<#42>"})()
        chosen = await invoke(
            bot, "settings announce", asker(bot, permissions=ADMIN), channel=channel
        )
        stopped = await invoke(bot, "settings announce", asker(bot, permissions=ADMIN))
    for interaction in (shown, chosen, stopped):
        assert interaction.reply.ephemeral
        assert_no_ping(interaction)
    assert "<#42>" in (chosen.reply.content or "")
    assert "will not be announced" in (stopped.reply.content or "")


# ---- Discord: /import with hostile attachments


_servers = itertools.count(10**6)  # /import has a per-server cooldown: a fresh server each time


async def import_as_admin(bot: DramaBot, name: str, data: bytes) -> tuple[str, str]:
    """Run /import as a Manage Server member; (report title, report text), checked for pings
    and for invisible characters."""
    interaction = asker(bot, guild_id=next(_servers), permissions=ADMIN)
    await invoke(bot, "import", interaction, file=FakeAttachment(name, data))
    assert_no_ping(interaction)
    report = interaction.reply
    assert only_to_the_asker(interaction) and report.embed is not None, report
    text = report.embed.description or ""
    assert not any(c in text for c in INVISIBLE), f"invisible characters in the report: {text!r}"
    return report.embed.title or "", text


FAILED = "Import: 0 added, 0 updated, 0 unchanged, 1 failed"


@READS
@pytest.mark.parametrize("case", CASES)
async def test_import_names_a_hostile_file_name_visibly_and_stores_nothing(
    case: Hostile, reader: DramaBot, seeded_db: Path
) -> None:
    with unchanged(seeded_db):  # a failed import leaves the file byte for byte as it was
        title, text = await import_as_admin(reader, case.text + ".txt", b"no headline here")
    assert title == FAILED
    assert text.startswith("**failed** ") and ".txt: no headline" in text, text[:200]
    assert len(text.split(":")[0]) <= 120, "a long file name hides the reason"


GARBAGE = {
    "empty": b"",
    "nul-bytes": b"\x00" * 64,
    "not-utf8": b"\xff\xfe\x00\xd8 garbage",
    "10k-chars": b"x" * 10_000,
    "mentions": b"@everyone @here <@&123> <@123>\n" * 50,
    "sql": b"'; DROP TABLE dramas; --\n%_%\n",
    "hangul": "사운드트랙 #1\n박형식\n".encode(),
}


@READS
@pytest.mark.parametrize("data", list(GARBAGE.values()), ids=list(GARBAGE))
@pytest.mark.parametrize("name", ["post.txt", "catalogue.json", "korean_drama.csv"])
async def test_import_refuses_garbage_and_stores_nothing(
    name: str, data: bytes, reader: DramaBot, seeded_db: Path
) -> None:
    with unchanged(seeded_db):
        title, text = await import_as_admin(reader, name, data)
    assert title == FAILED and text.startswith(f"**failed** {name}: "), text[:200]


HOSTILE_POST = """3 March 2023

K Drama Review: {title} (2023) 4.6 || 4.4

Kim Go Eun as Ji Eun Tak

It has 6 episodes of 40 minutes.

Oppa says...4.6.
Noona says...4.4.
"""


@pytest.mark.parametrize(
    "title", ["@everyone", "<@&123> and <@123>", "'; DROP TABLE dramas; SELECT '%_%"]
)
async def test_a_post_with_a_hostile_title_is_stored_as_text_and_announced_without_pings(
    title: str, db_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    channel = FakeChannel()
    async with running_bot(db_copy) as bot:
        await bot.service.store.set_announce_channel(555, 42)
        monkeypatch.setattr(bot, "get_channel", lambda i: channel if i == 42 else None)
        before = await bot.service.store.counts()
        post = HOSTILE_POST.format(title=title).encode()
        report, _ = await import_as_admin(bot, "post.txt", post)
        after = await bot.service.store.counts()
        found = await invoke(bot, "review", asker(bot), title=title)
    assert report == "Import: 1 added, 0 updated, 0 unchanged, 0 failed"
    assert after["reviews"] == before["reviews"] + 1 and after["dramas"] == before["dramas"] + 1
    assert found.reply.embed is not None and found.reply.embed.title == f"{title} (2023)"
    assert [post["embed"].title for post in channel.posted] == [f"{title} (2023)"]
    for post in channel.posted:
        assert post["allowed_mentions"].to_dict() == discord.AllowedMentions.none().to_dict()


# ---- the command line, in process


@dataclass
class Run:
    code: int
    out: str
    err: str


def cli(capsys: pytest.CaptureFixture[str], db: Path, *args: str, stdin: str | None = None) -> Run:
    """`dramabot --db DB ARGS...` in this process; an exception fails the test as it is."""
    old_stdin = sys.stdin
    if stdin is not None:
        sys.stdin = io.StringIO(stdin)
    try:
        code = main(["--db", str(db), *args])
    except SystemExit as exit:  # argparse's usage errors
        code = exit.code if isinstance(exit.code, int) else 2
    finally:
        sys.stdin = old_stdin
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def assert_cli_refused(run: Run, *any_of: str) -> None:
    """Status 1, nothing on stdout, one clear `dramabot:` line on stderr naming the problem."""
    assert run.code == 1, run
    assert run.out == "", run.out[:200]
    assert run.err.startswith("dramabot: ") and run.err.count("\n") == 1, run.err[:300]
    assert_clear(run.err)
    assert any(word in run.err for word in any_of), run.err


@pytest.mark.parametrize("case", CASES)
def test_cli_review(case: Hostile, seeded_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with unchanged(seeded_db):
        text = cli(capsys, seeded_db, "review", case.text)
        data = cli(capsys, seeded_db, "review", case.text, "--json")
    if case.title:
        assert text.code == 0 and text.err == "" and f"{case.title} (" in text.out
        assert data.code == 0 and json.loads(data.out)["title"] == case.title
    else:
        assert_cli_refused(text, "drama")
        assert_cli_refused(data, "drama")
    if case.blank:
        assert text.err == "dramabot: Please type a drama name.\n"


@pytest.mark.parametrize("case", CASES)
def test_cli_actor(case: Hostile, seeded_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with unchanged(seeded_db):
        text = cli(capsys, seeded_db, "actor", case.text)
        data = cli(capsys, seeded_db, "actor", case.text, "--json")
    if case.person:
        assert text.code == 0 and text.out.startswith(case.person)
        assert data.code == 0 and json.loads(data.out)["name"] == case.person
    else:
        assert_cli_refused(text, "actor")
        assert_cli_refused(data, "actor")
    if case.blank:
        assert text.err == "dramabot: Please type an actor name.\n"


@pytest.mark.parametrize("case", CASES)
def test_cli_recommend_actor_and_like(
    case: Hostile, seeded_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with unchanged(seeded_db):
        by_actor = cli(capsys, seeded_db, "recommend", "--actor", case.text, "--json")
        by_like = cli(capsys, seeded_db, "recommend", "--like", case.text, "--short")
    if case.person:
        assert by_actor.code == 0 and json.loads(by_actor.out)
    else:
        assert_cli_refused(by_actor, "actor", NOTHING_ASKED)
    if case.title:
        assert by_like.code == 0 and f"Recommended for fans of {case.title} (" in by_like.out
    elif case.text == "":
        assert by_like.code == 0 and "short series" in by_like.out  # --short alone still counts
    else:
        assert_cli_refused(by_like, "drama")


# What a user might type for a number; each is refused naming the option (but 0, a fine minimum
# score).
BAD_NUMBERS = ["nan", "inf", "-inf", "1e308", "0", "-1", "10" * 20, "", " ", "abc", "\x00", "½"]
NUMBER_OPTIONS = ["--max-episodes", "--max-hours", "--min-score", "--limit"]


@pytest.mark.parametrize("value", BAD_NUMBERS, ids=repr)
@pytest.mark.parametrize("option", NUMBER_OPTIONS)
def test_cli_recommend_refuses_bad_numbers(
    option: str, value: str, seeded_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with unchanged(seeded_db):
        run = cli(capsys, seeded_db, "recommend", "--actor", "park bo gum", f"{option}={value}")
    named = option.strip("-").replace("-", " ")
    if option == "--min-score" and value == "0":
        assert run.code == 0 and "Recommended for Park Bo Gum" in run.out
        return
    assert run.code in (1, 2) and run.out == "", run
    assert "Traceback" not in run.err and not any(c in run.err for c in INVISIBLE)
    assert named in run.err.replace("-", " "), run.err


@pytest.mark.parametrize("case", CASES)
def test_cli_match_prints_one_json_line_and_fails_when_nothing_matches(
    case: Hostile, seeded_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for kind, expected in (("title", case.title), ("person", case.person)):
        with unchanged(seeded_db):
            run = cli(capsys, seeded_db, "match", kind, case.text)
        [line] = run.out.splitlines()
        answer = json.loads(line)
        assert answer["query"] == case.text
        assert len(answer["matches"]) <= 5
        if expected:
            assert answer["matches"][0]["name"] == expected
        if answer["matches"]:
            assert run.code == 0 and run.err == ""
        else:
            assert run.code == 1 and run.err.startswith(f"dramabot: no {kind} matches '")
            assert_clear(run.err)


def test_cli_match_reads_every_hostile_query_from_stdin(
    seeded_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    queries = "\n".join(case.text for case in HOSTILE) + "\n"
    for kind in ("title", "person"):
        with unchanged(seeded_db):
            run = cli(capsys, seeded_db, "match", kind, stdin=queries)
        answers = [json.loads(line) for line in run.out.splitlines()]
        assert [a["query"] for a in answers] == [case.text for case in HOSTILE]
        assert run.code == 1  # some of them match nothing
        assert run.err.count("\n") == sum(not a["matches"] for a in answers)


@pytest.mark.parametrize("case", CASES)
def test_cli_import_of_a_hostile_path_stores_nothing(
    case: Hostile,
    seeded_db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)  # relative names resolve in an empty folder
    with unchanged(seeded_db):
        run = cli(capsys, seeded_db, "import", case.text)
    assert run.code == 1 and "Traceback" not in run.err
    assert not any(c in run.err for c in INVISIBLE), run.err[:300]
    if run.out:
        assert run.out == "import: 0 added, 0 updated, 0 unchanged, 1 failed\n"
        assert run.err.startswith("[1/1] ") and run.err.endswith(
            (": failed: no such file or folder\n", ": failed: cannot open it: File name too long\n")
        )
    else:
        assert_cli_refused(run, "nothing was imported")


# ---- the console


@READS
@pytest.mark.parametrize("case", CASES)
async def test_console_lines_answer_or_refuse_clearly(
    case: Hostile,
    reader: DramaBot,
    seeded_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each console line on its own, as the console runs it: accepted or refused, and the
    answer or the one-line message it must show."""
    monkeypatch.chdir(tmp_path)
    text = case.text
    expected: dict[str, tuple[bool, str]] = {
        f"/review {text}": (True, f"{case.title} (") if case.title else (False, "drama"),
        f"review {text}": (True, f"{case.title} (") if case.title else (False, "drama"),
        f"/actor {text}": (True, case.person) if case.person else (False, "actor"),
        f"/recommend actor:{text}": (True, f"Recommended for {case.person}")
        if case.person
        else (False, NOTHING_ASKED if case.blank else "actor"),
        f"/recommend like:{text}": (True, f"Recommended for fans of {case.title} (")
        if case.title
        else (False, NOTHING_ASKED if case.blank else "drama"),
        f"/recommend length:{text}": (False, NOTHING_ASKED if case.blank else "length must be"),
        f"/recommend max_hours:{text}": (
            False,
            NOTHING_ASKED if case.blank else "max_hours must be a number",
        ),
        text: (True, "") if case.blank else (False, "Unknown command '"),
    }
    with unchanged(seeded_db):
        for line, (accepted, shown) in expected.items():
            out = io.StringIO()
            ok = await Console(reader.service, out).handle(line)
            assert (ok, shown in out.getvalue()) == (accepted, True), (line, out.getvalue())
            if not ok:
                assert out.getvalue().count("\n") == 1
                assert_clear(out.getvalue())
        out = io.StringIO()
        await Console(reader.service, out).handle(f"/import {text}")
    reply = out.getvalue()
    if case.blank:
        assert reply == "Give one or more files or folders to import.\n"
    else:  # every word a missing file, or a name the file system refuses
        assert reply.endswith("failed\n") or reply.endswith("nothing was imported.\n"), reply
        assert "0 added, 0 updated, 0 unchanged" in reply or "Cannot open" in reply, reply
    assert not any(c in reply for c in INVISIBLE)


def test_the_piped_console_survives_the_whole_corpus(
    seeded_db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    lines = [
        line
        for case in HOSTILE
        for line in (f"/review {case.text}", f"actor {case.text}", f"/recommend like:{case.text}")
    ]
    with unchanged(seeded_db):
        run = cli(capsys, seeded_db, stdin="\n".join([*lines, "/review reply 1988", "quit"]) + "\n")
    assert run.code == 1 and run.err == ""  # some lines failed; each said so on stdout
    assert "No drama matches 'x" in run.out and "Reply 1988 (2015)" in run.out
    assert not any(c in run.out for c in INVISIBLE)


# ---- the command line as a user runs it: a real process


#: (arguments, standard input, exit status, a phrase the answer must hold). NUL cannot be an
#: argument of a real process: it only arrives on standard input.
PROCESSES: dict[str, tuple[list[str], str, int, str]] = {
    "review-sql": (["review", "'; DROP TABLE dramas; --"], "", 1, "No drama matches"),
    "actor-10k": (["actor", "x" * 10_000], "", 1, "No actor matches 'xxx"),
    "import-10k-name": (["import", "x" * 10_000], "", 1, "File name too long"),
    "max-hours-nan": (["recommend", "--short", "--max-hours", "nan"], "", 2, "max hours"),
    "console": (
        [],
        "".join(f"/review {c.text}\n/actor {c.text}\n{c.text}\n" for c in HOSTILE),
        1,
        "Unknown command '@everyone'",
    ),
    "match-stdin": (["match", "person"], "".join(f"{c.text}\n" for c in HOSTILE), 1, "no person"),
}


@pytest.fixture(scope="module")
def processes(seeded_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every `PROCESSES` entry run as `python -m bot.cli --db DB ...`, all at once (start-up is
    the slow part), in an empty folder; with the database digests before and after."""
    folder = tmp_path_factory.mktemp("processes")
    before = digest(seeded_db)

    def run(args: list[str], stdin: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "dramabot", "--db", str(seeded_db), *args],
            input=stdin,
            capture_output=True,
            encoding="utf-8",
            cwd=folder,
            timeout=120,
        )

    with ThreadPoolExecutor(len(PROCESSES)) as pool:
        futures = {
            key: pool.submit(run, args, stdin) for key, (args, stdin, *_) in PROCESSES.items()
        }
        done = {key: future.result() for key, future in futures.items()}
    return {"done": done, "before": before, "after": digest(seeded_db)}


@pytest.mark.parametrize("key", list(PROCESSES))
def test_a_real_process_exits_with_a_status_and_no_traceback(
    key: str, processes: dict[str, Any]
) -> None:
    _, _, status, phrase = PROCESSES[key]
    done: subprocess.CompletedProcess[str] = processes["done"][key]
    assert done.returncode == status, done.stderr[-500:]
    assert "Traceback" not in done.stderr and "Error:" not in done.stderr, done.stderr[-500:]
    assert phrase in done.stderr or phrase in done.stdout, (done.stdout[-300:], done.stderr[-300:])
    assert not any(c in done.stderr for c in INVISIBLE)
    assert processes["after"] == processes["before"], "a read-only run changed the database"
