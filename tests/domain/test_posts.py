"""Review-post parsing: the real seed post exactly, and the surface variations bloggers use."""

from __future__ import annotations

from datetime import date

import pytest

from dramabot.domain.errors import PostFormatError
from dramabot.domain.posts import parse_post

KNOWN = {"now, we are breaking up"}


def known(title: str) -> bool:
    return title.lower() in KNOWN


def post(
    headline: str = "K Drama Review: Test Drama (2020) 4.5 || 4.0",
    body: str = "",
    closing: str = "Oppa says...4.5.\n\nNoona says...4.0.",
    date_line: str = "1 May 2020",
) -> str:
    return f"{date_line}\n\n{headline}\n\n{body}\n\n{closing}\n"


def test_seed_post_is_parsed_exactly(seed_post_text: str) -> None:
    parsed = parse_post(seed_post_text, known)
    assert (parsed.title, parsed.year, parsed.posted_on) == (
        "Soundtrack #1",
        2022,
        date(2022, 4, 16),
    )
    assert [(s.reviewer, s.score) for s in parsed.scores] == [("Oppa", 4.9), ("Noona", 4.8)]
    assert (parsed.episodes, parsed.episode_minutes) == (4, 50)
    leads = [(c.name, c.role) for c in parsed.cast if c.billing == "lead"]
    assert leads == [("Park Hyung Sik", "Han Seon Woo"), ("Han So Hee", "Lee Eun Soo")]
    support = {c.name: c for c in parsed.cast if c.billing == "support"}
    assert support["Yoon Byung Hee"].role == "Seon Woo's manager/friend"
    assert support["Yoon Byung Hee"].works == (
        "Vincenzo", "Hospital Playlist", "Hot Stove League", "Mr. Sunshine",
    )  # fmt: skip
    assert support["Kim Joo Hun"].role == "Eun Soo's producer/suitor"
    assert support["Kim Joo Hun"].works == (
        "Now, We are Breaking Up", "Encounter", "Train to Busan", "Start-Up",
        "Do Do Sol Sol La La Sol",
    )  # fmt: skip
    assert support["Lee Jung Eun"].role == "Eun Soo's mom"
    assert support["Lee Jung Eun"].works == (
        "Mr. Sunshine", "Parasite", "A Taxi Driver", "Hometown Cha-Cha-Cha",
        "Monthly Magazine Home", "Law School", "Ms. Hammurabi", "Fight for My Way",
    )  # fmt: skip
    assert support["Seo In Guk"].role == "pop star Jay Jun"
    assert support["Seo In Guk"].works == ("Reply 1997", "Reply 1994", "She Was Pretty")
    assert support["Park Hoon"].works == ("Descendants of the Sun",)
    assert parsed.text.startswith("16 April 2022") and parsed.text.endswith("Noona says...4.8.")
    assert parsed.warnings == ()


def test_without_known_titles_a_comma_splits_a_title(seed_post_text: str) -> None:
    parsed = parse_post(seed_post_text)
    kim = next(c for c in parsed.cast if c.name == "Kim Joo Hun")
    assert kim.works[:2] == ("Now", "We are Breaking Up")


@pytest.mark.parametrize(
    ("headline", "closing", "expected"),
    [
        ("K Drama Review: X (2020) 4.7 || 4.9", "Oppa says...4.7.\nNoona says... 4.9!", [4.7, 4.9]),
        ("K Drama Review: X (2020) 4.5 | 4.6", "Oppa says ... 4.5.\nNoona says…4.6", [4.5, 4.6]),
        ("K Drama Review: X (2020) 4.8  ||  5.0", "Oppa says...4.8!\nNoona says 5.0.", [4.8, 5.0]),
        ("K-Drama Review: X (2020) 4||3.5", "Oppa says: 4\nNoona says - 3.5", [4.0, 3.5]),
    ],
)
def test_score_forms(headline: str, closing: str, expected: list[float]) -> None:
    parsed = parse_post(post(headline, closing=closing))
    assert parsed.title == "X"
    assert [s.score for s in parsed.scores] == expected
    assert [s.reviewer for s in parsed.scores] == ["Oppa", "Noona"]
    assert parsed.warnings == ()


@pytest.mark.parametrize(
    ("line", "expected"),
    [("16 April 2022", date(2022, 4, 16)), ("April 16, 2022", date(2022, 4, 16)),
     ("2022-04-16", date(2022, 4, 16)), ("3rd May 2021", date(2021, 5, 3))],
)  # fmt: skip
def test_date_forms(line: str, expected: date) -> None:
    assert parse_post(post(date_line=line)).posted_on == expected


@pytest.mark.parametrize(
    ("body", "episodes", "minutes"),
    [
        ("It has sixteen episodes, each running an hour and 10 minutes.", 16, 70),
        ("All twelve episodes run around an hour and a half each.", 12, 90),
        ("A 10-episode series. Each episode runs about 52 minutes.", 10, 52),
        (
            "It only had 4 episodes. Dramas usually need 16 episodes. Episodes run 50 minutes.",
            4,
            50,
        ),
        ("Twenty-four episodes of about 35 minutes each.", 24, 35),
        ("No length is mentioned here at all.", None, None),
    ],
)
def test_length_in_prose(body: str, episodes: int | None, minutes: int | None) -> None:
    parsed = parse_post(post(body=body))
    assert (parsed.episodes, parsed.episode_minutes) == (episodes, minutes)


