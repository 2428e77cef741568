"""What an import did, file by file: the reports the CLI, the console and `/import` show."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Status = Literal["added", "updated", "unchanged", "failed"]


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
        return (
            f"{self.count('added')} added, {self.count('updated')} updated, "
            f"{self.count('unchanged')} unchanged, {self.failed} failed"
        )
