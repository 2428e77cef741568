"""Typing never changes what a post says: every typographic variant reads as the clean post.

Posts are generated in the blog's shapes; the variants are what editors and keyboards do to them
(dashes, fullwidth marks, brackets, bold, nesting, line breaks, invisible spaces), alone and in
any combination.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dramabot.domain.errors import PostFormatError
from dramabot.domain.posts import ParsedPost, parse_post


@dataclass(frozen=True)
class BlogPost:
    """The facts of a generated post, and the clean text a blogger would type."""

    title: str
    year: int
    scores: tuple[float, float]
    leads: tuple[tuple[str, str], ...]
    support: tuple[tuple[str, tuple[str, ...], str], ...]
    episodes: int
    minutes: int

    @property
    def headline(self) -> str:
        oppa, noona = (f"{s:g}" for s in self.scores)
        return f"K Drama Review: {self.title} ({self.year}) {oppa} || {noona}"

    def text(self) -> str:
        parts = ["16 April 2022", self.headline, "We waited a long time for this one."]
        for name, role in self.leads:
            parts += [f"{name} as {role}", f"{name.split()[0]} carries every scene here."]
        parts.append("Other Characters")
        for name, works, role in self.support:
            parts.append(f"There's {name} ({', '.join(works)}) as {role}.")
        parts.append(
            f"It only has {self.episodes} episodes, each running around {self.minutes} minutes."
        )
        oppa, noona = (f"{s:g}" for s in self.scores)
        parts += [f"Oppa says...{oppa}.", f"Noona says...{noona}."]
        return "\n\n".join(parts) + "\n"


FAMILY = ["Park", "Kim", "Lee", "Han", "Seo", "Jung", "Choi", "Yoon", "Oh"]
GIVEN = ["Hyung Sik", "So Hee", "Byung Hee", "Joo Hun", "In Guk", "Ji Won", "Min Young", "Bo Gum"]
TITLE_WORDS = ["Summer", "Strike", "Playlist", "Hometown", "Signal", "Rain", "Garden", "Light"]
WORKS = ["Vincenzo", "Hospital Playlist", "Mr. Sunshine", "Parasite", "Law School", "Start-Up"]

ROLE_GIVEN = ["Seon Woo", "Eun Soo", "Hee Do", "Yi Jin", "Dal Mi", "Do San", "Jae Gook"]
ROLES = ["her boss", "his mom", "the villain", "a loyal friend"]
names = st.builds(lambda f, g: f"{f} {g}", st.sampled_from(FAMILY), st.sampled_from(GIVEN))
characters = st.builds(
    lambda f, g: f"{f} {g}", st.sampled_from(FAMILY), st.sampled_from(ROLE_GIVEN)
)
scores = st.sampled_from([3.0, 3.5, 4.0, 4.2, 4.5, 4.8, 4.9, 5.0])


@st.composite
def blog_posts(draw: st.DrawFn) -> BlogPost:
    """A post in the blog's shape: one to three leads, up to two supporting actors."""
    people = draw(st.lists(names, min_size=1, max_size=5, unique=True))
    leads = people[: draw(st.integers(1, min(3, len(people))))]
    works = st.lists(st.sampled_from(WORKS), min_size=1, max_size=4, unique=True).map(tuple)
    title = st.lists(st.sampled_from(TITLE_WORDS), min_size=1, max_size=3, unique=True)
    supporting = people[len(leads) :][:2]
    return BlogPost(
        title=" ".join(draw(title)),
        year=draw(st.integers(1995, 2024)),
        scores=(draw(scores), draw(scores)),
        leads=tuple((name, draw(characters)) for name in leads),
        support=tuple((name, draw(works), draw(st.sampled_from(ROLES))) for name in supporting),
        episodes=draw(st.integers(2, 24)),
        minutes=draw(st.integers(20, 90)),
    )


def _headline(change: Callable[[str], str]) -> Callable[[BlogPost, str], str]:
    return lambda post, text: text.replace(post.headline, change(post.headline), 1)


def _cast_lines(change: Callable[[str], str]) -> Callable[[BlogPost, str], str]:
    def apply(post: BlogPost, text: str) -> str:
        for name, role in post.leads:
            text = text.replace(f"\n{name} as {role}\n", f"\n{change(f'{name} as {role}')}\n")
        return text

    return apply


