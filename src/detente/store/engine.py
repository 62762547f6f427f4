"""Turning what the user gives (None, a path, a URL) into a SQLAlchemy engine."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool

from ..errors import StoreError

__all__ = ["DEFAULT_URL", "make_engine", "normalise_url"]

DEFAULT_URL = "sqlite:///detente.db"


def normalise_url(url: str | Path | None) -> str:
    """The SQLAlchemy URL for ``url``: None -> ``DETENTE_DB`` or ``./detente.db``; a bare
    path -> a SQLite file; ``postgresql://`` -> the psycopg (v3) driver."""
    if url is None or url == "":
        url = os.environ.get("DETENTE_DB") or DEFAULT_URL
    if isinstance(url, Path):
        return f"sqlite:///{url.expanduser()}"
    text = str(url).strip()
    if "://" not in text:
        return f"sqlite:///{Path(text).expanduser()}"
    scheme, rest = text.split("://", 1)
    scheme = scheme.lower()
    # The psycopg (v3) driver for every PostgreSQL spelling: psycopg2 is not a dependency.
    if scheme in ("postgresql", "postgres", "postgresql+psycopg", "postgresql+psycopg2"):
        return f"postgresql+psycopg://{rest}"
    if scheme in ("sqlite", "sqlite+pysqlite"):
        return f"sqlite://{rest}"
    raise StoreError(f"unsupported database URL scheme {scheme!r} (use sqlite:/// or "
                     "postgresql://)", source=_redact(text))


def _redact(url: str) -> str:
    # Never echo a password in an error message.
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}" if ":" in creds else url
    return url


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for other backends and in-memory databases)."""
    if not url.startswith("sqlite://"):
        return None
    rest = url[len("sqlite://"):]
    if rest in ("", "/", "/:memory:"):
        return None
    return Path(rest[1:] if rest.startswith("/") else rest)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # WAL: readers (the web server) never block the writer (ingest) and vice versa.
    # synchronous=NORMAL is durable across application crashes in WAL mode, and makes the
    # per-article commit cheap. foreign_keys: ON DELETE CASCADE works.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def make_engine(url: str | Path | None, *, create: bool = True) -> tuple[Engine, str]:
    """An engine for ``url`` and the display form of the URL (password hidden)."""
    sa_url = normalise_url(url)
    shown = _redact(sa_url)
    path = sqlite_path(sa_url)
    kwargs: dict[str, Any] = {"future": True}
    if sa_url.startswith("sqlite://"):
        if path is None:
            # One shared connection, or every checkout would see a fresh empty database.
            kwargs.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
        else:
            if not path.exists() and not create:
                raise StoreError("no database here (run `detente ingest` first)",
                                 source=str(path))
            if not path.parent.exists():
                raise StoreError(f"directory {path.parent} does not exist", source=str(path))
            # A pool as large as the web server's thread pool (40): connections are then
            # kept, not opened (with their pragmas) and closed again under concurrent load.
            # An idle SQLite connection costs little memory.
            kwargs.update(pool_size=40, max_overflow=10)
    try:
        engine = create_engine(sa_url, **kwargs)
    except Exception as exc:  # bad URL, driver missing: one clear line
        raise StoreError(f"cannot open database: {exc}", source=shown) from exc
    if sa_url.startswith("sqlite://"):
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine, shown
