"""Build the embeds every answer is shown as, in Discord and (as text) in the console.

Each builder returns a list of pages; every page is passed through `limits.fit_embed`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from dramabot.domain.answers import ReviewAnswer
from dramabot.domain.models import ActorProfile, Credit, Drama, Recommendation, Review, Score
from dramabot.domain.names import entity_key
from dramabot.domain.numbers import plural, rounded
from dramabot.domain.recommend import RecommendQuery
from dramabot.domain.reports import ImportReport
from dramabot.ui.card import new_embed
from dramabot.ui.limits import DESCRIPTION, FIELD_VALUE, cut, fit_embed, split_text

if TYPE_CHECKING:
    import discord

COLOUR = 0xE75480  # (231, 84, 128)
NOT_REVIEWED = "Oppa and Noona have not reviewed this one yet."
#: The card's footer when the post's text follows on the next pages (Discord, the console).
FULL_REVIEW_FOLLOWS = "the full review follows"
#: A review known by its facts (scores, cast, length) but not its text.
FROM_THE_BLOG = "The reviewers' scores and cast, from the blog. The full review is on the blog."
#: The label of the link button to the post a review comes from.
READ_ON_THE_BLOG = "Read the full review on the blog"
NOT_REVIEWED_COLOUR = 0x979C9F  # discord.Colour.light_grey()
FAILED_COLOUR = 0xE74C3C  # discord.Colour.red()
EXCERPT_CHARS = 420
#: A line this short that ends no sentence is a heading or a cast line, never the excerpt's.
HEADING_CHARS = 100
_SENTENCE_ENDS = (".", "!", "?", "…", '"', "”", "'", "’", ")")
_SIGN_OFF = re.compile(r"^\W*\w+\s+says\b", re.IGNORECASE)
FULL_TEXT_PAGE = DESCRIPTION - 96
RECOMMENDATIONS_PER_PAGE = 8
CREDITS_PER_PAGE = 20
#: How much of a long name, title, role or reason one line shows. The caps are what keeps a page
#: within 6000 characters without dropping entries: 8 picks of at most 256 + `REASON_CHARS`.
NAME_CHARS = 100
TITLE_CHARS = 200
ROLE_CHARS = 100
REASON_CHARS = 400
HEADLINE_IN_FOOTER = 200
FILE_LINE_CHARS = 300
WARNINGS_PER_FILE = 3


def stars(score: float) -> str:
    """Five stars, the score rounded to the nearest half: `★★★★½`."""
    halves = round(score * 2)
    return "★" * (halves // 2) + ("½" if halves % 2 else "") + "☆" * ((10 - halves) // 2)


def length_line(episodes: int | None, minutes: int | None, film: bool = False) -> str | None:
    """`4 episodes × 50 min ≈ 3.3 hours`, or as much of it as is known; a film is a film
    (`a film, 132 min`), never `132 min per episode`."""
    if film:
        return f"a film, {minutes} min" if minutes else "a film"
    if episodes and minutes:
        hours = rounded(episodes * minutes / 60, 1)
        return f"{plural(episodes, 'episode')} × {minutes} min ≈ {hours} hours"
    if episodes:
        return plural(episodes, "episode")
    if minutes:
        return f"{minutes} min per episode"
    return None


def drama_length(drama: Drama, review: Review | None = None) -> str | None:
    """A drama's length: the review's own figures win over the catalogue's."""
    return length_line(
        (review.episodes if review else None) or drama.episodes,
        (review.episode_minutes if review else None) or drama.episode_minutes,
        film=drama.kind == "film",
    )


def scores_line(scores: tuple[Score, ...], sep: str = " || ") -> str:
    return sep.join(f"{s.score:g}" for s in scores)


