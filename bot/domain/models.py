"""The domain's value types: frozen dataclasses (a named tuple for the name index's hits, made
25 at a time per keystroke) shared by storage, importers, UI and CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal, NamedTuple

Billing = Literal["lead", "support", "guest", "mention"]
#: Who a score belongs to when the post names no reviewer.
BLOG = "The blog"
#: Scores run from 0 to this (the blog's scale).
MAX_SCORE = 5.0
Kind = Literal["drama", "film"]


@dataclass(frozen=True, slots=True)
class Drama:
    """A drama (or a film an actor's filmography mentions) in the catalogue."""

    id: int
    title: str
    year: int | None = None
    kind: Kind = "drama"
    country: str | None = None
    episodes: int | None = None
    episode_minutes: int | None = None
    genres: tuple[str, ...] = ()
    network: str | None = None
    synopsis: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """Title with year, the way the bot names a drama: `Soundtrack #1 (2022)`."""
        return f"{self.title} ({self.year})" if self.year else self.title


@dataclass(frozen=True, slots=True)
class Person:
    """An actor, with every spelling of their name the catalogue has seen."""

    id: int
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Credit:
    """A person in a drama: their role (a character name or a description) and billing."""

    person: Person
    drama: Drama
    role: str | None
    billing: Billing
    from_review: bool = False


@dataclass(frozen=True, slots=True)
class Score:
    """One reviewer's score for a review (0 to 5); `reviewer` is None for the blog's own score
    when the post names nobody."""

    reviewer: str | None
    score: float

    @property
    def who(self) -> str:
        """Whose score this is, as a card names it: the reviewer, or the blog itself."""
        return self.reviewer or BLOG


@dataclass(frozen=True, slots=True)
class Review:
    """A stored blog post about one drama, with the post's own figures."""

    id: int
    drama: Drama
    posted_on: date | None
    headline: str
    text: str
    source_name: str
    content_hash: str
    scores: tuple[Score, ...]
    episodes: int | None
    episode_minutes: int | None
    cast: tuple[Credit, ...] = ()
    #: The blog post's address, when the import knew it.
    url: str | None = None

    @property
    def average(self) -> float | None:
        """Mean of the reviewers' scores, or None for a review without scores."""
        if not self.scores:
            return None
        return sum(s.score for s in self.scores) / len(self.scores)


class Match(NamedTuple):
    """A name-matching hit: the entity's id, its canonical name, the alias that matched."""

    entity_id: int
    name: str
    score: float
    matched: str


@dataclass(frozen=True, slots=True)
class Recommendation:
    """A recommended drama with the score it was ranked by and a one-line reason."""

    drama: Drama
    score: float | None
    reason: str
    review_scores: tuple[Score, ...] = ()


@dataclass(frozen=True, slots=True)
class ActorProfile:
    """An actor and every credit the store knows, reviewed titles marked by their scores."""

    person: Person
    credits: tuple[Credit, ...]
    reviewed: dict[int, tuple[Score, ...]] = field(default_factory=dict)
