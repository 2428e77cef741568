"""Members through the service and a real SQLite file: favourites drive picks for you, marks and
ratings count for one server only, taste needs both members' consent, `forget` leaves nothing."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from dramabot.domain.errors import UserFacingError
from dramabot.domain.members import Member
from dramabot.member_service import NOTHING_TO_GO_ON
from dramabot.service import DramaService
from dramabot.storage.members import USER_TABLES

HERE, THERE = 111, 222
YUNA, MINHO, JIN = Member(1, HERE), Member(2, HERE), Member(3, THERE)


async def test_picks_for_you_come_from_favourites_and_leave_out_what_you_saw(
    service: DramaService,
) -> None:
    members = service.members
    query = await service.recommend_query(member=YUNA)
    assert query.for_you
    with pytest.raises(UserFacingError, match="I don't know your taste yet"):
        await service.recommend(query, YUNA)
    await members.favourite(YUNA, "park hyungsik")
    picks = await service.recommend(query, YUNA)
    assert picks[0].drama.title == "Soundtrack #1"
    assert picks[0].reason.startswith("Park Hyung Sik, one of your favourites, leads it; 4 ")
    await members.mark(YUNA, "soundtrack 1", "seen")
    titles = [p.drama.title for p in await service.recommend(query, YUNA)]
    assert "Soundtrack #1" not in titles and "Strong Girl Bong Soon" in titles
    short = await service.recommend_query(length="short", member=YUNA)
    assert short.for_you
    assert all((p.drama.episodes or 0) <= 8 for p in await service.recommend(short, YUNA))
    # Without favourites, a length alone is everyone's list, as before.
    assert not (await service.recommend_query(length="short", member=MINHO)).for_you
    assert NOTHING_TO_GO_ON.startswith("I don't know")


async def test_unseen_leaves_seen_titles_out_of_an_ordinary_query(service: DramaService) -> None:
    query = await service.recommend_query(actor="park hyung sik", unseen=True)
    before = [p.drama.title for p in await service.recommend(query, YUNA)]
    await service.members.mark(YUNA, "soundtrack 1", "seen")
    after = [p.drama.title for p in await service.recommend(query, YUNA)]
    assert "Soundtrack #1" in before and "Soundtrack #1" not in after


async def test_a_card_counts_this_servers_members_only(service: DramaService) -> None:
    members = service.members
    for member in (YUNA, MINHO, JIN):
        await members.rate_title(member, "my name", 4.0 if member is YUNA else 5.0)
    await members.mark(MINHO, "hometown cha cha cha", "want")
    here = (await service.review("my name", YUNA)).community
    assert here is not None and (here.seen, here.ratings, here.average) == (2, 2, 4.5)
    there = (await service.review("my name", JIN)).community
    assert there is not None and (there.seen, there.ratings, there.average) == (1, 1, 5.0)
    await members.mark(MINHO, "my name", "want")  # changed his mind: no longer seen
    await members.rate_title(YUNA, "my name", 3.0)  # and she rated it again, lower
    here = (await service.review("my name", YUNA)).community
    assert here is not None and (here.seen, here.ratings, here.average) == (1, 2, 4.0)
    dm = await service.review("my name", Member(1))
    assert dm.community is None and dm.outside_server


async def test_the_watchlist_keeps_wanted_titles_within_a_length(service: DramaService) -> None:
    members = service.members
    for title in ("move to heaven", "reply 1988", "soundtrack 1"):
        await members.mark(YUNA, title, "want")
    everything = await members.watchlist(YUNA)
    assert {i.drama.title for i in everything.items} == {
        "Move to Heaven",
        "Reply 1988",
        "Soundtrack #1",
    }
    short = await members.watchlist(YUNA, "short")
    assert [i.drama.title for i in short.items] == ["Soundtrack #1"]
    one = await members.watchlist(YUNA, "medium", pick_one=True)
    assert len(one.items) == 1 and one.items[0].drama.title in ("Move to Heaven", "Soundtrack #1")
    await members.rate_title(YUNA, "soundtrack 1", 5)  # rating it means it was seen
    assert "Soundtrack #1" not in {i.drama.title for i in (await members.watchlist(YUNA)).items}


async def test_the_watchlist_shows_the_title_wanted_last_first(service: DramaService) -> None:
    members = service.members
    await members.mark(YUNA, "reply 1988", "want")
    await asyncio.sleep(1.1)  # marks keep the second they were made
    await members.mark(YUNA, "move to heaven", "want")
    listed = [i.drama.title for i in (await members.watchlist(YUNA)).items]
    assert listed == ["Move to Heaven", "Reply 1988"]


async def test_taste_needs_five_shared_titles_and_both_members_consent(
    service: DramaService,
) -> None:
    members = service.members
    titles = [
        "my name",
        "reply 1988",
        "move to heaven",
        "hometown cha cha cha",
        "hospital playlist",
    ]
    for title in titles:
        answer = await service.review(title)
        assert answer.review is not None
        oppa = next(s.score for s in answer.review.scores if s.reviewer == "Oppa")
        await members.rate(YUNA, answer.drama.id, round(oppa * 2) / 2)
        await members.rate(MINHO, answer.drama.id, 0)
    taste = await members.taste(YUNA, MINHO.user_id, "Minho")
    oppa = taste.reviewers["Oppa"]
    assert oppa.shared == 5 and oppa.percent is not None and oppa.percent > 70
    assert taste.other is None and "Both members must share" in (taste.other_refused or "")
    await members.settings(YUNA, share_taste=True)
    await members.settings(MINHO, share_taste=True)
    taste = await members.taste(YUNA, MINHO.user_id, "Minho")
    assert taste.other is not None and taste.other[1].percent is not None
    assert taste.other[1].percent < 50


async def test_forget_leaves_no_row_of_the_member(service: DramaService) -> None:
    members = service.members
    await members.favourite(YUNA, "han so hee")
    await members.follow(YUNA, title="reply 1988", actor=None)
    await members.mark(YUNA, "move to heaven", "want")
    await members.rate_title(YUNA, "my name", 4.5, "tense")
    await members.settings(YUNA, pings=True)
    await members.rate_title(MINHO, "my name", 3)
    export = await members.export(YUNA)
    assert export["favourites"] == ["Han So Hee"] and export["want"] == ["Move to Heaven (2021)"]
    assert export["ratings"] == [
        {"title": "My Name (2021)", "score": 4.5, "note": "tense", "server": str(HERE)}
    ]
    assert await members.forget(YUNA) >= 6
    for table in USER_TABLES:
        rows = await service.store._reader.fetch_all(
            f"SELECT count(*) FROM {table} WHERE user_id = ?", (YUNA.user_id,)
        )
        assert next(iter(rows))[0] == 0, table
    left = (await service.review("my name", MINHO)).community
    assert left is not None and (left.seen, left.ratings) == (1, 1)  # Minho's stay


async def test_followers_who_opted_in_are_the_ones_to_ping(service: DramaService) -> None:
    members = service.members
    answer = await service.review("my name")
    await members.favourite(YUNA, "han so hee")  # a favourite in its cast
    await members.follow(MINHO, title="my name", actor=None)
    await members.follow(JIN, title="my name", actor=None)  # in another server
    people = {c.person.id for c in answer.cast}
    assert await service.store.followers_of(HERE, answer.drama.id, people) == []  # no opt-in
    for member in (YUNA, MINHO, JIN):
        await members.settings(member, pings=True)
    assert await service.store.followers_of(HERE, answer.drama.id, people) == [1, 2]
    assert await service.store.followers_of(THERE, answer.drama.id, people) == [3]


def test_the_cli_recommends_for_the_consoles_local_user(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the console's member keeps, the one-shot commands use: picks for you, unseen."""
    import io
    import json

    from dramabot.cli import main

    db = ["--db", str(tmp_path / "cli.sqlite3")]
    lines = "/favourite add park hyung sik\n/seen soundtrack 1\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(lines))
    assert main([*db, "console"]) == 0
    capsys.readouterr()
    assert main([*db, "recommend", "--json"]) == 0
    for_you = [p["title"] for p in json.loads(capsys.readouterr().out)]
    assert "Strong Girl Bong Soon" in for_you and "Soundtrack #1" not in for_you
    assert main([*db, "recommend", "--actor", "park hyung sik", "--unseen", "--json"]) == 0
    assert "Soundtrack #1" not in [p["title"] for p in json.loads(capsys.readouterr().out)]
    assert main([*db, "recommend", "--actor", "park hyung sik", "--json"]) == 0
    assert "Soundtrack #1" in [p["title"] for p in json.loads(capsys.readouterr().out)]
