"""The blog's review facts and posts in its real shapes, imported and shown as a reader expects:
one drama per title and alias, films as films, the blog's own score never a reviewer's, and a
link to the post on the card."""

from __future__ import annotations

import json
from pathlib import Path

import discord
import pytest

from dramabot.domain.answers import review_ref
from dramabot.service import DramaService
from dramabot.ui import embeds
from dramabot.ui.json_view import review_json
from dramabot.ui.text import embed_to_text
from dramabot.ui.views import pager, post_link

POST_URL = "https://www.oppanoona.kr/2021/04/k-movie-review-seo-bok-2021.html"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


async def import_post(service: DramaService, folder: Path, headline: str, lead: str) -> None:
    """Import a post of one lead and two closing lines, written in `folder`."""
    scores = headline.rsplit(")", 1)[1].split("||")
    text = (
        f"01 July 2020\n\n{headline}\n\n{lead}\n\nWords.\n\n"
        f"Oppa says...{scores[0].strip()}.\n\nNoona says...{scores[1].strip()}.\n"
    )
    report = await service.import_paths([write(folder, "post.txt", text)])
    assert report.failed == 0, report.outcomes


def facts(**record: object) -> str:
    base: dict[str, object] = {
        "url": POST_URL,
        "published": "2021-04-23",
        "headline": "K Movie Review: Seo Bok (2021) 3.1 || 3.8",
        "kind": "film",
        "title": "Seo Bok",
        "year": 2021,
        "scores": [{"reviewer": "Oppa", "score": 3.1}, {"reviewer": "Noona", "score": 3.8}],
        "episode_minutes": 114,
        "leads": [
            {"name": "Gong Yoo", "role": "Ki Hun"},
            {"name": "Park Bo Gum", "role": "Seo Bok"},
        ],
    }
    base.update(record)
    return json.dumps({"blog": "oppanoona.kr", "reviews": [base]})


async def test_a_fact_record_is_a_film_review_card_linking_to_the_post(
    empty_service: DramaService, tmp_path: Path
) -> None:
    report = await empty_service.import_paths([write(tmp_path, "blog.json", facts())])
    assert report.failed == 0 and "1 review added" in report.outcomes[0].detail
    answer = await empty_service.review("seo bok")
    data = review_json(answer)
    assert (data["kind"], data["episodes"], data["episode_minutes"]) == ("film", 1, 114)
    assert data["url"] == POST_URL and data["scores"] == {"Oppa": 3.1, "Noona": 3.8}
    card = embeds.review_pages(answer)
    assert len(card) == 1 and card[0].url == POST_URL
    assert card[0].description == embeds.FROM_THE_BLOG
    view = pager(review_ref(answer.drama.id), 0, len(card), owner_id=1, link=post_link(card))
    assert view is not None
    links = [item for item in view.children if isinstance(item, discord.ui.Button) and item.url]
    assert [(b.label, b.url) for b in links] == [(embeds.READ_ON_THE_BLOG, POST_URL)]
    assert f"Read the full review on the blog: {POST_URL}" in embed_to_text(card[0])
    again = await empty_service.import_paths([tmp_path / "blog.json"])
    assert again.outcomes[0].status == "unchanged"


async def test_the_posts_text_replaces_its_facts_and_keeps_the_address(
    empty_service: DramaService, tmp_path: Path
) -> None:
    await empty_service.import_paths([write(tmp_path, "blog.json", facts())])
    post = (
        "23 April 2021\n\nK Movie Review: Seo Bok (2021) 3.1 || 3.8\n\n"
        "Gong Yoo as Ki Hun\n\nThe film runs for about 2 hours.\n\n"
        "Oppa says...3.1.\n\nNoona says...3.8.\n"
    )
    report = await empty_service.import_paths([write(tmp_path, "seo-bok.txt", post)])
    assert report.outcomes[0].status == "updated"
    answer = await empty_service.review("seo bok")
    assert answer.review is not None and "Gong Yoo as Ki Hun" in answer.review.text
    assert answer.review.url == POST_URL
    assert len(embeds.review_pages(answer)) == 2  # the card, then the post's text


