"""The members' use cases, shared by the cogs and the console: favourite actors, follows, seen
and want marks, ratings, the watchlist, picks "for you", taste, and a member's own data."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from dramabot.config import reviewers_setting
from dramabot.domain.answers import ReviewAnswer, Watchlist
from dramabot.domain.errors import UserFacingError
from dramabot.domain.members import (
    LOCAL_USER,
    Mark,
    Member,
    Rating,
    Taste,
    agreement,
    check_rating,
)
from dramabot.domain.models import Credit, Drama, Person, Recommendation
from dramabot.domain.recommend import (
    SHORT_EPISODES,
    Candidate,
    RecommendQuery,
    length_of,
    length_options,
    recommend,
)

if TYPE_CHECKING:
    from dramabot.service import DramaService
    from dramabot.storage import Store

NOTHING_TO_GO_ON = (
    "I don't know your taste yet. Add a favourite actor with `/favourite add`, or ask with an "
    "option: `/recommend actor:` or `/recommend like:`."
)
#: How many of a member's favourites' titles a for-you pick considers.
_FOR_YOU_CANDIDATES = 2000


class MemberService:
    """What a member keeps with the bot. Reached as `DramaService.members`."""

    def __init__(self, service: DramaService, store: Store) -> None:
        self.service = service
        self.store = store

    # ---- favourites and follows ----------------------------------------------------------

    async def favourite(self, member: Member, name: str, on: bool = True) -> tuple[Person, bool]:
        """Add (or remove) a favourite actor; whether anything changed."""
        person = await self.service.find_person(name)
        return person, await self.store.set_favourite(member, person.id, on)

    async def has_favourites(self, member: Member) -> bool:
        return bool(await self.store.favourite_ids(member.user_id))

    async def favourites(self, member: Member) -> list[Person]:
        ids = await self.store.favourite_ids(member.user_id)
        people = await self.store.people(ids)
        return [people[i] for i in ids if i in people]

    async def follow(
        self, member: Member, *, title: str | None, actor: str | None, on: bool = True
    ) -> tuple[str, bool]:
        """Follow (or stop following) a drama or an actor; its name and whether it changed."""
        if bool(title) == bool(actor):
            raise UserFacingError("Name one drama (title:) or one actor (actor:) to follow.")
        if title:
            drama = await self.service.find_drama(title)
            changed = await self.store.set_follow(member, "drama", drama.id, on)
            return drama.label, changed
        person = await self.service.find_person(actor or "")
        return person.name, await self.store.set_follow(member, "person", person.id, on)

    async def follows(self, member: Member) -> list[str]:
        """What a member follows, by name: dramas, then actors."""
        found = await self.store.followed(member.user_id)
        dramas = await self.store.dramas(i for kind, i in found if kind == "drama")
        people = await self.store.people(i for kind, i in found if kind == "person")
        return [d.label for d in dramas.values()] + [p.name for p in people.values()]

    # ---- marks and ratings ---------------------------------------------------------------

    async def mark(
        self, member: Member, title: str, mark: Mark | None
    ) -> tuple[Drama, Mark | None]:
        """Mark the drama a title names seen or wanted (None clears); the mark it had."""
        return await self.mark_id(member, (await self.service.find_drama(title)).id, mark)

    async def mark_id(
        self, member: Member, drama_id: int, mark: Mark | None
    ) -> tuple[Drama, Mark | None]:
        drama = await self._drama(drama_id)
        return drama, await self.store.set_mark(member, drama.id, mark)

    async def rate(
        self, member: Member, drama_id: int, score: float, note: str | None = None
    ) -> tuple[Drama, Rating]:
        """Rate a drama in this server (0 to 5 in halves, an optional note); marks it seen."""
        score, note = check_rating(score, note)
        drama = await self._drama(drama_id)
        rating = Rating(drama.id, score, note)
        await self.store.rate(member, rating)
        return drama, rating

    async def rate_title(
        self, member: Member, title: str, score: float, note: str | None = None
    ) -> tuple[Drama, Rating]:
        return await self.rate(member, (await self.service.find_drama(title)).id, score, note)

    async def _drama(self, drama_id: int) -> Drama:
        drama = await self.store.drama(drama_id)
        if drama is None:
            raise UserFacingError("That drama is no longer in the catalogue.")
        return drama

    # ---- lists ---------------------------------------------------------------------------

    async def watchlist(
        self, member: Member, length: str | None = None, pick_one: bool = False
    ) -> Watchlist:
        """The titles a member wants, newest mark first; within a length; or one at random."""
        limits = length_options(length, None)
        cap = SHORT_EPISODES if limits["short"] else limits["max_episodes"]
        dramas = await self.store.marked_dramas(member.user_id, "want")
        reviews = await self.store.listed_reviews(dramas)
        community = await self.store.community(member.guild_id, dramas) if member.in_server else {}
        items = []
        for drama_id, drama in dramas.items():
            item = ReviewAnswer(drama, reviews.get(drama_id), (), community.get(drama_id))
            episodes, _ = length_of(Candidate(drama, item.review))
            if isinstance(cap, int) and (episodes is None or episodes > cap):
                continue
            items.append(item)
        if pick_one and items:
            items = [random.choice(items)]
        return Watchlist(items, length if length not in (None, "any") else None, pick_one)

    async def recommend_for(
        self, query: RecommendQuery, member: Member | None
    ) -> list[Recommendation]:
        """Picks "for you": the favourite actors' titles, minus what the member saw, ranked by
        the reviewers' scores and this server's members' average. `unseen` alone leaves the
        seen titles out of an ordinary query."""
        member = member or LOCAL_USER
        seen, favourites = await self.store.seen_and_favourites(member.user_id)
        if query.for_you and not favourites:
            raise UserFacingError(NOTHING_TO_GO_ON)
        if not query.for_you:
            candidates = await self.service.candidates(query)
            return recommend(query, [c for c in candidates if c.drama.id not in seen])
        credits: dict[int, list[Credit]] = {}
        for person_credits in (await self.store.credits_of_each(favourites)).values():
            for credit in person_credits:
                if credit.drama.id not in seen:
                    credits.setdefault(credit.drama.id, []).append(credit)
        ids = list(credits)[:_FOR_YOU_CANDIDATES]
        dramas = {i: credits[i][0].drama for i in ids}  # a list shows no aliases
        reviews = await self.store.listed_reviews(dramas)
        community = await self.store.community(member.guild_id, ids) if member.in_server else {}
        candidates = [
            Candidate(
                dramas[i],
                reviews.get(i),
                favourites=tuple(credits[i]),
                members_average=community[i].average if i in community else None,
            )
            for i in ids
        ]
        return recommend(query, candidates)

    # ---- taste ---------------------------------------------------------------------------

    async def taste(
        self, member: Member, other_id: int | None = None, other_name: str = ""
    ) -> Taste:
        """Agreement with each reviewer, over what the member rated here; with another member
        of this server too, when both share their taste (`/me share:`)."""
        reviewers = {
            name: agreement(await self.store.reviewer_pairs(member, name))
            for name in reviewers_setting()
        }
        if other_id is None or other_id == member.user_id:
            return Taste(reviewers)
        if not member.in_server:
            return Taste(reviewers, other_refused="Comparing with a member works in a server.")
        mine = (await self.store.member_settings(member.user_id))[1]
        theirs = (await self.store.member_settings(other_id))[1]
        if not (mine and theirs):
            who = "you" if not mine else other_name or "they"
            return Taste(
                reviewers,
                other_refused=f"Both members must share their taste first ({who} did not): "
                "`/me settings share_taste:True`.",
            )
        pairs = await self.store.shared_ratings(member.guild_id, member.user_id, other_id)
        return Taste(reviewers, (other_name, agreement(pairs)))

    # ---- a member's own data -------------------------------------------------------------

    async def settings(
        self, member: Member, pings: bool | None = None, share_taste: bool | None = None
    ) -> tuple[bool, bool]:
        """Change (or with both None, read) whether new reviews ping the member and whether
        other members may compare tastes with them."""
        if pings is None and share_taste is None:
            return await self.store.member_settings(member.user_id)
        return await self.store.set_member_settings(
            member.user_id, pings=pings, share_taste=share_taste
        )

    async def export(self, member: Member) -> dict[str, Any]:
        """Everything the bot keeps of a member, by name, as JSON-ready data."""
        store = self.store
        marks = await store.marks_of(member.user_id)
        ratings = await store.all_ratings_of(member.user_id)
        dramas = await store.dramas([*marks, *(r.drama_id for _, r in ratings)])
        pings, share = await store.member_settings(member.user_id)

        def title(drama_id: int) -> str:
            drama = dramas.get(drama_id)
            return drama.label if drama else f"drama {drama_id}"

        return {
            "user_id": str(member.user_id),
            "favourites": [p.name for p in await self.favourites(member)],
            "follows": await self.follows(member),
            "seen": [title(i) for i, mark in marks.items() if mark == "seen"],
            "want": [title(i) for i, mark in marks.items() if mark == "want"],
            "ratings": [
                {"title": title(r.drama_id), "score": r.score, "note": r.note, "server": str(g)}
                for g, r in ratings
            ],
            "settings": {"pings": pings, "share_taste": share},
        }

    async def forget(self, member: Member) -> int:
        """Delete everything the bot keeps of a member; how many records there were."""
        return await self.store.forget(member.user_id)
