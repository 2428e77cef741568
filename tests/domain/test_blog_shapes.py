"""The blog's real shapes, each in a post written here: read as a person reading it would.

The headlines, titles, scores and names are the blog's facts (oppanoona.kr); the prose is ours.
"""

from __future__ import annotations

from datetime import date

import pytest

from dramabot.domain.errors import PostFormatError
from dramabot.domain.posts import parse_post


def post(
    headline: str,
    body: str = "We watched it over two weekends and talked about it for days.",
    closing: str = "",
    date_line: str = "01 July 2020",
) -> str:
    return f"{date_line}\n\n{headline}\n\n{body}\n\n{closing}\n"


def scores(text: str) -> list[tuple[str | None, float]]:
    return [(s.reviewer, s.score) for s in parse_post(text).scores]


@pytest.mark.parametrize(
    ("headline", "title", "year", "expected"),
    [
        (
            "K Movie Review: A Millionaire's First Love (2006) 3 || 3.5",
            "A Millionaire's First Love",
            2006,
            [("Oppa", 3.0), ("Noona", 3.5)],
        ),
        (
            "K Movie Review: Seo Bok (2021) 3.1 || 3.8",
            "Seo Bok",
            2021,
            [("Oppa", 3.1), ("Noona", 3.8)],
        ),
        (
            "Movie Review: Seo Bok (2021) 3.1 || 3.8",
            "Seo Bok",
            2021,
            [("Oppa", 3.1), ("Noona", 3.8)],
        ),
    ],
)
def test_a_movie_review_prefix_gives_a_film(
    headline: str, title: str, year: int, expected: list[tuple[str, float]]
) -> None:
    parsed = parse_post(post(headline))
    assert (parsed.kind, parsed.title, parsed.year) == ("film", title, year)
    assert [(s.reviewer, s.score) for s in parsed.scores] == expected


def test_a_film_is_one_episode_as_long_as_its_runtime() -> None:
    body = "The movie runs for 2 hours and 4 minutes, and we did not feel a single one."
    parsed = parse_post(post("K Movie Review: Seo Bok (2021) 3.1 || 3.8", body))
    assert (parsed.episodes, parsed.episode_minutes) == (1, 124)


def test_a_drama_review_prefix_gives_a_series() -> None:
    assert parse_post(post("K Drama Review: Start-Up (2020) 4.3 || 4.5")).kind == "drama"


def test_a_movie_headline_without_scores_reads_its_closing_lines() -> None:
    closing = "Oppa says...3.1.\n\nNoona says...3.8."
    text = post("K Movie Review: Seo Bok (2021)", closing=closing)
    assert scores(text) == [("Oppa", 3.1), ("Noona", 3.8)]


def test_a_headline_without_scores_and_no_closing_lines_is_refused_saying_so() -> None:
    with pytest.raises(PostFormatError, match="the scores are missing") as refused:
        parse_post(post("K Movie Review: Seo Bok (2021)"))
    assert refused.value.line == 3


@pytest.mark.parametrize(
    ("headline", "title", "aliases"),
    [
        (
            "K Drama Review: Reply 1988 / Answer Me 1988 (2015) 5 || 5",
            "Reply 1988",
            ("Answer Me 1988",),
        ),
        ("K Drama Review: Encounter / Boyfriend (2018) 3.5 || 3.5", "Encounter", ("Boyfriend",)),
        (
            "K Drama Review: Hospital Playlist / Wise Doctor Life (2020) 5 || 5",
            "Hospital Playlist",
            ("Wise Doctor Life",),
        ),
        ("K Drama Review: My Mister/My Ahjussi (2018) 5 || 5", "My Mister", ("My Ahjussi",)),
        (
            "K Drama Review: Lovestruck in the City/City Couple's Way of Love (2020) 3.4 || 4",
            "Lovestruck in the City",
            ("City Couple's Way of Love",),
        ),
    ],
)
def test_alternate_titles_become_aliases(headline: str, title: str, aliases: tuple[str]) -> None:
    parsed = parse_post(post(headline))
    assert (parsed.title, parsed.aliases) == (title, aliases)


def test_one_score_with_nobody_named_is_the_blogs_own() -> None:
    headline = "K Drama Review: Strong Girl Bong-soon / Strong Woman Do Bong-soon (2017) 4"
    parsed = parse_post(post(headline))
    assert [(s.reviewer, s.score) for s in parsed.scores] == [(None, 4.0)]
    assert (parsed.title, parsed.year) == ("Strong Girl Bong-soon", 2017)


def test_a_slash_between_two_scores_separates_them() -> None:
    parsed = parse_post(post("Moving (2023) 4.6 / 4.3"))
    assert (parsed.title, parsed.year) == ("Moving", 2023)
    assert [s.score for s in parsed.scores] == [4.6, 4.3]


