"""Feeds and URLs: RSS/Atom feeds (feedparser) and article pages fetched with httpx.

A polite, bounded fetcher: an honest User-Agent, robots.txt respected (RFC 9309: a 4xx
robots.txt allows everything, an unreachable one forbids everything; ``Crawl-delay``
honoured up to a minute), a per-host interval between requests, timeouts per read and a
deadline per response, retries with exponential backoff on timeouts, connection errors,
429 and 5xx (``Retry-After`` honoured, capped), redirects followed by hand (bounded, loops
detected, robots.txt checked at each hop), a size limit checked on the declared length
and while reading, and an on-disk cache: a page fetched less than ``max_age`` seconds ago
is not requested again, an older one (and a feed, always) is revalidated with a
conditional GET (``If-None-Match``/``If-Modified-Since``; a 304 costs no body).

:func:`detente.read.feeds.read_urls` turns the fetched feeds and pages into articles.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from ..errors import DetenteError, FetchError, NotArticleError, TooLargeError
from .web import media_type

__all__ = ["FetchConfig", "FetchStats", "Fetched", "Fetcher", "default_cache_dir", "is_url",
           "url_lines", "url_list_file"]

_VERSION = "0.1.0"
USER_AGENT = (f"detente/{_VERSION} (news event coding for research; "
              "respects robots.txt; python-httpx)")
#: The product token matched against robots.txt ``User-agent`` lines.
ROBOTS_AGENT = "detente"

_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})


def default_cache_dir() -> Path:
    """``$DETENTE_CACHE_DIR``, else ``$XDG_CACHE_HOME/detente/http``, else
    ``~/.cache/detente/http``."""
    env = os.environ.get("DETENTE_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "detente" / "http"


@dataclass(frozen=True)
class FetchConfig:
    """How politely and how far to fetch.

    ``timeout``: seconds per connect/read/write; ``deadline``: seconds for a whole
    response (a server trickling bytes is cut off); ``retries``: extra attempts after
    a timeout, a connection error, 429 or 5xx; ``backoff``: the first wait, doubled each
    retry, at most ``max_backoff``; ``per_host_interval``: seconds between two requests
    to one host; ``max_redirects``; ``max_bytes`` per response; ``cache_dir`` (None: no
    cache); ``max_age``: seconds a cached page is used without asking again;
    ``max_entries`` per feed; ``robots``: obey robots.txt (on by default; tests and
    one's own servers only should turn it off).
    """

    user_agent: str = USER_AGENT
    timeout: float = 20.0
    deadline: float = 60.0
    retries: int = 3
    backoff: float = 1.0
    max_backoff: float = 30.0
    per_host_interval: float = 1.0
    max_redirects: int = 5
    max_bytes: int = 10_000_000
    cache_dir: Path | None = None
    max_age: float = 86_400.0
    max_entries: int = 200
    robots: bool = True


@dataclass
class FetchStats:
    """What a fetcher did: ``requests`` sent (robots.txt and retries included),
    ``cached`` (answered from the cache without a request), ``not_modified`` (304),
    ``retried``, ``failed`` by reason."""

    requests: int = 0
    cached: int = 0
    not_modified: int = 0
    retried: int = 0
    failed: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class Fetched:
    """A response: the ``url`` asked for, the ``final_url`` after redirects, ``status``,
    ``content_type``, ``body``, validators (``etag``, ``last_modified``), ``fetched_at``
    (epoch seconds) and ``cache`` (``fresh``, ``revalidated`` or None when fetched)."""

    url: str
    final_url: str
    status: int
    content_type: str | None
    body: bytes
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: float = 0.0
    cache: str | None = None


class HTTPStatusError(FetchError):
    """A final HTTP error status (after retries); ``status`` is the code."""

    def __init__(self, message: str, *, status: int, source: str | None = None) -> None:
        super().__init__(message, source=source)
        self.status = status


def is_url(value: Any) -> bool:
    """An ``http://`` or ``https://`` URL."""
    return isinstance(value, str) and value.lower().startswith(("http://", "https://"))


def url_lines(text: str) -> list[str] | None:
    """The URLs of a URL list (one ``http(s)://`` URL a line; blank lines and ``#``
    comments allowed), or None when the text is anything else."""
    urls = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not is_url(line) or any(c.isspace() for c in line):
            return None
        urls.append(line)
    return urls or None


#: Extensions a URL list may have (named explicitly; folder walks never fetch).
URL_LIST_SUFFIXES = frozenset({"", ".txt", ".urls", ".list"})


def url_list_file(path: Path, *, max_bytes: int) -> list[str] | None:
    """The URLs of a file that is a URL list (see :func:`url_lines`), else None (also
    for a file that cannot be read: the ordinary reader reports that)."""
    try:
        if path.suffix.lower() not in URL_LIST_SUFFIXES or path.stat().st_size > max_bytes:
            return None
        with path.open("rb") as fh:
            if not fh.read(8).lstrip().lower().startswith((b"http", b"#")):
                return None
            fh.seek(0)
            text = fh.read().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return url_lines(text)


class _Cache:
    """Responses on disk: ``<sha256 of url>.json`` (metadata) and ``.body``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()
        sub = self.folder / key[:2]
        return sub / f"{key}.json", sub / f"{key}.body"

    def load(self, url: str) -> Fetched | None:
        meta_path, body_path = self._paths(url)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            body = body_path.read_bytes()
            return Fetched(url=url, final_url=str(meta["final_url"]), status=int(meta["status"]),
                           content_type=meta.get("content_type"), body=body,
                           etag=meta.get("etag"), last_modified=meta.get("last_modified"),
                           fetched_at=float(meta.get("fetched_at", 0.0)))
        except (OSError, ValueError, KeyError, TypeError):
            return None  # absent or damaged: fetched again

    def save(self, item: Fetched) -> None:
        meta_path, body_path = self._paths(item.url)
        try:
            meta_path.parent.mkdir(parents=True, exist_ok=True)
            for path, data in ((body_path, item.body), (meta_path, json.dumps({
                    "url": item.url, "final_url": item.final_url, "status": item.status,
                    "content_type": item.content_type, "etag": item.etag,
                    "last_modified": item.last_modified, "fetched_at": item.fetched_at,
            }).encode("utf-8"))):
                tmp = path.with_suffix(path.suffix + f".{os.getpid()}.tmp")
                tmp.write_bytes(data)
                os.replace(tmp, path)
        except OSError:
            pass  # a cache that cannot be written only costs a later fetch


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return float(value.strip())
    return None


class Fetcher:
    """A polite HTTP client (see the module doc). Use as a context manager, or call
    :meth:`close`. ``clock``/``sleep`` are injectable for tests."""

    def __init__(self, *, config: FetchConfig | None = None, client: Any = None,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        import httpx

        self.config = config or FetchConfig()
        self.stats = FetchStats()
        self._clock = clock
        self._sleep = sleep
        self._own_client = client is None
        self._client = client or httpx.Client(
            follow_redirects=False,
            timeout=httpx.Timeout(self.config.timeout),
            headers={"User-Agent": self.config.user_agent},
        )
        self._cache = _Cache(self.config.cache_dir) if self.config.cache_dir else None
        self._next_slot: dict[str, float] = {}
        self._delay: dict[str, float] = {}
        self._robots: dict[str, RobotFileParser | bool] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._own_client:
            self._client.close()

    # --- politeness ---------------------------------------------------------------------

    def _wait_turn(self, url: str) -> None:
        host = _origin(url)
        now = self._clock()
        slot = self._next_slot.get(host, now)
        if slot > now:
            self._sleep(slot - now)
            now = slot
        interval = max(self.config.per_host_interval, self._delay.get(host, 0.0))
        self._next_slot[host] = now + interval

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets detente fetch ``url`` (always True with
        ``robots=False``)."""
        if not self.config.robots:
            return True
        origin = _origin(url)
        rules = self._robots.get(origin)
        if rules is None:
            rules = self._load_robots(origin)
            self._robots[origin] = rules
        if isinstance(rules, bool):
            return rules
        return rules.can_fetch(ROBOTS_AGENT, url)

    def _load_robots(self, origin: str) -> RobotFileParser | bool:
        try:
            got = self.get(f"{origin}/robots.txt", revalidate=False, check_robots=False)
        except HTTPStatusError as exc:
            return 400 <= exc.status < 500  # RFC 9309: 4xx allows all, 5xx forbids all
        except DetenteError:
            return False  # unreachable: forbid everything on that host
        parser = RobotFileParser()
        parser.parse(got.body.decode("utf-8", "replace").splitlines())
        delay = parser.crawl_delay(ROBOTS_AGENT)
        if delay:
            self._delay[origin] = min(float(delay), 60.0)
        return parser

    # --- fetching -----------------------------------------------------------------------

    def get(self, url: str, *, revalidate: bool = False, check_robots: bool = True,
            accept: Callable[[str], bool] | None = None) -> Fetched:
        """Fetch ``url`` (from the cache when fresh; ``revalidate`` asks the server even
        then, with a conditional GET). ``accept(media_type)`` refuses a response type
        before its body is read (:class:`NotArticleError`). Raises :class:`FetchError`
        (:class:`HTTPStatusError` for an error status) or :class:`TooLargeError`, each
        naming the URL."""
        if not is_url(url):
            raise FetchError("not an http(s) URL", source=url)
        cached = self._cache.load(url) if self._cache else None
        if cached is not None and not revalidate and \
                time.time() - cached.fetched_at < self.config.max_age:
            self.stats.cached += 1
            return replace(cached, cache="fresh")
        seen = {url}
        current = cached.final_url if cached is not None else url
        for _hop in range(self.config.max_redirects + 1):
            if check_robots and not self.allowed(current):
                self.stats.failed["robots"] += 1
                raise FetchError(f"disallowed by robots.txt ({current})", source=url)
            validators = {}
            if cached is not None and current == cached.final_url:
                if cached.etag:
                    validators["If-None-Match"] = cached.etag
                if cached.last_modified:
                    validators["If-Modified-Since"] = cached.last_modified
            status, headers, body = self._request(current, headers=validators, accept=accept,
                                                  source=url)
            if status in _REDIRECT_STATUS and headers.get("location"):
                target = urljoin(current, headers["location"])
                if target in seen:
                    self.stats.failed["redirect_loop"] += 1
                    raise FetchError(f"redirect loop at {target}", source=url)
                seen.add(target)
                current = target
                continue
            if status == 304 and cached is not None:
                self.stats.not_modified += 1
                fresh = replace(cached, fetched_at=time.time(), cache="revalidated")
                if self._cache:
                    self._cache.save(fresh)
                return fresh
            if status >= 400 or status < 200 or status in _REDIRECT_STATUS:
                self.stats.failed[f"http_{status}"] += 1
                raise HTTPStatusError(f"HTTP status {status}", status=status, source=url)
            got = Fetched(url=url, final_url=current, status=status,
                          content_type=headers.get("content-type"), body=body,
                          etag=headers.get("etag"), last_modified=headers.get("last-modified"),
                          fetched_at=time.time())
            if self._cache and status == 200:
                self._cache.save(got)
            return got
        self.stats.failed["too_many_redirects"] += 1
        raise FetchError(f"more than {self.config.max_redirects} redirects", source=url)

    def _request(self, url: str, *, headers: Mapping[str, str], source: str,
                 accept: Callable[[str], bool] | None) -> tuple[int, dict[str, str], bytes]:
        """One GET with retries: (status, lower-case headers, body)."""
        import httpx

        cfg = self.config
        reason = "no attempt"
        for attempt in range(cfg.retries + 1):
            if attempt:
                self.stats.retried += 1
            self._wait_turn(url)
            self.stats.requests += 1
            wait: float | None = None
            try:
                with self._client.stream("GET", url, headers=dict(headers)) as resp:
                    status = resp.status_code
                    got = {k.lower(): v for k, v in resp.headers.items()}
                    if status in _RETRY_STATUS:
                        reason = f"HTTP status {status}"
                        wait = _retry_after(got.get("retry-after"))
                    else:
                        if status == 200 and accept is not None and \
                                not accept(media_type(got.get("content-type"))):
                            kind = media_type(got.get("content-type")) or "unknown type"
                            self.stats.failed["not_html"] += 1
                            raise NotArticleError(f"not an HTML page or feed ({kind})",
                                                  source=source)
                        body = self._read_body(resp, got, source=source) if status == 200 else b""
                        return status, got, body
            except httpx.TimeoutException:
                reason = f"timed out after {cfg.timeout:g} s"
            except httpx.TransportError as exc:
                reason = f"connection failed ({type(exc).__name__}: {exc})"
            except httpx.InvalidURL as exc:
                raise FetchError(f"invalid URL ({exc})", source=source) from exc
            except _Slow:
                reason = f"no complete response within {cfg.deadline:g} s"
            if attempt < cfg.retries:
                pause = min(cfg.max_backoff, cfg.backoff * (2 ** attempt))
                if wait is not None:
                    pause = min(cfg.max_backoff, max(pause, wait))
                self._sleep(pause)
        if reason.startswith("HTTP status"):
            status = int(reason.rsplit(" ", 1)[1])
            self.stats.failed[f"http_{status}"] += 1
            raise HTTPStatusError(f"{reason} after {cfg.retries + 1} attempt(s)", status=status,
                                  source=source)
        self.stats.failed["network"] += 1
        raise FetchError(f"{reason} after {cfg.retries + 1} attempt(s)", source=source)

    def _read_body(self, resp: Any, headers: Mapping[str, str], *, source: str) -> bytes:
        limit = self.config.max_bytes
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            self.stats.failed["too_large"] += 1
            raise TooLargeError(f"response is {declared} bytes, larger than the limit of {limit}",
                                source=source)
        end = self._clock() + self.config.deadline
        chunks: list[bytes] = []
        size = 0
        for chunk in resp.iter_bytes():
            size += len(chunk)
            if size > limit:
                self.stats.failed["too_large"] += 1
                raise TooLargeError(f"response larger than the limit of {limit} bytes",
                                    source=source)
            chunks.append(chunk)
            if self._clock() > end:
                raise _Slow
        return b"".join(chunks)


class _Slow(Exception):
    """A response still arriving at its deadline."""
