"""Issue #5, hostile input: whatever the store holds (2000-character titles in emoji, Hangul,
combining marks and markdown, 300-strong casts, 100k-character posts, 100 recommendations, actors
with hundreds of credits), every embed and view the bot builds is one Discord accepts, no review
text or list entry is lost to the cuts, and the console renders every page.

Measured on what would be sent: `Embed.to_dict()` and `View.to_components()`; the checks are
`embed_problems` / `view_problems` in tests/ui/test_limits.py.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import discord
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dramabot.domain import answers
from dramabot.domain.answers import ReviewAnswer
from dramabot.domain.errors import UserFacingError
from dramabot.domain.models import (
    ActorProfile,
    Billing,
    Credit,
    Drama,
    Person,
    Recommendation,
    Review,
    Score,
)
from dramabot.domain.names import clean
from dramabot.domain.recommend import RecommendQuery
from dramabot.domain.reports import FileOutcome, ImportReport
from dramabot.ui import embeds, limits, views
from dramabot.ui.text import embed_to_text
from tests.support.limits import embed_problems, view_problems

SETTINGS = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)

#: Pieces hostile text is made of: emoji (one a ZWJ sequence), Hangul, a combining mark, every
#: markdown character, mentions, a URL.
TOKENS = (
    "Kim", "Soundtrack #1", "드라마", "한", "😀", "\U0001f469\u200d\U0001f469\u200d\U0001f467",
    "e\u0301", "\u0301", "**", "*", "_", "`", "~~", "||", ">", "#", "@everyone", "@here", "<@123>",
    "https://example.com/a?b=c", "…", " ",
)  # fmt: skip
MARK = re.compile(r"⟦(\d+)⟧")


@st.composite
def hostile(draw: st.DrawFn, min_size: int, max_size: int) -> str:
    """Text of `min_size` to `max_size` characters repeating a few hostile tokens, cleaned the
    way every stored title and name is (no control characters, whitespace folded)."""
    pattern = "".join(draw(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=6)))
    size = draw(st.one_of(st.integers(min_size, max_size), st.sampled_from((min_size, max_size))))
    return clean((pattern * (size // len(pattern) + 1))[:size]) or "X"


def short_or_huge(max_size: int) -> st.SearchStrategy[str]:
    return hostile(1, max_size)


@st.composite
def dramas(draw: st.DrawFn, drama_id: int = 1, prefix: str = "") -> Drama:
    return Drama(
        id=drama_id,
        title=prefix + draw(short_or_huge(2000)),
        year=draw(st.none() | st.integers(1900, 2100)),
        episodes=draw(st.none() | st.integers(1, 10_000)),
        episode_minutes=draw(st.none() | st.integers(1, 10_000)),
        genres=tuple(draw(st.lists(short_or_huge(300), max_size=30))),
        network=draw(st.none() | short_or_huge(2000)),
        synopsis=draw(st.none() | hostile(0, 20_000)),
        aliases=tuple(draw(st.lists(short_or_huge(500), max_size=30))),
    )


@st.composite
def casts(draw: st.DrawFn, drama: Drama, max_size: int = 300) -> tuple[Credit, ...]:
    """0 to 300 credits, the names and roles cycling through a few long ones."""
    count = draw(st.integers(0, max_size))
    names = draw(st.lists(short_or_huge(300), min_size=1, max_size=4))
    roles = draw(st.lists(st.none() | short_or_huge(600), min_size=1, max_size=4))
    billings: list[Billing] = draw(
        st.lists(st.sampled_from(("lead", "support", "guest", "mention")), min_size=1, max_size=4)
    )
    return tuple(
        Credit(
            Person(n, f"{names[n % len(names)]} {n}"),
            drama,
            roles[n % len(roles)],
            billings[n % len(billings)],
        )
        for n in range(count)
    )


WORDS = st.one_of(
    st.sampled_from(("word", "드라마를", "😀", "e\u0301", "**bold**", "@everyone", "a")),
    st.integers(1, 12_000).map(lambda n: "https://example.com/" + "x" * n),  # longer than a page
)


@st.composite
def review_texts(draw: st.DrawFn) -> str:
    """Up to ~100k characters: paragraphs, single line breaks, runs of spaces or one endless
    paragraph; now and then a word or URL longer than a page."""
    words = draw(st.lists(WORDS, min_size=1, max_size=5))
    count = draw(st.one_of(st.integers(0, 40), st.integers(1000, 20_000)))
    every = draw(st.sampled_from((0, 1, 9, 60, 700)))
    separator = draw(st.sampled_from((" ", "   ", "\n", " \n ")))
    parts = []
    for n in range(count):
        parts.append(words[n % len(words)])
        parts.append("\n\n" if every and n % every == every - 1 else separator)
    return "".join(parts)[:100_000]


@st.composite
def review_answers(draw: st.DrawFn) -> ReviewAnswer:
    drama = draw(dramas())
    catalogue_cast = draw(casts(drama))
    if draw(st.booleans()):
        return ReviewAnswer(drama, None, catalogue_cast)
    scores = tuple(
        Score(draw(short_or_huge(100)), draw(st.floats(0, 5)))
        for _ in range(draw(st.integers(0, 12)))
    )
    review = Review(
        id=1,
        drama=drama,
        posted_on=draw(st.none() | st.dates(date(1900, 1, 1), date(2100, 12, 31))),
        headline=draw(short_or_huge(2000)),
        text=draw(review_texts()),
        source_name="post.txt",
        content_hash="h",
        scores=scores,
        episodes=draw(st.none() | st.integers(1, 10_000)),
        episode_minutes=draw(st.none() | st.integers(1, 10_000)),
        cast=draw(casts(drama)),
    )
    return ReviewAnswer(drama, review, catalogue_cast)


def non_space(text: str) -> str:
    return "".join(text.split())


def assert_sendable(built: list[discord.Embed]) -> None:
    """Every page fits, renders in the console, and its paging buttons fit too."""
    assert built, "an answer always has a page"
    for number, embed in enumerate(built):
        assert embed_problems(embed) == [], f"page {number + 1}"
        assert embed_to_text(embed)
        view = views.pager(answers.review_ref(1), number, len(built), 2**64 - 1)
        assert view_problems(view) == []


@SETTINGS
@given(review_answers())
def test_every_review_page_fits_and_no_word_of_the_post_is_lost(answer: ReviewAnswer) -> None:
    built = embeds.review_pages(answer)
    assert_sendable(built)
    if answer.review is None:
        assert len(built) == 1
        return
    text = answer.review.text
    shown = [page.description or "" for page in built[1:]]
    # Every character but whitespace, in order: the pages concatenated are the post.
    assert non_space("".join(shown)) == non_space(text)
    if all(len(word) < embeds.FULL_TEXT_PAGE // 2 for word in text.split()):
        assert [w for page in shown for w in page.split()] == text.split()  # no word cut in two
    if not text.strip():  # known by its facts only: one card, no pages of text
        assert len(built) == 1 and built[0].description == embeds.FROM_THE_BLOG
        return
    for number, page in enumerate(built, start=1):
        assert page.footer.text and f"page {number}/{len(built)}" in page.footer.text


@st.composite
def queries(draw: st.DrawFn) -> RecommendQuery:
    """Any query the /recommend command can ask (its option ranges), ids up to 2**31."""
    ids = st.integers(1, 2**31)
    actor = draw(st.none() | st.builds(Person, ids, short_or_huge(2000)))
    like = draw(st.none() | st.builds(Drama, ids, short_or_huge(2000)))
    query = dict(
        actor=actor,
        like=like,
        short=draw(st.booleans()),
        max_episodes=draw(st.none() | st.integers(1, 1000)),
        max_hours=draw(st.none() | st.floats(0.5, 1000)),
        min_score=draw(st.none() | st.floats(0, 5)),
        limit=draw(st.integers(*RecommendQuery.RESULTS)),
    )
    try:
        return RecommendQuery(**query)  # type: ignore[arg-type]
    except UserFacingError:  # nothing asked: the command refuses it before any embed
        return RecommendQuery(**{**query, "short": True})  # type: ignore[arg-type]


@st.composite
def picks(draw: st.DrawFn) -> list[Recommendation]:
    count = draw(st.integers(0, 100))
    reasons = draw(st.lists(st.just("   ") | hostile(0, 3000), min_size=1, max_size=3))
    base = draw(dramas())
    scores = draw(st.lists(st.none() | st.floats(0, 5), min_size=1, max_size=3))
    return [
        Recommendation(
            replace(base, id=n, title=f"⟦{n + 1}⟧ {base.title}"),
            scores[n % len(scores)],
            reasons[n % len(reasons)],
        )
        for n in range(count)
    ]


@SETTINGS
@given(queries(), picks())
def test_every_recommendation_page_fits_and_lists_every_pick(
    query: RecommendQuery, chosen: list[Recommendation]
) -> None:
    built = embeds.recommendation_pages(query, chosen)
    assert_sendable(built)
    names = [field.name or "" for page in built for field in page.fields]
    # Each pick once, in rank order, its rank and title shown: none dropped to fit 6000.
    assert [int(MARK.search(name)[1]) for name in names if MARK.search(name)] == list(
        range(1, len(chosen) + 1)
    )
    assert [name.split(".")[0] for name in names if MARK.search(name)] == [
        str(n) for n in range(1, len(chosen) + 1)
    ]


@st.composite
def profiles(draw: st.DrawFn) -> ActorProfile:
    person = Person(1, draw(short_or_huge(2000)), tuple(draw(st.lists(short_or_huge(2000)))))
    base = draw(dramas())
    credits = tuple(
        replace(credit, drama=replace(base, id=n, title=f"⟦{n}⟧ {base.title}"))
        for n, credit in enumerate(draw(casts(base, max_size=600)))
    )
    scores = tuple(Score(draw(short_or_huge(100)), 4.5) for _ in range(draw(st.integers(0, 20))))
    reviewed = {c.drama.id: scores for c in credits if scores and c.drama.id % 3 == 0}
    return ActorProfile(person, credits, reviewed)


@SETTINGS
@given(profiles())
def test_every_actor_page_fits_and_lists_every_credit(profile: ActorProfile) -> None:
    built = embeds.actor_pages(profile)
    assert_sendable(built)
    shown = [int(m) for page in built for m in MARK.findall(page.description or "")]
    assert shown == [credit.drama.id for credit in profile.credits]


FILE_NAMES = st.sampled_from(
    ("post.txt", "../../etc/passwd", "@everyone.txt", "**bold**.md", "a\nb.txt", "x" * 3000)
)


@st.composite
def reports(draw: st.DrawFn) -> ImportReport:
    count = draw(st.integers(0, 300))
    names = draw(st.lists(FILE_NAMES, min_size=1, max_size=4))
    details = draw(st.lists(hostile(1, 3000), min_size=1, max_size=3))
    warnings = draw(st.lists(hostile(1, 500), max_size=5))
    statuses = draw(st.lists(st.sampled_from(("added", "failed", "unchanged")), min_size=1))
    return ImportReport(
        [
            FileOutcome(
                f"{n}-{names[n % len(names)]}",
                statuses[n % len(statuses)],
                details[n % len(details)],
                tuple(warnings),
            )
            for n in range(count)
        ]
    )


@SETTINGS
@given(reports())
def test_the_import_summary_fits_and_names_the_failures_first(report: ImportReport) -> None:
    embed = embeds.import_report(report)
    assert_sendable([embed])
    assert embed.title and report.summary() in embed.title
    if report.failed:
        first = next(o for o in report.outcomes if o.status == "failed")
        assert (embed.description or "").startswith("**failed**")
        assert first.name.split("/")[-1][:40] in (embed.description or "")


def test_the_help_card_fits() -> None:
    assert_sendable([embeds.help_card()])


@SETTINGS
@given(
    st.one_of(
        st.integers(1, 2**63 - 1).map(answers.review_ref),
        st.integers(1, 2**63 - 1).map(answers.actor_ref),
        queries().map(answers.recommend_ref),
    ),
    st.integers(2, 60),
    st.data(),
    st.integers(0, 2**64 - 1),
)
def test_paging_buttons_fit_and_survive_a_restart(
    ref: answers.AnswerRef, total: int, data: st.DataObject, owner: int
) -> None:
    page = data.draw(st.integers(0, total - 1))
    view = views.pager(ref, page, total, owner)
    assert view is not None and view_problems(view) == []
    template = views.PageButton.__discord_ui_compiled_template__
    ids = [c["custom_id"] for row in view.to_components() for c in row["components"]]
    turning = [i for i in ids if i.startswith("db:p:")]
    assert len(turning) == 2 and all(template.fullmatch(i) for i in turning)
    match = template.fullmatch(turning[1])
    assert match and (match["kind"], match["key"]) == (ref.kind, ref.key)
    assert int(match["page"]) == min(page + 1, total - 1) and int(match["owner"]) == owner


@SETTINGS
@given(queries())
def test_a_recommend_button_rebuilds_the_same_query(query: RecommendQuery) -> None:
    ref = answers.recommend_ref(query)
    decoded = answers.decode_recommend(ref.key)
    assert decoded.actor_id == (query.actor and query.actor.id)
    assert decoded.like_id == (query.like and query.like.id)
    assert (decoded.short, decoded.max_episodes, decoded.limit) == (
        query.short,
        query.max_episodes,
        query.limit,
    )
    pairs = ((query.max_hours, decoded.max_hours), (query.min_score, decoded.min_score))
    for asked, rebuilt in pairs:
        assert (asked is None) == (rebuilt is None)
        if asked is not None and rebuilt is not None:
            assert abs(asked - rebuilt) <= 1e-5 * max(1.0, asked)


@SETTINGS
@given(
    st.lists(st.tuples(short_or_huge(2000), st.none() | st.integers(1900, 2100)), min_size=2),
    st.integers(0, 100),
    st.integers(0, 2**64 - 1),
)
def test_the_pick_one_menu_fits(
    titles: list[tuple[str, int | None]], count: int, owner: int
) -> None:
    """Up to 100 dramas fit one name: the menu offers the first 25, the prompt stays a message."""
    found = [Drama(n + 1, *titles[n % len(titles)]) for n in range(max(count, 2))]
    view = views.pick_drama_view(found, owner)
    assert view_problems(view) == []
    options = view.to_components()[0]["components"][0]["options"]
    assert [o["value"] for o in options] == [str(d.id) for d in found[: limits.SELECT_OPTIONS]]
    prompt = views.pick_drama_prompt(found)
    assert 0 < len(prompt) <= limits.CONTENT and prompt.endswith("which one?")


JSON_TEXT = st.one_of(st.none(), st.integers(), st.text(max_size=50), hostile(0, 5000))


@SETTINGS
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "title": JSON_TEXT,
            "description": JSON_TEXT,
            "footer": st.fixed_dictionaries({}, optional={"text": JSON_TEXT}),
            "fields": st.lists(
                st.fixed_dictionaries(
                    {}, optional={"name": JSON_TEXT, "value": JSON_TEXT, "inline": st.booleans()}
                ),
                max_size=30,
            ),
        },
    )
)
def test_the_console_renders_any_embed(payload: dict[str, object]) -> None:
    """Whatever an embed holds (missing names, numbers, markdown left open), it prints."""
    rendered = embed_to_text(discord.Embed.from_dict(payload))
    assert rendered.endswith("\n")
    title = payload.get("title")
    if isinstance(title, str) and title:
        assert rendered.startswith(title)