def test_works_listed_after_of_are_works_never_people() -> None:
    body = (
        "Her aunt (Kim Yeo Jin of Mr. Sunshine, Law School, and Ms. Hammurabi) steals every "
        "scene, and so does her rival (Jang Ki Yong of My Mister)."
    )
    parsed = parse_post(post("K Drama Review: Our Blues (2022) 5 || 5", body))
    cast = {c.name: c.works for c in parsed.cast}
    assert cast == {
        "Kim Yeo Jin": ("Mr. Sunshine", "Law School", "Ms. Hammurabi"),
        "Jang Ki Yong": ("My Mister",),
    }


def test_a_person_after_a_works_list_is_still_a_person() -> None:
    body = "Their friends (Park Hoon of Descendants of the Sun and Park Min Jung) were a delight."
    cast = {c.name: c.works for c in parse_post(post("Soundtrack #1 (2022) 4.9 || 4.8", body)).cast}
    assert cast == {"Park Hoon": ("Descendants of the Sun",), "Park Min Jung": ()}


@pytest.mark.parametrize(
    ("headline", "body", "expected"),
    [
        (
            "K Drama Review: Kill It (2019) 4 || 4",
            "We first saw him (Jang Ki Yong of My Mister) as a villain.\n\n"
            "Jang Ki Yong as Yoon Jae Gook\n\nHe is much softer here.",
            [("Jang Ki Yong", "Yoon Jae Gook", "lead")],
        ),
        (
            "K Drama Review: Start-Up (2020) 4.3 || 4.5",
            "It follows Seo Dal Mi (Bae Suzy) and her rival (Kang Han Na as Won In Jae).\n\n"
            "Bae Suzy as Seo Dal Mi\n\nShe shines.",
            [("Bae Suzy", "Seo Dal Mi", "lead"), ("Kang Han Na", "Won In Jae", "support")],
        ),
    ],
)
def test_a_lead_line_wins_over_an_earlier_prose_mention(
    headline: str, body: str, expected: list[tuple[str, str, str]]
) -> None:
    parsed = parse_post(post(headline, body))
    assert [(c.name, c.role, c.billing) for c in parsed.cast] == expected
    assert not any("listed twice" in warning for warning in parsed.warnings)


def test_other_characters_lines_are_supporting_cast() -> None:
    body = (
        "Kim Tae Ri as Na Hee Do\n\nShe is a fencer with a loud heart.\n\nOther Characters\n\n"
        "Bona as Go Yu Rim, Hee Do's rival who becomes her friend.\n\n"
        "Choi Hyun Wook as Moon Ji Woong.\n\nLee Joo Myung as Ji Seung Wan - the class president."
    )
    parsed = parse_post(post("K Drama Review: Twenty-Five Twenty-One (2022) 5 || 5", body))
    assert [(c.name, c.role, c.billing) for c in parsed.cast] == [
        ("Kim Tae Ri", "Na Hee Do", "lead"),
        ("Bona", "Go Yu Rim", "support"),
        ("Choi Hyun Wook", "Moon Ji Woong", "support"),
        ("Lee Joo Myung", "Ji Seung Wan", "support"),
    ]


@pytest.mark.parametrize(
    "body",
    [
        "We watched an episode or two every night before bed.",
        "We cried through the last three episodes.",
        "The show proved that you don't always need 16 episodes.",
        "Unlike most dramas with 16 episodes, it ended early.",
    ],
)
def test_distractor_counts_never_become_the_length(body: str) -> None:
    parsed = parse_post(post("K Drama Review: Start-Up (2020) 4.3 || 4.5", body))
    assert parsed.episodes is None


@pytest.mark.parametrize(
    ("body", "episodes", "minutes"),
    [
        ("Sixteen episodes, about 70 minutes each.", 16, 70),
        ("A 16-episode drama with each episode running close to 60 minutes.", 16, 60),
        ("It only had 4 episodes, and we wished for more.", 4, None),
        ("It only has 6 episodes. Dramas usually need 16 episodes.", 6, None),
    ],
)
def test_the_length_the_post_states(body: str, episodes: int, minutes: int | None) -> None:
    parsed = parse_post(post("K Drama Review: Start-Up (2020) 4.3 || 4.5", body))
    assert (parsed.episodes, parsed.episode_minutes) == (episodes, minutes)


@pytest.mark.parametrize(
    "closing",
    [
        "Oppa says...4.5.\n\nNoona says...4.3.",
        "Oppa says | 4.5\n\nNoona says | 4.3",
        "Oppa says: 4.5/5\n\nNoona says: 4.3/5",
        "Oppa says 4.5 out of 5.\nNoona says 4.3 out of 5!",
        "Oppa says...4.5 || Noona says...4.3",
        "Oppa says...4.5\n|| 4.3",
        "Oppa says...4,5.\n\nNoona says...4,3.",
        "OPPA says...4.5.\n\nnoona says...4.3.".replace("noona", "Noona"),
    ],
)
def test_closing_line_forms(closing: str) -> None:
    text = post("K Drama Review: Start-Up (2020)", closing=closing)
    assert scores(text) == [("Oppa", 4.5), ("Noona", 4.3)]


