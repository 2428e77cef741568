"""Discord's limits: every embed the bot builds fits, long text is cut or split, never lost."""

from __future__ import annotations

from datetime import date

import discord

from dramabot.domain.answers import ReviewAnswer
from dramabot.domain.models import Credit, Drama, Person, Review, Score
from dramabot.ui import embeds, limits
from tests.support.limits import within_limits


def test_fit_embed_cuts_every_part_with_an_ellipsis() -> None:
    embed = discord.Embed(title="T" * 300, description="D" * 5000)
    for number in range(30):
        embed.add_field(name="N" * 300, value=f"{number} " + "V" * 2000)
    embed.set_footer(text="F" * 3000)
    fitted = limits.fit_embed(embed)
    assert within_limits(fitted)
    assert fitted.title and fitted.title.endswith(limits.ELLIPSIS) and len(fitted.title) == 256
    assert fitted.fields and fitted.fields[0].value.startswith("0 ")  # first fields kept


def test_split_text_keeps_every_word() -> None:
    text = "\n\n".join(f"Paragraph {n}: " + "word " * 300 for n in range(20))
    pages = limits.split_text(text, 4000)
    assert all(len(p) <= 4000 for p in pages)
    assert " ".join(pages).split() == text.split()


def test_a_huge_review_still_fits_and_pages() -> None:
    drama = Drama(1, "A" * 400, 2020, episodes=16, episode_minutes=60, genres=("Romance",) * 10)
    person = Person(1, "P" * 300)
    cast = tuple(
        Credit(person, drama, "R" * 500, "lead" if i < 5 else "support") for i in range(60)
    )
    review = Review(
        1, drama, date(2020, 1, 1), "K Drama Review: " + "A" * 400, "Long text. " * 5000,
        "x.txt", "h", (Score("Oppa", 4.5), Score("Noona", 5.0)), 16, 60, cast,
    )  # fmt: skip
    pages = embeds.review_pages(ReviewAnswer(drama, review, cast))
    assert len(pages) > 10 and all(within_limits(p) for p in pages)
    assert pages[0].title and pages[0].title.endswith(limits.ELLIPSIS)


def test_an_announcement_pings_at_most_twenty_named_followers() -> None:
    from dramabot.domain.answers import ReviewAnswer
    from dramabot.domain.models import Drama
    from dramabot.ui.views import announcement, thread_name

    answer = ReviewAnswer(Drama(1, "Winter Radio", 2024, "drama"), None, ())
    few = announcement(answer, list(range(1, 21)))
    assert few["content"].count("<@") == 20
    assert few["allowed_mentions"].to_dict() == {"parse": [], "users": list(range(1, 21))}
    crowd = announcement(answer, list(range(1, 22)))
    assert "<@" not in crowd["content"] and "21 members here follow it" in crowd["content"]
    assert crowd["allowed_mentions"].to_dict() == {"parse": []}
    assert thread_name(answer) == "Talk about Winter Radio (2024)"
    assert announcement(answer)["allowed_mentions"].to_dict() == {"parse": []}
