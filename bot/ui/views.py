"""Buttons and menus: paging that survives restarts (DynamicItem), and the pick-one menu for
names that fit several dramas. Only the member who asked can use them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Protocol

import discord

from dramabot.domain.answers import Answer, AnswerRef, ReviewAnswer, referenced_id, review_ref
from dramabot.domain.members import MAX_MENTIONS, Member
from dramabot.domain.models import Drama
from dramabot.ui import embeds
from dramabot.ui.embeds import READ_ON_THE_BLOG
from dramabot.ui.limits import CONTENT, SELECT_LABEL, SELECT_OPTIONS, cut
from dramabot.ui.member_views import member_buttons, member_of
from dramabot.ui.pages import render
from dramabot.ui.respond import reply_to_error, send

TITLE_IN_PROMPT = 200
THREAD_NAME = 100
NEW_REVIEW = "A new review is up!"
NOT_YOURS = "Only the person who asked can use these buttons. Run the command yourself!"


class AnswerSource(Protocol):
    """Where the buttons get the answer a reference names (the bot's service)."""

    async def answer(self, ref: AnswerRef, member: Member | None = None) -> Answer: ...


def source_of(interaction: discord.Interaction) -> AnswerSource:
    """The answer source the bot was created with."""
    return interaction.client.service  # type: ignore[attr-defined, no-any-return]


async def pages_of(interaction: discord.Interaction, ref: AnswerRef) -> list[discord.Embed]:
    """The pages a reference names, rebuilt from the store as it is now."""
    return render(await source_of(interaction).answer(ref, member_of(interaction)))


class PageButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"db:p:(?P<kind>review|actor|recommend):(?P<key>[\w,.]{1,60}):(?P<page>\d{1,3}):(?P<owner>\d{1,20})",
):
    """A paging button whose custom_id says which answer, which page and whose it is."""

    def __init__(
        self, ref: AnswerRef, page: int, owner_id: int, label: str, disabled: bool
    ) -> None:
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.secondary,
                custom_id=f"db:p:{ref.kind}:{ref.key}:{page}:{owner_id}",
                disabled=disabled,
            )
        )
        self.ref, self.page, self.owner_id = ref, page, owner_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button[Any], match: re.Match[str]
    ) -> PageButton:
        ref = AnswerRef(match["kind"], match["key"])  # type: ignore[arg-type]
        return cls(ref, int(match["page"]), int(match["owner"]), item.label or "", item.disabled)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return await _owner_only(interaction, self.owner_id)

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            pages = await pages_of(interaction, self.ref)
            page = min(self.page, len(pages) - 1)
            await interaction.response.edit_message(
                embed=pages[page],
                view=pager(self.ref, page, len(pages), self.owner_id, post_link(pages)),
            )
        except Exception as error:  # a button must never leave "This interaction failed"
            await reply_to_error(interaction, error)


class PickDrama(
    discord.ui.DynamicItem[discord.ui.Select[Any]],
    template=r"db:pick:(?P<owner>\d{1,20})",
):
    """A menu of the dramas a name fits (`High Society (2015)`, `High Society (2018)`)."""

    def __init__(self, owner_id: int, options: list[discord.SelectOption]) -> None:
        super().__init__(
            discord.ui.Select(
                custom_id=f"db:pick:{owner_id}",
                placeholder="Several dramas have this name: pick one",
                options=options,
            )
        )
        self.owner_id = owner_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Select[Any], match: re.Match[str]
    ) -> PickDrama:
        return cls(int(match["owner"]), item.options)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return await _owner_only(interaction, self.owner_id)

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            ref = review_ref(int(self.item.values[0]))
            pages = await pages_of(interaction, ref)
            await interaction.response.edit_message(
                embed=pages[0], view=pager(ref, 0, len(pages), self.owner_id, post_link(pages))
            )
        except Exception as error:  # a menu must never leave "This interaction failed"
            await reply_to_error(interaction, error)


