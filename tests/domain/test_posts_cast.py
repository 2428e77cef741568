"""The cast as a reader takes it from a post: who leads, who supports, who is only mentioned, on
which line each is named, and the prose and page furniture that name nobody."""

from __future__ import annotations

import pytest

from dramabot.domain.posts import CastLine, parse_post

HEADLINE = "K Drama Review: Start-Up (2020) 4.3 || 4.5"
KNOWN = {"love and leashes", "now, we are breaking up"}


def post(body: str, before: str = "") -> str:
    """The date is line 1, the headline line 3 and the body starts on line 5."""
    top = f"08 December 2020\n\n{before}\n\n" if before else "08 December 2020\n\n"
    return f"{top}{HEADLINE}\n\n{body}\n\nOppa says...4.3.\n\nNoona says...4.5.\n"


def cast(body: str, before: str = "") -> tuple[CastLine, ...]:
    return parse_post(post(body, before), lambda title: title.lower() in KNOWN).cast


def roles(body: str) -> list[tuple[str, str | None, str]]:
    return [(c.name, c.role, c.billing) for c in cast(body)]


def test_each_way_of_naming_an_actor_gives_their_billing_works_and_line() -> None:
    body = (
        "Kim Tae Ri as Na Hee Do\n\n"  # line 5
        "(Nam Joo Hyuk as Baek Yi Jin)\n\n"  # 7
        "Their friends (Park Hoon of Descendants of the Sun and Yoon Byung Hee) sing.\n\n"  # 9
        "It follows her coach (Kim Hye Eun as Yang Chan Mi).\n\n"  # 11
        "Other Characters\n\n"  # 13
        "Bona as Go Yu Rim, Hee Do's rival.\n\n"  # 15
        "There's Choi Hyun Wook (Racket Boys) as Moon Ji Woong."  # 17
    )
    assert [(c.name, c.role, c.billing, c.works, c.line, c.mentioned) for c in cast(body)] == [
        ("Kim Tae Ri", "Na Hee Do", "lead", (), 5, False),
        ("Nam Joo Hyuk", "Baek Yi Jin", "lead", (), 7, False),
        ("Park Hoon", None, "support", ("Descendants of the Sun",), 9, True),
        ("Yoon Byung Hee", None, "support", (), 9, True),
        ("Kim Hye Eun", "Yang Chan Mi", "support", (), 11, True),
        ("Bona", "Go Yu Rim", "support", (), 15, False),
        ("Choi Hyun Wook", "Moon Ji Woong", "support", ("Racket Boys",), 17, False),
    ]


@pytest.mark.parametrize(
    "mention",
    [
        "Their friend (Park Hyungsik of Strong Woman Do Bong Soon) shows up.",
        "Their friend (Park Hyung-sik of Strong Woman Do Bong Soon) shows up.",
        "Their friend (Park Hyung Sik of Strong Woman Do Bong Soon) shows up.",
    ],
)
def test_a_lead_line_after_a_mention_of_the_same_actor_keeps_the_mentions_works(
    mention: str,
) -> None:
    """However the mention spaces the name, the lead line replaces it, without a warning."""
    parsed = parse_post(post(f"{mention}\n\nPark Hyung Sik as Do Min Joon"))
    assert [(c.name, c.role, c.billing, c.works, c.line, c.mentioned) for c in parsed.cast] == [
        ("Park Hyung Sik", "Do Min Joon", "lead", ("Strong Woman Do Bong Soon",), 7, False)
    ]
    assert parsed.warnings == ()


def test_a_supporting_actor_in_an_ensemble_post_stays_supporting() -> None:
    """Without lead lines the synopsis characters lead; a sentence with works still supports."""
    body = "There's Kim Seon Ho (Start-Up) as the friendly chief. It follows Seo Dal Mi (Bae Suzy)."
    assert roles(body) == [
        ("Kim Seon Ho", "the friendly chief", "support"),
        ("Bae Suzy", "Seo Dal Mi", "lead"),
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Seo Dal Mi (Bae Suzy) dreams big.", ("Bae Suzy", "Seo Dal Mi")),
        ("Then Nam Do San (Nam Joo Hyuk) arrives.", ("Nam Joo Hyuk", "Nam Do San")),
        ("Her rival (IU as Lee Ji An) is great.", ("IU", "Lee Ji An")),
        ("Deok Sun (Lee Hye Ri / Hyeri / Girl's Day) is the heart.", ("Lee Hye Ri", "Deok Sun")),
    ],
)
def test_a_synopsis_credit(body: str, expected: tuple[str, str]) -> None:
    """A character at the start of a line, after `Then`, a one-word stage name, a name given
    with others after slashes."""
    assert [(c.name, c.role) for c in cast(body)] == [expected]


