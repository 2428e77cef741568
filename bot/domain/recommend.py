"""Recommend dramas: filter by actor and length, rank by the reviewers' scores, explain each pick.
Pure Python: no discord, no storage."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

from dramabot.domain.errors import UserFacingError
from dramabot.domain.models import MAX_SCORE, Credit, Drama, Person, Recommendation, Review

#: A "short" series has at most this many episodes; a "medium" one at most `MEDIUM_EPISODES`.
SHORT_EPISODES = 8
MEDIUM_EPISODES = 16
LENGTHS = ("short", "medium", "any")
#: How many picks a recommendation lists when nobody says.
DEFAULT_RESULTS = 10


@dataclass(frozen=True, slots=True)
class RecommendQuery:
    """What a fan asked for; at least one criterion must be set. Zero is a criterion, not "not
    given": `min_score=0` asks for every reviewed drama, `max_episodes=0` is refused."""

    actor: Person | None = None
    like: Drama | None = None
    short: bool = False
    max_episodes: int | None = None
    max_hours: float | None = None
    min_score: float | None = None
    limit: int = DEFAULT_RESULTS
    #: "For you": the asker's favourite actors' titles, none they have seen.
    for_you: bool = False
    #: Leave out what the asker has marked seen.
    unseen: bool = False

    #: Every option's bounds, declared once: the cog's `Range`s and the CLI's checks read them.
    #: No series is longer than `EPISODES`' top nor than `HOURS`' (a cap above is a typing slip).
    EPISODES: ClassVar[tuple[int, int]] = (1, 1000)
    HOURS: ClassVar[tuple[float, float]] = (0.5, 1000.0)
    SCORES: ClassVar[tuple[float, float]] = (0.0, MAX_SCORE)
    RESULTS: ClassVar[tuple[int, int]] = (1, 50)

    def __post_init__(self) -> None:
        numbers = (self.max_episodes, self.max_hours, self.min_score)
        asked = self.actor or self.like or self.short or self.for_you
        if not asked and all(n is None for n in numbers):
            raise UserFacingError(
                "Tell me what you like: an actor, a drama you liked, a length "
                "(short, max episodes, max hours) or a minimum score."
            )
        low, high = self.EPISODES
        if self.max_episodes is not None and self.max_episodes < low:
            raise UserFacingError("max episodes must be at least 1: no drama has fewer episodes.")
        if self.max_episodes is not None and self.max_episodes > high:
            raise UserFacingError(f"max episodes must be at most {high:,}.")
        if self.max_hours is not None and not math.isfinite(self.max_hours):
            raise UserFacingError("max hours must be a number of hours, like 10 or 12.5.")
        if self.max_hours is not None and not 0 < self.max_hours <= self.HOURS[1]:
            raise UserFacingError(f"max hours must be more than 0 and at most {self.HOURS[1]:g}.")
        if self.min_score is not None and not _within(self.min_score, self.SCORES):
            raise UserFacingError(f"min score must be between 0 and {MAX_SCORE:g}.")
        self.check_limit(self.limit)

    @classmethod
    def check_limit(cls, limit: int) -> None:
        """Refuse a number of picks outside `RESULTS`, in one message wherever it is typed."""
        if not _within(limit, cls.RESULTS):
            raise UserFacingError(f"limit must be between {cls.RESULTS[0]} and {cls.RESULTS[1]}.")

    @property
    def episode_cap(self) -> int | None:
        """The tightest episode limit the query sets (`short` means <= 8)."""
        caps = [
            c for c in (self.max_episodes, SHORT_EPISODES if self.short else None) if c is not None
        ]
        return min(caps) if caps else None

    @property
    def minutes_cap(self) -> int | None:
        """The whole series' longest running time in minutes; None when there is no limit."""
        if self.max_hours is None:
            return None
        return round(self.max_hours * 60)


def length_options(length: str | None, max_episodes: int | None) -> dict[str, object]:
    """`short` and `max_episodes` for a `length:` choice (`short`, `medium`, `any`) and an
    explicit episode cap; the tighter limit wins."""
    length = (length or "any").strip().lower()
    if length not in LENGTHS:
        raise UserFacingError(f"length must be one of: {', '.join(LENGTHS)}.")
    caps = [
        c for c in (MEDIUM_EPISODES if length == "medium" else None, max_episodes) if c is not None
    ]
    return {"short": length == "short", "max_episodes": min(caps) if caps else None}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A drama that may be recommended, with its review and the asked-for actor's credit."""

    drama: Drama
    review: Review | None = None
    credit: Credit | None = None
    similarity: str | None = None
    likeness: float = 0.0
    #: The asker's favourite actors' credits in this drama (for-you picks).
    favourites: tuple[Credit, ...] = ()
    #: This server's members' average rating.
    members_average: float | None = None