def pager(
    ref: AnswerRef, page: int, total: int, owner_id: int, link: str | None = None
) -> discord.ui.View | None:
    """Previous / page x of y / next, and a link to the blog post when there is one; a review's
    Seen, Want and Rate below; None for a single page with none of them."""
    members = ref.kind == "review"
    if total <= 1 and not link and not members:
        return None
    view = discord.ui.View(timeout=None)
    if total > 1:
        view.add_item(PageButton(ref, max(page - 1, 0), owner_id, "◀ Previous", page == 0))
        counter = discord.ui.Button(
            label=f"{page + 1} / {total}", disabled=True, custom_id=f"db:c:{owner_id}"
        )
        view.add_item(counter)
        last = page >= total - 1
        view.add_item(PageButton(ref, min(page + 1, total - 1), owner_id, "Next ▶", last))
    if link:
        view.add_item(_link_button(link))
    if members:
        for item in member_buttons(referenced_id(ref)):
            view.add_item(item)
    return view


def announcement(answer: ReviewAnswer, followers: Sequence[int] = ()) -> dict[str, Any]:
    """The message announcing a new review: its card, a button to the post when known, Seen,
    Want and Rate. Its followers are mentioned, and only they can be pinged: at most
    `MAX_MENTIONS`; beyond that nobody is, and a thread is made for them to join."""
    pages = embeds.review_pages(answer)
    view = discord.ui.View(timeout=None)
    if (link := post_link(pages)) is not None:
        view.add_item(_link_button(link))
    for item in member_buttons(answer.drama.id):
        view.add_item(item)
    content, pinged = NEW_REVIEW, discord.AllowedMentions.none()
    if 0 < len(followers) <= MAX_MENTIONS:
        content += " " + " ".join(f"<@{user_id}>" for user_id in followers)
        pinged = discord.AllowedMentions(
            everyone=False,
            roles=False,
            replied_user=False,
            users=[discord.Object(i) for i in followers],
        )
    elif followers:
        content += f" {len(followers)} members here follow it: join the thread below."
    return {"content": content, "embed": pages[0], "view": view, "allowed_mentions": pinged}


def thread_name(answer: ReviewAnswer) -> str:
    """The thread an announcement with more followers than `MAX_MENTIONS` opens."""
    return cut(f"Talk about {answer.drama.label}", THREAD_NAME)


def _link_button(link: str) -> discord.ui.Button[discord.ui.View]:
    return discord.ui.Button(label=READ_ON_THE_BLOG, url=link)


def post_link(pages: list[discord.Embed]) -> str | None:
    """The address of the blog post an answer's first page (a review card) links to."""
    url = pages[0].url if pages else None
    return url if isinstance(url, str) and url.startswith(("https://", "http://")) else None


async def send_pick_drama(
    interaction: discord.Interaction,
    dramas: list[Drama],
    ephemeral: bool = False,
    note: str | None = None,
) -> None:
    """Ask which drama was meant when a typed name fits several equally well (after the
    `note` on what was asked and is not there, such as a season the catalogue lacks)."""
    await send(
        interaction,
        content=pick_drama_prompt(dramas, note),
        view=pick_drama_view(dramas, interaction.user.id),
        ephemeral=ephemeral,
    )


def pick_drama_prompt(dramas: list[Drama], note: str | None = None) -> str:
    """`Several dramas are called High Society; which one?`, within a message's 2000 characters
    whatever the title's length."""
    if note:
        return cut(f"{note} Which one?", CONTENT)
    if len({d.title for d in dramas}) > 1:  # `reply`: Reply 1988, Reply 1997, Reply 1994
        return "Several dramas fit that name equally well; which one?"
    return f"Several dramas are called {cut(dramas[0].title, TITLE_IN_PROMPT)}; which one?"


def pick_drama_view(dramas: list[Drama], owner_id: int) -> discord.ui.View:
    """The menu shown when a typed name fits several dramas equally well."""
    options = [
        discord.SelectOption(label=cut(d.label, SELECT_LABEL), value=str(d.id))
        for d in dramas[:SELECT_OPTIONS]
    ]
    view = discord.ui.View(timeout=None)
    view.add_item(PickDrama(owner_id, options))
    return view


async def _owner_only(interaction: discord.Interaction, owner_id: int) -> bool:
    if interaction.user.id == owner_id:
        return True
    await interaction.response.send_message(NOT_YOURS, ephemeral=True)
    return False


async def send_pages(
    interaction: discord.Interaction,
    pages: list[discord.Embed],
    ref: AnswerRef,
    ephemeral: bool = False,
) -> None:
    """Send the first page with paging buttons when there is more than one."""
    view = pager(ref, 0, len(pages), interaction.user.id, post_link(pages))
    await send(interaction, embed=pages[0], view=view, ephemeral=ephemeral)