@pytest.mark.parametrize(
    "body",
    [
        "Her cousin Young Hee (ha ha) steals scenes.",
        "We first watched Vincenzo (Studio Dragon) on a plane.",
        "And the cameo (Park Bo Gum) made us scream.",
        "The cameos (most of Reply 1988) made us cheer.",
        "The reunion (The Stars of Reply 1988) was sweet.",
        "We watched it ().",
        "Kim Tae Ri as Na Hee Do...",
        "Then as Now",
        "Other Characters\n\nThen as Now",
        ".\n\nWe loved it.\n\n.",
    ],
)
def test_prose_that_names_no_actor(body: str) -> None:
    """Laughter, a studio, a cameo after a plain word, a group of people, a sentence trailing
    off, a subheading, spacer lines: nobody in the cast."""
    assert cast(body) == ()


def test_page_furniture_above_the_headline_names_nobody_in_the_post() -> None:
    before = "Popular: Hospital Playlist (Jo Jung Suk)\n\nOppa and Noona as Reviewers"
    assert cast("We loved it.", before) == ()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("D.O. as Jin Jung", [("D.O.", "Jin Jung", "lead")]),
        ("Kim Nam Gil as Mr. X", [("Kim Nam Gil", "Mr. X", "lead")]),
        (
            "Park Bo Gum as Crown Prince Lee Yeong of Joseon",
            [("Park Bo Gum", "Crown Prince Lee Yeong of Joseon", "lead")],
        ),
        ("Park Bo Gum as Crown Prince Lee Yeong of Old Joseon", []),
    ],
)
def test_a_lead_line(line: str, expected: list[tuple[str, str, str]]) -> None:
    """A stage name with full stops, a one-letter role; a role of six words, not seven."""
    assert roles(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Oh, Bona as Go Yu Rim, Hee Do's rival.", [("Bona", "Go Yu Rim", "support")]),
        (
            "Bona as The Best Friend of the Girl, Hee Do's rival.",
            [("Bona", "The Best Friend of the Girl", "support")],
        ),
        ("Bona as The Best Friend of the Lead Girl, Hee Do's rival.", []),
    ],
)
def test_a_line_under_other_characters(line: str, expected: list[tuple[str, str, str]]) -> None:
    """An interjection before the name is dropped; a role of six words, not seven."""
    assert roles(f"Other Characters\n\n{line}") == expected


def test_a_line_under_other_characters_may_run_to_300_characters() -> None:
    start = "Bona as Go Yu Rim, Hee Do's rival who becomes her friend"
    story = ", and then her teammate on the national team, and then much more than that"
    line = (start + story * 4)[:299] + "."
    assert len(line) == 300
    assert roles(f"Other Characters\n\n{line}") == [("Bona", "Go Yu Rim", "support")]
    assert roles(f"Other Characters\n\n{line[:-1]}s.") == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Then IU (Hotel Del Luna) as the singer.", ("IU", "the singer", ("Hotel Del Luna",))),
        (
            "There's Sun Woo Jae Duk (Who Are You) as the father.",
            ("Sun Woo Jae Duk", "the father", ("Who Are You",)),
        ),
        (
            "There's Yoon Byung Hee(Vincenzo, Hospital Playlist) as his manager.",
            ("Yoon Byung Hee", "his manager", ("Vincenzo", "Hospital Playlist")),
        ),
        (
            "There's Jung Hae In (Snowdrop) as the mysterious Mr. X.",
            ("Jung Hae In", "the mysterious Mr. X", ("Snowdrop",)),
        ),
        (
            "There's Jo Jung Suk (Love and Leashes, Now, We are Breaking Up) as the chef.",
            ("Jo Jung Suk", "the chef", ("Love and Leashes", "Now, We are Breaking Up")),
        ),
    ],
)
def test_a_supporting_sentence(sentence: str, expected: tuple[object, ...]) -> None:
    """One-word and four-word names, no space before the works, a role ending in a letter, known
    titles with `and` or a comma kept whole."""
    assert [(c.name, c.role, c.works) for c in cast(sentence)] == [expected]


@pytest.mark.parametrize(
    ("group", "expected"),
    [
        (
            "(Park Hoon of Descendants of the Sun and Yoon Byung Hee)",
            [("Park Hoon", ("Descendants of the Sun",)), ("Yoon Byung Hee", ())],
        ),
        ("(Sun Woo Jae Duk of Who Are You)", [("Sun Woo Jae Duk", ("Who Are You",))]),
        (
            "(Jo Jung Suk of Hospital Playlist, Love and Leashes, and Now, We are Breaking Up)",
            [("Jo Jung Suk", ("Hospital Playlist", "Love and Leashes", "Now, We are Breaking Up"))],
        ),
    ],
)
def test_a_prose_mention(group: str, expected: list[tuple[str, tuple[str, ...]]]) -> None:
    """A person after a works list, a four-word name, known titles with `and` or a comma."""
    assert [(c.name, c.works) for c in cast(f"Their friends {group} steal scenes.")] == expected
