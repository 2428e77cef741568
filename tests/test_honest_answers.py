"""Honest answers, as a fan reads them in the CLI, the console and the cards: a tie asks which
drama (exit status 3), a missing season says so, films are films, sparse cards show only what
is known, excerpts are prose, numbers are rounded and agree with their nouns."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from dramabot.cli import EXIT_AMBIGUOUS, main
from dramabot.domain.catalogue import DramaEntry
from dramabot.service import DramaService
from dramabot.ui import embeds
from dramabot.ui.choices import title_label
from dramabot.ui.text import embed_to_text
from tests.conftest import FIXTURE_POSTS


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled data and the fixture posts (full texts)."""
    path = tmp_path_factory.mktemp("honest") / "honest.sqlite3"
    assert main(["--db", str(path), "import", str(FIXTURE_POSTS)]) == 0
    return path


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--db", str(db), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_tie_lists_the_dramas_with_their_years_and_exits_3(
    capsys: pytest.CaptureFixture[str], db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(capsys, db, "review", "reply")
    assert code == EXIT_AMBIGUOUS == 3 and out == ""
    assert "Several dramas fit 'reply'" in err
    for label in ("Reply 1988 (2015)", "Reply 1994 (2013)", "Reply 1997 (2012)"):
        assert label in err
    code, out, _ = run(capsys, db, "review", "Reply 1997 (2012)", "--json")  # as listed
    assert code == 0 and json.loads(out)["title"] == "Reply 1997"
    monkeypatch.setattr(sys, "stdin", io.StringIO("/review reply\n"))
    code, out, _ = run(capsys, db)
    assert code == 1 and "Reply 1994 (2013)" in out and "Scores" not in out


async def test_a_year_picks_one_of_two_dramas_of_one_name(empty_service: DramaService) -> None:
    await empty_service.store.merge_catalogue(
        [DramaEntry("Twin Title", 2015), DramaEntry("Twin Title", 2019)]
    )
    await empty_service.reload_names()
    with pytest.raises(Exception, match=r"Twin Title \(2019\) or Twin Title \(2015\)"):
        await empty_service.review("twin title")
    assert (await empty_service.review("Twin Title (2015)")).drama.year == 2015


async def test_of_two_dramas_of_one_name_the_reviewed_one_is_offered_first(
    service: DramaService,
) -> None:
    await service.store.merge_catalogue([DramaEntry("My Name", 2025)])  # newer, not reviewed
    await service.reload_names()
    with pytest.raises(Exception, match=r"My Name \(2021\) or My Name \(2025\)"):
        await service.review("my name")


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ("squid game season 2", "The catalogue has no season 2 of Squid Game; it has Squid Game"),
        ("sweet home 2", "The catalogue has no season 2 of Sweet Home; it has Sweet Home (2020)"),
    ],
)
def test_a_season_the_catalogue_lacks_says_so(
    capsys: pytest.CaptureFixture[str], db: Path, query: str, note: str
) -> None:
    code, out, _ = run(capsys, db, "review", query)
    assert code == 0 and note in out.split("\n")[2]  # first, under the title
    assert json.loads(run(capsys, db, "review", query, "--json")[1])["note"].startswith(note)


