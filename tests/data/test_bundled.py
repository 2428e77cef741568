"""The bundled data: every file valid, the catalogue complete and consistent with the posts,
and (when ../shared is present) in agreement with the public MyDramaList data."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from dramabot.domain.names import entity_key, person_form
from dramabot.domain.posts import parse_post
from dramabot.importers.catalogue_files import read_own_json
from tests.conftest import FIXTURE_POSTS

SEED_POST_WORKS = (
    "Happiness", "Suits", "Strong Girl Bong Soon", "Strong Woman Do Bong Soon", "High Society",
    "What Happens to My Family?", "Juror 8", "She Was Pretty", "Nevertheless", "My Name",
    "Vincenzo", "Hospital Playlist", "Hot Stove League", "Mr. Sunshine", "Now, We are Breaking Up",
    "Encounter", "Train to Busan", "Start-Up", "Do Do Sol Sol La La Sol", "Parasite",
    "A Taxi Driver", "Hometown Cha-Cha-Cha", "Monthly Magazine Home", "Law School",
    "Ms. Hammurabi", "Fight for My Way", "Reply 1997", "Reply 1994", "Reply 1988",
    "Descendants of the Sun", "Soundtrack #1", "Soundtrack 1",
)  # fmt: skip


@pytest.fixture(scope="module")
def catalogue(request: pytest.FixtureRequest) -> list:
    from dramabot.config import bundled_data_dir

    files = sorted((bundled_data_dir() / "catalogue").glob("*.json"))
    assert files, "no bundled catalogue"
    return [entry for path in files for entry in read_own_json(path.read_text(encoding="utf-8"))]


@pytest.fixture(scope="module")
def posts() -> list:
    """The fixture posts written here in the blog's shape (tests only, never bundled)."""
    return [parse_post(p.read_text(encoding="utf-8")) for p in sorted(FIXTURE_POSTS.glob("*.txt"))]


@pytest.fixture(scope="module")
def facts() -> list[dict]:
    from dramabot.config import bundled_data_dir

    files = sorted((bundled_data_dir() / "reviews").glob("*.json"))
    assert files, "no bundled review facts"
    return [r for path in files for r in json.loads(path.read_text(encoding="utf-8"))["reviews"]]


def titles_by_key(catalogue: list) -> dict[str, object]:
    return {entity_key(t): e for e in catalogue for t in (e.title, *e.aliases)}


def test_catalogue_is_large_complete_and_unique(catalogue: list) -> None:
    assert len(catalogue) >= 150
    keys = [k for e in catalogue for k in {entity_key(t) for t in (e.title, *e.aliases)}]
    assert len(keys) == len(set(keys)), "a title or alias names two entries"
    dramas = [e for e in catalogue if e.kind == "drama"]
    assert all(e.episodes and e.episode_minutes and e.genres for e in dramas)
    assert all(any(c.billing == "lead" and c.role for c in e.cast) for e in dramas)
    assert sum(1 for e in dramas if e.episodes <= 8) >= 10
    known = titles_by_key(catalogue)
    missing = [t for t in SEED_POST_WORKS if entity_key(t) not in known]
    assert missing == []


def test_one_spelling_per_person(catalogue: list) -> None:
    spelled: dict[str, set[str]] = {}
    for entry in catalogue:
        for credit in entry.cast:
            assert "-" not in credit.name and "  " not in credit.name, credit.name
            spelled.setdefault(entity_key(credit.name), set()).add(credit.name)
    assert {k: v for k, v in spelled.items() if len(v) > 1} == {}


def test_the_bundled_reviews_are_the_blogs_facts_each_linking_to_its_post(facts: list) -> None:
    assert len(facts) >= 20
    keys = [(entity_key(r["title"]), r["year"]) for r in facts]
    assert len(keys) == len(set(keys)), "a drama is reviewed twice"
    for record in facts:
        assert record["url"].startswith("https://www.oppanoona.kr/"), record["title"]
        assert "text" not in record and "body" not in record  # facts only, never the prose
        # The headline, read by our own parser, says what the record says.
        parsed = parse_post(record["headline"])
        assert (parsed.title, parsed.year) == (record["title"], record["year"])
        assert tuple(parsed.aliases) == tuple(record["aliases"])
        assert parsed.kind == ("film" if record["kind"] == "film" else "drama")
        assert [(s.reviewer, s.score) for s in parsed.scores] == [
            (s["reviewer"], s["score"]) for s in record["scores"]
        ], record["title"]


def test_no_bundled_file_carries_invented_prose() -> None:
    from dramabot.config import bundled_data_dir

    assert not list(bundled_data_dir().rglob("*.txt")), "posts belong in tests/fixtures"


def test_every_fixture_post_reviews_a_catalogue_drama_with_its_cast(
    catalogue: list, posts: list
) -> None:
    assert len(posts) >= 6
    known = titles_by_key(catalogue)
    for post in posts:
        assert len(post.scores) == 2 and not post.warnings, post.title
        entry = known[entity_key(post.title)]
        assert entry.year == post.year, post.title
        assert entry.episodes == post.episodes, post.title
        assert abs(entry.episode_minutes - post.episode_minutes) <= 15, post.title
        cast = {person_form(c.name) for c in entry.cast}
        leads = [line for line in post.cast if line.billing == "lead"]
        assert len(leads) >= 2, post.title
        for line in leads:
            assert person_form(line.name) in cast, f"{line.name} not in {entry.title}"


def test_catalogue_agrees_with_mydramalist(catalogue: list, datasets: Path) -> None:
    with open(datasets / "korean_drama.csv", encoding="utf-8") as handle:
        mdl = {(entity_key(r["drama_name"]), int(r["year"])): r for r in csv.DictReader(handle)}
    # MyDramaList lists these in parts; the catalogue keeps the whole series as broadcast.
    in_parts = {"The Glory": 16, "Arthdal Chronicles": 18}
    compared, wrong = 0, []
    for entry in catalogue:
        row = next((mdl[(entity_key(t), entry.year)] for t in (entry.title, *entry.aliases)
                    if (entity_key(t), entry.year) in mdl), None)  # fmt: skip
        if row is None or entry.kind != "drama":
            continue
        compared += 1
        if int(row["tot_eps"]) != entry.episodes and in_parts.get(entry.title) != entry.episodes:
            wrong.append(f"{entry.title}: {entry.episodes} episodes, MyDramaList {row['tot_eps']}")
    assert compared >= 60
    assert wrong == []
