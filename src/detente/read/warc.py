"""WARC and WARC.gz web archives (Common Crawl, CC-NEWS, Heritrix, wget --warc-file).

Records are read one at a time with warcio (streaming: memory stays flat over a
multi-GB file; a record's body is read only when it is an HTML page under the size
limit). Each HTML ``response`` (or ``resource``) record becomes an :class:`Article`
through trafilatura, with the record's URL, crawl date and host kept as metadata. An
HTTP error, a non-HTML body, an oversized or undecodable record is a
:class:`~detente.records.Problem` naming the file, the record's offset and its URL;
requests, metadata, warcinfo and revisit records are not documents and are only counted
(:class:`WarcStats`).
"""

from __future__ import annotations

import gzip
import zlib
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import (
    DetenteError,
    EmptyInputError,
    InputError,
    NotArticleError,
    ParseError,
    TooLargeError,
)
from ..records import Article, Problem
from .web import outlet_from_url, page_article

__all__ = ["WarcStats", "is_warc_name", "read_warc"]

#: Record types that carry a document.
_DOCUMENT_TYPES = frozenset({"response", "resource"})


def is_warc_name(path: str | Path) -> bool:
    """``x.warc``, ``x.warc.gz`` (any case)."""
    name = Path(path).name.lower()
    return name.endswith((".warc", ".warc.gz"))


@dataclass
class WarcStats:
    """Counts of what a WARC held: ``records`` read, ``articles`` yielded, and
    ``skipped`` by reason (``request``, ``http_404``, ``not_html``, ``too_large`` …)."""

    records: int = 0
    articles: int = 0
    skipped: Counter[str] = field(default_factory=Counter)


def _crawl_date(value: str | None) -> str | None:
    return value[:10] if value and len(value) >= 10 else None


def _record_article(
    record: Any, *, where: str, url: str | None, defaults: Mapping[str, Any] | None,
    max_bytes: int, stats: WarcStats,
) -> Article:
    http = record.http_headers
    if record.rec_type == "response":
        if http is None:
            stats.skipped["no_http_headers"] += 1
            raise NotArticleError("response record without HTTP headers", source=where)
        status = http.get_statuscode()
        if status != "200":
            stats.skipped[f"http_{status}"] += 1
            raise NotArticleError(f"HTTP status {status}", source=where)
        content_type = http.get_header("Content-Type")
    else:  # a resource record: the WARC header gives the type
        content_type = record.rec_headers.get_header("Content-Type")
    declared = record.rec_headers.get_header("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes + 65536:
        stats.skipped["too_large"] += 1
        raise TooLargeError(f"record is {declared} bytes, larger than the limit of {max_bytes}",
                            source=where)
    stream = record.content_stream()
    body = stream.read(max_bytes + 1)  # decoded (chunked, gzip): bounded even for a bomb
    if len(body) > max_bytes:
        stats.skipped["too_large"] += 1
        raise TooLargeError(f"page is larger than the limit of {max_bytes} bytes", source=where)
    crawled = _crawl_date(record.rec_headers.get_header("WARC-Date"))
    first = {"url": url, "outlet": outlet_from_url(url), "crawl_date": crawled,
             "warc_record_id": record.rec_headers.get_header("WARC-Record-ID")}
    try:
        return page_article(body, content_type=content_type, source=where, first=[first],
                            defaults=defaults, last=[{"published": crawled}],
                            site_is_outlet=False)
    except NotArticleError:
        stats.skipped["not_html"] += 1
        raise
    except EmptyInputError:
        stats.skipped["no_article_body"] += 1
        raise
    except DetenteError:
        stats.skipped["unreadable"] += 1
        raise


def _starts_as_warc(path: Path) -> bool:
    with path.open("rb") as fh:
        head = fh.read(2)
        fh.seek(0)
        if head == b"\x1f\x8b":
            with gzip.GzipFile(fileobj=fh) as gz:
                return gz.read(5) == b"WARC/"
        return fh.read(5) == b"WARC/"


def read_warc(
    path: str | Path,
    *,
    defaults: Mapping[str, Any] | None = None,
    max_bytes: int = 10_000_000,
    stats: WarcStats | None = None,
) -> Iterator[Article | Problem]:
    """Articles from the HTML responses of a WARC (``.warc`` or ``.warc.gz``).

    Metadata per article: ``url`` (WARC-Target-URI), ``outlet`` (the host, ``www.``
    dropped), ``crawl_date`` and ``warc_record_id`` in ``Article.meta``, the page's
    title, date, author and site name (``site_name``); ``published`` is the page's date,
    else ``defaults``' one, else the crawl date. ``source`` is ``file.warc.gz@OFFSET``
    (the record's byte offset). ``max_bytes`` applies per record. Never raises for a bad
    input: a corrupt archive ends with one Problem at the offset where reading failed.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    stats = stats if stats is not None else WarcStats()
    name = str(path)
    offset = 0
    try:
        if not _starts_as_warc(Path(path)):
            yield Problem(name, f"{name}: not a WARC file (no WARC/1.x record header at the start)",
                          ParseError.code)
            return
        with Path(path).open("rb") as fh:
            records = ArchiveIterator(fh, no_record_parse=False)
            for record in records:
                stats.records += 1
                # The record's start; get_record_offset() would read the body through.
                offset = getattr(records, "offset", stats.records - 1)
                where = f"{name}@{offset}"
                if record.rec_type not in _DOCUMENT_TYPES:
                    stats.skipped[record.rec_type or "unknown"] += 1
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                try:
                    article = _record_article(record, where=where, url=url, defaults=defaults,
                                              max_bytes=max_bytes, stats=stats)
                except DetenteError as exc:
                    reason = f"{where} ({url}): {exc.message}" if url else str(exc)
                    yield Problem(where, reason, exc.code)
                    continue
                stats.articles += 1
                yield article
    except (ArchiveLoadFailed, zlib.error, EOFError, ValueError, gzip.BadGzipFile) as exc:
        where = f"{name}@{offset}"
        detail = next((ln.strip() for ln in str(exc).splitlines() if ln.strip()), type(exc).__name__)
        yield Problem(where, f"{where}: not a readable WARC from here on ({detail})",
                      ParseError.code)
    except OSError as exc:
        yield Problem(name, f"{name}: cannot be read ({exc.strerror or exc})", InputError.code)
