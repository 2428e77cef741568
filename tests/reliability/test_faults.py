"""Faults around the data answer in one line: damaged, foreign, read-only or full databases, a
parser surprise, a huge post. The file is never changed by a refusal, nothing is lost, and the
bot keeps answering."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import dramabot.importers.post_reading
from dramabot.cli import main
from dramabot.domain.posts import parse_post
from dramabot.importers import SourceFile
from dramabot.service import DramaService
from tests.support.posts import expected_posts, write_posts

#: A disk the first 200 posts (one transaction) fit on, but not all 400 (3.6 MB).
DISK = "4m"
COMMANDS = [
    ["review", "reply 1988"],
    ["recommend", "--short"],
    ["actor", "han so hee"],
    ["match", "title", "reply"],
    ["import", "POST"],
]
POST = (
    "01 July 2020\n\nK Drama Review: Fault Line (2020) 4 || 4.5\n\nKim Go Eun as Ji Eun Tak\n\n"
    "Words.\n\nOppa says...4.\n\nNoona says...4.5.\n"
)


def run(capsys: pytest.CaptureFixture[str], db: Path, args: list[str]) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def fingerprint(path: Path) -> str | None:
    """The bytes of a file and of its WAL beside it (None for no file)."""
    if not path.is_file():
        return None
    digest = hashlib.sha256(path.read_bytes())
    wal = path.with_name(path.name + "-wal")
    digest.update(wal.read_bytes() if wal.is_file() else b"")
    return digest.hexdigest()


def damaged_files(folder: Path, seeded: Path) -> dict[str, tuple[Path, str]]:
    """Each kind of bad database with the words its message must have."""
    random_bytes = folder / "random.sqlite3"
    random_bytes.write_bytes(os.urandom(8192))
    text = folder / "notes.sqlite3"
    text.write_text("my shopping list\n", encoding="utf-8")
    truncated = folder / "truncated.sqlite3"
    truncated.write_bytes(seeded.read_bytes()[:3000])
    a_folder = folder / "folder.sqlite3"
    a_folder.mkdir()
    foreign = folder / "foreign.sqlite3"
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        db.execute("INSERT INTO notes (body) VALUES ('mine')")
    return {
        "random bytes": (random_bytes, "not a dramabot database"),
        "a text file": (text, "not a dramabot database"),
        "a truncated database": (truncated, "damaged"),
        "a folder": (a_folder, "is a folder"),
        "in a missing folder": (folder / "missing" / "x.sqlite3", "does not exist"),
        "another application's file": (foreign, "another application's tables"),
    }


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seeded") / "seeded.sqlite3"
    assert main(["--db", str(path), "review", "reply 1988"]) == 0
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.mark.parametrize(
    "kind",
    ["random bytes", "a text file", "a truncated database", "a folder", "in a missing folder",
     "another application's file"],
)  # fmt: skip
def test_a_bad_database_gives_one_line_naming_it_and_is_left_as_it_was(
    kind: str, tmp_path: Path, seeded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    path, words = damaged_files(tmp_path, seeded)[kind]
    post = tmp_path / "post.txt"
    post.write_text(POST, encoding="utf-8")
    before = fingerprint(path)
    for command in COMMANDS:
        args = [str(post) if part == "POST" else part for part in command]
        code, out, err = run(capsys, path, args)
        assert code == 1 and out == "", (kind, command, out)
        lines = err.strip().splitlines()
        assert len(lines) == 1 and str(path) in lines[0] and words in lines[0], (kind, err)
        assert fingerprint(path) == before, f"{kind}: {command} changed the file"
    # The console says the same and stops.
    console = subprocess.run(
        ["python", "-m", "dramabot", "--db", str(path)],
        input="/review reply 1988\n", capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert console.returncode == 1 and "Traceback" not in console.stderr
    assert words in console.stderr and fingerprint(path) == before


@contextlib.contextmanager
def tmpfs(where: Path, size: str) -> Iterator[Path]:
    """A small file system of its own (root only), unmounted afterwards."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small file system needs root")
    where.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)])
    if mounted.returncode:
        pytest.skip("this machine does not allow mounting a tmpfs")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_a_read_only_database_answers_lookups_and_refuses_imports_in_one_line(
    tmp_path: Path, seeded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with tmpfs(tmp_path / "ro", "64m") as folder:
        db = folder / "seeded.sqlite3"
        shutil.copy(seeded, db)
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        before = fingerprint(db)
        code, out, err = run(capsys, db, ["review", "reply 1988"])
        assert code == 0 and "Reply 1988 (2015)" in out and "Traceback" not in err
        post = tmp_path / "post.txt"
        post.write_text(POST, encoding="utf-8")
        code, out, err = run(capsys, db, ["import", str(post)])
        assert code == 1 and "read-only" in err and "Traceback" not in err
        assert fingerprint(db) == before


def test_a_full_disk_ends_the_import_with_its_summary_and_loses_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DRAMABOT_DATA", str(tmp_path / "no-bundled-data"))
    (tmp_path / "no-bundled-data").mkdir()
    expected = expected_posts(400)
    padding = "\n\n" + "We kept talking about it long after the last episode. " * 160
    for post in expected:  # about 9 KB each: 3.6 MB of posts, the first batches fit
        object.__setattr__(post, "text", post.text + padding)
    write_posts(tmp_path / "posts", expected)
    with tmpfs(tmp_path / "small", DISK) as folder:
        db = folder / "full.sqlite3"
        code, out, err = run(capsys, db, ["import", str(tmp_path / "posts")])
        assert code == 1 and "Traceback" not in err
        assert out.startswith("import: ") and " failed" in out  # the summary, at the end
        assert "is full; nothing of this was stored" in err
        with sqlite3.connect(db) as check:
            assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            query = "SELECT d.title FROM reviews r JOIN dramas d ON d.id = r.drama_id"
            stored = {title for (title,) in check.execute(query)}
            scores = dict(check.execute("SELECT review_id, count(*) FROM scores GROUP BY 1"))
        assert 0 < len(stored) < len(expected)  # some stored, whole (two scores each)
        assert set(scores.values()) == {2}
        code, out, err = run(capsys, db, ["match", "title", next(iter(stored))])
        assert code == 0 and "Traceback" not in err


async def test_one_surprise_fails_one_file_and_the_others_land(
    empty_service: DramaService,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    real = dramabot.importers.post_reading.parse_post

    def surprising(text: str, *args: object) -> object:
        if "Cursed" in text:
            raise ZeroDivisionError("a bug nobody foresaw")
        return real(text, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(dramabot.importers.post_reading, "parse_post", surprising)
    files = []
    for title in ("Fine One", "Cursed", "Fine Two"):
        path = tmp_path / f"{title}.txt"
        path.write_text(POST.replace("Fault Line", title), encoding="utf-8")
        files.append(path)
    with caplog.at_level(logging.ERROR):
        report = await empty_service.import_paths(files)
    statuses = {Path(o.name).stem: (o.status, o.detail) for o in report.outcomes}
    assert statuses["Fine One"][0] == statuses["Fine Two"][0] == "added"
    status, detail = statuses["Cursed"]
    assert status == "failed" and detail.startswith("unexpected error ")
    error_id = detail.split()[2].rstrip(";")
    assert any(error_id in r.getMessage() and r.exc_info for r in caplog.records)


async def test_a_huge_post_is_parsed_off_the_event_loop(service: DramaService) -> None:
    """Parsing a 1 MB post of hostile prose takes the best part of a second; the bot's loop
    must keep answering meanwhile, never held more than 50 ms."""
    prose = "Seo Dal Mi (Bae Suzy) as (Kim Go Eun of A, B, and C) an episode or two. " * 14_000
    huge = f"01 July 2020\n\nK Drama Review: Huge (2020) 4 || 4\n\n{prose}\n".encode()
    assert 900_000 < len(huge) <= 1 << 20
    started = time.perf_counter()
    parse_post(huge.decode())
    assert time.perf_counter() - started > 0.2  # on the loop, it would hold every command
    gaps: list[float] = []
    done = asyncio.Event()

    async def ticker() -> None:
        last = time.perf_counter()
        while not done.is_set():
            await asyncio.sleep(0.005)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    ticking = asyncio.create_task(ticker())
    importing = asyncio.create_task(service.import_sources([SourceFile("huge.txt", huge)]))
    answers = 0
    while not importing.done():
        assert (await service.review("reply 1988")).review is not None
        answers += 1
        await asyncio.sleep(0.01)
    report = await importing
    done.set()
    await ticking
    assert report.outcomes[0].status == "added"
    assert answers >= 1 and max(gaps) < 0.050, f"the loop was held {max(gaps) * 1000:.0f} ms"


def test_a_damaged_page_fails_the_import_in_one_line_and_lookups_do_not_trace(
    tmp_path: Path, seeded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "damaged.sqlite3"
    shutil.copy(seeded, db)
    data = bytearray(db.read_bytes())
    page = 4096
    middle = (len(data) // page // 2) * page
    data[middle : middle + page] = os.urandom(page)  # one 4 KiB page of noise
    db.write_bytes(bytes(data))
    post = tmp_path / "post.txt"
    post.write_text(POST, encoding="utf-8")
    code, out, err = run(capsys, db, ["import", str(post)])
    assert code == 1 and "Traceback" not in err
    assert "damaged" in err and str(db) in err
    for command in COMMANDS[:4]:
        code, out, err = run(capsys, db, command)
        assert "Traceback" not in err, command
        assert code == 0 or (code == 1 and len(err.strip().splitlines()) == 1), (command, err)