def _nested(post: BlogPost, text: str) -> str:
    for _, works, _ in post.support:
        text = text.replace(f"({works[0]}", f"({works[0]} (both seasons)", 1)
    return text


#: Each variant a reader would not notice, applied to a generated post's text.
VARIANTS: dict[str, Callable[[BlogPost, str], str]] = {
    "en dash after the prefix": _headline(lambda h: h.replace("Review:", "Review –")),
    "em dash after the prefix": _headline(lambda h: h.replace("Review:", "Review—")),
    "hyphen after the prefix": _headline(lambda h: h.replace("Review:", "Review -")),
    "fullwidth colon": _headline(lambda h: h.replace("Review:", "Review：")),
    "single bar": _headline(lambda h: h.replace(" || ", " | ")),
    "fullwidth bars": _headline(lambda h: h.replace(" || ", " ｜｜ ")),
    "fullwidth bar": _headline(lambda h: h.replace(" || ", " ｜ ")),
    "slash": _headline(lambda h: h.replace(" || ", " / ")),
    "comma": _headline(lambda h: h.replace(" || ", ", ")),
    "ampersand": _headline(lambda h: h.replace(" || ", " & ")),
    "square brackets": _headline(lambda h: re.sub(r"\((\d{4})\)", r"[\1]", h)),
    "dash year": _headline(lambda h: re.sub(r" \((\d{4})\)", r" - \1", h)),
    "markdown bold headline": _headline(lambda h: f"**{h}**"),
    "html bold headline": _headline(lambda h: f"<b>{h}</b>"),
    "markdown bold cast": _cast_lines(lambda line: f"**{line}**"),
    "html bold cast": _cast_lines(lambda line: f"<strong>{line}</strong>"),
    "cast line in parentheses": _cast_lines(lambda line: f"({line})"),
    "cast line with a colon": _cast_lines(lambda line: f"{line}:"),
    "cast line with a full stop": _cast_lines(lambda line: f"{line}."),
    "nested parentheses": _nested,
    "CRLF": lambda _, t: t.replace("\n", "\r\n"),
    "CR": lambda _, t: t.replace("\n", "\r"),
    "mixed line endings": lambda _, t: t.replace("\n\n", "\r\n\n", 3),
    "byte-order mark": lambda _, t: "\ufeff" + t,
    "tabs and trailing spaces": lambda _, t: t.replace("\n", " \t\n"),
    "non-breaking spaces": lambda _, t: t.replace(" ", "\u00a0"),
    "zero-width spaces": lambda _, t: t.replace(" as ", " as\u200b ").replace("Re", "Re\u200b"),
    "html line breaks": lambda _, t: t.replace("\n\n", "<br />\n"),
    "html paragraphs": lambda _, t: "".join(f"<p>{line}</p>\n" for line in t.split("\n\n")),
    "curly apostrophes": lambda _, t: t.replace("'", "\u2019"),
}  # fmt: skip


def reading(parsed: ParsedPost) -> tuple[object, ...]:
    """What a reader takes from a post."""
    return (
        parsed.title,
        parsed.year,
        parsed.scores,
        tuple((c.name, c.role, c.billing, c.works) for c in parsed.cast),
        parsed.episodes,
        parsed.episode_minutes,
    )


def facts(post: BlogPost) -> tuple[object, ...]:
    """What the post says, as its writer meant it."""
    cast = [(name, role, "lead", ()) for name, role in post.leads]
    cast += [(name, role, "support", works) for name, works, role in post.support]
    parsed_scores = (("Oppa", post.scores[0]), ("Noona", post.scores[1]))
    return (post.title, post.year, parsed_scores, tuple(cast), post.episodes, post.minutes)


def as_read(parsed: ParsedPost) -> tuple[object, ...]:
    title, year, parsed_scores, cast, episodes, minutes = reading(parsed)
    pairs = tuple((s.reviewer, s.score) for s in parsed_scores)  # type: ignore[attr-defined]
    return (title, year, pairs, cast, episodes, minutes)


