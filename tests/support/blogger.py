"""A Blogger blog on 127.0.0.1 for the feed tests: its Atom feed in Blogger's own shape, paged
by `start-index`/`max-results` with `rel="next"` links, ETag and Last-Modified with 304s, the
posts' pages, and faults on demand (a 500, a slow answer, malformed XML, an oversized body, a
redirect loop, an HTML page)."""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from html import escape
from pathlib import Path

from aiohttp import web

POSTS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds" / "posts"
BLOG_ID = "5290044786212421432"
KST = timedelta(hours=9)
#: Blogger writes dates in the blog's own time zone.
BLOG_ZONE = timezone(KST)


@dataclass(frozen=True)
class BlogPost:
    """A post as Blogger holds it."""

    post_id: str
    title: str
    body: str
    published: datetime
    updated: datetime
    slug: str

    @property
    def entry_id(self) -> str:
        return f"tag:blogger.com,1999:blog-{BLOG_ID}.post-{self.post_id}"

    def path(self) -> str:
        return f"/{self.published:%Y/%m}/{self.slug}.html"

    def edited(self, old: str, new: str, at: datetime) -> BlogPost:
        assert old in self.body, f"{old!r} is not in {self.slug}"
        return replace(self, body=self.body.replace(old, new), updated=at)


def fixture_post(slug: str, title: str, published: datetime, post_id: str) -> BlogPost:
    body = (POSTS / f"{slug}.html").read_text(encoding="utf-8")
    return BlogPost(post_id, title, body, published, published, slug)


def start_posts() -> list[BlogPost]:
    """The blog as the first poll finds it: two reviews and a post that is not one."""
    day = datetime(2023, 5, 1, 21, 0, tzinfo=UTC)
    return [
        fixture_post(
            "the-night-baker-2021",
            "K Drama Review: The Night Baker (2021) 4.0 || 4.4",
            day,
            "1001",
        ),
        fixture_post("our-favourite-openings", "Our favourite openings", day + KST, "1002"),
        fixture_post(
            "lanterns-over-jeju-2023",
            "K Drama Review: Lanterns Over Jeju (2023) 4.5 || 4.2",
            day + 2 * KST,
            "1003",
        ),
    ]


def new_post(days_after: int = 30) -> BlogPost:
    """A review posted after the first poll."""
    return fixture_post(
        "winter-radio-2024",
        "K Drama Review: Winter Radio (2024) 4.7 || 4.9",
        datetime(2023, 5, 1, 21, 0, tzinfo=UTC) + timedelta(days=days_after),
        "1004",
    )