def review_pages(answer: ReviewAnswer, more: str = FULL_REVIEW_FOLLOWS) -> list[discord.Embed]:
    """The review card, then the full text of the post over as many pages as it needs; the
    card's footer says `more` (how to see the rest) when there is more."""
    if answer.review is None:
        return [not_reviewed_card(answer)]
    review, drama = answer.review, answer.drama
    text_pages = split_text(review.text, FULL_TEXT_PAGE) if review.text.strip() else []
    total = 1 + len(text_pages)
    description = _with_note(answer, excerpt(review) if text_pages else FROM_THE_BLOG)
    card = new_embed(title=drama.label, description=description, colour=COLOUR)
    if review.url:
        card.url = review.url  # the title links to the post; the view repeats it as a button
    if review.scores:
        lines = [
            f"{cut(s.who, NAME_CHARS)} {stars(s.score)} **{s.score:g}**" for s in review.scores
        ]
        if len(review.scores) > 1 and review.average is not None:
            lines.append(f"Average **{rounded(review.average)}**")
        card.add_field(name="Scores", value=listing(lines, FIELD_VALUE), inline=True)
    length = drama_length(drama, review)
    if length:
        card.add_field(name="Length", value=length.replace(" ≈ ", "\n≈ "), inline=True)
    leads = [c for c in review.cast if c.billing == "lead"] or [
        c for c in answer.cast if c.billing == "lead"
    ]
    support = [c for c in review.cast if c.billing == "support"]
    if leads:
        card.add_field(name="Lead cast", value=_cast_lines(leads), inline=False)
    if support:
        card.add_field(name="Supporting cast", value=_cast_lines(support), inline=False)
    facts = _facts_line(drama)
    if facts:
        card.add_field(name="About", value=facts, inline=False)
    _add_community(card, answer)
    posted = f"Posted {review.posted_on:%d %B %Y}" if review.posted_on else ""
    if text_pages:
        footer = f"{posted + ' · ' if posted else ''}page 1/{total} · {more}"
    else:
        footer = posted or "From the blog"
    card.set_footer(text=footer)
    pages = [fit_embed(card)]
    # A long headline in the footer once pushed the page over 6000 and cut the post's text.
    headline = cut(review.headline, HEADLINE_IN_FOOTER)
    for number, chunk in enumerate(text_pages, start=2):
        page = new_embed(title=f"{drama.label}: the full review", description=chunk, colour=COLOUR)
        page.set_footer(text=f"{headline} · page {number}/{total}")
        pages.append(fit_embed(page))
    return pages


def not_reviewed_card(answer: ReviewAnswer) -> discord.Embed:
    """A catalogue drama the blog has not reviewed: say so and show what the catalogue knows."""
    drama = answer.drama
    about = [NOT_REVIEWED, drama.synopsis or ""]
    if not (drama.synopsis or answer.cast or drama.episodes or drama.episode_minutes):
        about.append(_knows_only(drama))
    card = new_embed(
        title=drama.label,
        description=_with_note(answer, "\n\n".join(part for part in about if part)),
        colour=NOT_REVIEWED_COLOUR,
    )
    length = drama_length(drama)
    if length:
        card.add_field(name="Length", value=length, inline=True)
    leads = [c for c in answer.cast if c.billing == "lead"]
    support = [c for c in answer.cast if c.billing == "support"]
    if leads:
        card.add_field(name="Lead cast", value=_cast_lines(leads), inline=False)
    if support:
        card.add_field(name="Supporting cast", value=_cast_lines(support[:10]), inline=False)
    facts = _facts_line(drama)
    if facts:
        card.add_field(name="About", value=facts, inline=False)
    _add_community(card, answer)
    card.set_footer(text="From the catalogue · not reviewed")
    return fit_embed(card)


