"""Feeds and blog pages fetched over HTTP(S) with aiohttp: conditional GETs (ETag,
Last-Modified), a timeout, a size limit and a redirect limit; every failure one line."""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from urllib.parse import urlsplit

import aiohttp

from dramabot.domain.errors import UserFacingError
from dramabot.importers.sources import MB

#: The most a feed page, a backup or a post's page may weigh.
MAX_FEED_BYTES = 32 * MB
#: Seconds a whole request (connect, headers, body) may take.
FETCH_TIMEOUT = 30.0
MAX_REDIRECTS = 5
USER_AGENT = "dramabot (+https://github.com/dramabot/dramabot; feed follower)"


class FetchError(UserFacingError):
    """A feed or page that could not be fetched; the message says why in one line."""


@dataclass(frozen=True, slots=True)
class Fetched:
    """A response: its body (empty for a 304), the validators for the next conditional GET, and
    the address it came from after redirects."""

    url: str
    body: bytes
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None


def check_address(url: str) -> str:
    """The address, stripped, when it is an absolute http(s) one; `FetchError` otherwise."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        shown = parts.scheme or "no scheme"
        raise FetchError(f"only http:// and https:// feeds can be followed (got {shown})")
    if not parts.hostname:
        raise FetchError(f"{url} has no host name")
    return url


def new_session() -> aiohttp.ClientSession:
    """A session for feeds: `FETCH_TIMEOUT` for each whole request, our User-Agent."""
    return aiohttp.ClientSession(
        timeout=aiohttp.ClientTimeout(total=FETCH_TIMEOUT),
        headers={"User-Agent": USER_AGENT},
    )


async def fetch(
    session: aiohttp.ClientSession,
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    limit: int = MAX_FEED_BYTES,
) -> Fetched:
    """GET `url`, conditionally when validators are given; `FetchError` for a refused address,
    an error status, a timeout, a redirect loop, a body over `limit` or a network failure."""
    url = check_address(url)
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        async with session.get(url, headers=headers, max_redirects=MAX_REDIRECTS) as response:
            final = str(response.url)
            check_address(final)
            if response.status == 304:
                return Fetched(final, b"", True, etag, last_modified)
            if response.status >= 400:
                raise FetchError(
                    f"{url} answered {response.status} {response.reason or ''}".strip()
                )
            declared = response.content_length
            if declared is not None and declared > limit:
                raise FetchError(_too_large(url, limit))
            body = bytearray()
            async for chunk in response.content.iter_chunked(1 << 16):
                body += chunk
                if len(body) > limit:
                    raise FetchError(_too_large(url, limit))
            return Fetched(
                final,
                bytes(body),
                etag=response.headers.get("ETag"),
                last_modified=response.headers.get("Last-Modified"),
            )
    except aiohttp.TooManyRedirects:
        raise FetchError(f"{url} redirects too many times (a redirect loop?)") from None
    except TimeoutError:
        timeout = session.timeout.total
        raise FetchError(f"{url} did not answer within {timeout:g} s") from None
    except aiohttp.InvalidURL:
        raise FetchError(f"{url} is not a valid address") from None
    except aiohttp.ClientConnectorError as error:
        raise FetchError(f"cannot connect to {urlsplit(url).netloc}: {_reason(error)}") from None
    except (aiohttp.ClientError, asyncio.IncompleteReadError) as error:
        raise FetchError(f"fetching {url} failed: {_reason(error)}") from None


def _too_large(url: str, limit: int) -> str:
    return f"{url} is larger than the {limit // MB} MB limit"


def _reason(error: Exception) -> str:
    """What the system said (`Connection refused`), not Python's wording around it."""
    cause = getattr(error, "os_error", None) or error
    if isinstance(getattr(cause, "errno", None), int):
        return os.strerror(cause.errno)  # type: ignore[union-attr]
    return getattr(cause, "strerror", None) or str(cause) or type(cause).__name__
