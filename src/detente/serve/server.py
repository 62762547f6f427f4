"""Running the app with uvicorn, loopback by default.

A server reachable from other machines must be protected: binding to a non-loopback
address without a token is refused (and a token-less server answers only requests
addressed to a loopback name, see :func:`detente.serve.app.create_app`). Serving never
creates a database: a path that holds none is an error naming it.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Any

from ..errors import QueryError, ServeError
from .hosts import host_name, is_loopback

__all__ = ["app_from_env", "check_bind", "check_port", "check_serve", "host_name", "is_loopback",
           "serve"]

# With several worker processes uvicorn imports the app by name in each of them, so the
# settings travel in the environment (never on a command line, where a token would show).
_ENV_DB = "DETENTE_SERVE_DB"
_ENV_TOKEN = "DETENTE_SERVE_TOKEN"
_ENV_THREADS = "DETENTE_SERVE_THREADS"


def check_bind(host: str, *, token: str | None) -> None:
    """Raise :class:`QueryError` when ``host`` is not loopback and no token is set."""
    if not is_loopback(host) and not token:
        raise QueryError(
            f"--host {host}: refusing to serve on a non-loopback address without a token; "
            "set --token or DETENTE_TOKEN (or bind to 127.0.0.1)"
        )


def check_port(host: str, port: int) -> None:
    """Raise :class:`ServeError` when ``host:port`` cannot be listened on (in use by
    another server, or an address this machine does not have)."""
    name = host.strip()
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    try:
        infos = socket.getaddrinfo(name, port, type=socket.SOCK_STREAM,
                                   flags=socket.AI_PASSIVE)
    except OSError as exc:
        raise ServeError(f"--host {host}: cannot resolve ({exc.strerror or exc})") from exc
    family, kind, proto, _canon, addr = infos[0]
    with socket.socket(family, kind, proto) as sock:
        # As uvicorn binds: a port left in TIME_WAIT by a stopped server is free.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(addr)
        except OSError as exc:
            why = exc.strerror or str(exc)
            hint = "; choose another with --port" if exc.errno in (98, 48, 10048) else ""
            raise ServeError(f"cannot listen on {host}:{port}: {why}{hint}") from exc


def check_serve(*, db_url: str | Path | None, host: str, port: int,
                token: str | None) -> None:
    """Everything :func:`serve` checks before it starts, so a caller can say "serving"
    only when it will: the bind policy, the port, and a database that exists (serving
    never creates one; :class:`~detente.errors.StoreError` names the path)."""
    check_bind(host, token=token)
    if not 0 < port < 65536:
        raise QueryError(f"--port {port}: not a TCP port (1..65535)")
    from ..store import open_store  # type: ignore[attr-defined,unused-ignore]

    # Opening migrates an older database once here, so worker processes never race to.
    open_store(db_url, create=False).close()
    check_port(host, port)


def app_from_env() -> Any:
    """The app for one worker process, configured by :func:`serve` through the
    environment (used as a uvicorn factory when ``workers > 1``)."""
    from .app import DEFAULT_THREADS, create_app

    return create_app(db_url=os.environ.get(_ENV_DB) or None, create=False,
                      token=os.environ.get(_ENV_TOKEN) or None,
                      threads=int(os.environ.get(_ENV_THREADS) or DEFAULT_THREADS))


def serve(
    *,
    db_url: str | Path | None = None,
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    workers: int = 1,
    threads: int | None = None,
    log_level: str = "info",
) -> None:
    """Serve the API and pages until interrupted.

    ``workers``: server processes. One is right for a single analyst; a team or a load
    test wants one per core (each process keeps its own store connections; SQLite in
    WAL mode lets them all read while one writes). ``threads``: requests each process
    answers at once (default :data:`detente.serve.app.DEFAULT_THREADS`).

    Raises :class:`~detente.errors.StoreError` when ``db_url`` holds no database,
    :class:`~detente.errors.ServeError` when the address cannot be listened on, and
    :class:`~detente.errors.QueryError` for bad settings.
    """
    if not 1 <= workers <= 64:
        raise QueryError(f"--workers {workers}: must be between 1 and 64")
    from .app import DEFAULT_THREADS

    threads = DEFAULT_THREADS if threads is None else threads
    if not 1 <= threads <= 256:
        raise QueryError(f"--threads {threads}: must be between 1 and 256")
    check_serve(db_url=db_url, host=host, port=port, token=token)
    import uvicorn

    common: dict[str, Any] = dict(host=host, port=port, log_level=log_level,
                                  proxy_headers=False, server_header=False)
    try:
        if workers == 1:
            from .app import create_app

            uvicorn.run(create_app(db_url=db_url, token=token or None, threads=threads,
                                   create=False), **common)
            return
        if db_url is not None:
            os.environ[_ENV_DB] = str(db_url)
        else:
            os.environ.pop(_ENV_DB, None)
        os.environ[_ENV_THREADS] = str(threads)
        if token:
            os.environ[_ENV_TOKEN] = token
        else:
            os.environ.pop(_ENV_TOKEN, None)
        uvicorn.run("detente.serve.server:app_from_env", factory=True, workers=workers,
                    **common)
    except SystemExit as exc:
        # uvicorn exits 3 when it cannot start (the port taken since check_port, say):
        # a library does not exit, and 3 is the CLI's "inputs skipped".
        if exc.code in (0, None):
            return
        raise ServeError(f"the server on {host}:{port} could not start (see the log above)"
                         ) from None
