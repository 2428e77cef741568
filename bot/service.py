"""The application's use cases, shared by the console, the CLI and the Discord cogs:
find a drama or an actor, answer `/review`, `/recommend`, `/actor`, import files.

`DramaService` owns the store and the two name indexes and keeps them in step.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import replace

from dramabot.config import bundled_data_dir, reviewers_setting
from dramabot.domain.answers import (
    Answer,
    AnswerRef,
    RecommendAnswer,
    ReviewAnswer,
    decode_recommend,
    referenced_id,
)
from dramabot.domain.asking import (
    missing_season,
    pick_by_year,
    season_note,
    tie,
    without_year,
)
from dramabot.domain.errors import UserFacingError
from dramabot.domain.feeds import DEFAULT_INTERVAL_MINUTES, FeedEntry, FollowedFeed
from dramabot.domain.matching import NameIndex
from dramabot.domain.members import LOCAL_USER, Community, Member
from dramabot.domain.models import ActorProfile, Credit, Drama, Match, Person, Recommendation
from dramabot.domain.recommend import (
    DEFAULT_RESULTS,
    LENGTHS,
    Candidate,
    RecommendQuery,
    length_options,
    likeness,
    recommend,
)
from dramabot.feeds import Announcer, Delivered, FeedFollower, deliver_announcements
from dramabot.importers import (
    ImportReport,
    Progress,
    SourceFile,
    collect_files,
    import_entries,
    import_sources,
)
from dramabot.member_service import MemberService
from dramabot.name_indexes import NameIndexes
from dramabot.storage import Store, copy_store, is_url

log = logging.getLogger(__name__)

#: How many catalogue titles a length-only recommendation considers.
_LENGTH_CANDIDATES = 2000


class DramaService:
    """Everything a command needs; create with `await DramaService.open(path)`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.names = NameIndexes(store)
        #: The members' use cases: favourites, marks, ratings, the watchlist, taste.
        self.members = MemberService(self, store)

    @classmethod
    async def open(cls, db_path: str | os.PathLike[str], seed: bool = True) -> DramaService:
        """Open the store; on an empty database import the bundled data first (if `seed`)."""
        store = await Store.open(db_path)
        service = cls(store)
        try:
            await service.reload_names()
            if seed and not store.read_only and await store.is_empty():
                report = await service.import_paths([bundled_data_dir()])
                log.info("imported the bundled data: %s", report.summary())
                await service.reload_names()  # and snapshot them for the next start
        except BaseException:
            await store.close()
            raise
        return service

    async def close(self) -> None:
        await self.names.close()
        await self.store.close()

    @property
    def titles(self) -> NameIndex:
        return self.names.titles

    async def people(self) -> NameIndex:
        """The people's index (read on first use: see `NameIndexes.people_index`)."""
        return await self.names.people_index()

    @property
    def names_source(self) -> str:
        return self.names.source

    async def reload_names(self) -> None:
        """Load both name indexes (see `NameIndexes.reload`)."""
        await self.names.reload()

    # ---- finding -------------------------------------------------------------------------

    async def match_titles(self, query: str, limit: int = 5) -> list[Match]:
        return self.titles.search(query, limit)

    async def match_people(self, query: str, limit: int = 5) -> list[Match]:
        return (await self.people()).search(query, limit)

    async def find_drama(self, query: str) -> Drama:
        """The drama a query (or an autocomplete value `id:N`) means, or `NotFoundError` with the
        nearest titles. Of several dramas with exactly that name, the reviewed, then newest."""
        return (await self.find_dramas(query))[0]

    async def find_dramas(self, query: str) -> list[Drama]:
        """The drama a query means; several when the name fits more than one equally well
        (remakes, a drama and a film of one title), reviewed first, then newest."""
        if (chosen := _chosen_id(query)) is not None:
            drama = await self.store.drama(chosen)
            if drama is not None:
                return [drama]
        ids = await self.names.resolve(without_year(query), "drama")
        dramas = await self.store.dramas(ids)
        reviewed = await self.store.reviewed_among(ids) if len(dramas) > 1 else set()
        ranked = sorted(dramas.values(), key=lambda d: (d.id not in reviewed, -(d.year or 0), d.id))
        return pick_by_year(query, ranked)

    async def find_person(self, query: str) -> Person:
        """The person a query (or an autocomplete value `id:N`) means, or `NotFoundError` with
        the nearest names."""
        chosen = _chosen_id(query)
        person = await self.store.person(chosen) if chosen is not None else None
        if person is None:
            person = await self.store.person((await self.names.resolve(query, "actor"))[0])
        assert person is not None, "the name index and the store disagree"
        return person

    async def title_options(self, query: str, limit: int = 25) -> list[ReviewAnswer]:
        """Autocomplete for titles: the dramas a query may mean, each with its review (no
        cast). An empty query lists the reviewed dramas, newest review first."""
        await self.names.follow_other_writers()
        if query.strip():
            ids = [m.entity_id for m in self.titles.search(query, limit)]
        else:
            ids = await self.store.reviewed_drama_ids(limit)
        dramas = await self.store.dramas(ids)
        reviews = await self.store.listed_reviews(dramas)
        return [ReviewAnswer(dramas[i], reviews.get(i), ()) for i in ids if i in dramas]

    async def person_options(self, query: str, limit: int = 25) -> list[Match]:
        """Autocomplete for people: the best matches of a query."""
        return (await self.people()).search(query, limit)

    # ---- answers -------------------------------------------------------------------------

    async def review(self, query: str, member: Member | None = None) -> ReviewAnswer:
        """`/review`: the drama a query means, its review if any, and its catalogue cast; with a
        note when the query asks for a season the catalogue lacks. `AmbiguousError` names the
        choices when several dramas fit equally well."""
        dramas = await self.find_dramas(query)
        season = missing_season(query, dramas[0]) if _chosen_id(query) is None else None
        note = season_note(query, season, dramas) if season is not None else None
        if len(dramas) > 1:
            raise tie(query, dramas, note)
        return replace(await self.review_of(dramas[0], member), note=note)

    async def review_of_id(self, drama_id: int) -> ReviewAnswer | None:
        drama = await self.store.drama(drama_id)
        return await self.review_of(drama) if drama else None

    async def review_of(self, drama: Drama, member: Member | None = None) -> ReviewAnswer:
        """A drama's card; asked by a member in a server, with what its members make of it."""
        async with self.store.reading():
            review, cast = await self.store.card_of(drama)
            if member is None or not member.in_server:
                return ReviewAnswer(drama, review, tuple(cast), outside_server=member is not None)
            community = (await self.store.community(member.guild_id, [drama.id])).get(drama.id)
        return ReviewAnswer(drama, review, tuple(cast), community or Community())

    async def answer(self, ref: AnswerRef, member: Member | None = None) -> Answer:
        """The answer a reference names, from the store as it is now (paging buttons), as the
        member pressing the button sees it."""
        if ref.kind == "review":
            drama = await self.store.drama(referenced_id(ref))
            if drama is None:
                raise UserFacingError("That drama is no longer in the catalogue.")
            return await self.review_of(drama, member)
        if ref.kind == "actor":
            person = await self.store.person(referenced_id(ref))
            if person is None:
                raise UserFacingError("That actor is no longer in the catalogue.")
            return await self.actor_profile(person)
        wanted = decode_recommend(ref.key)
        actor = await self.store.person(wanted.actor_id) if wanted.actor_id else None
        like = await self.store.drama(wanted.like_id) if wanted.like_id else None
        if (wanted.actor_id and actor is None) or (wanted.like_id and like is None):
            raise UserFacingError("That actor or drama is no longer in the catalogue.")
        query = RecommendQuery(
            actor=actor,
            like=like,
            short=wanted.short,
            max_episodes=wanted.max_episodes,
            max_hours=wanted.max_hours,
            min_score=wanted.min_score,
            limit=wanted.limit,
            for_you=wanted.for_you,
            unseen=wanted.unseen,
        )
        return RecommendAnswer(query, await self.recommend(query, member))

    async def announcements(self, drama_ids: list[int]) -> list[tuple[int, ReviewAnswer]]:
        """What to announce for new reviews: (channel id, review) for every server's
        announcement channel and every review that is still there."""
        channels = await self.store.announce_channels()
        found = [await self.review_of_id(drama_id) for drama_id in drama_ids]
        return [
            (channel_id, answer)
            for answer in found
            if answer is not None
            for channel_id in channels.values()
        ]

    async def set_announce_channel(self, guild_id: int, channel_id: int | None) -> None:
        """Set (or with None, clear) the channel where a server hears of new reviews."""
        await self.store.set_announce_channel(guild_id, channel_id)

    async def counts(self) -> dict[str, int]:
        """How many dramas, people, credits and reviews the store holds."""
        return await self.store.counts()

    async def actor(self, query: str) -> ActorProfile:
        """`/actor`: a person's credits, catalogue and reviews merged, reviewed titles scored."""
        return await self.actor_profile(await self.find_person(query))

    async def actor_profile(self, person: Person) -> ActorProfile:
        credits = _one_credit_per_drama(await self.store.credits_of(person.id))
        dramas = {c.drama.id: c.drama for c in credits}
        reviews = await self.store.listed_reviews(dramas)
        return ActorProfile(
            person=person,
            credits=tuple(credits),
            reviewed={drama_id: review.scores for drama_id, review in reviews.items()},
        )

    async def recommend_query(
        self,
        *,
        actor: str | None = None,
        like: str | None = None,
        length: str | None = None,
        max_episodes: int | None = None,
        max_hours: float | None = None,
        min_score: float | None = None,
        limit: int | None = None,
        unseen: bool = False,
        member: Member | None = None,
    ) -> RecommendQuery:
        """A `RecommendQuery` from what a user typed: names resolved, `length:` mapped to an
        episode cap (`short`, `medium`, `any`). A length word typed as the actor
        (`/recommend short`) is the length. No criterion but a length asks for picks "for
        you" (see `MemberService.recommend_for`)."""
        if actor and actor.strip().lower() in LENGTHS and length is None:
            actor, length = None, actor
        numbers = (max_episodes, max_hours, min_score)
        length = length or None  # an empty option is no option; blanks are refused below
        for_you = not (actor or like) and all(n is None for n in numbers)
        if for_you and length not in (None, "any"):  # a length alone is for you, if you have
            for_you = await self.members.has_favourites(member or LOCAL_USER)  # favourites
        return RecommendQuery(
            actor=await self.find_person(actor) if actor else None,
            like=await self.find_drama(like) if like else None,
            **length_options(length, max_episodes),  # type: ignore[arg-type]
            max_hours=max_hours,
            min_score=min_score,
            limit=DEFAULT_RESULTS if limit is None else limit,
            for_you=for_you,
            unseen=unseen or for_you,
        )

    async def recommend(
        self, query: RecommendQuery, member: Member | None = None
    ) -> list[Recommendation]:
        """`/recommend`: candidates from the store, filtered, ranked and explained; "for you"
        from the member's favourite actors; what they saw left out when asked."""
        if query.for_you or query.unseen:
            return await self.members.recommend_for(query, member)
        return recommend(query, await self.candidates(query))

    async def candidates(self, query: RecommendQuery) -> list[Candidate]:
        """The dramas a query may pick from, with what ranking them needs."""
        credits: dict[int, Credit] = {}
        shared_cast: dict[int, list[str]] = {}
        if query.like is not None:
            shared_cast = await self.store.cast_overlap(query.like.id)
            if query.actor is not None:  # the actor asked for is no news in the reason
                shared_cast = {
                    d: [n for n in names if n != query.actor.name]
                    for d, names in shared_cast.items()
                }
        if query.actor is not None:
            credits = {
                c.drama.id: c
                for c in _one_credit_per_drama(await self.store.credits_of(query.actor.id))
            }
            drama_ids: list[int] = list(credits)
        elif query.like is not None:
            similar = await self.store.dramas_sharing_genres(query.like.id, _LENGTH_CANDIDATES)
            drama_ids = [*shared_cast, *similar]
        else:
            drama_ids = await self.store.dramas_by_length(
                query.episode_cap, query.minutes_cap, _LENGTH_CANDIDATES
            )
            if query.min_score is not None:
                drama_ids += await self.store.reviewed_drama_ids(_LENGTH_CANDIDATES)
        dramas = await self.store.dramas(drama_ids)
        reviews = await self.store.listed_reviews(dramas)
        candidates = []
        for drama_id, drama in dramas.items():
            alike, why = (
                likeness(query.like, drama, shared_cast.get(drama_id, []))
                if query.like
                else (0.0, None)
            )
            candidates.append(
                Candidate(drama, reviews.get(drama_id), credits.get(drama_id), why, alike)
            )
        return candidates

    # ---- feeds ---------------------------------------------------------------------------

    async def import_feed(self, url: str) -> ImportReport:
        """`dramabot import URL`: every live post of a feed, all its pages, announced nowhere."""
        from dramabot.importers.feed_reader import fill_summaries, read_feed
        from dramabot.importers.fetch import new_session  # aiohttp: 0.25 s to import

        async with new_session() as session:
            read = await read_feed(session, url)
            entries = await fill_summaries(session, read.entries)
        report = await self.import_entries(entries)
        report.not_posts.update(read.skipped)
        return report

    async def import_entries(self, entries: Sequence[FeedEntry]) -> ImportReport:
        """Import a feed's posts; the report's outcomes are in the entries' order."""
        report = await import_entries(self.store, entries, self.titles.knows, reviewers_setting())
        await self.names.refresh(report.touched_dramas, report.touched_people)
        return report

    async def follow_feed(self, url: str, every: int = DEFAULT_INTERVAL_MINUTES) -> bool:
        """Follow a feed, polled every `every` minutes by the running bot; True when it is
        new. Its first page is read first: an address that is not a feed is refused."""
        from dramabot.importers.feed_documents import read_feed_document
        from dramabot.importers.fetch import check_address, fetch, new_session

        low, high = FollowedFeed.INTERVALS
        if not low <= every <= high:
            raise UserFacingError(f"The interval must be from {low} to {high} minutes.")
        url = check_address(url)
        async with new_session() as session:
            page = await fetch(session, url)
        await asyncio.to_thread(read_feed_document, page.body, page.url)
        return await self.store.follow_feed(url, every)

    async def unfollow_feed(self, url: str) -> None:
        """Stop following a feed (its reviews stay); `UserFacingError` when it is not followed."""
        if not await self.store.unfollow_feed(url.strip()):
            raise UserFacingError(f"{url.strip()} is not followed.")

    async def feeds(self) -> list[FollowedFeed]:
        """The followed feeds, with their last poll and last error."""
        return await self.store.feeds()

    def feed_follower(
        self, after_poll: Callable[[], Awaitable[object]] | None = None, time_scale: float = 1.0
    ) -> FeedFollower:
        """The poller of this store's followed feeds (the running bot starts it)."""
        return FeedFollower(self.store, self.import_entries, after_poll, time_scale=time_scale)

    async def deliver_announcements(self, announcer: Announcer) -> Delivered:
        """Post (or edit) the queued announcements of new reviews, through `announcer`."""
        return await deliver_announcements(self.store, self.review_of_id, announcer)

    async def announce_channel(self, guild_id: int) -> int | None:
        """The channel where a server hears of new reviews, if it chose one."""
        return (await self.store.announce_channels()).get(guild_id)

    async def queue_announcements(self, drama_ids: list[int]) -> None:
        """Queue new reviews (an `/import`) for announcing in every server."""
        await self.store.queue_announcements(drama_ids)

    async def import_paths(
        self, paths: Iterable[str | os.PathLike[str]], progress: Progress | None = None
    ) -> ImportReport:
        """Import post and catalogue files from disk; the name indexes follow."""
        return await self.import_sources(collect_files(paths), progress)

    async def import_sources(
        self, sources: list[SourceFile], progress: Progress | None = None
    ) -> ImportReport:
        """Import files given as bytes (from disk or a Discord attachment)."""
        report = await import_sources(
            self.store, sources, self.titles.knows, progress, reviewers_setting()
        )
        await self.names.refresh(report.touched_dramas, report.touched_people)
        return report


