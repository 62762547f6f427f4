"""The web application: REST API under ``/api`` and server-rendered pages.

>>> from detente.serve import create_app
>>> app = create_app(db_url="sqlite:///detente.db")  # doctest: +SKIP

Security model: the server binds to loopback by default; with a token every request
(API, pages, static files) must carry it — ``Authorization: Bearer T``, or ``?token=T``
once, after which an HttpOnly cookie carries it (the access log shows ``token=***``).
Without a token the server answers only requests addressed to a loopback name
(``Host: 127.0.0.1``, ``localhost``, ``[::1]``, ``127.1``): a web page elsewhere cannot
reach it by pointing its own host name at 127.0.0.1 (DNS rebinding). Pages are rendered
with autoescaping and served with a Content-Security-Policy that allows scripts from this
origin only.
"""

from __future__ import annotations

import gc
import hmac
import html
import logging
import re
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import DetenteError, QueryError, StoreError
from .hosts import host_name, is_loopback

__all__ = ["TOKEN_COOKIE", "StoreProvider", "create_app"]

log = logging.getLogger(__name__)

#: Name of the cookie that carries the token after ``?token=`` was given once.
TOKEN_COOKIE = "detente_token"

# Scripts only from this origin (plotly is served by the app); plotly injects <style>
# elements, hence 'unsafe-inline' for styles only. Nothing may frame the pages.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


class StoreProvider:
    """The app's store, opened on first use and shared by the worker threads.

    A store is an SQLAlchemy engine with a connection pool, which is thread-safe: every
    query checks a connection out for its own use. (One store per thread would open,
    check and migrate the database again in each of the server's threads, and compile
    every statement again in each engine.) ``close()`` disposes of it.
    """

    def __init__(self, db_url: str | Path | None, *, create: bool = False) -> None:
        self.db_url = db_url
        self.create = create
        self._lock = threading.Lock()
        self._store: Any = None

    def get(self) -> Any:
        store = self._store
        if store is None:
            with self._lock:
                if self._store is None:
                    from ..store import open_store  # type: ignore[attr-defined,unused-ignore]

                    self._store = open_store(self.db_url, create=self.create)
                store = self._store
        return store

    def close(self) -> None:
        with self._lock:
            store, self._store = self._store, None
        if store is not None:
            try:
                store.close()
            except Exception:  # closing at shutdown must not mask the real exit
                log.exception("closing the store failed")


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api")


def _error_json(status: int, code: str, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message, **extra}}, status_code=status)


