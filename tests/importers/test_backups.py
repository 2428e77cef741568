"""A blog's whole archive in one import: Blogger backups of both schemas and a WordPress
export. Only live posts are imported; drafts, pages, comments, templates and trash are counted
in the summary; each review keeps its post's id and address; a second import changes nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dramabot.importers.feed_documents import FeedFormatError, read_feed_document
from dramabot.service import DramaService

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"

BACKUPS = {
    "takeout.atom": (
        "https://www.oppanoona.kr/2023/05/lanterns-over-jeju-2023.html",
        "tag:blogger.com,1999:blog-5290044786212421432.post-2001",
        2,
        "skipped 1 comment, 1 draft, 1 page, 1 post in the trash",
    ),
    "blogger-2017.xml": (
        "https://www.oppanoona.kr/2017/06/lanterns-over-jeju-2023.html",
        "tag:blogger.com,1999:blog-5290044786212421432.post-3001",
        1,
        "skipped 1 comment, 1 draft, 1 setting, 1 template",
    ),
    "wordpress.xml": (
        "https://oppanoona.example/lanterns-over-jeju-2023/",
        "https://oppanoona.example/?p=11",
        2,
        "skipped 1 attachment, 1 draft, 1 page, 1 post in the trash",
    ),
}


@pytest.mark.parametrize("name", BACKUPS)
async def test_a_backup_imports_its_live_posts_once(service: DramaService, name: str) -> None:
    url, entry_id, posts, skipped = BACKUPS[name]
    report = await service.import_paths([FEEDS / name])
    assert report.summary() == f"{posts} added, 0 updated, 0 unchanged, 0 failed; {skipped}"
    review = (await service.review("lanterns over jeju")).review
    assert review is not None and review.url == url
    assert [s.score for s in review.scores] == [4.5, 4.2]
    assert review.posted_on is not None and review.posted_on.year in (2017, 2023)
    rows = await service.store._reader.fetch_all(
        "SELECT entry_id FROM reviews WHERE id = ?", (review.id,)
    )
    assert [row[0] for row in rows] == [entry_id]
    again = await service.import_paths([FEEDS / name])
    assert again.summary() == f"0 added, 0 updated, {posts} unchanged, 0 failed; {skipped}"


async def test_a_drafted_post_is_not_imported(service: DramaService) -> None:
    await service.import_paths([FEEDS / "takeout.atom"])
    assert [m.name for m in await service.match_titles("half written")] != ["Half Written"]
    assert [m.name for m in await service.match_titles("thrown away")] != ["Thrown Away"]


async def test_a_post_saved_as_a_page_imports_like_the_post(
    service: DramaService, tmp_path: Path
) -> None:
    from datetime import UTC, datetime

    from tests.support.blogger import blog_page, fixture_post

    post = fixture_post(
        "winter-radio-2024",
        "K Drama Review: Winter Radio (2024) 4.7 || 4.9",
        datetime(2024, 1, 5, tzinfo=UTC),
        "7",
    )
    page = tmp_path / "winter-radio.html"
    page.write_text(blog_page(post), encoding="utf-8")
    report = await service.import_paths([page])
    assert report.summary() == "1 added, 0 updated, 0 unchanged, 0 failed"
    review = (await service.review("winter radio")).review
    assert review is not None and review.episodes == 10 and review.episode_minutes == 50
    assert "Popular Posts" not in review.text and "Kim Dae Han as Noh Jun" in review.text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<?xml version='1.0'?><feed><entry></feed>", "not well-formed XML (line 1,"),
        (b"<!DOCTYPE html><html><body>hi</body></html>", "an HTML page is not a feed"),
        (b"/etc/passwd", "not well-formed XML"),  # bytes, never a file name to open
    ],
)
def test_a_file_that_is_no_feed_says_so(data: bytes, reason: str) -> None:
    with pytest.raises(FeedFormatError, match=re.escape(reason)):
        read_feed_document(data)


async def test_a_broken_backup_fails_alone_and_stores_nothing(
    service: DramaService, tmp_path: Path
) -> None:
    broken = tmp_path / "blog-backup.xml"
    broken.write_bytes((FEEDS / "takeout.atom").read_bytes()[:3000])
    before = await service.counts()
    report = await service.import_paths([broken])
    assert report.failed == 1 and "not well-formed XML" in report.outcomes[0].detail
    assert await service.counts() == before
