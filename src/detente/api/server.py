"""Running the app with uvicorn, loopback by default.

A server reachable from other machines must be protected: binding to a non-loopback
address without a token is refused.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path

from ..errors import QueryError

__all__ = ["check_bind", "is_loopback", "serve"]


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


def serve(
    *,
    db_url: str | Path | None = None,
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    log_level: str = "info",
) -> None:
    """Serve the API and pages until interrupted."""
    check_bind(host, token=token)
    if not 0 < port < 65536:
        raise QueryError(f"--port {port}: not a TCP port (1..65535)")
    import uvicorn

    from .app import create_app

    app = create_app(db_url=db_url, token=token or None)
    uvicorn.run(app, host=host, port=port, log_level=log_level, proxy_headers=False,
                server_header=False)
