"""Shared pieces of the browser tests: a real uvicorn server over a database in a thread,
the system Chromium (never ``playwright install``), a watched page and screenshots."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def need_chromium() -> None:
    """Skip unless the system Chromium and Playwright are installed."""
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed")
    pytest.importorskip("playwright.sync_api")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve_db(db: Path) -> Iterator[str]:
    """Serve the API and pages over ``db`` on a free loopback port; yields the base URL."""
    import uvicorn

    from detente.serve import create_app

    server = uvicorn.Server(uvicorn.Config(create_app(db_url=str(db)), host="127.0.0.1",
                                           port=free_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def launch_chromium(playwright: Any, **kw: Any) -> Any:
    """The system Chromium, headless, with the flags this machine needs."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, **kw)


@contextmanager
def chromium() -> Iterator[Any]:
    """A running system Chromium for a module's tests, closed at the end."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch_chromium(p)
        try:
            yield b
        finally:
            b.close()


@contextmanager
def watched_page(browser: Any, base_url: str) -> Iterator[Any]:
    """A 1280x900 page on ``base_url`` that records what a test checks afterwards:
    ``errors`` (uncaught page errors), ``dialogs`` (messages, each dismissed) and
    ``external`` (requests leaving ``base_url``, data: URLs aside)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=base_url)
    pg = context.new_page()
    pg.dialogs = []
    pg.errors = []
    pg.external = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("request", lambda r: None if r.url.startswith(base_url) or r.url.startswith("data:")
          else pg.external.append(r.url))
    try:
        yield pg
    finally:
        context.close()


SHOTS = Path(__file__).resolve().parent / "screenshots"  # ignored by git


def screenshot(pg: Any, name: str, *, full: bool = True) -> None:
    """Save the page as tests/screenshots/<name>.png (the whole page unless ``full`` is off)."""
    SHOTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)
