"""``detente serve``: the REST API and the web pages over a store."""

from __future__ import annotations

import typer

from ..errors import DetenteError
from . import app


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
    """Serve the REST API (/api/…) and the web pages."""
    from ..api.server import check_bind, serve

    try:
        check_bind(host, token=token)
        where = f"http://{host}:{port}/"
        typer.echo(f"detente: serving {db or 'detente.db'} at {where}"
                   + (" (token required: open with ?token=… once)" if token else ""), err=True)
        serve(db_url=db, host=host, port=port, token=token, workers=workers,
              threads=threads)
    except DetenteError as exc:
        typer.echo(f"detente serve: {exc}", err=True)
        raise typer.Exit(1) from exc
