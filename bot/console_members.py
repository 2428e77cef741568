"""The members' commands in the console, for its one local user: `/favourite`, `/follow`,
`/seen`, `/want`, `/rate`, `/watchlist`, `/taste` and `/me`, answered as in Discord."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TextIO

from dramabot.domain.errors import UserFacingError
from dramabot.domain.members import LOCAL_USER, Mark
from dramabot.service import DramaService
from dramabot.ui.members import (
    export_json,
    favourites_card,
    follows_card,
    marked_reply,
    rated_reply,
    taste_card,
    watchlist_card,
)

if TYPE_CHECKING:
    from discord import Embed

#: Each member command's options, the first one taking the text before any `name:`.
MEMBER_OPTIONS: dict[str, tuple[str, ...]] = {
    "favourite": ("name",),
    "follow": ("title", "actor"),
    "seen": ("title",),
    "want": ("title",),
    "rate": ("title", "score", "note"),
    "watchlist": ("length", "random"),
    "taste": (),
    "me": ("pings", "share_taste"),
}
_YES, _NO = ("on", "yes", "true", "1"), ("off", "no", "false", "0")

Action = Callable[[str], Awaitable[list["Embed"]]]
Parse = Callable[[str, tuple[str, ...]], dict[str, str]]


class MemberConsole:
    """The members' commands for the console's `handle`; text replies go to `out`."""

    def __init__(self, service: DramaService, out: TextIO, parse: Parse) -> None:
        self.members = service.members
        self.out = out
        self.parse = parse

    def commands(self) -> dict[str, Action]:
        return {
            "favourite": self._favourite,
            "follow": self._follow,
            "seen": self._seen,
            "want": self._want,
            "rate": self._rate,
            "watchlist": self._watchlist,
            "taste": self._taste,
            "me": self._me,
        }

    def _options(self, command: str, rest: str) -> dict[str, str]:
        return self.parse(rest, MEMBER_OPTIONS[command])

    async def _favourite(self, rest: str) -> list[Embed]:
        action, name = _action(rest, ("add", "remove", "list"), "/favourite add NAME")
        if action == "list":
            return [favourites_card(await self.members.favourites(LOCAL_USER))]
        person, changed = await self.members.favourite(LOCAL_USER, name, on=action == "add")
        verb = {
            ("add", True): "is now one of your favourites",
            ("add", False): "was already a favourite",
            ("remove", True): "is no longer a favourite",
            ("remove", False): "was not a favourite",
        }[(action, changed)]
        return self._say(f"{person.name} {verb}.")

    async def _follow(self, rest: str) -> list[Embed]:
        action, what = _action(rest, ("add", "remove", "list"), "/follow add title: TITLE")
        if action == "list":
            pings, _ = await self.members.settings(LOCAL_USER)
            return [follows_card(await self.members.follows(LOCAL_USER), pings)]
        options = self._options("follow", what)
        name, changed = await self.members.follow(
            LOCAL_USER, title=options.get("title"), actor=options.get("actor"), on=action == "add"
        )
        if action == "add":
            return self._say(f"You follow {name}." if changed else f"You already follow {name}.")
        return self._say(
            f"You no longer follow {name}." if changed else f"You did not follow {name}."
        )

    async def _seen(self, rest: str) -> list[Embed]:
        return await self._mark(rest, "seen")

    async def _want(self, rest: str) -> list[Embed]:
        return await self._mark(rest, "want")

    async def _mark(self, rest: str, mark: Mark) -> list[Embed]:
        title = self._options(mark, rest).get("title", "")
        drama, before = await self.members.mark(LOCAL_USER, title, mark)
        return self._say(marked_reply(drama, mark, before))

    async def _rate(self, rest: str) -> list[Embed]:
        options = self._options("rate", rest)
        try:
            score = float(options["score"].replace(",", "."))
        except (KeyError, ValueError):
            raise UserFacingError(
                "Give a score from 0 to 5: /rate TITLE score: 4.5 [note: a few words]"
            ) from None
        drama, rating = await self.members.rate_title(
            LOCAL_USER, options.get("title", ""), score, options.get("note")
        )
        return self._say(rated_reply(drama, rating))

    async def _watchlist(self, rest: str) -> list[Embed]:
        options = self._options("watchlist", rest)
        pick = _switch(options.get("random"), "random") or False
        return [
            watchlist_card(await self.members.watchlist(LOCAL_USER, options.get("length"), pick))
        ]

    async def _taste(self, rest: str) -> list[Embed]:
        return [taste_card(await self.members.taste(LOCAL_USER))]

    async def _me(self, rest: str) -> list[Embed]:
        action, what = _action(rest, ("settings", "export", "forget"), "/me settings pings: on")
        if action == "export":
            print(export_json(await self.members.export(LOCAL_USER)), file=self.out)
            return []
        if action == "forget":
            if what.strip().lower() != "confirm":
                raise UserFacingError(
                    "This deletes everything of yours. Type /me forget confirm to go ahead."
                )
            removed = await self.members.forget(LOCAL_USER)
            return self._say(f"Done: {removed} records deleted.")
        options = self._options("me", what)
        pings, sharing = await self.members.settings(
            LOCAL_USER,
            _switch(options.get("pings"), "pings"),
            _switch(options.get("share_taste"), "share_taste"),
        )
        return self._say(
            f"Pings for new reviews: {'on' if pings else 'off'}. "
            f"Taste shared for /taste: {'yes' if sharing else 'no'}."
        )

    def _say(self, text: str) -> list[Embed]:
        print(text, file=self.out)
        return []


def _action(rest: str, actions: tuple[str, ...], example: str) -> tuple[str, str]:
    """The first word as one of `actions` and the rest; `UserFacingError` naming them."""
    word, _, what = rest.strip().partition(" ")
    if word.lower() not in actions:
        raise UserFacingError(f"Say {', '.join(actions)}: {example}")
    return word.lower(), what


def _switch(value: str | None, name: str) -> bool | None:
    if value is None:
        return None
    if value.strip().lower() in _YES:
        return True
    if value.strip().lower() in _NO:
        return False
    raise UserFacingError(f"{name} is on or off, not '{value[:20]}'.")
