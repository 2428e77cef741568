"""The `dramabot` command as a user runs it: exit codes, text, JSON, the piped console."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dramabot.cli import main
from dramabot.console import parse_options
from tests.conftest import FIXTURE_POSTS


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A database with the bundled data and the fixture posts (full texts to page through)."""
    path = tmp_path / "cli.sqlite3"
    assert main(["--db", str(path), "import", str(FIXTURE_POSTS)]) == 0
    capsys.readouterr()
    return path


def test_first_run_imports_the_blogs_review_facts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(capsys, tmp_path / "new.sqlite3", "review", "nevertheles", "--json")
    assert code == 0
    answer = json.loads(out)
    assert (answer["title"], answer["year"], answer["kind"]) == ("Nevertheless,", 2021, "series")
    assert answer["scores"] == {"Oppa": 4.6, "Noona": 4.5}
    assert answer["url"] == (
        "https://www.oppanoona.kr/2021/08/k-drama-review-nevertheless-2021-46-45.html"
    )
    assert {"name": "Song Kang", "role": "Park Jae Eon", "billing": "lead"} in answer["cast"]
    assert answer["text"] == ""


def test_review_text_shows_scores_cast_and_length(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    code, out, _ = run(capsys, db, "review", "hometown chachacha")
    assert code == 0
    assert "Hometown Cha-Cha-Cha (2021)" in out
    assert "Oppa ★★★★½ 4.4" in out and "Noona ★★★★½ 4.7" in out
    assert "16 episodes × 80 min" in out and "Kim Seon Ho as Hong Doo Shik" in out
    code, full, _ = run(capsys, db, "review", "hometown chachacha", "--full")
    assert "Noona says" in full and len(full) > len(out) + 3000


def test_unknown_title_exits_non_zero_with_suggestions(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    code, out, err = run(capsys, db, "review", "Hospitel Playlst")
    assert code == 0 and "Hospital Playlist" in out  # a typo still finds it
    code, out, err = run(capsys, db, "review", "Reply 19888 the movie edition")
    assert code == 1 and out == ""
    assert "No drama matches 'Reply 19888 the movie edition'; did you mean Reply 1988" in err


def test_recommend_by_actor_and_length(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    code, out, _ = run(capsys, db, "recommend", "--actor", "park hyungsik", "--json")
    assert code == 0
    picks = json.loads(out)
    assert [p["title"] for p in picks[:2]] == ["Soundtrack #1", "Strong Girl Bong Soon"]
    assert picks[1]["reason"].startswith("Park Hyung Sik as Ahn Min Hyuk; 16 episodes × 70 min")
    lone = next(p for p in picks if p["title"] == "High Society")  # one score, nobody named
    assert lone["scores"] == {"blog": 3.5} and lone["reason"].endswith("The blog 3.5")
    code, out, _ = run(capsys, db, "recommend", "--short", "--json")
    picks = json.loads(out)
    assert picks and all(p["episodes"] <= 8 for p in picks)
    assert [p["title"] for p in picks[:3]] == ["Soundtrack #1", "Love Alarm", "My Name"]
    code, out, _ = run(capsys, db, "recommend", "--max-hours", "10", "--min-score", "4.9", "--json")
    assert [p["title"] for p in json.loads(out)] == ["Move to Heaven"]


def test_recommend_with_nothing_to_go_on_says_how_to_start(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    code, _, err = run(capsys, db, "recommend")
    assert code == 1 and "I don't know your taste yet" in err and "/favourite add" in err


def test_actor_lists_roles_with_reviewed_titles_marked(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    code, out, _ = run(capsys, db, "actor", "han sohee", "--json")
    profile = json.loads(out)
    assert code == 0 and profile["name"] == "Han So Hee"
    roles = {c["title"]: c for c in profile["credits"]}
    assert roles["My Name"]["scores"] == {"Oppa": 4.2, "Noona": 3.9}


def test_import_reports_failures_with_exit_1(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("no headline here", encoding="utf-8")
    code, out, err = run(capsys, db, "import", str(bad))
    assert code == 1
    assert "import: 0 added, 0 updated, 0 unchanged, 1 failed" in out
    assert "bad.txt: failed: no headline" in err


def test_match_prints_json_lines(
    capsys: pytest.CaptureFixture[str], db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("park bo gum\nhan so-hee\n"))
    code, out, _ = run(capsys, db, "match", "person")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [line["query"] for line in lines] == ["park bo gum", "han so-hee"]
    assert lines[0]["matches"][0]["name"] == "Park Bo Gum"
    assert lines[1]["matches"][0]["name"] == "Han So Hee" and len(lines[1]["matches"]) <= 5


def test_console_reads_slash_commands(
    capsys: pytest.CaptureFixture[str], db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    commands = (
        "/review title:move to heaven\nnext\n"
        "/recommend actor:park bo young length:any\n/actor zzzz qqqq\nquit\n"
    )
    monkeypatch.setattr(sys, "stdin", io.StringIO(commands))
    code, out, _ = run(capsys, db)
    assert code == 1  # one command failed
    assert "Move to Heaven (2021)" in out and "the full review" in out
    assert "Recommended for Park Bo Young" in out
    assert "No actor matches 'zzzz qqqq'" in out


def test_parse_options() -> None:
    assert parse_options("soundtrack 1", ("title",)) == {"title": "soundtrack 1"}
    assert parse_options("actor:park hyung sik length:short", ("actor", "length")) == {
        "actor": "park hyung sik",
        "length": "short",
    }
    assert parse_options("title:re: zero", ("title",)) == {"title": "re: zero"}


def test_recommend_like_a_drama(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    code, out, _ = run(capsys, db, "recommend", "--like", "reply 1988", "--json", "--limit", "50")
    picks = {p["title"]: p for p in json.loads(out)}
    assert code == 0 and "Reply 1988" not in picks
    assert (
        "also with" in picks["Reply 1994"]["reason"]
        and "Sung Dong Il" in picks["Reply 1994"]["reason"]
    )
    ranks = [p["score"] is None for p in json.loads(out)]
    assert ranks == sorted(ranks), "reviewed titles come first"


def test_commands_json_is_the_sync_payload_without_a_token(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    code = main(["commands", "--json"])
    payload = json.loads(capsys.readouterr().out)
    assert code == 0
    assert {c["name"] for c in payload} == {
        "review",
        "recommend",
        "actor",
        "help",
        "import",
        "settings",
        *("favourite", "follow", "seen", "want", "rate", "watchlist", "taste", "me"),
    }
    review = next(c for c in payload if c["name"] == "review")
    assert review["options"][0] == {
        "type": 3, "name": "title", "description": review["options"][0]["description"],
        "required": True, "autocomplete": True, "min_length": 1, "max_length": 200,
    }  # fmt: skip


def test_run_without_a_token_explains_and_exits_1(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)  # no .env here
    code, out, err = run(capsys, db, "run")
    assert code == 1 and "Set DISCORD_TOKEN" in err and "dramabot" in err


def test_the_token_comes_from_a_dotenv_file_and_is_never_printed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dramabot.launcher import discord_token

    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("DISCORD_TOKEN=fake.token.value\n", encoding="utf-8")
    try:
        assert discord_token() == "fake.token.value"
    finally:
        os.environ.pop("DISCORD_TOKEN", None)  # load_dotenv set it for the whole process
    captured = capsys.readouterr()
    assert "fake.token" not in captured.out + captured.err


def test_a_closed_pipe_ends_quietly(db: Path) -> None:
    shell = (
        f"{sys.executable} -m dramabot --db {db} recommend --max-episodes 1000 --limit 50 --json"
        " | head -1"
    )
    done = subprocess.run(shell, shell=True, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "[" and done.stderr == ""


def test_run_without_a_network_is_one_line(
    capsys: pytest.CaptureFixture[str], db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "a.token.value")  # Discord is a closed local port here
    code, out, err = run(capsys, db, "run")
    assert code == 1 and "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("dramabot: cannot reach Discord")
    assert "a.token.value" not in out + err


@pytest.mark.parametrize(
    ("flags", "words"),
    [
        (["--shards", "0-1"], "--shards and --shard-count together"),
        (["--shard-count", "2"], "--shards and --shard-count together"),
        (["--shards", "2", "--shard-count", "2"], "Shard ids go from 0 to 1"),
    ],
)
def test_bad_shard_flags_give_one_line_before_anything_is_opened(
    flags: list[str], words: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "untouched.sqlite3"
    code = main(["--db", str(db), "run", *flags])
    out, err = capsys.readouterr()
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1 and words in err
    assert not db.exists(), "the database was created for a command that could not run"
