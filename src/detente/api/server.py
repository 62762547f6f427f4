"""Running the app with uvicorn, loopback by default.

A server reachable from other machines must be protected: binding to a non-loopback
address without a token is refused.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Any

from ..errors import QueryError

__all__ = ["app_from_env", "check_bind", "is_loopback", "serve"]

# With several worker processes uvicorn imports the app by name in each of them, so the
# settings travel in the environment (never on a command line, where a token would show).
_ENV_DB = "DETENTE_SERVE_DB"
_ENV_TOKEN = "DETENTE_SERVE_TOKEN"
_ENV_THREADS = "DETENTE_SERVE_THREADS"


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    name = host.strip().strip("[]").lower()
    if name in ("localhost", "localhost.localdomain", "ip6-localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False  # a host name other than localhost may resolve anywhere


def check_bind(host: str, *, token: str | None) -> None:
    """Raise :class:`QueryError` when ``host`` is not loopback and no token is set."""
    if not is_loopback(host) and not token:
        raise QueryError(
            f"--host {host}: refusing to serve on a non-loopback address without a token; "
            "set --token or DETENTE_TOKEN (or bind to 127.0.0.1)"
        )


def app_from_env() -> Any:
    """The app for one worker process, configured by :func:`serve` through the
    environment (used as a uvicorn factory when ``workers > 1``)."""
    from .app import DEFAULT_THREADS, create_app

    return create_app(db_url=os.environ.get(_ENV_DB) or None,
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
    answers at once (default :data:`detente.api.app.DEFAULT_THREADS`).
    """
    check_bind(host, token=token)
    if not 0 < port < 65536:
        raise QueryError(f"--port {port}: not a TCP port (1..65535)")
    if not 1 <= workers <= 64:
        raise QueryError(f"--workers {workers}: must be between 1 and 64")
    from .app import DEFAULT_THREADS

    threads = DEFAULT_THREADS if threads is None else threads
    if not 1 <= threads <= 256:
        raise QueryError(f"--threads {threads}: must be between 1 and 256")
    import uvicorn

    common: dict[str, Any] = dict(host=host, port=port, log_level=log_level,
                                  proxy_headers=False, server_header=False)
    if workers == 1:
        from .app import create_app

        uvicorn.run(create_app(db_url=db_url, token=token or None, threads=threads), **common)
        return
    # Create and migrate the store once here, so worker processes never race to do it.
    from ..store import open_store  # type: ignore[attr-defined,unused-ignore]

    open_store(db_url, create=True).close()
    if db_url is not None:
        os.environ[_ENV_DB] = str(db_url)
    else:
        os.environ.pop(_ENV_DB, None)
    os.environ[_ENV_THREADS] = str(threads)
    if token:
        os.environ[_ENV_TOKEN] = token
    else:
        os.environ.pop(_ENV_TOKEN, None)
    uvicorn.run("detente.api.server:app_from_env", factory=True, workers=workers, **common)
