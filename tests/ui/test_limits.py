"""Discord's limits: every embed the bot builds fits, long text is cut or split, never lost."""

from __future__ import annotations

from datetime import date

import discord

from dramabot.domain.answers import ReviewAnswer
from dramabot.domain.models import Credit, Drama, Person, Review, Score
from dramabot.ui import embeds, limits


def embed_problems(embed: discord.Embed) -> list[str]:
    """Every way the embed as it would be sent (`to_dict()`) breaks Discord's limits."""
    data = embed.to_dict()
    problems: list[str] = []

    def check(part: str, text: object, limit: int, required: bool = False) -> int:
        if text is None:
            return 0
        if not isinstance(text, str):
            problems.append(f"{part} is not a string: {text!r:.40}")
            return 0
        if len(text) > limit:
            problems.append(f"{part} has {len(text)} characters, over {limit}")
        if required and not text.strip():
            problems.append(f"{part} is blank")
        return len(text)

    total = check("title", data.get("title"), limits.TITLE)
    total += check("description", data.get("description"), limits.DESCRIPTION)
    fields = data.get("fields", [])
    if len(fields) > limits.FIELDS:
        problems.append(f"{len(fields)} fields, over {limits.FIELDS}")
    for number, field in enumerate(fields, start=1):
        total += check(f"field {number} name", field.get("name"), limits.FIELD_NAME, True)
        total += check(f"field {number} value", field.get("value"), limits.FIELD_VALUE, True)
    if "footer" in data:
        total += check("footer", data["footer"].get("text"), limits.FOOTER, True)
    if "author" in data:
        total += check("author", data["author"].get("name"), limits.AUTHOR, True)
    if total > limits.EMBED_TOTAL:
        problems.append(f"{total} characters in all, over {limits.EMBED_TOTAL}")
    return problems


def within_limits(embed: discord.Embed) -> bool:
    """True when Discord would accept the embed."""
    return not embed_problems(embed)


BUTTON_LABEL = 80
ROWS = 5
PER_ROW = 5
SELECT_PLACEHOLDER = 150


def view_problems(view: discord.ui.View | None) -> list[str]:
    """Every way a view's components as sent (`to_components()`) break Discord's limits."""
    if view is None:
        return []
    rows = view.to_components()
    problems = [f"{len(rows)} rows, over {ROWS}"] if len(rows) > ROWS else []
    items = [item for row in rows for item in row["components"]]
    if len(items) > limits.BUTTONS:
        problems.append(f"{len(items)} components, over {limits.BUTTONS}")
    for number, row in enumerate(rows, start=1):
        kinds = [item["type"] for item in row["components"]]
        if len(kinds) > PER_ROW or (len(kinds) > 1 and any(k != 2 for k in kinds)):
            problems.append(f"row {number} holds {kinds}: at most 5 buttons or one menu")
    for item in items:
        custom_id = item.get("custom_id")
        if custom_id is not None and not 1 <= len(custom_id) <= limits.CUSTOM_ID:
            problems.append(f"custom_id {custom_id!r:.120} is not 1 to {limits.CUSTOM_ID} long")
        if item["type"] == 2 and len(item.get("label") or "") > BUTTON_LABEL:
            problems.append(f"button label {item['label']!r:.100} is over {BUTTON_LABEL}")
        if item["type"] != 3:
            continue
        options = item.get("options", [])
        if not 1 <= len(options) <= limits.SELECT_OPTIONS:
            problems.append(f"{len(options)} menu options, not 1 to {limits.SELECT_OPTIONS}")
        if len({o["value"] for o in options}) != len(options):
            problems.append("two menu options share a value")
        if len(item.get("placeholder") or "") > SELECT_PLACEHOLDER:
            problems.append("menu placeholder over 150")
        for option in options:
            for key in ("label", "value", "description"):
                text = option.get(key)
                if text is not None and not 1 <= len(text) <= limits.SELECT_LABEL:
                    problems.append(f"menu option {key} {text!r:.120} is not 1 to 100 long")
    return problems


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
