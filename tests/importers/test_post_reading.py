"""An import of several batches: later batches are parsed in a worker process while earlier ones
are stored, and every post comes out as a parse in the importing process makes it."""

from __future__ import annotations

import logging
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import pytest

import dramabot.importers.pipeline
from dramabot.importers import SourceFile
from dramabot.service import DramaService

POST = """2 June 2021

K Drama Review: {title} (2021) 4.0 || 4.5

Kim Go Eun as Ji Eun Tak

Other Characters

There's {actor} (Hospital Playlist, Now, We are Breaking Up) as the chef.

It only had 6 episodes of 30 minutes each.

Oppa says...4.0.
Noona says...4.5.
"""


def posts(count: int) -> list[SourceFile]:
    """`count` posts, each with a supporting actor of its own whose works list has a title with
    a comma in it (the catalogue knows it: the comma must not split it)."""
    return [
        SourceFile(
            f"batch-{n}.txt",
            POST.format(title=f"Batched Show {n}", actor=f"Jo Batch {chr(65 + n)}").encode(),
        )
        for n in range(count)
    ]


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two posts a transaction: five posts make three batches, two of them read elsewhere."""
    monkeypatch.setattr(dramabot.importers.pipeline, "POSTS_PER_TRANSACTION", 2)


async def works_of(service: DramaService, name: str) -> set[str]:
    person = await service.find_person(name)
    return {credit.drama.title for credit in await service.store.credits_of(person.id)}


@pytest.mark.usefixtures("small_batches")
async def test_posts_parsed_in_a_worker_know_the_catalogues_titles(
    service: DramaService,
) -> None:
    report = await service.import_sources(posts(5))
    assert [o.status for o in report.outcomes] == ["added"] * 5, report.summary()
    for n in range(5):
        works = await works_of(service, f"Jo Batch {chr(65 + n)}")
        assert works == {f"Batched Show {n}", "Hospital Playlist", "Now, We Are Breaking Up"}
    again = await service.import_sources(posts(5))
    assert [o.status for o in again.outcomes] == ["unchanged"] * 5


@pytest.mark.usefixtures("small_batches")
async def test_a_failing_worker_process_leaves_the_import_whole(
    service: DramaService, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*_: object, **__: object) -> None:
        raise BrokenProcessPool("the worker was killed")

    monkeypatch.setattr(ProcessPoolExecutor, "submit", broken)
    with caplog.at_level(logging.WARNING):
        report = await service.import_sources(posts(5))
    assert [o.status for o in report.outcomes] == ["added"] * 5, report.summary()
    assert await works_of(service, "Jo Batch D") == {
        "Batched Show 3",
        "Hospital Playlist",
        "Now, We Are Breaking Up",
    }
    assert any("worker process failed" in r.getMessage() for r in caplog.records)


@pytest.mark.usefixtures("small_batches")
async def test_progress_counts_each_post_once_across_batches(service: DramaService) -> None:
    seen: list[tuple[int, int]] = []
    report = await service.import_sources(
        posts(5), lambda done, total, _: seen.append((done, total))
    )
    assert report.count("added") == 5
    assert seen == [(n, 5) for n in range(1, 6)]
