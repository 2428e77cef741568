"""What an import did, file by file: the reports the CLI, the console and `/import` show."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from dramabot.domain.numbers import plural

#: `skipped`: a feed's or backup's entry that is not a review (a list post, a notice).
Status = Literal["added", "updated", "unchanged", "skipped", "failed"]


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """What importing one file did, in words fit for a user."""

    name: str
    status: Status
    detail: str
    warnings: tuple[str, ...] = ()
    review_drama_id: int | None = None


@dataclass(slots=True)
class ImportReport:
    """Every file's outcome, the totals, and the ids whose names changed."""

    outcomes: list[FileOutcome] = field(default_factory=list)
    #: Entries of feeds and backups that are not posts, by kind: {"draft": 2, "comment": 14}.
    not_posts: Counter[str] = field(default_factory=Counter)
    touched_dramas: set[int] = field(default_factory=set)
    touched_people: set[int] = field(default_factory=set)

    def count(self, status: Status) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def failed(self) -> int:
        return self.count("failed")

    @property
    def new_reviews(self) -> list[int]:
        """Drama ids whose review was added or replaced by this import."""
        return [
            o.review_drama_id
            for o in self.outcomes
            if o.review_drama_id is not None and o.status in ("added", "updated")
        ]

    def summary(self) -> str:
        """`3 added, 0 updated, 12 unchanged, 0 failed`, then what was passed over, if any."""
        text = (
            f"{self.count('added')} added, {self.count('updated')} updated, "
            f"{self.count('unchanged')} unchanged, {self.failed} failed"
        )
        if skipped := self.count("skipped"):
            text += f"; {plural(skipped, 'post')} not {'a review' if skipped == 1 else 'reviews'}"
        if self.not_posts:
            kinds = ", ".join(plural(n, kind) for kind, n in sorted(self.not_posts.items()))
            text += f"; skipped {kinds}"
        return text