#: A drama must be at least this alike to the one a fan liked: one shared actor, or two genres.
MIN_LIKENESS = 2.0


def likeness(liked: Drama, other: Drama, shared_people: list[str]) -> tuple[float, str]:
    """How alike two dramas are, and why: shared cast counts most, then shared genres, then a
    similar number of episodes."""
    shared_genres = [g for g in other.genres if g in liked.genres]
    score = 2.0 * len(shared_people) + len(shared_genres)
    if liked.episodes and other.episodes:
        score += max(0.0, 1.0 - abs(liked.episodes - other.episodes) / 16)
    parts = []
    if shared_people:
        parts.append(f"also with {', '.join(shared_people[:3])}")
    if shared_genres:
        parts.append(f"{', '.join(shared_genres[:3])} like {liked.title}")
    return score, "; ".join(parts)


def length_of(candidate: Candidate) -> tuple[int | None, int | None]:
    """Episodes and minutes per episode: the review's own figures win over the catalogue's."""
    review, drama = candidate.review, candidate.drama
    episodes = (review.episodes if review else None) or drama.episodes
    minutes = (review.episode_minutes if review else None) or drama.episode_minutes
    return episodes, minutes


def recommend(query: RecommendQuery, candidates: list[Candidate]) -> list[Recommendation]:
    """Filter and rank: reviewed titles by average score first, then catalogue titles."""
    kept = [c for c in candidates if _fits(query, c)]
    kept.sort(key=_rank)
    return [
        Recommendation(
            drama=c.drama,
            score=c.review.average if c.review else None,
            reason=explain(c),
            review_scores=c.review.scores if c.review else (),
        )
        for c in kept[: query.limit]
    ]


def _fits(query: RecommendQuery, candidate: Candidate) -> bool:
    if candidate.drama.kind != "drama":
        return False
    if query.like is not None and (
        candidate.drama.id == query.like.id or candidate.likeness < MIN_LIKENESS
    ):
        return False
    episodes, minutes = length_of(candidate)
    if query.episode_cap is not None and (episodes is None or episodes > query.episode_cap):
        return False
    if query.minutes_cap is not None and (
        episodes is None or minutes is None or episodes * minutes > query.minutes_cap
    ):
        return False
    if query.min_score is not None:
        average = candidate.review.average if candidate.review else None
        if average is None or average < query.min_score:
            return False
    return True


def _rank(candidate: Candidate) -> tuple[bool, float, float, float, int, str]:
    """Reviewed titles by the reviewers' average, then by this server's members' average (which
    alone ranks titles the blog has not reviewed), then likeness and year."""
    average = candidate.review.average if candidate.review else None
    members = candidate.members_average
    return (
        average is None and members is None,
        -(average if average is not None else members or 0.0),
        -(members or 0.0),
        -candidate.likeness,
        -(candidate.drama.year or 0),
        candidate.drama.title.casefold(),
    )


def explain(candidate: Candidate) -> str:
    """One line on why a drama was picked: the actor's role, the length, the scores."""
    parts: list[str] = []
    if candidate.favourites:
        parts.append(_favourites_line(candidate.favourites))
    elif candidate.credit is not None:
        role = candidate.credit.role
        parts.append(
            f"{candidate.credit.person.name} as {role}" if role else candidate.credit.person.name
        )
    if candidate.similarity:
        parts.append(candidate.similarity)
    episodes, minutes = length_of(candidate)
    if episodes and minutes:
        parts.append(f"{episodes} episodes × {minutes} min")
    elif episodes:
        parts.append(f"{episodes} episodes")
    if candidate.review and candidate.review.scores:
        parts.append(" / ".join(f"{s.who} {s.score:g}" for s in candidate.review.scores))
    else:
        parts.append("not reviewed yet")
    if candidate.members_average is not None:
        parts.append(f"members here {candidate.members_average:.1f}")
    return "; ".join(parts)


_COUNTS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _favourites_line(credits: tuple[Credit, ...]) -> str:
    """`Park Hyung Sik, one of your favourites, leads it`; `A and B, two of your favourites,
    lead it`; `is in it` when none of them leads."""
    names = list(dict.fromkeys(c.person.name for c in credits))
    count = _COUNTS[len(names) - 1] if len(names) <= len(_COUNTS) else str(len(names))
    who = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    leads = any(c.billing == "lead" for c in credits)
    one = len(names) == 1
    verb = ("leads" if one else "lead") if leads else ("is in" if one else "are in")
    return f"{who}, {count} of your favourites, {verb} it"


def _within(value: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= value <= bounds[1]