def community_line(answer: ReviewAnswer) -> str | None:
    """`7 members here saw it · members' average 4.4 (5 ratings)`; in a DM, that counts are a
    server's; None where there are no members (the console)."""
    if answer.outside_server:
        return "Members' marks and ratings are counted in a server."
    found = answer.community
    if found is None:
        return None
    if not found.seen and not found.ratings:
        return "No member here has marked it yet: press Seen it, Want to watch or Rate."
    parts = [f"{found.seen} {'member' if found.seen == 1 else 'members'} here saw it"]
    if found.average is not None:
        ratings = "1 rating" if found.ratings == 1 else f"{found.ratings} ratings"
        parts.append(f"members' average {found.average:.1f} ({ratings})")
    return " · ".join(parts)


def _add_community(card: discord.Embed, answer: ReviewAnswer) -> None:
    if (line := community_line(answer)) is not None:
        card.add_field(name="Members", value=line, inline=False)


def _with_note(answer: ReviewAnswer, description: str) -> str:
    """The answer's note (a season the catalogue lacks) before the description."""
    return f"{answer.note}\n\n{description}" if answer.note else description


def _knows_only(drama: Drama) -> str:
    """What a sparse catalogue entry says about itself."""
    known = ["its title", f"its year ({drama.year})" if drama.year else ""]
    known += [drama.network or "", "its genres" if drama.genres else ""]
    known = [k for k in known if k]
    listed = known[0] if len(known) == 1 else ", ".join(known[:-1]) + " and " + known[-1]
    return f"The catalogue knows only {listed}."


def excerpt(review: Review) -> str:
    """The opening of the post after its date and headline, cut at a sentence near 420 chars."""
    lines = review.text.split("\n")
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == review.headline) + 1
    except StopIteration:
        start = 0
    cast = tuple(entity_key(c.person.name) for c in review.cast)
    body = " ".join(line.strip() for line in lines[start:] if _is_prose(line, cast))
    if len(body) <= EXCERPT_CHARS:
        return body
    window = body[:EXCERPT_CHARS]
    end = max(window.rfind(". "), window.rfind("! "), window.rfind("? "))
    return window[: end + 1] if end > EXCERPT_CHARS // 2 else cut(body, EXCERPT_CHARS)


def _is_prose(line: str, cast: tuple[str, ...]) -> bool:
    """Whether a line of a post is prose for the excerpt: not a cast line (`Park Hyung Sik as
    Han Seon Woo`, `Bona as Go Yu Rim, Hee Do's rival.`), a heading (`Other Characters`) or a
    reviewer's sign-off (`Oppa says...4.9.`)."""
    line = line.strip()
    if not line or _SIGN_OFF.match(line):
        return False
    if not line.endswith(_SENTENCE_ENDS) and len(line) <= HEADING_CHARS:
        return False  # a heading, or a lead's line: `Lee Je Hoon as Cho Sang Gu`
    before_as, has_as, _ = line.partition(" as ")
    return not (has_as and entity_key(before_as) in cast)


def _cast_lines(credits: list[Credit]) -> str:
    """`**Name** as Role` a line, as many whole lines as fit a field, then `… and N more`."""
    lines = []
    for credit in credits:
        role = f" as {cut(credit.role, ROLE_CHARS)}" if credit.role else ""
        lines.append(f"**{cut(credit.person.name, NAME_CHARS)}**{role}")
    return listing(lines, FIELD_VALUE)


def listing(lines: list[str], limit: int) -> str:
    """As many whole lines as fit in `limit` characters, then `… and N more` for the rest: a
    list cut in the middle of a line (or of its `**bold**`) hid how much was left out."""
    shown: list[str] = []
    used = 0
    reserve = len(f"\n… and {len(lines)} more")
    for number, line in enumerate(lines):
        last = number == len(lines) - 1
        if used + len(line) + (0 if last else reserve) > limit:
            shown.append(f"… and {len(lines) - number} more")
            break
        shown.append(line)
        used += len(line) + 1
    return "\n".join(shown)


def _chunks(lines: list[str], per_page: int, budget: int) -> list[list[str]]:
    """Lines in pages of at most `per_page` lines and `budget` characters (never empty)."""
    chunks: list[list[str]] = [[]]
    size = 0
    for line in lines:
        if chunks[-1] and (len(chunks[-1]) >= per_page or size + len(line) > budget):
            chunks.append([])
            size = 0
        chunks[-1].append(line)
        size += len(line) + 1
    return chunks