def _chosen_id(query: str) -> int | None:
    """The id in an autocomplete value `id:N`, else None."""
    match = re.fullmatch(r"id:(\d{1,18})", query.strip())
    return int(match[1]) if match else None


def _one_credit_per_drama(credits: list[Credit]) -> list[Credit]:
    """A person's credits with one per drama: a catalogue role beats a review's, a named role
    beats a bare mention; the store's order (newest first) is kept."""
    best: dict[int, Credit] = {}
    for credit in credits:
        known = best.get(credit.drama.id)
        if known is None or _credit_rank(credit) < _credit_rank(known):
            best[credit.drama.id] = credit
    return list(best.values())


def _credit_rank(credit: Credit) -> tuple[bool, bool, bool]:
    return (credit.billing == "mention", credit.role is None, credit.from_review)


async def copy_database(
    source: str | os.PathLike[str], target: str | os.PathLike[str]
) -> dict[str, int]:
    """Copy every row of one database into a new, empty one, SQLite or PostgreSQL either way
    (see `storage.copy`): rows copied per table. The source must exist."""
    if not is_url(source) and not os.path.isfile(source):
        raise UserFacingError(f"{source} does not exist; nothing was copied")
    async with await Store.open(source) as copied_from, await Store.open(target) as copied_to:
        return await copy_store(copied_from, copied_to)