def test_headline_and_closing_disagree_warns_and_closing_line_counts() -> None:
    parsed = parse_post(post(closing="Oppa says...4.2.\nNoona says...4.0."))
    assert [s.score for s in parsed.scores] == [4.2, 4.0]
    assert any("Oppa says 4.2 but the headline gives 4.5" in w for w in parsed.warnings)


def test_headline_scores_without_closing_lines_go_to_the_default_reviewers() -> None:
    parsed = parse_post(post(closing=""))
    assert [(s.reviewer, s.score) for s in parsed.scores] == [("Oppa", 4.5), ("Noona", 4.0)]
    assert parsed.warnings and "line 3" in parsed.warnings[0]


def test_duplicated_cast_line_is_kept_once_with_a_warning() -> None:
    body = "Kim Go Eun as Ji Eun Tak\n\ntext\n\nKim Go Eun as Ji Eun Tak"
    parsed = parse_post(post(body=body))
    assert [c.name for c in parsed.cast] == ["Kim Go Eun"]
    assert any("listed twice" in w and "line 9" in w for w in parsed.warnings)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("16 April 2022\n\nJust some words about a show.\n", "no headline"),
        ("", "no headline"),
        (post(headline="K Drama Review: X (2020)", closing=""), "the scores are missing"),
        (post(headline="K Drama Review: X (2020) 7.5 || 4.0"), "outside 0 to 5"),
        (post(closing="Oppa says...9.0."), "outside 0 to 5"),
        ("binary\x00data", "binary"),
    ],
)
def test_unparseable_posts_are_refused_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(PostFormatError, match=reason):
        parse_post(text)


def test_cast_heading_forms() -> None:
    body = (
        "IU as Lee Ji An\n\nShe was great.\n\n"
        "There's Kim Seon Ho (Start-Up and Hometown Cha-Cha-Cha) as the friendly chief.\n"
        "Then Lee Jung Eun (Parasite) as Eun Soo's mom.\n"
        "Her friends (Park Hoon of Descendants of the Sun and Park Min Jung) were funny."
    )
    parsed = parse_post(post(body=body))
    cast = {c.name: (c.role, c.billing, c.works) for c in parsed.cast}
    assert cast["IU"] == ("Lee Ji An", "lead", ())
    assert cast["Kim Seon Ho"] == (
        "the friendly chief",
        "support",
        ("Start-Up", "Hometown Cha-Cha-Cha"),
    )
    assert cast["Lee Jung Eun"] == ("Eun Soo's mom", "support", ("Parasite",))
    assert cast["Park Hoon"][2] == ("Descendants of the Sun",)
    assert "Park Min Jung" in cast


def test_prose_with_as_is_not_a_cast_line() -> None:
    body = "We see Seon Woo as a photographer.\n\nThe show works as a comfort watch"
    assert parse_post(post(body=body)).cast == ()


KOREAN_TWO_LETTER_SURNAMES = ("Oh", "So", "Ha", "Na", "Ma", "Ye", "Do", "Ko", "Ok")


@pytest.mark.parametrize("surname", KOREAN_TWO_LETTER_SURNAMES)
def test_a_short_surname_is_kept_on_a_lead_line(surname: str) -> None:
    parsed = parse_post(post(body=f"{surname} Jung Se as Moon Sang Tae"))
    assert [(c.name, c.role, c.billing) for c in parsed.cast] == [
        (f"{surname} Jung Se", "Moon Sang Tae", "lead")
    ]


@pytest.mark.parametrize("surname", KOREAN_TWO_LETTER_SURNAMES)
@pytest.mark.parametrize("lead_in", ["There's", "Then", "And", "Also", "Of course"])
def test_a_short_surname_is_kept_after_a_lead_in(lead_in: str, surname: str) -> None:
    body = f"{lead_in} {surname} Yeon Seo (Hwayugi and My Sassy Girl) as the heroine."
    parsed = parse_post(post(body=body))
    assert [(c.name, c.role, c.works) for c in parsed.cast] == [
        (f"{surname} Yeon Seo", "the heroine", ("Hwayugi", "My Sassy Girl"))
    ]


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ("Oh, Oh Jung Se as Moon Sang Tae", "Oh Jung Se"),
        ("Oh! Kim Seon Ho as Hong Du Sik", "Kim Seon Ho"),
        ("Yes, Kim Seon Ho as Hong Du Sik", "Kim Seon Ho"),
        ("Oh, there's Oh Yeon Seo (Hwayugi) as the heroine.", "Oh Yeon Seo"),
        ("Oh! There's Kim Seon Ho (Start-Up) as the chief.", "Kim Seon Ho"),
    ],
)
def test_an_interjection_with_its_punctuation_is_not_part_of_the_name(body: str, name: str) -> None:
    assert [c.name for c in parse_post(post(body=body)).cast] == [name]