def _validation_message(exc: RequestValidationError) -> tuple[str, list[dict[str, Any]]]:
    details = []
    parts = []
    for err in exc.errors():
        loc = [str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body")]
        name = ".".join(loc) or "request"
        msg = str(err.get("msg", "invalid"))
        details.append({"param": name, "message": msg})
        parts.append(f"parameter {name!r}: {msg}")
    return "; ".join(parts) or "invalid request", details


#: Threads per server process answering API and page requests. Few on purpose: queries
#: take milliseconds and hold the GIL for most of them, and forty threads contending for
#: it cost three times the CPU per request of four (bench/api_latency.py).
DEFAULT_THREADS = 4


def create_app(*, db_url: str | Path | None, token: str | None = None,
               threads: int = DEFAULT_THREADS, create: bool = False) -> FastAPI:
    """The FastAPI application over the store at ``db_url``.

    ``token``: when given, every request must carry it; without one, only requests
    addressed to a loopback host name are answered (see module docs).
    ``threads``: requests answered at once by this process (others wait their turn).
    ``create``: create the database when there is none (by default a missing database
    is an error, answered 503, never silently an empty one).
    """
    if not 1 <= threads <= 256:
        raise QueryError(f"threads: {threads} is not between 1 and 256")
    if token is not None and not token.strip():
        raise QueryError("token: an empty token is not allowed")
    stores = StoreProvider(db_url, create=create)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Everything imported so far lives as long as the server: moved out of the
        # collector's view, it is not walked again by every full collection (which
        # otherwise stalls all requests in flight for tens of milliseconds).
        gc.collect()
        gc.freeze()
        _redact_access_log()
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield
        stores.close()

    app = FastAPI(
        title="detente",
        description="Structured, sourced data from news about conflicts and negotiations.",
        version=_version(),
        docs_url=None,  # FastAPI's Swagger UI loads from a CDN: we serve our own page
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.state.stores = stores
    app.state.token = token

    _install_auth(app, token)
    _install_errors(app)

    from .api import router as api_router
    from .pages import router as pages_router
    from .static import router as static_router

    app.include_router(api_router)
    app.include_router(static_router)
    app.include_router(pages_router)
    return app


def _version() -> str:
    try:
        from .. import __version__

        return __version__
    except ImportError:  # a half-installed tree still serves
        return "0"


class _RedactToken(logging.Filter):
    """Replaces the value of ``token=`` in access-log lines (uvicorn logs the request
    line with its query string, which carries the token when a page is opened with it)."""

    _TOKEN = re.compile(r"([?&]token=)[^&#\s\"]*", re.IGNORECASE)

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(self._TOKEN.sub(r"\1***", a) if isinstance(a, str) else a
                                for a in record.args)
        if isinstance(record.msg, str) and "token=" in record.msg.lower():
            record.msg = self._TOKEN.sub(r"\1***", record.msg)
        return True


_REDACT = _RedactToken()


def _redact_access_log() -> None:
    """Install the token filter on uvicorn's access logger (once per process; the
    logger is configured by uvicorn before the app starts)."""
    access = logging.getLogger("uvicorn.access")
    if _REDACT not in access.filters:
        access.addFilter(_REDACT)


def _install_auth(app: FastAPI, token: str | None) -> None:
    app.add_middleware(_Security, token=token)


_SECURITY_HEADERS = (
    ("content-security-policy", CSP),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
)


class _Security:
    """Security headers on every response and the token check, as plain ASGI middleware:
    Starlette's ``BaseHTTPMiddleware`` runs each request through an extra task and a body
    stream, a measurable share of a listing's time under load."""

    def __init__(self, app: ASGIApp, *, token: str | None) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if self.token is None and not _host_is_local(request):
            await _wrong_host(request)(scope, receive, send)
            return
        if not _is_api(request) and scope.get("query_string"):
            _drop_empty_params(request)
        cookies: list[bytes] = []
        if self.token is not None:
            denied = _check_token(request, self.token)
            if denied is not None:
                await denied(scope, receive, send)
                return
            if request.query_params.get("token") is not None:
                secure = request.url.scheme == "https"
                # ?token= once: set the cookie; pages drop it from the address bar.
                if request.method == "GET" and not _is_api(request):
                    rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
                    url = request.url.path + ("?" + urlencode(rest) if rest else "")
                    redirect: Response = RedirectResponse(url, status_code=303)
                    _set_cookie(redirect, self.token, secure=secure)
                    await _secure_headers(redirect)(scope, receive, send)
                    return
                carrier = Response()
                _set_cookie(carrier, self.token, secure=secure)
                cookies = [v for k, v in carrier.raw_headers if k == b"set-cookie"]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in _SECURITY_HEADERS:
                    if name not in headers:
                        headers[name] = value
                for cookie in cookies:
                    headers.append("set-cookie", cookie.decode("latin-1"))
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _host_is_local(request: Request) -> bool:
    """True when the request is addressed to a loopback name, or names no host at all
    (HTTP/1.0; browsers always send one)."""
    host = request.headers.get("host")
    return host is None or is_loopback(host_name(host))


def _wrong_host(request: Request) -> Response:
    host = request.headers.get("host", "")[:100]
    message = (f"host {host!r} is not a loopback name: this server has no token, so it "
               "answers only requests to 127.0.0.1, localhost or [::1] (set a token to "
               "serve other names)")
    if _is_api(request):
        resp: Response = _error_json(400, "wrong_host", message)
    else:
        resp = Response(f"<!doctype html><meta charset=utf-8><title>detente: wrong host</title>"
                        f"<p>{html.escape(message)}</p>", status_code=400,
                        media_type="text/html")
    return _secure_headers(resp)


def _drop_empty_params(request: Request) -> None:
    """Pages: a filter form submits empty fields (``?actor=&type=``); they mean "any"."""
    raw = request.scope["query_string"].decode("latin-1")
    pairs = parse_qsl(raw, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if v != ""]
    if len(kept) != len(pairs):
        request.scope["query_string"] = urlencode(kept).encode("latin-1")


def _check_token(request: Request, token: str) -> Response | None:
    """None when the request carries the token, else the 401 response."""
    given: list[str] = []
    auth = request.headers.get("authorization", "")
    if auth[:7].lower() == "bearer ":
        given.append(auth[7:].strip())
    if (cookie := request.cookies.get(TOKEN_COOKIE)) is not None:
        given.append(cookie)
    if (query := request.query_params.get("token")) is not None:
        given.append(query)
    expected = token.encode("utf-8")
    if any(hmac.compare_digest(g.encode("utf-8"), expected) for g in given):
        return None
    message = "a valid token is required (Authorization: Bearer <token>, or ?token=<token>)"
    if _is_api(request):
        resp: Response = _error_json(401, "unauthorized", message)
        resp.headers["WWW-Authenticate"] = "Bearer"
    else:
        resp = Response(
            "<!doctype html><meta charset=utf-8><title>detente: token required</title>"
            "<p>This detente server needs a token: open the address with "
            "<code>?token=&lt;token&gt;</code> once.</p>",
            status_code=401,
            media_type="text/html",
        )
    return _secure_headers(resp)


def _set_cookie(response: Response, token: str, *, secure: bool) -> None:
    response.set_cookie(
        TOKEN_COOKIE, token, httponly=True, samesite="strict", secure=secure, path="/"
    )


def _secure_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response


def _install_errors(app: FastAPI) -> None:
    from .render import error_page

    @app.exception_handler(RequestValidationError)
    async def on_validation(request: Request, exc: RequestValidationError) -> Response:
        message, details = _validation_message(exc)
        if _is_api(request):
            return _error_json(422, "invalid_parameter", message, details=details)
        return error_page(request, status=422, message=message)

    @app.exception_handler(QueryError)
    async def on_query(request: Request, exc: QueryError) -> Response:
        if _is_api(request):
            return _error_json(400, exc.code, exc.message)
        return error_page(request, status=400, message=exc.message)

    @app.exception_handler(StoreError)
    async def on_store(request: Request, exc: StoreError) -> Response:
        log.error("store error: %s", exc)
        if _is_api(request):
            return _error_json(503, exc.code, "the database is not available")
        return error_page(request, status=503, message="The database is not available.")

    @app.exception_handler(DetenteError)
    async def on_detente(request: Request, exc: DetenteError) -> Response:
        if _is_api(request):
            return _error_json(400, exc.code, exc.message)
        return error_page(request, status=400, message=exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail) if exc.detail else "error"
        if _is_api(request):
            return _error_json(exc.status_code, "http_error", message)
        return error_page(request, status=exc.status_code, message=message)

    @app.exception_handler(Exception)
    async def on_crash(request: Request, exc: Exception) -> Response:
        # Never leak a traceback; the log has it.
        log.exception("unhandled error on %s", request.url.path)
        if _is_api(request):
            return _error_json(500, "internal_error", "internal error")
        return error_page(request, status=500, message="Internal error.")
