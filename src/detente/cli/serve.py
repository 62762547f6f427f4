"""``detente serve``: the REST API and the web pages over a store."""

from __future__ import annotations

import typer

from ..errors import DetenteError, ServeError
from ._app import app

#: Exit code when the server cannot start: the address is in use or cannot be bound
#: (1 is a user error such as a missing database, 3 is reserved for "inputs skipped").
EXIT_CANNOT_SERVE = 4


@app.command("serve")
def serve_command(
    db: str = typer.Option(
        None, "--db", envvar="DETENTE_DB",
        help="Store URL or path (sqlite:///x.db, postgresql://…); default ./detente.db.",
    ),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (loopback by default)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port."),
    token: str = typer.Option(
        None, "--token", envvar="DETENTE_TOKEN",
        help="Require this token on every request (needed off loopback).",
    ),
    workers: int = typer.Option(
        1, "--workers", min=1, max=64,
        help="Server processes (one per core for a team or a load test).",
    ),
    threads: int = typer.Option(
        4, "--threads", min=1, max=256, help="Requests each process answers at once.",
    ),
) -> None:
    """Serve the REST API (/api/...) and the web pages.

    The database must exist (serving never creates one). Exit codes: 0 stopped, 1 user
    error (no database there, a public address without a token), 4 the address is in use
    or cannot be bound.
    """
    from ..serve import server

    try:
        server.check_serve(db_url=db, host=host, port=port, token=token)
        where = f"http://{host}:{port}/"
        typer.echo(f"detente: serving {db or 'detente.db'} at {where}"
                   + (" (token required: open with ?token=... once)" if token else ""),
                   err=True)
        server.serve(db_url=db, host=host, port=port, token=token, workers=workers,
                     threads=threads)
    except ServeError as exc:
        typer.echo(f"detente serve: {exc}", err=True)
        raise typer.Exit(EXIT_CANNOT_SERVE) from exc
    except DetenteError as exc:
        typer.echo(f"detente serve: {exc}", err=True)
        raise typer.Exit(1) from exc
