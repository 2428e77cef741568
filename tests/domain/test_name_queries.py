"""The labelled query set (`name_queries.tsv`): what fans type, and whom they mean.

Run over the bundled catalogue through the real store and index. Top-1 must be at least 97% and
top-5 100%. (`benchmarks/matching.py` measures how often the index agrees with the exhaustive
ranking.)
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

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
