"""A light twin of `discord.Embed` for the terminal: the CLI and the console render the same
builders without loading discord.py and aiohttp (about 0.2 s of a one-shot command's start).

`new_embed` gives a real `discord.Embed` whenever discord.py is loaded (the bot, the tests), else
a `Card`, which has the part of the Embed API the builders, `limits.fit_embed` and
`text.embed_to_text` use, counted as Discord counts it (`len`). A test renders every builder
both ways and compares the text and the sizes."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from discord import Embed


class _Part:
    """A footer, author or field: its keys as attributes, None when unset (as `EmbedProxy`)."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)

    def __getattr__(self, name: str) -> None:
        return None


class Card:
    """An embed's title, description, link, colour, fields, footer and author."""

    def __init__(
        self,
        *,
        title: Any = None,
        description: Any = None,
        url: Any = None,
        colour: int | None = None,
    ) -> None:
        self.title = None if title is None else str(title)
        self.description = None if description is None else str(description)
        self.url = None if url is None else str(url)
        self.colour = colour
        self._fields: list[dict[str, Any]] = []
        self._footer: dict[str, Any] = {}
        self._author: dict[str, Any] = {}

    @property
    def fields(self) -> list[_Part]:
        return [_Part(dict(field)) for field in self._fields]

    @property
    def footer(self) -> _Part:
        return _Part(self._footer)

    @property
    def author(self) -> _Part:
        return _Part(self._author)

    def add_field(self, *, name: Any, value: Any, inline: bool = True) -> Card:
        self._fields.append({"name": str(name), "value": str(value), "inline": inline})
        return self

    def set_field_at(self, index: int, *, name: Any, value: Any, inline: bool = True) -> Card:
        self._fields[index] = {"name": str(name), "value": str(value), "inline": inline}
        return self

    def remove_field(self, index: int) -> None:
        del self._fields[index]

    def clear_fields(self) -> None:
        self._fields.clear()

    def set_footer(self, *, text: Any = None, icon_url: Any = None) -> Card:
        self._footer = {}
        if text is not None:
            self._footer["text"] = str(text)
        if icon_url is not None:
            self._footer["icon_url"] = str(icon_url)
        return self

    def remove_footer(self) -> Card:
        self._footer = {}
        return self

    def set_author(self, *, name: Any, url: Any = None) -> Card:
        self._author = {"name": str(name)} | ({"url": str(url)} if url is not None else {})
        return self

    def remove_author(self) -> Card:
        self._author = {}
        return self

    def __len__(self) -> int:
        """The characters Discord counts towards an embed's 6000 (as `discord.Embed` counts)."""
        total = len(self.title or "") + len(self.description or "")
        total += sum(len(field["name"]) + len(field["value"]) for field in self._fields)
        return total + len(self._footer.get("text", "")) + len(self._author.get("name", ""))


def new_embed(
    *, title: str | None = None, description: str | None = None, colour: int | None = None
) -> Embed:
    """A `discord.Embed` when discord.py is loaded, else a `Card` (the terminal's)."""
    discord = sys.modules.get("discord")
    if discord is not None and hasattr(discord, "Embed"):
        return discord.Embed(title=title, description=description, colour=colour)
    return Card(title=title, description=description, colour=colour)  # type: ignore[return-value]
