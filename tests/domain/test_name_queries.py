"""The labelled query set (`name_queries.tsv`): what fans type, and whom they mean.

Run over the bundled catalogue through the real store and index. Top-1 must be at least 97% and
top-5 100%. (`benchmarks/matching.py` measures how often the index agrees with the exhaustive
ranking.)
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dramabot.domain.matching import MATCH_CUTOFF, agrees, best_match
from dramabot.domain.models import Match
from dramabot.service import DramaService

QUERIES = Path(__file__).with_name("name_queries.tsv")

Result = tuple[dict[str, str], list[Match]]


def labelled() -> list[dict[str, str]]:
    with QUERIES.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def names(matches: list[Match]) -> list[str]:
    return [m.name for m in matches]


def scored(matches: list[Match]) -> list[str]:
    return [f"{m.name} {m.score:.1f}" for m in matches]


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
        index = service.titles if row["kind"] == "title" else await service.people()
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
    """The same best answer and the same near-certain (>= TRUSTED_SCORE) results as scoring
    every alias, ties aside: the index loses nothing a fan would want."""
    disagree = []
    for row in labelled():
        index = service.titles if row["kind"] == "title" else await service.people()
        ours, reference = index.search(row["query"], 5), index.search_exhaustive(row["query"], 5)
        if not agrees(ours, reference):
            disagree.append(f"{row['query']!r}: {scored(ours)} vs {scored(reference)}")
    assert len(disagree) <= len(labelled()) // 100, "\n".join(disagree)


def test_agreement_ignores_ties_but_not_a_missed_result() -> None:
    reference = [Match(1, "Gong Yoo", 100.0, "Gong Yoo"), Match(2, "Yoo Gong Ki", 90.6, "x")]
    reference += [Match(3, "Ryu Gong Sa", 80.0, "x"), Match(4, "Yoo Gong Su", 80.0, "x")]
    tied = [*reference[:3], Match(5, "Ryu Gong Yi", 80.0, "x")]
    assert agrees(tied, reference)  # another name as good as the fourth
    assert not agrees([reference[0], *reference[2:]], reference)  # 90.6 missed
    assert not agrees([reference[1], reference[0], *reference[2:]], reference)  # order
    weak = [Match(6, "Ji Woo", 48.6, "x")]
    assert agrees(reference[:1], reference[:1] + weak)  # weak suggestions are not compared
    assert not agrees(reference[:1], reference[:1] + weak, compared="all")
    # Without an answer (tied suggestions below the cut-off) only trusted results count; an
    # answer one ranking has and the other lacks does not agree.
    tied_weak = [Match(7, "Cho Yi Ha", 61.8, "x"), Match(8, "Cho Ji Ha", 61.8, "x")]
    other_weak = [Match(9, "Choi Ha Gi", 56.7, "x"), Match(10, "Choi Ha Go", 56.7, "x")]
    assert agrees(other_weak, tied_weak)
    assert not agrees(other_weak, tied_weak, compared="first")
    clear = [Match(11, "Park Hyung Sik", 66.0, "x"), Match(12, "Park Hyung", 50.0, "x")]
    assert not agrees(other_weak, clear) and not agrees(clear, other_weak)


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
    index = await service.people() if kind == "person" else service.titles
    matches = index.search(query, 5)
    assert matches[0].score < MATCH_CUTOFF
    found = best_match(matches)
    assert found is not None and found.name == answer
