"""Members: who is asking, their marks and ratings, what a server's members make of a drama, and
how a member's taste agrees with the reviewers' or another member's. Pure Python."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from dramabot.domain.errors import UserFacingError
from dramabot.domain.models import MAX_SCORE

Mark = Literal["seen", "want"]
#: Ratings go in halves (3.5, 4, 4.5), from 0 to `MAX_SCORE`.
RATING_STEP = 0.5
NOTE_CHARS = 200
#: Agreement needs at least this many titles both rated; fewer say nothing.
MIN_SHARED = 5
#: Agreement is shrunk toward 50% as if this many titles had shown no agreement either way.
SHRINK = 5
#: An announcement mentions at most this many followers; more get a thread to join instead.
MAX_MENTIONS = 20
#: The guild id of what a member does outside any server (a DM, the console).
NO_SERVER = 0


@dataclass(frozen=True, slots=True)
class Member:
    """Who asks: a Discord user (the console's local user is 0) in a server (or `NO_SERVER`)."""

    user_id: int
    guild_id: int = NO_SERVER

    @property
    def in_server(self) -> bool:
        return self.guild_id != NO_SERVER


#: The member of the console and the CLI: their one local user, outside any server.
LOCAL_USER = Member(0)


@dataclass(frozen=True, slots=True)
class Rating:
    drama_id: int
    score: float
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Community:
    """What a server's members make of a drama: how many saw it, and their ratings."""

    seen: int = 0
    ratings: int = 0
    average: float | None = None


@dataclass(frozen=True, slots=True)
class Agreement:
    """How often two tastes agree, in percent, over the titles both rated; None below
    `MIN_SHARED` shared titles."""

    shared: int
    percent: float | None


def check_rating(score: float, note: str | None) -> tuple[float, str | None]:
    """A rating as stored: 0 to 5 in halves, a note of at most `NOTE_CHARS` (blank is none)."""
    if not math.isfinite(score) or not 0 <= score <= MAX_SCORE:
        raise UserFacingError(f"A rating is from 0 to {MAX_SCORE:g}, like 4 or 4.5.")
    if score / RATING_STEP != round(score / RATING_STEP):
        raise UserFacingError("Ratings go in halves: 4, 4.5 or 5, say.")
    note = " ".join((note or "").split()) or None
    if note is not None and len(note) > NOTE_CHARS:
        raise UserFacingError(f"A note is at most {NOTE_CHARS} characters ({len(note)} given).")
    return score, note


def agreement(pairs: Sequence[tuple[float, float]]) -> Agreement:
    """Agreement over (mine, theirs) scores of the same titles: 100% when every score is the
    same, 0% when each is as far apart as scores go; shrunk toward 50% for small overlaps, so
    five lucky matches do not read as a soulmate."""
    shared = len(pairs)
    if shared < MIN_SHARED:
        return Agreement(shared, None)
    raw = 1.0 - sum(abs(a - b) for a, b in pairs) / (shared * MAX_SCORE)
    shrunk = (shared * raw + SHRINK * 0.5) / (shared + SHRINK)
    return Agreement(shared, 100.0 * shrunk)


@dataclass(frozen=True, slots=True)
class Taste:
    """How a member's ratings agree with each reviewer's scores, and with another member's."""

    reviewers: dict[str, Agreement]
    other: tuple[str, Agreement] | None = None
    #: Why there is no comparison with the other member, when there is none.
    other_refused: str | None = None
