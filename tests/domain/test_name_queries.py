"""The labelled query set (`name_queries.tsv`): what fans type, and whom they mean.

Run over the bundled catalogue through the real store and index. Top-1 must be at least 97% and
top-5 100%. (`benchmarks/matching.py` measures how often the index agrees with the exhaustive
ranking.)
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bot.domain.matching import MATCH_CUTOFF, TRUSTED_SCORE, best_match
from bot.domain.models import Match
from bot.service import DramaService

QUERIES = Path(__file__).with_name("name_queries.tsv")

Result = tuple[dict[str, str], list[Match]]


def labelled() -> list[dict[str, str]]:
    with QUERIES.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def names(matches: list[Match]) -> list[str]:
    return [m.name for m in matches]


def test_the_set_is_large_and_varied() -> None:
    rows = labelled()
    assert len(rows) >= 300
    assert {r["kind"] for r in rows} == {"title", "person"}
    assert len({r["note"] for r in rows}) >= 10
    assert len({(r["kind"], r["expected"]) for r in rows}) >= 120


@pytest.fixture
async def results(service: DramaService) -> list[Result]:
    found = []
    for row in labelled():
        index = service.titles if row["kind"] == "title" else service.people
        found.append((row, index.search(row["query"], 5)))
    return found


async def test_top1_and_top5_accuracy(results: list[Result]) -> None:
    misses = [
        f"{row['query']!r} -> {names(top)[:3]} (want {row['expected']})"
        for row, top in results
        if names(top)[:1] != [row["expected"]]
    ]
    top5 = [
        f"{row['query']!r} -> {names(top)}"
        for row, top in results
        if row["expected"] not in names(top)
    ]
    assert top5 == []
    assert 1 - len(misses) / len(results) >= 0.97, "\n".join(misses)


async def test_the_index_finds_every_trusted_answer_the_exhaustive_scan_finds(
    service: DramaService,
) -> None:
    """Same best answer, and the same near-certain (>= TRUSTED_SCORE) results in the same order,
    as scoring every alias: the index loses nothing a fan would want."""
    disagree = []
    for row in labelled():
        index = service.titles if row["kind"] == "title" else service.people
        ours, reference = index.search(row["query"], 5), index.search_exhaustive(row["query"], 5)
        sure = [m.name for m in ours if m.score >= TRUSTED_SCORE]
        sure_reference = [m.name for m in reference if m.score >= TRUSTED_SCORE]
        if names(ours)[:1] != names(reference)[:1] or sure != sure_reference:
            disagree.append(f"{row['query']!r}: {names(ours)} vs {names(reference)}")
    assert len(disagree) <= len(labelled()) // 100, "\n".join(disagree)


@pytest.mark.parametrize(
    ("kind", "query", "answer"),
    [
        ("person", "hyungsikk", "Park Hyung Sik"),
        ("person", "joongkki", "Song Joong Ki"),
        ("person", "iuu", "IU"),
        ("title", "Seonggyungwan Scandal", "Sungkyunkwan Scandal"),
    ],
)
async def test_a_clear_winner_is_the_answer_even_below_the_cut_off(
    service: DramaService, kind: str, query: str, answer: str
) -> None:
    matches = (service.people if kind == "person" else service.titles).search(query, 5)
    assert matches[0].score < MATCH_CUTOFF
    found = best_match(matches)
    assert found is not None and found.name == answer
