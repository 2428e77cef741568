"""The blog's review facts (`data/reviews/*.json`): each post's scores, cast, length and address,
gathered from its public pages, without its text. See `data/reviews/FORMAT.md`.

A fact record becomes a review whose card shows the scores and cast and links to the post; the
post's own text replaces it when the blog's posts, feed or backup are imported.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from dramabot.domain.models import Score
from dramabot.domain.posts import MAX_SCORE, CastLine, ParsedPost
from dramabot.importers.catalogue_files import CatalogueFormatError, length_fields
from dramabot.storage import PostToSave

_KINDS = {"series": "drama", "film": "film"}
_URL_SCHEMES = ("https://", "http://")


def is_review_facts(document: Any) -> bool:
    """Whether a parsed JSON document is a review-facts file (rather than a catalogue)."""
    return isinstance(document, dict) and isinstance(document.get("reviews"), list)


def read_review_facts(document: dict[str, Any], source_name: str) -> list[PostToSave]:
    """Each fact record as a review to save; `CatalogueFormatError` names the first bad one."""
    return [
        _record(number, item, source_name)
        for number, item in enumerate(document["reviews"], start=1)
    ]


def _record(number: int, item: Any, source_name: str) -> PostToSave:
    def fail(reason: str) -> CatalogueFormatError:
        label = item.get("title") if isinstance(item, dict) else None
        return CatalogueFormatError(f"review {number}{f' ({label})' if label else ''}: {reason}")

    if not isinstance(item, dict):
        raise fail("expected an object")
    title, headline, url = item.get("title"), item.get("headline"), item.get("url")
    if not isinstance(title, str) or not title.strip():
        raise fail("needs a 'title'")
    if not isinstance(headline, str) or not headline.strip():
        raise fail("needs the post's 'headline'")
    if not isinstance(url, str) or not url.startswith(_URL_SCHEMES):
        raise fail("needs the post's 'url' (http or https)")
    year = item.get("year")
    if year is not None and (not isinstance(year, int) or not 1900 <= year <= 2100):
        raise fail("'year' must be between 1900 and 2100")
    kind = _KINDS.get(item.get("kind", "series"))
    if kind is None:
        raise fail(f"'kind' must be one of {sorted(_KINDS)}")
    numbers = length_fields(item, fail)
    return PostToSave(
        ParsedPost(
            title=title.strip(),
            year=year,
            posted_on=_date(item.get("published"), fail),
            headline=headline.strip(),
            scores=_scores(item.get("scores"), fail),
            cast=_cast(item, fail),
            episodes=1 if kind == "film" else numbers["episodes"],
            episode_minutes=numbers["episode_minutes"],
            text="",
            kind=kind,  # type: ignore[arg-type]
            aliases=tuple(_strings(item.get("aliases"), "aliases", fail)),
        ),
        source_name,
        hashlib.sha256(json.dumps(item, sort_keys=True).encode("utf-8")).hexdigest(),
        url,
    )


def _date(value: Any, fail: Any) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise fail("'published' must be a date like 2022-04-16") from None


def _scores(value: Any, fail: Any) -> tuple[Score, ...]:
    if not isinstance(value, list) or not value:
        raise fail("needs its 'scores'")
    scores = []
    for entry in value:
        if not isinstance(entry, dict):
            raise fail("each score is an object {reviewer, score}")
        reviewer, score = entry.get("reviewer"), entry.get("score")
        if reviewer is not None and (not isinstance(reviewer, str) or not reviewer.strip()):
            raise fail("a score's 'reviewer' is a name, or null for the blog's own score")
        if isinstance(score, bool) or not isinstance(score, int | float):
            raise fail("a score must be a number")
        if not 0 <= score <= MAX_SCORE:
            raise fail(f"score {score:g} is outside 0 to {MAX_SCORE:g}")
        scores.append(Score(reviewer, float(score)))
    return tuple(scores)


def _cast(item: dict[str, Any], fail: Any) -> tuple[CastLine, ...]:
    cast = []
    for lead in item.get("leads", []):
        if not isinstance(lead, dict) or not isinstance(lead.get("name"), str):
            raise fail("each lead is an object {name, role}")
        role = lead.get("role")
        if role is not None and not isinstance(role, str):
            raise fail("a lead's 'role' is text")
        cast.append(CastLine(lead["name"], role, "lead", (), 0))
    for name in _strings(item.get("supporting"), "supporting", fail):
        cast.append(CastLine(name, None, "support", (), 0))
    return tuple(cast)


def _strings(value: Any, key: str, fail: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise fail(f"'{key}' must be a list of names")
    return [v.strip() for v in value]