async def test_a_lone_score_is_the_blogs_never_a_reviewers(
    empty_service: DramaService, tmp_path: Path
) -> None:
    post = (
        "29 November 2019\n\nK Drama Review: High Society (2015) 3.5\n\n"
        "Park Hyung Sik as Yoo Chang Soo\n\nWords about it.\n"
    )
    await empty_service.import_paths([write(tmp_path, "high-society.txt", post)])
    answer = await empty_service.review("high society")
    assert review_json(answer)["scores"] == {"blog": 3.5}
    text = embed_to_text(embeds.review_pages(answer)[0])
    assert "The blog ★★★½☆ 3.5" in text
    assert "Oppa" not in text and "Noona" not in text


async def test_alternate_titles_are_one_drama_with_the_catalogues(
    service: DramaService, tmp_path: Path
) -> None:
    before = await service.store.counts()
    headline = "K Drama Review: Encounter / Boyfriend (2018) 3.5 || 3.5"
    await import_post(service, tmp_path, headline, "Song Hye Kyo as Cha Soo Hyun")
    assert (await service.store.counts())["dramas"] == before["dramas"]
    for query in ("encounter", "boyfriend"):
        answer = await service.review(query)
        assert (answer.drama.title, answer.drama.year) == ("Encounter", 2018)
        assert answer.review is not None and answer.review.headline.startswith("K Drama Review")


async def test_a_reply_1988_post_merges_with_the_catalogues_entry(
    service: DramaService, tmp_path: Path
) -> None:
    headline = "K Drama Review: Reply 1988 / Answer Me 1988 (2015) 5 || 5"
    await import_post(service, tmp_path, headline, "Lee Hye Ri as Sung Deok Sun")
    dramas = await service.find_dramas("reply 1988")
    assert [(d.title, d.year) for d in dramas] == [("Reply 1988", 2015)]
    answer = await service.review_of(dramas[0])
    assert answer.review is not None and [s.score for s in answer.review.scores] == [5.0, 5.0]
    assert "Answer Me 1988" in answer.drama.aliases


async def test_the_card_shows_roles_as_the_post_writes_them(
    service: DramaService, tmp_path: Path
) -> None:
    headline = "K Drama Review: Crash Landing on You (2019) 5 || 5"
    await import_post(service, tmp_path, headline, "Hyun Bin as Ri Jeong Hyeok")
    answer = await service.review("crash landing on you")
    card = embed_to_text(embeds.review_pages(answer)[0])
    assert "Hyun Bin as Ri Jeong Hyeok" in card
    catalogue_roles = {c.role for c in answer.cast if c.person.name == "Hyun Bin"}
    assert "Ri Jeong Hyeok" not in catalogue_roles  # the catalogue keeps its own spelling


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"url": "ftp://x"}, "needs the post's 'url'"),
        ({"scores": []}, "needs its 'scores'"),
        ({"scores": [{"reviewer": "Oppa", "score": 7}]}, "outside 0 to 5"),
        ({"kind": "novel"}, "'kind' must be one of"),
        ({"published": "yesterday"}, "'published' must be a date"),
    ],
)
async def test_a_bad_fact_record_is_refused_and_stores_nothing(
    empty_service: DramaService, tmp_path: Path, record: dict[str, object], reason: str
) -> None:
    report = await empty_service.import_paths([write(tmp_path, "blog.json", facts(**record))])
    assert report.failed == 1 and reason in report.outcomes[0].detail
    assert (await empty_service.store.counts())["reviews"] == 0


async def test_the_reviewers_order_is_a_setting_of_the_import(
    empty_service: DramaService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DRAMABOT_REVIEWERS", "Noona, Oppa")
    post = "01 July 2020\n\nK Drama Review: Start-Up (2020) 4.3 || 4.5\n\nWords.\n"
    await empty_service.import_paths([write(tmp_path, "start-up.txt", post)])
    answer = await empty_service.review("start-up")
    assert review_json(answer)["scores"] == {"Noona": 4.3, "Oppa": 4.5}
