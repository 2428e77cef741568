"""Discord's limits as checks: every way an embed or a view would be refused."""

from __future__ import annotations

import discord

from dramabot.ui import limits


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
