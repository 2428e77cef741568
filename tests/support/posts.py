"""Deterministic synthetic review posts whose every stored fact can be checked afterwards.

Post `i` reviews `Synthetic Drama i` with its own two scores, one to three leads and one
supporting actor (who brings a mention of their earlier work `Earlier Work i`); every person is
unique to their post, so a post's people, credits and dramas are all present or all absent.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from benchmarks.synthetic import SURNAMES, SYLLABLES
from dramabot.config import bundled_data_dir
from dramabot.domain.names import entity_key

REVIEWERS = ("Oppa", "Noona")
#: Names for posts 0 .. 9,999 (four a post), made once per test session.
NAME_POOL = 40_000
ROLES = ("Detective", "Doctor", "Chef", "Lawyer", "Teacher", "Pilot", "Baker", "Singer")


@dataclass(frozen=True, slots=True)
class Expected:
    """What importing post `i` must store."""

    number: int
    title: str
    year: int
    scores: tuple[float, float]
    leads: tuple[tuple[str, str], ...]  # (name, role)
    support: tuple[str, str]  # (name, role)
    earlier_work: str
    episodes: int
    episode_minutes: int
    text: str

    @property
    def file_name(self) -> str:
        return f"post-{self.number:04d}.txt"

    @property
    def people(self) -> tuple[str, ...]:
        return (*(name for name, _ in self.leads), self.support[0])

    @property
    def credit_count(self) -> int:
        """Leads and the supporting actor in the drama, plus the mention of the earlier work."""
        return len(self.leads) + 2


def unique_names(count: int, seed: int = 23) -> list[str]:
    """`count` Korean names, no two with the same matching key (`Kim Ha Na` = `Kim Han A`), and
    none with the key of someone in the bundled catalogue (`Hwang Jun Geum` = `Hwang Jung Eum`)."""
    rng = random.Random(seed)
    names: list[str] = []
    keys = _bundled_person_keys()
    while len(names) < count:
        name = (
            f"{rng.choice(SURNAMES)} {rng.choice(SYLLABLES).title()} "
            f"{rng.choice(SYLLABLES).title()}"
        )
        if entity_key(name) not in keys:
            keys.add(entity_key(name))
            names.append(name)
    return names


def _bundled_person_keys() -> set[str]:
    keys = set()
    for path in bundled_data_dir().glob("catalogue/*.json"):
        for drama in json.loads(path.read_text(encoding="utf-8"))["dramas"]:
            keys.update(entity_key(member["name"]) for member in drama.get("cast", []))
    return keys


@cache
def _name_pool() -> tuple[str, ...]:
    """Every name a post may use, in order: post `i` takes names 4i .. 4i + 3."""
    return tuple(unique_names(NAME_POOL))


def expected_posts(count: int, start: int = 0) -> list[Expected]:
    """Posts `start` .. `start + count - 1`; the same numbers always give the same posts."""
    assert 4 * (start + count) <= NAME_POOL, "post numbers go up to 9,999"
    names = iter(_name_pool()[4 * start :])
    posts = []
    for number in range(start, start + count):
        rng = random.Random(number)
        picked = [next(names) for _ in range(4)]
        leads = tuple(
            (picked[n], f"{ROLES[(number + n) % len(ROLES)]} {picked[n].split()[0]}")
            for n in range(1 + number % 3)
        )
        support = (picked[3], "the loyal best friend")
        scores = (round(rng.uniform(2.5, 5), 1), round(rng.uniform(2.5, 5), 1))
        episodes, minutes = rng.choice((4, 8, 12, 16, 20)), rng.choice((30, 45, 60, 70))
        title, year = f"Synthetic Drama {number}", 2000 + number % 24
        cast = "\n\n".join(f"{name} as {role}" for name, role in leads)
        text = (
            f"1 March 2024\n\nK Drama Review: {title} ({year}) {scores[0]} || {scores[1]}\n\n"
            f"We watched {title} over a long weekend; this is post number {number}.\n\n"
            f"{cast}\n\nWonderful lead performances all round.\n\nOther Characters\n\n"
            f"There's {support[0]} (Earlier Work {number}) as {support[1]}.\n\n"
            f"It has {episodes} episodes of about {minutes} minutes each.\n\n"
            f"Oppa says...{scores[0]}.\n\nNoona says...{scores[1]}."
        )
        posts.append(
            Expected(
                number, title, year, scores, leads, support, f"Earlier Work {number}",
                episodes, minutes, text,
            )
        )  # fmt: skip
    return posts


def write_posts(folder: Path, posts: list[Expected]) -> None:
    """Write each post as `post-NNNN.txt` in `folder` (created if needed)."""
    folder.mkdir(parents=True, exist_ok=True)
    for post in posts:
        (folder / post.file_name).write_text(post.text + "\n", encoding="utf-8")
