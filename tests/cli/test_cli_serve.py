"""``detente serve``: loopback by default, refuses to expose itself without a token."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.errors import QueryError
from detente.serve.server import check_bind, is_loopback


def _db(tmp_path: Path) -> str:
    from detente.store import open_store

    open_store(tmp_path / "real.db").close()
    return f"sqlite:///{tmp_path / 'real.db'}"


@pytest.mark.parametrize(
    ("host", "loop"),
    [("127.0.0.1", True), ("127.5.0.1", True), ("localhost", True), ("::1", True),
     ("[::1]", True), ("0.0.0.0", False), ("::", False), ("192.168.1.10", False),
     ("example.org", False),
     # Regression: shorthand IPv4 the C library reads as 127.0.0.1 was refused.
     ("127.1", True), ("127.0.1", True), ("0x7f.1", True), ("LOCALHOST.", True),
     ("1", False), ("127.1.example.org", False), ("localhost.example.org", False)],
)
def test_is_loopback(host: str, loop: bool) -> None:
    assert is_loopback(host) is loop


def test_non_loopback_without_token_is_refused() -> None:
    with pytest.raises(QueryError, match="token"):
        check_bind("0.0.0.0", token=None)
    check_bind("0.0.0.0", token="t")  # with a token it is allowed
    check_bind("127.0.0.1", token=None)


def test_cli_refuses_public_bind_without_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DETENTE_TOKEN", raising=False)
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--db", "x.db"])
    assert result.exit_code == 1
    assert "token" in result.output


def test_cli_passes_options_to_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = {}
    import detente.serve.server as server

    url = _db(tmp_path)
    monkeypatch.setattr(server, "serve", lambda **kw: seen.update(kw))
    monkeypatch.setattr(server, "check_port", lambda host, port: None)
    monkeypatch.setenv("DETENTE_TOKEN", "abc")
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--port", "8123",
                                      "--db", url])
    assert result.exit_code == 0, result.output
    assert seen == {"db_url": url, "host": "0.0.0.0", "port": 8123, "token": "abc",
                    "workers": 1, "threads": 4}
    seen.clear()
    result = CliRunner().invoke(app, ["serve", "--workers", "2", "--db", url])
    assert result.exit_code == 0, result.output
    assert seen["workers"] == 2


def test_serve_refuses_bad_worker_counts() -> None:
    from detente.errors import QueryError
    from detente.serve.server import serve

    for n in (0, 65):
        with pytest.raises(QueryError, match="--workers"):
            serve(db_url="sqlite:///never.db", workers=n)


def test_worker_processes_build_the_app_from_the_environment(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fastapi.testclient import TestClient

    from detente.serve.server import app_from_env
    from detente.store import open_store

    open_store(tmp_path / "w.db").close()  # serving never creates a database
    monkeypatch.setenv("DETENTE_SERVE_DB", str(tmp_path / "w.db"))
    monkeypatch.setenv("DETENTE_SERVE_TOKEN", "sesame")
    client = TestClient(app_from_env())
    assert client.get("/api/events").status_code == 401
    ok = client.get("/api/events", headers={"Authorization": "Bearer sesame"})
    assert ok.status_code == 200 and ok.json()["items"] == []


def test_thread_counts_are_bounded() -> None:
    from detente.serve.app import create_app
    from detente.serve.server import serve

    with pytest.raises(QueryError, match="threads"):
        create_app(db_url="sqlite:///never.db", threads=0)
    with pytest.raises(QueryError, match="--threads"):
        serve(db_url="sqlite:///never.db", threads=257)


# --- hardening (issue 14): items 6, 7, 10, 12 ------------------------------------------


def _never_run(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """uvicorn.run replaced by a recorder: a test that gets this far fails, not hangs."""
    import uvicorn

    calls: list[tuple] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: calls.append((a, kw)))
    return calls


@pytest.mark.parametrize("workers", ["1", "2"])
def test_serve_never_creates_a_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        workers: str) -> None:
    # Regression: `serve --db typo.db` created an empty database and served it.
    calls = _never_run(monkeypatch)
    typo = tmp_path / "typo.db"
    result = CliRunner().invoke(app, ["serve", "--db", str(typo), "--workers", workers])
    assert result.exit_code == 1, result.output
    assert str(typo) in result.stderr and "no database" in result.stderr
    assert "serving" not in result.stderr
    assert not typo.exists() and calls == []


def test_the_app_does_not_create_a_database_either(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from detente.serve.app import create_app

    typo = tmp_path / "typo.db"
    with TestClient(create_app(db_url=str(typo)), base_url="http://127.0.0.1") as client:
        r = client.get("/api/events")
    assert r.status_code == 503 and not typo.exists()


def test_busy_port_is_its_own_exit_code(tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # Regression: uvicorn's startup failure surfaced as exit 3, the code for "inputs
    # skipped"; now a clear line and exit 4.
    import socket

    calls = _never_run(monkeypatch)
    url = _db(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(app, ["serve", "--db", url, "--port", str(port)])
    assert result.exit_code == 4, result.output
    assert f"127.0.0.1:{port}" in result.stderr and "in use" in result.stderr
    assert calls == []


def test_uvicorn_startup_failure_is_a_serve_error(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # The port can be taken between the check and uvicorn's bind: uvicorn then exits 3.
    import uvicorn

    import detente.serve.server as server
    from detente.errors import ServeError

    def fail(*_a: object, **_kw: object) -> None:
        raise SystemExit(3)

    monkeypatch.setattr(uvicorn, "run", fail)
    monkeypatch.setattr(server, "check_port", lambda host, port: None)
    with pytest.raises(ServeError, match="could not start"):
        server.serve(db_url=_db(tmp_path), port=8765)


@pytest.mark.parametrize(
    ("host", "ok"),
    [("127.0.0.1:8000", True), ("localhost:8000", True), ("[::1]:8000", True),
     ("127.1:8000", True), ("LOCALHOST", True),
     ("evil.example:8000", False), ("127.0.0.1.nip.io", False), ("10.0.0.5:8000", False),
     ("localhost.evil.example", False)],
)
def test_tokenless_server_answers_only_loopback_host_names(tmp_path: Path, host: str,
                                                           ok: bool) -> None:
    # Regression (DNS rebinding): a page on evil.example whose name is made to resolve to
    # 127.0.0.1 could read the token-less API, since the Host header was never checked.
    from fastapi.testclient import TestClient

    from detente.serve.app import create_app

    with TestClient(create_app(db_url=_db(tmp_path))) as client:
        for path in ("/api/events", "/", "/static/style.css"):
            r = client.get(path, headers={"Host": host})
            assert (r.status_code == 200) is ok, (path, r.status_code)
            if not ok:
                assert r.status_code == 400
        if not ok:
            err = client.get("/api/events", headers={"Host": host}).json()["error"]
            assert err["code"] == "wrong_host" and "loopback" in err["message"]


def test_a_token_server_answers_any_host_with_the_token(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from detente.serve.app import create_app

    with TestClient(create_app(db_url=_db(tmp_path), token="t0k")) as client:
        r = client.get("/api/events", headers={"Host": "detente.example.org",
                                               "Authorization": "Bearer t0k"})
    assert r.status_code == 200


def test_token_is_not_written_to_the_access_log(tmp_path: Path,
                                                caplog: pytest.LogCaptureFixture) -> None:
    # Regression: uvicorn logged `GET /?token=s3cret HTTP/1.1`, so the log held the key.
    import logging
    import threading
    import time
    import urllib.request

    import uvicorn

    from detente.serve.app import create_app

    caplog.set_level(logging.INFO, logger="uvicorn.access")
    server = uvicorn.Server(uvicorn.Config(create_app(db_url=_db(tmp_path), token="s3cret-42"),
                                           host="127.0.0.1", port=0, log_config=None,
                                           access_log=True))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        port = server.servers[0].sockets[0].getsockname()[1]
        base = f"http://127.0.0.1:{port}"
        for path in ("/api/events?token=s3cret-42&limit=1", "/events?type=REJECT&token=s3cret-42"):
            class NoRedirect(urllib.request.HTTPRedirectHandler):
                def redirect_request(self, *a: object, **kw: object) -> None:
                    return None

            try:
                urllib.request.build_opener(NoRedirect).open(base + path, timeout=10).read()
            except urllib.error.HTTPError as exc:  # the page's 303 to the clean address
                assert exc.code == 303
    finally:
        server.should_exit = True
        thread.join(10)
    lines = [r.getMessage() for r in caplog.records if r.name == "uvicorn.access"]
    assert len(lines) >= 2, lines
    assert not any("s3cret-42" in line for line in lines), lines
    assert any("token=***" in line and "limit=1" in line for line in lines), lines
