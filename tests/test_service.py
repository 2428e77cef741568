"""The service's use cases, driven without Discord over a seeded store."""

from __future__ import annotations

from pathlib import Path

import pytest

from dramabot.domain.answers import (
    AnswerRef,
    RecommendAnswer,
    ReviewAnswer,
    actor_ref,
    recommend_ref,
    review_ref,
)
from dramabot.domain.errors import NotFoundError, UserFacingError
from dramabot.domain.models import ActorProfile
from dramabot.service import DramaService


async def test_a_reference_rebuilds_the_answer_its_command_gave(service: DramaService) -> None:
    review = await service.review("move to heaven")
    rebuilt = await service.answer(review_ref(review.drama.id))
    assert isinstance(rebuilt, ReviewAnswer) and rebuilt == review
    profile = await service.actor("han so hee")
    again = await service.answer(actor_ref(profile.person.id))
    assert isinstance(again, ActorProfile) and again == profile
    query = await service.recommend_query(actor="park hyung sik", length="short", limit=5)
    picks = await service.recommend(query)
    answer = await service.answer(recommend_ref(query))
    assert isinstance(answer, RecommendAnswer) and answer.picks == picks


@pytest.mark.parametrize(
    "ref",
    [AnswerRef("review", "999999"), AnswerRef("actor", "999999"), AnswerRef("recommend", "a999999"),
     AnswerRef("review", "x1"), AnswerRef("recommend", "zz")],
)  # fmt: skip
async def test_a_stale_reference_is_a_kind_refusal(service: DramaService, ref: AnswerRef) -> None:
    with pytest.raises(UserFacingError):
        await service.answer(ref)


async def test_announcements_go_to_every_announce_channel(service: DramaService) -> None:
    drama = (await service.review("move to heaven")).drama
    assert await service.announcements([drama.id]) == []  # no channel set: nothing to post
    await service.set_announce_channel(1, 101)
    await service.set_announce_channel(2, 202)
    sent = await service.announcements([drama.id, 987654])  # a drama since removed is skipped
    assert sorted(channel for channel, _ in sent) == [101, 202]
    assert all(answer.drama == drama and answer.review for _, answer in sent)
    await service.set_announce_channel(2, None)
    assert [channel for channel, _ in await service.announcements([drama.id])] == [101]


async def test_title_options_list_reviewed_dramas_newest_first_when_nothing_is_typed(
    service: DramaService,
) -> None:
    options = await service.title_options("", limit=5)
    assert len(options) == 5 and all(o.review is not None for o in options)
    dates = [o.review.posted_on for o in options if o.review and o.review.posted_on]
    assert dates == sorted(dates, reverse=True)
    typed = await service.title_options("sountrak", limit=3)
    assert typed[0].drama.title == "Soundtrack #1"


async def test_a_name_that_fits_nothing_is_refused_with_suggestions(
    service: DramaService,
) -> None:
    with pytest.raises(NotFoundError) as refused:
        await service.find_drama("Reply 19888 the movie edition")
    assert "Reply 1988" in refused.value.suggestions
    with pytest.raises(NotFoundError, match="Please type an actor name"):
        await service.find_person("   ")


async def test_counts_follow_an_import(empty_service: DramaService, tmp_path: Path) -> None:
    assert (await empty_service.counts())["reviews"] == 0
    post = tmp_path / "post.txt"
    post.write_text(
        "01 July 2020\n\nK Drama Review: Little Show (2020) 4 || 4.5\n\nWords.\n", encoding="utf-8"
    )
    await empty_service.import_paths([post])
    assert (await empty_service.counts())["reviews"] == 1
    assert [m.name for m in await empty_service.match_titles("little show", 1)] == ["Little Show"]


async def test_a_long_running_process_keeps_its_name_indexes_out_of_full_collections(
    service: DramaService,
) -> None:
    """`dramabot run` freezes what it loaded, so no full collection walks the indexes again;
    a reload (another process imported) freezes the new indexes too."""
    import gc

    try:
        await service.names.freeze_when_loaded()
        frozen = gc.get_freeze_count()
        assert frozen > len(gc.get_objects())  # most of the heap is out of the collector's sight
        gc.unfreeze()
        await service.reload_names()
        assert gc.get_freeze_count() > len(gc.get_objects())
    finally:
        gc.unfreeze()
