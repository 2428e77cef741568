"""Feeds and blog backups read into their entries: an Atom or RSS feed page (a Blogger feed at
`https://BLOG/feeds/posts/default`), a Blogger backup (Takeout's `blogger:type`/`blogger:status`
schema or the older `category term="…#post"` one) and a WordPress WXR export.

Only live posts are entries; drafts, pages, comments, templates and trash are counted by kind.
Parsed by feedparser, which reads every feed dialect and its dates, in a worker thread.
"""

from __future__ import annotations

import email.utils
import io
import re
import xml.sax
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal
from urllib.parse import urljoin

import feedparser

from dramabot.domain.errors import UserFacingError
from dramabot.domain.feeds import FeedEntry

DocumentKind = Literal["feed", "Blogger backup", "WordPress export"]

_BLOGGER_2018 = "http://schemas.google.com/blogger/2018"
_KIND_SCHEME = "http://schemas.google.com/g/2005#kind"
_KIND_PREFIX = "http://schemas.google.com/blogger/2008/kind#"
#: WXR's namespace, one per version (`…/export/1.2/`; its `…/1.2/excerpt/` is another one).
_WXR = re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/$")
#: What a skipped entry is, by the backup's own words for it.
_BLOGGER_TYPES = {"PAGE": "page", "COMMENT": "comment", "TEMPLATE": "template"}
_BLOGGER_STATUSES = {"DRAFT": "draft", "DELETED": "post in the trash", "SOFT_TRASHED": "draft"}
_WXR_TYPES = {"page": "page", "attachment": "attachment", "nav_menu_item": "menu item"}
_WXR_STATUSES = {
    "draft": "draft",
    "pending": "draft",
    "auto-draft": "draft",
    "future": "scheduled post",
    "private": "private post",
    "trash": "post in the trash",
}


class FeedFormatError(UserFacingError):
    """The document is not a feed or backup dramabot reads."""


@dataclass(slots=True)
class FeedDocument:
    """A feed page or a backup: its live posts, what it skipped, and the next page's address."""

    kind: DocumentKind
    entries: list[FeedEntry]
    skipped: Counter[str] = field(default_factory=Counter)
    next_url: str | None = None


def looks_like_feed(head: bytes) -> bool:
    """True when a file's first bytes are an XML feed or backup (not a text post)."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:2048].lower()
    return start.startswith(b"<?xml") or b"<feed" in start or b"<rss" in start


def read_feed_document(data: bytes, address: str | None = None) -> FeedDocument:
    """The entries of a feed page or backup; `FeedFormatError` says why it is not one.

    `address` is where the document came from: relative links resolve against it.
    """
    # A stream, never bytes: feedparser opens bytes that name a local file as that file.
    parsed = feedparser.parse(
        io.BytesIO(data), response_headers={"content-location": address or ""}
    )
    error = parsed.get("bozo_exception")
    if isinstance(error, xml.sax.SAXParseException):
        raise FeedFormatError(
            f"the feed is not well-formed XML (line {error.getLineNumber()}, column "
            f"{error.getColumnNumber()}: {error.getMessage()})"
        )
    if not parsed.get("version"):
        head = data[:2048].lower()
        what = "an HTML page" if b"<html" in head or b"<!doctype html" in head else "this file"
        raise FeedFormatError(f"not an Atom or RSS feed: {what} is not a feed")
    prefixes = {uri: prefix for prefix, uri in parsed.get("namespaces", {}).items()}
    blogger = prefixes.get(_BLOGGER_2018)
    wxr = next((prefix for uri, prefix in prefixes.items() if _WXR.match(uri)), None)
    home = parsed.feed.get("link") or address
    kind: DocumentKind = "WordPress export" if wxr else "feed"
    document = FeedDocument(kind, [], next_url=_next_page(parsed.feed, address))
    for raw in parsed.entries:
        if blogger or _kind_term(raw) is not None:
            document.kind = "Blogger backup"
        skip = _skipped_as(raw, blogger, wxr)
        if skip is None and not (raw.get("id") or raw.get("link")):
            skip = "entry with no id"
        if skip is not None:
            document.skipped[skip] += 1
            continue
        document.entries.append(_entry(raw, blogger, home))
    return document


def _skipped_as(raw: Any, blogger: str | None, wxr: str | None) -> str | None:
    """What a non-post entry is (`draft`, `comment`...), or None for a live post."""
    if blogger:
        kind = str(raw.get(f"{blogger}_type", "POST")).upper()
        if kind != "POST":
            return _BLOGGER_TYPES.get(kind, kind.lower())
        return _BLOGGER_STATUSES.get(str(raw.get(f"{blogger}_status", "LIVE")).upper())
    if (term := _kind_term(raw)) is not None:
        if term != "post":
            return {"settings": "setting"}.get(term, term)
        return "draft" if str(raw.get("app_draft", "")).lower() == "yes" else None
    if wxr:
        kind = str(raw.get(f"{wxr}_post_type", "post"))
        if kind != "post":
            return _WXR_TYPES.get(kind, kind.replace("_", " "))
        return _WXR_STATUSES.get(str(raw.get(f"{wxr}_status", "publish")))
    return None


def _kind_term(raw: Any) -> str | None:
    """The older Blogger export's `category scheme="…#kind"` term: post, comment, template…"""
    for tag in raw.get("tags") or ():
        if tag.get("scheme") == _KIND_SCHEME and str(tag.get("term", "")).startswith(_KIND_PREFIX):
            return str(tag["term"]).removeprefix(_KIND_PREFIX)
    return None


def _entry(raw: Any, blogger: str | None, home: str | None) -> FeedEntry:
    content = raw.get("content") or []
    body = content[0] if content else {"value": raw.get("summary", ""), "type": "text/html"}
    html = str(body.get("value", ""))
    if body.get("type") == "text/plain":
        html = "<br>".join(_escape(line) for line in html.split("\n"))
    return FeedEntry(
        entry_id=str(raw.get("id") or raw.get("link")),
        title=str(raw.get("title", "")),
        url=_post_url(raw, blogger, home),
        published=_when(raw.get("published")),
        # dict.get: feedparser's own `get("updated")` falls back to `published`, with a warning.
        updated=_when(dict.get(raw, "updated")) or _when(raw.get("published")),
        html=html,
        summary_only=not content,
    )


def _post_url(raw: Any, blogger: str | None, home: str | None) -> str | None:
    """The post's public address: its `alternate` link, else Takeout's file name on the blog."""
    for link in raw.get("links") or ():
        if link.get("rel") == "alternate" and str(link.get("href", "")).startswith("http"):
            return str(link["href"])
    filename = raw.get(f"{blogger}_filename") if blogger else None
    if filename and home and home.startswith("http"):
        return urljoin(home, str(filename))
    return None


def _next_page(feed: Any, address: str | None) -> str | None:
    for link in feed.get("links") or ():
        if link.get("rel") == "next" and link.get("href"):
            return urljoin(address or "", str(link["href"]))
    return None


def _when(raw: object) -> datetime | None:
    """A feed's date as written, with its own offset (the blog's day, not UTC's)."""
    if not isinstance(raw, str) or not raw.strip():
        return None
    text = raw.strip()
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
