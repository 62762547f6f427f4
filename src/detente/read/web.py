"""Pieces shared by the web readers (WARC records and fetched URLs): content types,
charsets, outlets from hosts, and a fetched or archived HTML page to an :class:`Article`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from ..errors import DecodeError, NotArticleError
from ..records import Article
from .decode import decode_bytes
from .html import extract_html, looks_like_html
from .meta import build_article

__all__ = ["HTML_TYPES", "charset_of", "decode_body", "is_html_response", "media_type",
           "outlet_from_url", "page_article"]

#: Media types read as HTML pages.
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)


def media_type(content_type: str | None) -> str:
    """``text/html; charset=utf-8`` -> ``text/html`` (lower case; empty when absent)."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def charset_of(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a Content-Type header, if any."""
    found = _CHARSET.search(content_type or "")
    return found.group(1).lower() if found else None


def is_html_response(content_type: str | None, head: bytes) -> bool:
    """An HTML page by its declared type; an undeclared or generic type
    (``application/octet-stream``, ``text/plain``) is sniffed from the first bytes."""
    kind = media_type(content_type)
    if kind in HTML_TYPES:
        return True
    if kind in ("", "application/octet-stream", "text/plain", "unknown/unknown"):
        return looks_like_html(head[:4096].decode("latin-1"))
    return False


def decode_body(body: bytes, *, content_type: str | None, source: str) -> str:
    """The declared charset first (when Python knows it and the bytes fit), else the
    shared decoding (UTF-8, BOMs, 8-bit encodings: :func:`decode_bytes`)."""
    charset = charset_of(content_type)
    if charset:
        try:
            text = body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            if "\x00" not in text:
                return text
    try:
        return decode_bytes(body, source=source)
    except DecodeError:
        raise
    except ValueError as exc:  # pragma: no cover - decode_bytes raises DecodeError
        raise DecodeError(str(exc), source=source) from exc


def outlet_from_url(url: str | None) -> str | None:
    """The outlet named by a URL's host: ``https://www.example.com/x`` -> ``example.com``."""
    if not url:
        return None
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return None
    for prefix in ("www.", "www1.", "www2.", "m.", "amp."):
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix):]
            break
    return host or None


def page_article(
    body: bytes,
    *,
    content_type: str | None,
    source: str,
    first: list[Mapping[str, Any] | None],
    defaults: Mapping[str, Any] | None,
    last: list[Mapping[str, Any] | None],
    site_is_outlet: bool,
) -> Article:
    """An article from an HTML response body.

    Metadata, most specific first: ``first`` (the archive record or feed entry: URL,
    host, feed title), the page's own (trafilatura: title, date, author, site name), the
    caller's ``defaults``, then ``last`` (last resorts such as the crawl date). The page's
    site name is the outlet when ``site_is_outlet``, else kept as ``site_name`` in
    ``Article.meta``. Raises :class:`NotArticleError` for a body that is not an HTML page.
    """
    if not is_html_response(content_type, body[:4096]):
        kind = media_type(content_type) or "unknown type"
        raise NotArticleError(f"not an HTML page ({kind})", source=source)
    text = decode_body(body, content_type=content_type, source=source)
    main, page = extract_html(text, source=source)
    page = dict(page)
    page.pop("url", None)  # the URL fetched or archived outranks the page's canonical one
    if not site_is_outlet and "outlet" in page:
        page["site_name"] = page.pop("outlet")
    return build_article(main, source=source, layers=[*first, page, defaults, *last])
