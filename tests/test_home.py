"""Where the database lives: one in the user's data folder for every working folder,
`$DRAMABOT_DB` and `--db` (before or after the subcommand) when given, an old
`./dramabot.sqlite3` still used with a note on moving it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dramabot.cli import main
from tests.conftest import FIXTURE_POSTS

POST = FIXTURE_POSTS / "move-to-heaven-2021.txt"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def text_of_review(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code, out, _ = run(capsys, *args, "review", "move to heaven", "--json")
    assert code == 0
    return str(json.loads(out)["text"])


def test_the_default_database_is_in_the_users_data_folder_for_every_folder(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    user_folders: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    home_db = user_folders / "data" / "dramabot" / "dramabot.sqlite3"
    monkeypatch.chdir(first)
    code, _, err = run(capsys, "import", str(POST))
    assert code == 0
    assert home_db.is_file()
    assert f"database: {home_db} (created now)" in err
    assert not (first / "dramabot.sqlite3").exists()
    monkeypatch.chdir(second)  # another folder: the same database, the post is there
    assert "Noona says" in text_of_review(capsys)
    code, _, err = run(capsys, "review", "move to heaven")
    assert "created" not in err and not (second / "dramabot.sqlite3").exists()


def test_dramabot_db_wins_over_the_data_folder(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    user_folders: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    chosen = tmp_path / "chosen.sqlite3"
    monkeypatch.setenv("DRAMABOT_DB", str(chosen))
    assert run(capsys, "import", str(POST))[0] == 0
    assert chosen.is_file() and not (user_folders / "data" / "dramabot").exists()


def test_an_old_database_in_the_working_folder_is_used_with_a_note_on_moving_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "--db", "dramabot.sqlite3", "import", str(POST))[0] == 0  # an old one
    assert "Noona says" in text_of_review(capsys)  # found without --db
    code, _, err = run(capsys, "review", "move to heaven")
    note = [line for line in err.splitlines() if "note:" in line]
    assert code == 0 and len(note) == 1
    assert "using ./dramabot.sqlite3 from this folder" in note[0]
    assert "mv dramabot.sqlite3" in note[0] and "dramabot/dramabot.sqlite3" in note[0]


def test_db_works_before_or_after_the_subcommand(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    before, after = tmp_path / "before.sqlite3", tmp_path / "after.sqlite3"
    assert run(capsys, "import", "--db", str(after), str(POST))[0] == 0
    assert run(capsys, "--db", str(before), "import", str(POST))[0] == 0
    assert "Noona says" in text_of_review(capsys, "--db", str(after))
    # `--db` before the subcommand is not reset by the subcommand's own default
    code, out, _ = run(capsys, "--db", str(before), "review", "move to heaven", "--json")
    assert code == 0 and "Noona says" in json.loads(out)["text"]
    code, out, _ = run(capsys, "review", "move to heaven", "--json", "--db", str(before))
    assert code == 0 and json.loads(out)["reviewed"]