@pytest.mark.parametrize(
    ("date_line", "expected"),
    [
        ("01 July 2020", date(2020, 7, 1)),
        ("April 16, 2022", date(2022, 4, 16)),
        ("2022-06-05", date(2022, 6, 5)),
        ("Saturday, April 16, 2022", date(2022, 4, 16)),
        (
            "Showing posts with label Start-Up. Show all posts\n\n"
            "Showing posts with label Start-Up. Show all posts\n\n08 December 2020",
            date(2020, 12, 8),
        ),
    ],
)
def test_date_forms_and_label_page_lines(date_line: str, expected: date) -> None:
    parsed = parse_post(post("K Drama Review: Start-Up (2020) 4.3 || 4.5", date_line=date_line))
    assert (parsed.posted_on, parsed.title) == (expected, "Start-Up")


def test_a_role_with_a_slash_is_one_role() -> None:
    body = "Song Joong Ki as Hyun Woo/Do Jun\n\nHe plays two men in one."
    parsed = parse_post(post("K Drama Review: Reborn Rich (2022) 4.4 || 4.5", body))
    assert [(c.name, c.role) for c in parsed.cast] == [("Song Joong Ki", "Hyun Woo/Do Jun")]


@pytest.mark.parametrize(
    ("headline", "title"),
    [
        (
            "K Drama Review: Hospital Playlist Season 2 (2021) 4.8 || 4.8",
            "Hospital Playlist Season 2",
        ),
        ("K Drama Review: Love Alarm 2 (2021) 3.6 || 4", "Love Alarm 2"),
        ("K Drama Review: Soundtrack #1 (2022) 4.9 || 4.8", "Soundtrack #1"),
        ("Reborn Rich (2022) 4.4 || 4.5", "Reborn Rich"),
        (
            "K Drama Review: Money Heist: Korea - Joint Economic Area (2022) 3 || 3",
            "Money Heist: Korea - Joint Economic Area",
        ),
    ],
)
def test_numbers_in_titles_stay_in_the_title(headline: str, title: str) -> None:
    assert parse_post(post(headline)).title == title


def test_two_decimal_scores_are_read_whole() -> None:
    assert scores(post("K Drama Review: Fight for My Way (2017) 4 || 4.25")) == [
        ("Oppa", 4.0),
        ("Noona", 4.25),
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "It follows Seo Dal Mi (Bae Suzy), who dreams big, and Nam Do San (Nam Joo Hyuk).",
            [("Bae Suzy", "Seo Dal Mi"), ("Nam Joo Hyuk", "Nam Do San")],
        ),
        ("Her sister Hye Young's (Jung Ga Ram) secret is out.", [("Jung Ga Ram", "Hye Young")]),
        ("The new boss (Kang Han Na as Won In Jae) arrives.", [("Kang Han Na", "Won In Jae")]),
        (
            "The heir (Yoo Chang-soo played by Park Hyung Sik) falls.",
            [("Park Hyung Sik", "Yoo Chang-soo")],
        ),
        ('It starts with Deok Sun (Lee Hye Ri / "DS").', [("Lee Hye Ri", "Deok Sun")]),
        ("We watched Vincenzo (2021) and Mr. Sunshine (Netflix) first.", []),
    ],
)
def test_an_ensemble_post_without_lead_lines_is_led_by_its_synopsis_characters(
    body: str, expected: list[tuple[str, str]]
) -> None:
    parsed = parse_post(post("K Drama Review: Our Blues (2022) 5 || 5", body))
    assert [(c.name, c.role) for c in parsed.cast if c.billing == "lead"] == expected


def test_a_lower_case_syllable_still_belongs_to_the_name_on_a_lead_line() -> None:
    body = "Jung Hae in as Lim Soo Ho\n\nHe is a spy.\n\nWe see Seon Woo as a photographer."
    parsed = parse_post(post("K Drama Review: Snowdrop (2021) 4 || 4", body))
    assert [(c.name, c.role) for c in parsed.cast] == [("Jung Hae in", "Lim Soo Ho")]


def test_a_supporting_actor_who_plays_a_role_is_supporting_cast() -> None:
    body = "Then Yoon Byung Hee (Vincenzo and Hospital Playlist) plays his loyal manager."
    parsed = parse_post(post("K Drama Review: Soundtrack #1 (2022) 4.9 || 4.8", body))
    assert [(c.name, c.role, c.works) for c in parsed.cast] == [
        ("Yoon Byung Hee", "his loyal manager", ("Vincenzo", "Hospital Playlist"))
    ]