def _facts_line(drama: Drama) -> str:
    parts = [p for p in (drama.network, ", ".join(drama.genres)) if p]
    if drama.aliases:
        latin = [cut(a, TITLE_CHARS) for a in drama.aliases if a.isascii()][:3]
        if latin:
            parts.append("also known as " + ", ".join(latin))
    return " · ".join(cut(p, FIELD_VALUE // 3 - 3) for p in parts)


def recommendation_pages(query: RecommendQuery, picks: list[Recommendation]) -> list[discord.Embed]:
    """Ranked picks, each with its one-line reason, a few per page."""
    asked = describe_query(query)
    heading = f"Recommended for {asked}" if query.actor or query.like else f"Recommended: {asked}"
    if not picks:
        empty = new_embed(
            title="No recommendations",
            description=f"Nothing in the catalogue fits {asked}. Try a looser length or score.",
            colour=NOT_REVIEWED_COLOUR,
        )
        return [fit_embed(empty)]
    chunks = [
        picks[i : i + RECOMMENDATIONS_PER_PAGE]
        for i in range(0, len(picks), RECOMMENDATIONS_PER_PAGE)
    ]
    pages = []
    for page_number, chunk in enumerate(chunks, start=1):
        embed = new_embed(title=heading, colour=COLOUR)
        start = (page_number - 1) * RECOMMENDATIONS_PER_PAGE
        for rank, pick in enumerate(chunk, start=start + 1):
            # Capped so 8 fields always fit in 6000: over it, the last picks were dropped.
            score = f" · ★ {rounded(pick.score)}" if pick.score is not None else ""
            embed.add_field(
                name=f"{rank}. {cut(pick.drama.label, TITLE_CHARS)}{score}",
                value=cut(pick.reason, REASON_CHARS),
                inline=False,
            )
        embed.set_footer(
            text=f"page {page_number}/{len(chunks)} · reviewed titles first, best scores first"
        )
        pages.append(fit_embed(embed))
    return pages


def describe_query(query: RecommendQuery) -> str:
    """What was asked, in words: `Park Hyung Sik, short series, at most 10 hours`."""
    parts = []
    if query.for_you:
        parts.append("for you, from your favourites' dramas")
    if query.actor:
        parts.append(query.actor.name)
    if query.like:
        parts.append(f"fans of {query.like.label}")
    if query.short:
        parts.append("short series")
    if query.max_episodes:
        parts.append(f"at most {plural(query.max_episodes, 'episode')}")
    if query.max_hours:
        hours = rounded(query.max_hours)
        parts.append(f"at most {hours} {'hour' if hours == '1' else 'hours'}")
    if query.min_score is not None:
        parts.append(f"scored at least {rounded(query.min_score)}")
    if query.unseen and not query.for_you:
        parts.append("none you have seen")
    return ", ".join(parts)


def actor_pages(profile: ActorProfile) -> list[discord.Embed]:
    """An actor's roles, newest first, reviewed titles marked with the reviewers' scores."""
    person = profile.person
    lines = []
    for credit in profile.credits:
        role = f" as {cut(credit.role, ROLE_CHARS)}" if credit.role else ""
        scores = profile.reviewed.get(credit.drama.id)
        mark = f" · ★ reviewed {cut(scores_line(scores), 60)}" if scores else ""
        film = " (film)" if credit.drama.kind == "film" else ""
        lines.append(f"**{cut(credit.drama.label, TITLE_CHARS)}**{film}{role}{mark}")
    reviewed = sum(1 for c in profile.credits if c.drama.id in profile.reviewed)
    aliases = ", ".join(cut(a, NAME_CHARS) for a in person.aliases[:4])
    header = f"Also written {aliases}\n\n" if person.aliases else ""
    # Paged by size as well as by count: 20 long titles once overflowed the description and the
    # credits past the cut were never shown on any page.
    chunks = _chunks(lines, CREDITS_PER_PAGE, DESCRIPTION - len(header))
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        body = "\n".join(chunk) or "No roles in the catalogue yet."
        embed = new_embed(title=person.name, description=header + body, colour=COLOUR)
        titles = plural(len(profile.credits), "title")
        embed.set_footer(text=f"{titles}, {reviewed} reviewed · page {number}/{len(chunks)}")
        pages.append(fit_embed(embed))
    return pages


#: (command, what it does, an example): the `/help` card and the console's help.
COMMANDS = (
    (
        "/review title:",
        "a review: scores, cast, length, the whole post",
        "/review title: soundtrack 1",
    ),
    (
        "/recommend",
        "dramas by actor, a drama you liked, length (short, medium), max episodes/hours, min score",
        "/recommend actor: park hyung sik length: short",
    ),
    ("/actor name:", "an actor's roles, reviewed titles marked", "/actor name: han so hee"),
    (
        "/favourite add|remove|list",
        "your favourite actors: /recommend with no options picks from their dramas",
        "/favourite add name: park hyung sik",
    ),
    ("/seen title:", "mark a drama seen (also the Seen it button)", "/seen title: soundtrack 1"),
    ("/want title:", "put a drama on your watchlist", "/want title: move to heaven"),
    (
        "/rate title: score:",
        "rate 0 to 5 in halves, with a note",
        "/rate title: my name score: 4.5",
    ),
    (
        "/watchlist",
        "what you want to watch, or one at random",
        "/watchlist length: short random: True",
    ),
    ("/taste", "how often you agree with Oppa, Noona and other members", "/taste"),
    (
        "/follow add|remove|list",
        "dramas and actors whose new reviews ping you",
        "/follow add actor: han so hee",
    ),
    (
        "/me settings|export|forget",
        "pings, sharing your taste, your data",
        "/me settings pings: True",
    ),
    ("/import file:", "import posts or catalogue files (Manage Server)", "/import file: post.txt"),
    (
        "/settings announce",
        "where new reviews are posted (Manage Server)",
        "/settings announce channel: #reviews",
    ),
    ("/help", "this card", "/help"),
)


def help_card() -> discord.Embed:
    """Every command with an example."""
    card = new_embed(
        title="dramabot",
        description="Oppa and Noona's K-drama reviews, in your server. "
        "Titles and names forgive typos and romanization (park hyungsik = Park Hyung-sik).",
        colour=COLOUR,
    )
    for command, what, example in COMMANDS:
        card.add_field(name=command, value=f"{what}\ne.g. `{example}`", inline=False)
    return fit_embed(card)


def import_report(report: ImportReport) -> discord.Embed:
    """An import's summary with one line per file, failures (with their reason) first: in a big
    import they would otherwise be past the cut; what does not fit ends in `… and N more`."""
    ordered = sorted(report.outcomes, key=lambda o: o.status != "failed")
    blocks = []
    for outcome in ordered:
        name = cut(Path(outcome.name).name, NAME_CHARS)
        lines = [cut(f"**{outcome.status}** {name}: {outcome.detail}", FILE_LINE_CHARS)]
        warnings = outcome.warnings[:WARNINGS_PER_FILE]
        lines += [cut(f"  warning: {w}", FILE_LINE_CHARS) for w in warnings]
        if len(outcome.warnings) > WARNINGS_PER_FILE:
            lines.append(f"  and {len(outcome.warnings) - WARNINGS_PER_FILE} more warnings")
        blocks.append("\n".join(lines))
    colour = FAILED_COLOUR if report.failed else COLOUR
    embed = new_embed(
        title=f"Import: {report.summary()}",
        description=listing(blocks, DESCRIPTION),
        colour=colour,
    )
    return fit_embed(embed)