def test_seasons_the_catalogue_has_need_no_note(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    for query, title in (("hospital playlist 2", "Hospital Playlist 2"), ("reply 1988", None)):
        answer = json.loads(run(capsys, db, "review", query, "--json")[1])
        assert answer["note"] is None and (title is None or answer["title"] == title)
    code, _, err = run(capsys, db, "review", "hospital playlist season 3")
    assert code == EXIT_AMBIGUOUS
    assert "no season 3 of Hospital Playlist; it has Hospital Playlist (2020) and" in err


async def test_films_are_shown_as_films(service: DramaService) -> None:
    parasite = await service.review("parasite")
    text = embed_to_text(embeds.review_pages(parasite)[0])
    assert "a film, 132 min" in text and "per episode" not in text
    reviewed_film = await service.review("secretly greatly")
    text = embed_to_text(embeds.review_pages(reviewed_film)[0])
    assert "a film" in text and "episodes" not in text
    assert title_label(parasite) == "Parasite (2019) · film"


async def test_a_sparse_catalogue_card_says_what_is_known_without_empty_sections(
    empty_service: DramaService,
) -> None:
    await empty_service.store.merge_catalogue([DramaEntry("Once Again Someday", 2020)])
    await empty_service.reload_names()
    text = embed_to_text(embeds.review_pages(await empty_service.review("once again someday"))[0])
    assert "The catalogue knows only its title and its year (2020)." in text
    assert "\n\n\n" not in text and "Length" not in text and "cast" not in text


async def test_an_excerpt_is_prose_never_cast_lines(
    empty_service: DramaService, tmp_path: Path
) -> None:
    post = (
        "16 April 2022\n\nK Drama Review: Little Prose Show (2022) 4.5 || 4.0\n\n"
        "A short show about two friends.\n\nPark Hyung Sik as Han Seon Woo\n\n"
        "He is wonderful in it.\n\nOther Characters\nBona as Go Yu Rim, Hee Do's rival.\n\n"
        "Oppa says...4.5.\nNoona says...4.0.\n"
    )
    (tmp_path / "post.txt").write_text(post, encoding="utf-8")
    await empty_service.import_paths([tmp_path / "post.txt"])
    card = embeds.review_pages(await empty_service.review("little prose show"))[0]
    assert card.description == "A short show about two friends. He is wonderful in it."


def test_numbers_are_rounded_for_people_and_agree_with_their_nouns(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    out = run(capsys, db, "review", "our blues")[1]  # 5 and 5
    assert "Average 5\n" in out and "5.00" not in out
    assert "Average 4.9\n" in run(capsys, db, "review", "reply 1988")[1]  # 4.8 and 5
    out = run(capsys, db, "review", "squid game")[1]
    assert "≈ 9 hours" in out and "9.0" not in out
    out = run(capsys, db, "recommend", "--min-score", "4.5", "--max-hours", "1")[1]
    assert "fits at most 1 hour, scored at least 4.5." in out
    out = run(capsys, db, "recommend", "--min-score", "4.5", "--max-episodes", "1")[1]
    assert "fits at most 1 episode, scored at least 4.5." in out
    out = run(capsys, db, "recommend", "--min-score", "4.5", "--limit", "1")[1]
    assert out.startswith("Recommended: scored at least 4.5\n")


def test_the_cli_footer_says_how_to_see_the_whole_review(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    out = run(capsys, db, "review", "move to heaven")[1]
    assert "--full prints the whole review" in out and "next pages" not in out
    assert "follows" not in out


@pytest.mark.parametrize("limit", ["0", "200"])
def test_a_limit_out_of_range_is_refused_with_the_one_range(
    capsys: pytest.CaptureFixture[str], db: Path, limit: str
) -> None:
    with pytest.raises(SystemExit) as refused:  # a usage error, as argparse gives them
        main(["--db", str(db), "recommend", "--short", "--limit", limit])
    assert refused.value.code == 2
    assert "argument --limit: limit must be between 1 and 50." in capsys.readouterr().err


def test_commands_without_json_is_a_readable_list(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["commands"])
    out = capsys.readouterr().out
    assert code == 0 and out.startswith("/review title [ephemeral]\n    Read Oppa")
    assert "/settings announce [channel]" in out and "{" not in out


def test_match_without_queries_reads_stdin(
    capsys: pytest.CaptureFixture[str], db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("soundtrak 1\n"))
    code, out, _ = run(capsys, db, "match")
    assert code == 0 and json.loads(out)["matches"][0]["name"] == "Soundtrack #1"
    code, out, _ = run(capsys, db, "match", "bong soon")  # the kind left out: titles
    assert json.loads(out)["matches"][0]["name"] == "Strong Girl Bong Soon"


def test_length_words_are_lengths_not_actors(
    capsys: pytest.CaptureFixture[str], db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(capsys, db, "recommend", "short", "--json")
    assert code == 0 and all(p["episodes"] <= 8 for p in json.loads(out))
    code, out, _ = run(capsys, db, "recommend", "--length", "medium", "--limit", "50", "--json")
    medium = json.loads(out)
    assert code == 0 and max(p["episodes"] for p in medium) == 16
    code, out, _ = run(capsys, db, "recommend", "park hyung sik", "--json")
    assert json.loads(out)[0]["title"] == "Soundtrack #1"
    monkeypatch.setattr(sys, "stdin", io.StringIO("/recommend short\n"))
    code, out, _ = run(capsys, db)
    assert code == 0 and out.startswith("Recommended: short series")


async def test_a_refusal_counts_one_reviewer_in_the_singular(
    empty_service: DramaService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DRAMABOT_REVIEWERS", "Oppa")
    post = "16 April 2022\n\nK Drama Review: Two Scores (2022) 4.5 || 4.0\n\nWords about it.\n"
    (tmp_path / "post.txt").write_text(post, encoding="utf-8")
    report = await empty_service.import_paths([tmp_path / "post.txt"])
    assert "the headline has 2 scores but the blog has 1 reviewer (line 3)" in (
        report.outcomes[0].detail
    )


async def test_hangul_person_names_match_where_the_data_has_them(
    empty_service: DramaService, tmp_path: Path
) -> None:
    catalogue = {
        "dramas": [
            {
                "title": "Soundtrack #1", "year": 2022, "episodes": 4, "episode_minutes": 44,
                "genres": ["Romance"],
                "cast": [
                    {"name": "Park Hyung Sik", "aliases": ["박형식"], "role": "Han Sun Woo",
                     "billing": "lead"},
                    {"name": "Han So Hee", "role": "Lee Eun Soo", "billing": "lead"},
                ],
            }
        ]
    }  # fmt: skip
    (tmp_path / "catalogue.json").write_text(json.dumps(catalogue), encoding="utf-8")
    await empty_service.import_paths([tmp_path / "catalogue.json"])
    for query in ("박형식", "박 형식"):
        assert (await empty_service.actor(query)).person.name == "Park Hyung Sik"
    with pytest.raises(Exception, match="try the romanized name") as refused:
        await empty_service.actor("한소희")  # the data has no Hangul for her
    assert "No actor matches '한소희'" in str(refused.value)