@dataclass
class Blog:
    """The blog's server. `posts` and `faults` may change between polls."""

    posts: list[BlogPost] = field(default_factory=start_posts)
    page_size: int = 1
    summaries_only: bool = False
    #: What the next feed requests do instead of answering: "500", "slow", "malformed",
    #: "huge", "html", "loop". Taken one per request.
    faults: list[str] = field(default_factory=list)
    slow_seconds: float = 2.0
    requests: list[str] = field(default_factory=list)
    conditional_hits: int = 0
    port: int = 0
    _runner: web.AppRunner | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def feed_url(self) -> str:
        return f"{self.base}/feeds/posts/default"

    async def start(self) -> Blog:
        app = web.Application()
        app.router.add_get("/feeds/posts/default", self._feed)
        app.router.add_get("/loop", self._loop)
        app.router.add_get("/{year}/{month}/{page}", self._page)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def replace_post(self, post: BlogPost) -> None:
        self.posts = [post if p.post_id == post.post_id else p for p in self.posts]

    async def _feed(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(request.path_qs)
        if self.faults:
            fault = self.faults.pop(0)
            if fault == "500":
                return web.Response(status=500, text="Internal Server Error")
            if fault == "slow":
                await asyncio.sleep(self.slow_seconds)
            if fault == "malformed":
                return web.Response(body=b"<?xml version='1.0'?><feed><entry></feed>")
            if fault == "huge":
                return web.Response(body=b"<feed>" + b" " * (40 << 20) + b"</feed>")
            if fault == "html":
                return web.Response(text="<!DOCTYPE html><html><body>Oppa Noona</body></html>")
            if fault == "loop":
                raise web.HTTPFound("/loop")
        start = int(request.query.get("start-index", "1"))
        size = int(request.query.get("max-results", str(self.page_size)))
        body = self.feed_page(start, size).encode()
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        newest = max((p.updated for p in self.posts), default=datetime(2020, 1, 1, tzinfo=UTC))
        modified = format_datetime(newest.astimezone(UTC), usegmt=True)
        if request.headers.get("If-None-Match") == etag:
            self.conditional_hits += 1
            return web.Response(status=304, headers={"ETag": etag})
        headers = {"ETag": etag, "Last-Modified": modified}
        return web.Response(body=body, content_type="application/atom+xml", headers=headers)

    async def _loop(self, request: web.Request) -> web.StreamResponse:
        raise web.HTTPFound("/loop")

    async def _page(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(request.path)
        for post in self.posts:
            if post.path() == request.path:
                return web.Response(text=blog_page(post), content_type="text/html")
        raise web.HTTPNotFound()

    def feed_page(self, start: int, size: int) -> str:
        """One page of the feed, newest first, as Blogger writes it."""
        ordered = sorted(self.posts, key=lambda p: p.published, reverse=True)
        page = ordered[start - 1 : start - 1 + size]
        feed = f"{self.base}/feeds/posts/default"
        links = [
            f"<link rel='http://schemas.google.com/g/2005#feed' type='application/atom+xml' "
            f"href='{feed}'/>",
            f"<link rel='alternate' type='text/html' href='{self.base}/'/>",
        ]
        if start - 1 + size < len(ordered):
            following = f"{feed}?start-index={start + size}&amp;max-results={size}"
            links.append(f"<link rel='next' type='application/atom+xml' href='{following}'/>")
        entries = "".join(self._entry(post) for post in page)
        return (
            "<?xml version='1.0' encoding='UTF-8'?>"
            '<?xml-stylesheet href="http://www.blogger.com/styles/atom.css" type="text/css"?>'
            "<feed xmlns='http://www.w3.org/2005/Atom' "
            "xmlns:openSearch='http://a9.com/-/spec/opensearchrss/1.0/' "
            "xmlns:blogger='http://schemas.google.com/blogger/2008' "
            "xmlns:georss='http://www.georss.org/georss' "
            "xmlns:gd='http://schemas.google.com/g/2005' "
            "xmlns:thr='http://purl.org/syndication/thread/1.0'>"
            f"<id>tag:blogger.com,1999:blog-{BLOG_ID}</id>"
            f"<updated>{_when(max(p.updated for p in ordered))}</updated>"
            "<category term='K Drama Review'/><title type='text'>Oppa Noona</title>"
            f"<subtitle type='html'></subtitle>{''.join(links)}"
            "<author><name>Oppa Noona</name><email>noreply@blogger.com</email></author>"
            "<generator version='7.00' uri='http://www.blogger.com'>Blogger</generator>"
            f"<openSearch:totalResults>{len(ordered)}</openSearch:totalResults>"
            f"<openSearch:startIndex>{start}</openSearch:startIndex>"
            f"<openSearch:itemsPerPage>{size}</openSearch:itemsPerPage>{entries}</feed>"
        )

    def _entry(self, post: BlogPost) -> str:
        address = f"{self.base}{post.path()}"
        body = (
            f"<summary type='text'>{escape(post.body[:120])}</summary>"
            if self.summaries_only
            else f"<content type='html'>{escape(post.body)}</content>"
        )
        return (
            f"<entry><id>{post.entry_id}</id><published>{_when(post.published)}</published>"
            f"<updated>{_when(post.updated)}</updated>"
            "<category scheme='http://www.blogger.com/atom/ns#' term='K Drama Review'/>"
            f"<title type='text'>{escape(post.title)}</title>{body}"
            f"<link rel='replies' type='text/html' href='{address}#comment-form' "
            "title='0 Comments'/>"
            f"<link rel='alternate' type='text/html' href='{address}' "
            f"title='{escape(post.title)}'/>"
            "<author><name>Noona</name></author><thr:total>0</thr:total></entry>"
        )


def blog_page(post: BlogPost) -> str:
    """The post's page: the blog's header and sidebar around the post's title and body."""
    return (
        "<!DOCTYPE html><html><head><title>Oppa Noona: "
        f"{escape(post.title)}</title><style>body {{ color: black }}</style></head><body>"
        "<header><h1 class='title'>Oppa Noona</h1></header><div class='main'>"
        f"<div class='post hentry'><h3 class='post-title entry-title'>{escape(post.title)}</h3>"
        f"<div class='post-body entry-content'>{post.body}</div></div>"
        "<div class='comments'>Post a Comment</div></div>"
        "<aside class='sidebar'>Popular Posts: Winter Radio, The Night Baker</aside></body></html>"
    )


def _when(moment: datetime) -> str:
    """Blogger's dates: milliseconds and the blog's time zone (KST)."""
    return moment.astimezone(BLOG_ZONE).isoformat(timespec="milliseconds")
