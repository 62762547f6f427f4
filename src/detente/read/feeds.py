"""Feeds and pages to articles: :func:`read_urls`.

A feed's (RSS, Atom) entries are fetched (publication date, title and the feed's title as
outlet from the entry), a page is read directly; every failure is a
:class:`~detente.records.Problem` naming the URL. The fetching itself (robots.txt,
retries, cache) is :mod:`detente.read.fetch`'s.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any
from urllib.parse import urljoin

from ..errors import DetenteError, NotArticleError
from ..records import Article, Problem
from .fetch import FetchConfig, Fetched, Fetcher, default_cache_dir
from .web import HTML_TYPES, media_type, outlet_from_url, page_article

__all__ = ["FEED_TYPES", "read_urls"]

FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml",
                        "application/xml", "text/xml", "application/x-rss+xml"})
_FEED_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
                         rb"<(?:rss|feed|rdf:RDF)\b", re.S)


def _is_feed(item: Fetched) -> bool:
    kind = media_type(item.content_type)
    if kind in HTML_TYPES:
        return False
    return kind in FEED_TYPES or kind.endswith(("+xml", "/xml")) or \
        bool(_FEED_START.match(item.body[:2048]))


def _page_or_feed(kind: str) -> bool:
    return kind in HTML_TYPES or kind in FEED_TYPES or kind.endswith("xml") or \
        kind in ("", "text/plain", "application/octet-stream")


def _html_only(kind: str) -> bool:
    return kind in HTML_TYPES or kind in ("", "application/octet-stream")


def _entry_date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return _dt.date(value[0], value[1], value[2]).isoformat()
            except (TypeError, ValueError, IndexError):
                continue
    return None


def _feed_entries(item: Fetched, *, limit: int) -> tuple[str | None, list[dict[str, Any]]]:
    """The feed's title and, per entry with a link, its metadata layer."""
    import feedparser

    # Bytes, never a string: feedparser would fetch a string that looks like a URL.
    parsed = feedparser.parse(item.body, response_headers={
        "content-location": item.final_url, "content-type": item.content_type or "application/xml"})
    title = (parsed.feed.get("title") or "").strip() or None
    entries = []
    for entry in parsed.entries[:limit]:
        link = entry.get("link")
        if not link:
            continue
        entries.append({
            "url": urljoin(item.final_url, link),
            "title": (entry.get("title") or "").strip() or None,
            "published": _entry_date(entry),
            "outlet": title,
            "author": entry.get("author"),
            "feed": item.url,
        })
    if not entries and getattr(parsed, "bozo", False) and not parsed.entries:
        raise NotArticleError("neither an HTML page nor a readable feed", source=item.url)
    return title, entries


def _page(fetcher: Fetcher, url: str, *, entry: Mapping[str, Any] | None,
          defaults: Mapping[str, Any] | None, fetched: Fetched | None = None) -> Article:
    got = fetched or fetcher.get(url, accept=_html_only)
    # The address after redirects first, then the feed entry's metadata.
    first: list[Mapping[str, Any] | None] = [
        {"url": got.final_url, "fetched_url": url if got.final_url != url else None}]
    if entry:
        first.append(dict(entry))
    return page_article(got.body, content_type=got.content_type, source=url, first=first,
                        defaults=defaults, last=[{"outlet": outlet_from_url(got.final_url)}],
                        site_is_outlet=True)


def read_urls(
    urls: Iterable[str],
    *,
    fetcher: Fetcher | None = None,
    config: FetchConfig | None = None,
    defaults: Mapping[str, Any] | None = None,
) -> Iterator[Article | Problem]:
    """Articles from URLs of feeds (RSS, Atom: every entry's link is fetched) and of
    article pages.

    Metadata, most specific first: the feed entry (title, publication date, the feed's
    title as ``outlet``, author), the page's own (title, date, site name as ``outlet``),
    ``defaults``, then the host as ``outlet``. ``url`` is the address after redirects;
    ``source`` the URL asked for. A URL met twice in one call is read once. Every
    failure (network, HTTP error, robots.txt, not HTML, too large, no article body) is a
    :class:`Problem` naming the URL; the other URLs go on. Without a ``fetcher`` one is
    made from ``config`` (default: :class:`FetchConfig` with the default cache folder)
    and closed at the end.
    """
    own = fetcher is None
    if fetcher is None:
        fetcher = Fetcher(config=config or FetchConfig(cache_dir=default_cache_dir()))
    seen: set[str] = set()
    try:
        for url in urls:
            url = url.strip()
            if url in seen:
                continue
            seen.add(url)
            try:
                got = fetcher.get(url, revalidate=True, accept=_page_or_feed)
                if not _is_feed(got):
                    yield _page(fetcher, url, entry=None, defaults=defaults, fetched=got)
                    continue
                _title, entries = _feed_entries(got, limit=fetcher.config.max_entries)
            except DetenteError as exc:
                yield Problem(url, str(exc), exc.code)
                continue
            for entry in entries:
                link = entry["url"]
                if link in seen:
                    continue
                seen.add(link)
                try:
                    yield _page(fetcher, link, entry=entry, defaults=defaults)
                except DetenteError as exc:
                    yield Problem(link, str(exc), exc.code)
    finally:
        if own:
            fetcher.close()
