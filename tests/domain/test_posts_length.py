"""A post's length as its prose states it: which count or runtime wins when several are stated,
which are distractors, how sentences are told apart, and long sentences read to their ends."""

from __future__ import annotations

import pytest

from dramabot.domain.posts import parse_post
from dramabot.domain.posts.length import read_length, sentences


def post(body: str, headline: str = "K Drama Review: Start-Up (2020) 4.3 || 4.5") -> str:
    return f"08 December 2020\n\n{headline}\n\n{body}\n\nOppa says...4.3.\n\nNoona says...4.5.\n"


def length(body: str) -> tuple[int | None, int | None]:
    parsed = parse_post(post(body))
    return parsed.episodes, parsed.episode_minutes


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "We loved Mr. Sunshine. It has 24 episodes. Each runs 70 minutes.",
            ("We loved Mr. Sunshine.", "It has 24 episodes.", "Each runs 70 minutes."),
        ),
        (
            "It stars IU (the singer). Her mother (Kim Hee Ae. A legend. Truly.) runs it. It ends.",
            ("It stars IU (the singer).", "Her mother (Kim Hee Ae. A legend. Truly.) runs it.",
             "It ends."),
        ),
        (
            "It has 16 episodes. Her mother (Kim Hee Ae) runs the firm. Dr. Cha is great.",
            ("It has 16 episodes.", "Her mother (Kim Hee Ae) runs the firm.",
             "Dr. Cha is great."),
        ),
        ("Short. Sharp. Sweet!", ("Short.", "Sharp.", "Sweet!")),
        ("Really? Yes. We cried (twice). Twice!", ("Really?", "Yes.", "We cried (twice).",
                                                   "Twice!")),
    ],
)  # fmt: skip
def test_a_paragraph_splits_into_its_sentences(paragraph: str, expected: tuple[str, ...]) -> None:
    """Not after `Mr.`/`Dr.`, not inside parentheses, and every other full stop ends one."""
    assert sentences(paragraph) == expected


def test_the_length_of_a_series_by_default() -> None:
    lines = ["It has 12 episodes, each running 60 minutes."]
    assert read_length(lines, sentences) == (12, 60)
    assert read_length(lines, sentences, film=True) == (1, 60)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("It has 12 episodes. It has 16 episodes.", (12, None)),
        ("It has 16 episodes. It has 12 episodes.", (16, None)),
        ("It has 12 episodes. It has 16 episodes. It really has 16 episodes.", (16, None)),
        (
            "It has 16 episodes. We binged 2 episodes on Friday and 2 episodes on Saturday.",
            (16, None),
        ),
        ("The broadcast had 12 episodes. On Netflix it only has 16 episodes in all.", (16, None)),
        ("Episodes run 45 minutes each. On Netflix each runs 50 minutes.", (None, 45)),
        ("The finale runs long at 90 minutes. Each one runs about 60 minutes.", (None, 60)),
        ("The finale runs long at 90 minutes. Every episode runs about 60 minutes.", (None, 60)),
        ("The finale runs long at 90 minutes. And the pilot runs 80 minutes.", (None, 90)),
    ],
)
def test_which_stated_length_wins(body: str, expected: tuple[int | None, int | None]) -> None:
    """A count with a cue (`has`, `only`) beats one without however often that is said; then the
    most often stated; then the best cued (`each`, `per`, `episode` for a runtime); then the
    first."""
    assert length(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("If it had 16 episodes, it would drag.", (None, None)),
        ("We watched two episodes or so a night.", (None, None)),
        ("We only ever watched an episode at a time.", (None, None)),
        ("Zero episodes dragged.", (None, None)),
        ("The finale felt like 1.5 episodes.", (None, None)),
        ("It took us 45 minutes to pick a snack.", (None, None)),
        ("Unlike most dramas with 16 episodes, it has only 8 episodes.", (8, None)),
        ("Zero episodes dragged across all 12 episodes.", (12, None)),
        ("We watched an episode a night, and it has 12 episodes.", (12, None)),
        ("The special has just one episode.", (1, None)),
        ("It has just 1 episode, a long one.", (1, None)),
        ("45 minutes per episode, and 12 episodes in all.", (12, 45)),
        ("50-minute episodes, twelve of them.", (None, 50)),
    ],
)
def test_distractors_and_edge_counts(body: str, expected: tuple[int | None, int | None]) -> None:
    """A doubt just before a count (`If`, `most`), `or` after it, an article, zero or a fraction
    is no count, minutes without a word about running time are no runtime; a distractor does not
    hide a real count later in the sentence, and one episode is a count."""
    assert length(body) == expected


@pytest.mark.parametrize(
    "body",
    [
        "After a slow start that had us checking our phones through most of the pilot, "
        "each episode runs 60 minutes.",
        "Each episode runs 60 minutes, which suited our weeknights after dinner and before bed, "
        "more or less wonderfully.",
        "Each episode runs 60 minutes, the finale 70 minutes, and the special 90 minutes.",
    ],
)
def test_a_runtime_in_a_long_sentence(body: str) -> None:
    assert length(body) == (None, 60)


def test_a_long_list_of_runtimes_in_one_sentence() -> None:
    """Thirty episodes' runtimes in one sentence: 60 minutes, the only one stated twice, is the
    length; with every runtime stated once, the first is."""
    runtimes = [62, 58, 60, 65, 57, 44, 70, 61, 59, 63, 48, 52, 55, 47, 66]
    runtimes += [67, 68, 69, 71, 72, 73, 74, 45, 46, 49, 50, 51, 53, 54, 60]
    items = ", ".join(f"episode {n} runs {m} minutes" for n, m in enumerate(runtimes, 1))
    body = f"The runtimes vary a lot: {items}."
    assert len(body) > 800
    assert length(body) == (None, 60)
    assert length(body.replace("episode 30 runs 60", "episode 30 runs 75")) == (None, 62)


@pytest.mark.parametrize(
    ("first", "later", "expected"),
    [
        ("It has 3 episodes.", "It has 5 episodes.", (3, None)),
        ("Each episode runs 30 minutes.", "Each episode runs 40 minutes.", (None, 30)),
    ],
)
def test_past_200_mentions_the_rest_of_a_page_is_not_weighed(
    first: str, later: str, expected: tuple[int | None, int | None]
) -> None:
    """A page with hundreds of mentions is no prose about one drama: the first 200 decide (a tie
    there goes to the first stated), and the 201st and later ones change nothing."""
    body = "\n".join([first] * 100 + [later] * 100 + [later] * 50)
    assert length(body) == expected


def test_every_runtime_of_a_long_run_of_mentions_is_read() -> None:
    """A sentence listing thirty episodes' runtimes is read in overlapping stretches: the one
    that fell between two stretches ('74 | minutes') was lost before."""
    from dramabot.domain.posts.length import _durations

    listed = ", ".join(f"episode {n} runs {60 + n} minutes" for n in range(1, 31))
    assert _durations(f"In this show {listed}.") == [60 + n for n in range(1, 31)]