@pytest.mark.parametrize("variant", VARIANTS)
def test_each_variant_reads_as_the_clean_post(variant: str) -> None:
    post = BlogPost(
        "Summer Strike", 2022, (4.9, 4.8), (("Park Hyung Sik", "Han Seon Woo"),),
        (("Yoon Byung Hee", ("Vincenzo", "Hospital Playlist", "Mr. Sunshine"), "his manager"),),
        4, 50,
    )  # fmt: skip
    clean = parse_post(post.text())
    assert as_read(clean) == facts(post)
    changed = VARIANTS[variant](post, post.text())
    assert changed != post.text()
    assert reading(parse_post(changed)) == reading(clean)


@settings(max_examples=200, deadline=None)
@given(post=blog_posts(), chosen=st.sets(st.sampled_from(sorted(VARIANTS)), max_size=5))
def test_variants_in_any_combination_read_as_the_clean_post(
    post: BlogPost, chosen: set[str]
) -> None:
    text = post.text()
    for variant in sorted(chosen):
        text = VARIANTS[variant](post, text)
    assert as_read(parse_post(text)) == facts(post)


@pytest.mark.parametrize(
    "headline",
    [
        "K Drama Review: Summer Strike (2022) 4.9 ~ 4.8",
        "K Drama Review: Summer Strike (2022) 4.9 || four",
        "K Drama Review: Summer Strike 4.9 || 4.8 (2022)",
        "K Drama Review: Review: Summer Strike (2022) 4.9 || 4.8",
        "K Drama Review: (2022) 4.9 || 4.8",
    ],
)
def test_a_headline_that_cannot_be_read_whole_is_refused_with_its_line(headline: str) -> None:
    text = f"16 April 2022\n\n{headline}\n\nWords.\n\nOppa says...4.9.\n\nNoona says...4.8.\n"
    with pytest.raises(PostFormatError) as refused:
        parse_post(text)
    assert refused.value.line == 3
    assert "headline" in refused.value.reason


@pytest.mark.parametrize(
    ("missing", "warned"), [("Oppa says...4.9.", "Oppa"), ("Noona says...4.8.", "Noona")]
)
def test_a_missing_closing_line_takes_the_headline_score_in_the_blogs_order(
    missing: str, warned: str
) -> None:
    text = "16 April 2022\n\nK Drama Review: X (2022) 4.9 || 4.8\n\nWords.\n\n"
    text += "\n\n".join(c for c in ("Oppa says...4.9.", "Noona says...4.8.") if c != missing)
    parsed = parse_post(text)
    assert [(s.reviewer, s.score) for s in parsed.scores] == [("Oppa", 4.9), ("Noona", 4.8)]
    assert any(f"line 3: no closing line for {warned}" in w for w in parsed.warnings)


def test_the_reviewers_order_is_a_setting() -> None:
    text = "16 April 2022\n\nK Drama Review: X (2022) 4.9 || 4.8\n\nWords.\n"
    parsed = parse_post(text, reviewers=("Noona", "Oppa"))
    assert [(s.reviewer, s.score) for s in parsed.scores] == [("Noona", 4.9), ("Oppa", 4.8)]


@pytest.mark.parametrize(
    ("closing", "expected"),
    [
        ("Oppa says...4.9.\n\nNoona says...4,8.", [("Oppa", 4.9), ("Noona", 4.8)]),
        ("Oppa says...4.9.\r\rNoona says...4.8.", [("Oppa", 4.9), ("Noona", 4.8)]),
    ],
)
def test_fuzz_reproductions(closing: str, expected: list[tuple[str, float]]) -> None:
    text = f"16 April 2022\n\nK Drama Review: X [2022]\n\nWords.\n\n{closing}\n"
    parsed = parse_post(text)
    assert (parsed.title, parsed.year) == ("X", 2022)
    assert [(s.reviewer, s.score) for s in parsed.scores] == expected


def test_nested_parentheses_keep_the_supporting_actor() -> None:
    text = (
        "16 April 2022\n\nK Drama Review: X (2022) 4.9 || 4.8\n\n"
        "There's Yoon Byung Hee (Vincenzo (2021), Hospital Playlist) as his manager.\n\n"
        "Oppa says...4.9.\n\nNoona says...4.8.\n"
    )
    cast = parse_post(text).cast
    assert [(c.name, c.role, c.works) for c in cast] == [
        ("Yoon Byung Hee", "his manager", ("Vincenzo", "Hospital Playlist"))
    ]
